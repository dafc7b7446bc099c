#pragma once

#include <qcorotask.h>

#include <QDialog>
#include <QJsonObject>

class QGroupBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace Orc::Gui {

class ControlClient;

// One session up close, live: its log (every `session.log` line, history first), checkpoints
// with a Restore action, metrics, child sessions and its whole event history. Questions its agent
// waits on (an OpenCode server asking permission to edit or run something) are shown above, with
// Allow once, Always allow and Reject. Opened from the Sessions and Timeline docks; several may be
// open at once.
class SessionDetail : public QDialog
{
    Q_OBJECT

public:
    SessionDetail(ControlClient &client, QString sessionId, QWidget *parent = nullptr);

    QString sessionId() const { return m_id; }
    QPlainTextEdit *log() const { return m_log; }
    QTableWidget *checkpoints() const { return m_checkpoints; }
    QPushButton *restoreButton() const { return m_restore; }
    QLabel *statusLabel() const { return m_status; }
    QTableWidget *permissions() const { return m_permissions; }
    QGroupBox *permissionsBox() const { return m_permissionsBox; }

    // Reads the session, its checkpoints and its history again.
    QCoro::Task<> reload();
    // Restores the selected checkpoint (the session goes back to pending, resuming from it).
    QCoro::Task<> restoreSelected();
    // Answers the selected question: "once", "always" or "reject".
    QCoro::Task<> answerSelected(QString reply);
    QCoro::Task<> reloadPermissions();

signals:
    void loaded();
    void message(const QString &text);

private:
    void onEvent(const QJsonObject &event);
    void showSession(const QJsonObject &session);
    void appendEvent(const QJsonObject &event);
    QCoro::Task<> reloadSession();

    ControlClient &m_client;
    QString m_id;
    qint64 m_lastSeq = 0; // of the history shown; live events after it are appended
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QTableWidget *m_checkpoints = nullptr;
    QPushButton *m_restore = nullptr;
    QTableWidget *m_metrics = nullptr;
    QListWidget *m_children = nullptr;
    QTableWidget *m_history = nullptr;
    QGroupBox *m_permissionsBox = nullptr;
    QTableWidget *m_permissions = nullptr;
    QList<QPushButton *> m_answerButtons;
    bool m_loading = false;
};

} // namespace Orc::Gui
