#pragma once

#include "runtime/config.h"

#include "domain/event.h"
#include "domain/result.h"

#include <qcorotask.h>

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>
#include <utility>

namespace Orc::Application {
class AgentService;
class ContextService;
class HealthMonitor;
class IClock;
class LocalEventBus;
class LockService;
class Scheduler;
class SessionService;
class TaskService;
} // namespace Orc::Application

namespace Orc::Application {
class IStore;
}

namespace Orc::Adapters::Storage {
class SqlStore;
}

namespace Orc::Adapters::Runners {
class EapRunner;
class OpenCodeRunner;
class ProcessRunner;
} // namespace Orc::Adapters::Runners

namespace Orc::Api {
class AgentController;
class ContextController;
class EapController;
class EventController;
class HealthController;
class HttpServer;
class WebSocketHub;
class LockController;
class Metrics;
class OpenApiController;
class MetricsController;
class SessionController;
class TaskController;
} // namespace Orc::Api

namespace Orc::Runtime {

// The composition root: builds the object graph from a Config, starts it (storage, recovery,
// then the API) and stops it. The GUI and the headless service both embed one.
class Orchestrator : public QObject
{
    Q_OBJECT

public:
    explicit Orchestrator(Config config, QObject *parent = nullptr);
    ~Orchestrator() override;

    // Errors carry the exit code to use (ExitBadConfig or ExitStorage) in extra["exit_code"] and
    // name the option or step that failed.
    QCoro::Task<Domain::Status> start();
    // Stops accepting requests and releases the port. Idempotent.
    void stop();

    bool isRunning() const { return m_running; }
    const Config &config() const { return m_config; }
    QString apiUrl() const;
    // The OpenAPI document of the REST API, as served at /api/v1/openapi.json (indented JSON).
    static QByteArray openApiDocument();
    // (method, pattern) of every HTTP route served while running.
    QList<std::pair<QByteArray, QString>> routes() const;
    quint16 port() const { return m_port; }
    QString apiToken() const { return m_apiToken; }
    QString storageDescription() const;
    // WebSocket clients connected now.
    int webSocketClients() const;

    // One API request served in process, for the control room's own client: the same routes, rules
    // and answers as over HTTP, without a socket or the API token. `target` is the path and query
    // (`/api/v1/sessions?status=running`). Answers the status and the JSON body (the error envelope
    // for errors); 503 while stopped.
    QCoro::Task<std::pair<int, QByteArray>> serveLocally(QByteArray method, QString target, QByteArray body);
    // An event as the API and the WebSocket show it: {seq, type, payload, timestamp}.
    static QJsonObject eventJson(const Domain::Event &event);

    Application::IClock &clock();
    Application::LocalEventBus &eventBus();
    Application::AgentService &agents();
    Application::SessionService &sessions();
    Application::TaskService &tasks();
    Application::ContextService &contexts();
    Application::LockService &locks();
    Application::Scheduler &scheduler();
    Adapters::Runners::OpenCodeRunner &openCodeRunner();

signals:
    void started(const QString &apiUrl);
    void stopped();

private:
    std::unique_ptr<Application::IStore> createStore();
    void registerHealthChecks();
    void purgeExpiredContexts();

    Config m_config;
    std::unique_ptr<Application::IClock> m_clock;
    std::unique_ptr<Application::LocalEventBus> m_bus;
    std::unique_ptr<Application::IStore> m_store;
    Adapters::Storage::SqlStore *m_sql = nullptr; // m_store when it is a database (memory: keeps nothing)
    QString m_storageError;                       // a database URL no store can use (reported by start())
    std::unique_ptr<Application::AgentService> m_agents;
    std::unique_ptr<Application::SessionService> m_sessions;
    std::unique_ptr<Application::LockService> m_locks;
    std::unique_ptr<Application::TaskService> m_tasks;
    std::unique_ptr<Application::ContextService> m_contexts;
    std::unique_ptr<Application::Scheduler> m_scheduler;
    std::unique_ptr<Adapters::Runners::EapRunner> m_eapRunner;
    std::unique_ptr<Adapters::Runners::ProcessRunner> m_processRunner;
    std::unique_ptr<Adapters::Runners::OpenCodeRunner> m_openCodeRunner;
    std::unique_ptr<Application::HealthMonitor> m_health;
    std::unique_ptr<Api::HealthController> m_healthController;
    std::unique_ptr<Api::SessionController> m_sessionController;
    std::unique_ptr<Api::AgentController> m_agentController;
    std::unique_ptr<Api::EventController> m_eventController;
    std::unique_ptr<Api::TaskController> m_taskController;
    std::unique_ptr<Api::ContextController> m_contextController;
    std::unique_ptr<Api::LockController> m_lockController;
    std::unique_ptr<Api::EapController> m_eapController;
    std::unique_ptr<Api::OpenApiController> m_openApiController;
    std::unique_ptr<Api::Metrics> m_metrics;
    std::unique_ptr<Api::MetricsController> m_metricsController;
    std::unique_ptr<Api::HttpServer> m_http;
    std::unique_ptr<Api::WebSocketHub> m_hub;
    QTimer m_maintenance;
    QString m_apiToken;
    quint16 m_port = 0;
    bool m_running = false;
    bool m_recovered = false; // start-up recovery ran (once per process)
};

} // namespace Orc::Runtime
