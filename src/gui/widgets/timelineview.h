#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QTimer>
#include <QWidget>

#include <vector>

namespace Orc::Gui {

class ControlClient;
class SessionModel;
struct SessionRow;

// The Session Timeline: one row per session, a horizontal bar over time whose segments take the
// colour of each status the session went through (exact from the live events; from the session's
// timestamps for what happened before the room opened), checkpoints as white ticks, running bars
// growing with the clock. Ctrl+wheel or +/- zooms around the pointer, dragging or the arrow keys
// pan, the wheel scrolls rows, "Now" (End) follows the present; a click opens the session.
class TimelineView : public QWidget
{
    Q_OBJECT

public:
    struct Segment
    {
        qint64 startMs;
        QString status;
    };
    struct Row
    {
        QString id;
        QString title;
        qint64 createdMs = 0;
        qint64 endMs = 0; // 0 while the session is not in a final state
        std::vector<Segment> segments;
        std::vector<qint64> checkpoints;
    };

    TimelineView(ControlClient &client, SessionModel &sessions, QWidget *parent = nullptr);

    int rowCount() const { return int(m_rows.size()); }
    const Row *row(const QString &id) const;
    // The time shown at the left and right edges (ms since the epoch).
    qint64 viewStartMs() const { return m_endMs - m_spanMs; }
    qint64 viewEndMs() const { return m_endMs; }
    qint64 span() const { return m_spanMs; }
    void setSpan(qint64 spanMs);
    void setFollowNow(bool follow);
    bool followsNow() const { return m_followNow; }
    // The session drawn at a point of the widget, if any.
    QString sessionAt(const QPoint &point) const;
    QRect barRect(const QString &id) const;

signals:
    void sessionActivated(const QString &id);
    void viewChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    QSize sizeHint() const override { return {800, 300}; }

private:
    void rebuild();
    void upsert(const SessionRow &session);
    void onEvent(const QJsonObject &event);
    void zoom(double factor, int anchorX);
    void pan(qint64 deltaMs);
    int x(qint64 ms) const;
    qint64 msAt(int x) const;
    int labelWidth() const;

    SessionModel &m_sessions;
    std::vector<Row> m_rows;        // in creation order
    QHash<QString, size_t> m_index; // id -> row
    qint64 m_endMs = 0;
    qint64 m_spanMs = 10 * 60 * 1000;
    int m_firstRow = 0;
    bool m_followNow = true;
    QPoint m_dragFrom;
    qint64 m_dragEndMs = 0;
    bool m_dragged = false;
    QTimer m_clock;
};

} // namespace Orc::Gui
