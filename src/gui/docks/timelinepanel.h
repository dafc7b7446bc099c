#pragma once

#include <QWidget>

class QComboBox;
class QToolButton;

namespace Orc::Gui {

class ControlClient;
class SessionModel;
class TimelineView;

// The Session Timeline dock: the timeline with its window (5 min … 1 week), zoom buttons, "Now"
// (follow the present) and a legend of the status colours.
class TimelinePanel : public QWidget
{
    Q_OBJECT

public:
    TimelinePanel(ControlClient &client, SessionModel &sessions, QWidget *parent = nullptr);

    TimelineView *view() const { return m_view; }

signals:
    void sessionActivated(const QString &id);

private:
    TimelineView *m_view = nullptr;
    QComboBox *m_window = nullptr;
    QToolButton *m_now = nullptr;
};

} // namespace Orc::Gui
