#pragma once

#include <qcorotask.h>

#include <QWidget>

class QAction;
class QComboBox;
class QLineEdit;
class QTableView;

namespace Orc::Gui {

class AgentModel;
class ControlClient;
class FilterProxy;
class SessionModel;

// The Sessions dock: every session in a sortable, filterable table (free text and status), with
// New / Start / Pause / Resume / Cancel / Retry on the selected rows (several at once). Refusals
// (a transition the rules forbid, a retry past the limit) are said in the status bar, per session.
class SessionsPanel : public QWidget
{
    Q_OBJECT

public:
    SessionsPanel(ControlClient &client, SessionModel &sessions, const AgentModel *agents, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    FilterProxy *proxy() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *statusCombo() const { return m_status; }
    QAction *newAction() const { return m_new; }
    // The ids of the selected sessions, in view order.
    QStringList selectedIds() const;

    // Opens the "New session" dialog (modal to the window, not blocking the event loop).
    void openNewSessionDialog();
    // POST /api/v1/sessions/{id}/{action} for every selected session.
    QCoro::Task<> act(QString action);

signals:
    void message(const QString &text);
    void sessionActivated(const QString &id);

private:
    void updateActions();

    ControlClient &m_client;
    SessionModel &m_sessions;
    const AgentModel *m_agents;
    FilterProxy *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_status = nullptr;
    QAction *m_new = nullptr;
    QList<std::pair<QString, QAction *>> m_actions; // (API action, its QAction)
};

} // namespace Orc::Gui
