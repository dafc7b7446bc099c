#pragma once

#include <QMainWindow>

#include <qcorotask.h>

#include <QTimer>

#include <memory>

class QDockWidget;
class QLabel;

namespace Orc::Runtime {
class Orchestrator;
}

namespace Orc::Gui {

class AgentModel;
class ContextsPanel;
class Demo;
class ControlClient;
class EventLogModel;
class EventLogPanel;
class MarketplacePanel;
class MetricsPanel;
class SessionDetail;
class SessionModel;
class SessionsPanel;
class TasksPanel;
class TimelinePanel;

// The control room: one QDockWidget per panel, a View menu to show and hide them, the layout
// remembered between runs, a status bar with the API address, WebSocket clients, storage and
// health. Every panel reads and acts through one ControlClient: in process (the embedded
// orchestrator) or remote (`--connect`); the window does not know which.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // The embedded orchestrator, through an in-process client of its own.
    explicit MainWindow(Runtime::Orchestrator &orchestrator, QWidget *parent = nullptr);
    // Any client; `local` is the embedded orchestrator, if there is one (for its API address and
    // token in the status bar), null for a remote window.
    MainWindow(ControlClient &client, Runtime::Orchestrator *local, QWidget *parent = nullptr);
    ~MainWindow() override;

    QList<QDockWidget *> docks() const { return m_docks; }
    QDockWidget *dock(const QString &id) const;
    // Starts the demo (example agents and a stream of sessions); the embedded orchestrator only.
    QCoro::Task<> startDemo();
    Demo *demo() const { return m_demo; }
    // Opens (or raises) the detail window of a session.
    SessionDetail *openSession(const QString &id);
    void resetLayout();

    ControlClient &client() const { return m_client; }
    SessionModel &sessionModel() const { return *m_sessionModel; }
    AgentModel &agentModel() const { return *m_agentModel; }
    EventLogModel &eventModel() const { return *m_eventModel; }
    SessionsPanel *sessionsPanel() const { return m_sessionsPanel; }
    MarketplacePanel *marketplacePanel() const { return m_marketplacePanel; }
    EventLogPanel *eventLogPanel() const { return m_eventLogPanel; }
    TimelinePanel *timelinePanel() const { return m_timelinePanel; }
    MetricsPanel *metricsPanel() const { return m_metricsPanel; }
    TasksPanel *tasksPanel() const { return m_tasksPanel; }
    ContextsPanel *contextsPanel() const { return m_contextsPanel; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    MainWindow(std::unique_ptr<ControlClient> own, ControlClient *client, Runtime::Orchestrator *local,
               QWidget *parent);
    void createModels();
    QWidget *createWelcome();
    void createDocks();
    void createMenus();
    void createStatusBar();
    void updateApiStatus();
    void updateLiveStatus();
    QCoro::Task<> refreshHealth();
    void copyApiToken();
    void showAbout();
    void setLightTheme(bool light);

    std::unique_ptr<ControlClient> m_ownClient;
    ControlClient &m_client;
    Runtime::Orchestrator *m_local;
    SessionModel *m_sessionModel = nullptr;
    AgentModel *m_agentModel = nullptr;
    EventLogModel *m_eventModel = nullptr;
    SessionsPanel *m_sessionsPanel = nullptr;
    MarketplacePanel *m_marketplacePanel = nullptr;
    EventLogPanel *m_eventLogPanel = nullptr;
    TimelinePanel *m_timelinePanel = nullptr;
    MetricsPanel *m_metricsPanel = nullptr;
    TasksPanel *m_tasksPanel = nullptr;
    ContextsPanel *m_contextsPanel = nullptr;
    Demo *m_demo = nullptr;
    QList<QDockWidget *> m_docks;
    QByteArray m_defaultState;
    QLabel *m_apiLabel = nullptr;
    QLabel *m_clientsLabel = nullptr;
    QLabel *m_storageLabel = nullptr;
    QLabel *m_healthLabel = nullptr;
    QTimer m_statusTimer;
    bool m_healthBusy = false;
};

} // namespace Orc::Gui
