#include "runtime/orchestrator.h"

#include "runtime/apitoken.h"

#include "adapters/memory/memorystore.h"
#include "adapters/runners/eap/eaprunner.h"
#include "adapters/runners/opencode/opencoderunner.h"
#include "adapters/runners/process/processrunner.h"
#include "adapters/storage/sqlstore.h"
#include "api/controllers/agentcontroller.h"
#include "api/controllers/common.h"
#include "api/controllers/contextcontroller.h"
#include "api/controllers/eapcontroller.h"
#include "api/controllers/eventcontroller.h"
#include "api/controllers/healthcontroller.h"
#include "api/controllers/lockcontroller.h"
#include "api/controllers/metricscontroller.h"
#include "api/controllers/sessioncontroller.h"
#include "api/controllers/taskcontroller.h"
#include "api/http/httpserver.h"
#include "api/openapi/openapi.h"
#include "api/ws/websockethub.h"
#include "application/agentservice.h"
#include "application/contextservice.h"
#include "application/health.h"
#include "application/localeventbus.h"
#include "application/lockservice.h"
#include "application/scheduler.h"
#include "application/sessionservice.h"
#include "application/taskservice.h"
#include "domain/version.h"

#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>
#include <QUrlQuery>

namespace Orc::Runtime {

namespace {

// The PEM certificate (chain) and private key (RSA or EC) of --tls-cert and --tls-key; the error
// names the option and the file.
Domain::Result<std::pair<QSslCertificate, QSslKey>> loadTls(const QString &certificatePath, const QString &keyPath)
{
    auto failed = [](const QString &message) { return Domain::Error{Domain::ErrorCode::BadRequest, message, {}, {}}; };
    QFile certificateFile(certificatePath);
    if (!certificateFile.open(QIODevice::ReadOnly))
        return failed(
            QStringLiteral("--tls-cert: cannot read '%1': %2").arg(certificatePath, certificateFile.errorString()));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateFile.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return failed(QStringLiteral("--tls-cert: no PEM certificate in '%1'").arg(certificatePath));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return failed(QStringLiteral("--tls-key: cannot read '%1': %2").arg(keyPath, keyFile.errorString()));
    const QByteArray keyPem = keyFile.readAll();
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        const QSslKey key(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return std::pair{chain.first(), key};
    }
    return failed(QStringLiteral("--tls-key: no unencrypted PEM RSA or EC private key in '%1'").arg(keyPath));
}

Q_LOGGING_CATEGORY(lcRuntime, "orc.runtime")

constexpr auto MaintenanceInterval = std::chrono::seconds(30);

Domain::Error startError(int exitCode, const QString &message)
{
    Domain::Error error{Domain::ErrorCode::Unavailable, message, {}, {}};
    error.extra.insert(QStringLiteral("exit_code"), exitCode);
    return error;
}

QString redacted(QUrl url)
{
    if (!url.password().isEmpty())
        url.setPassword(QStringLiteral("***"));
    return url.toString();
}

} // namespace

Orchestrator::Orchestrator(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(std::make_unique<Application::SystemClock>())
    , m_bus(std::make_unique<Application::LocalEventBus>())
    , m_locks(std::make_unique<Application::LockService>(*m_clock))
    , m_health(std::make_unique<Application::HealthMonitor>())
    , m_healthController(std::make_unique<Api::HealthController>(*m_health, QLatin1String(Version)))
{
    m_store = createStore();
    Application::IStore &store = *m_store;
    m_agents = std::make_unique<Application::AgentService>(*m_clock, store, store);
    m_sessions = std::make_unique<Application::SessionService>(*m_clock, store, store, *m_agents);
    m_tasks = std::make_unique<Application::TaskService>(*m_clock, store, store, store, *m_agents, *m_locks);
    m_contexts = std::make_unique<Application::ContextService>(*m_clock, store, store, store, *m_agents);
    Application::SchedulerOptions scheduling;
    scheduling.heartbeatInterval = std::chrono::seconds(m_config.heartbeatIntervalSeconds);
    scheduling.redispatchGrace = std::chrono::seconds(m_config.redispatchGraceSeconds);
    // Liveness and time limits are checked at most every 5 s, and several times per heartbeat interval.
    scheduling.checkInterval = std::min<std::chrono::milliseconds>(
        std::chrono::seconds(5), std::chrono::milliseconds(qint64(m_config.heartbeatIntervalSeconds) * 1000 / 3));
    m_scheduler = std::make_unique<Application::Scheduler>(*m_clock, *m_sessions, *m_agents, *m_bus, scheduling);
    m_eapRunner = std::make_unique<Adapters::Runners::EapRunner>(*m_clock);
    m_processRunner = std::make_unique<Adapters::Runners::ProcessRunner>(*m_clock);
    m_scheduler->addRunner(m_eapRunner.get());
    m_openCodeRunner = std::make_unique<Adapters::Runners::OpenCodeRunner>(*m_clock);
    m_scheduler->addRunner(m_processRunner.get());
    m_scheduler->addRunner(m_openCodeRunner.get());
    m_sessionController = std::make_unique<Api::SessionController>(*m_sessions, store, *m_clock);
    m_sessionController->setScheduler(m_scheduler.get());
    m_agentController = std::make_unique<Api::AgentController>(*m_agents, *m_scheduler);
    m_eventController = std::make_unique<Api::EventController>(store);
    m_taskController = std::make_unique<Api::TaskController>(*m_tasks);
    m_contextController = std::make_unique<Api::ContextController>(*m_contexts, *m_sessions, *m_agents);
    m_lockController = std::make_unique<Api::LockController>(*m_locks, *m_clock);
    m_eapController = std::make_unique<Api::EapController>(*m_agents, *m_scheduler);
    m_eapController->setOpenRegistration(m_config.openRegistration);
    m_openApiController = std::make_unique<Api::OpenApiController>(QLatin1String(Version));
    m_metrics = std::make_unique<Api::Metrics>(*m_bus);
    connect(m_scheduler.get(), &Application::Scheduler::dispatched, this,
            [metrics = m_metrics.get()](const QUuid &, double seconds) { metrics->observeDispatch(seconds); });
    m_metricsController = std::make_unique<Api::MetricsController>(*m_metrics, *m_sessions, *m_agents,
                                                                   [this] { return m_hub ? m_hub->clientCount() : 0; });
    // Lock grants and releases are part of the glass box: stored in the event log like the rest.
    m_locks->setEventSink([unitOfWork = &store](Domain::Events events) {
        Application::ChangeSet changes;
        changes.events = std::move(events);
        unitOfWork->commit(std::move(changes));
    });
    m_maintenance.setInterval(MaintenanceInterval);
    connect(&m_maintenance, &QTimer::timeout, this, &Orchestrator::purgeExpiredContexts);
    registerHealthChecks();
}

std::unique_ptr<Application::IStore> Orchestrator::createStore()
{
    if (m_config.database.scheme() == QLatin1String("memory"))
        return std::make_unique<Adapters::MemoryStore>(*m_bus);
    auto settings = Adapters::Storage::DatabaseSettings::fromUrl(m_config.database);
    if (!settings.ok()) {
        // Only a Config built by hand gets here (the command line validates with the same
        // function); start() reports it, and this store is never opened.
        m_storageError = QStringLiteral("--database: ") + settings.error().message;
        return std::make_unique<Adapters::MemoryStore>(*m_bus);
    }
    auto sql = std::make_unique<Adapters::Storage::SqlStore>(settings.value(), *m_bus);
    m_sql = sql.get();
    return sql;
}

Orchestrator::~Orchestrator()
{
    stop();
    m_scheduler->stop(); // it must not reach the runners while they go
}

QCoro::Task<Domain::Status> Orchestrator::start()
{
    if (m_running)
        co_return Domain::Status{};

    auto token = ApiToken::load(m_config.dataDir, m_config.apiToken);
    if (!token.ok())
        co_return startError(ExitBadConfig, token.error().message);
    m_apiToken = token.value().value;

    if (!m_storageError.isEmpty())
        co_return startError(ExitBadConfig, m_storageError);
    if (m_sql) {
        const Domain::Status opened = co_await m_sql->open();
        if (!opened.ok())
            co_return startError(ExitStorage, QStringLiteral("storage: %1").arg(opened.error().message));
        qCInfo(lcRuntime).noquote() << "storage:" << storageDescription();
    } else {
        qCWarning(lcRuntime) << "storage: memory: state is kept in memory only and lost at exit";
    }
    if (!m_config.redis.isEmpty()) {
        qCWarning(lcRuntime).noquote() << "redis" << redacted(m_config.redis)
                                       << "is not available in this build: using in-process locks and events";
    }

    const Domain::Status loaded = co_await m_agents->load();
    if (!loaded.ok())
        co_return startError(ExitStorage,
                             QStringLiteral("storage: loading agents failed: %1").arg(loaded.error().message));

    // Work interrupted by the previous process's end resumes by itself, before anyone can ask. Once
    // per process: after a stop() and start() the sessions at work are this process's own.
    if (!m_recovered) {
        auto recovered = co_await m_sessions->recoverInterrupted();
        if (!recovered.ok())
            co_return startError(
                ExitStorage,
                QStringLiteral("storage: recovering interrupted sessions failed: %1").arg(recovered.error().message));
        m_recovered = true;
        if (const Application::RecoveryReport &report = recovered.value(); !report.orphaned.isEmpty()) {
            qCWarning(lcRuntime).noquote()
                << QStringLiteral("recovery: %1 interrupted session(s) orphaned, %2 back to pending from their last "
                                  "checkpoint, %3 agent reservation(s) released")
                       .arg(report.orphaned.size())
                       .arg(report.resumed.size())
                       .arg(report.releasedReservations);
        }
    }

    m_http = std::make_unique<Api::HttpServer>();
    m_http->setApiToken(m_apiToken);
    m_healthController->addRoutes(m_http->router());
    m_sessionController->addRoutes(m_http->router());
    m_agentController->addRoutes(m_http->router());
    m_eventController->addRoutes(m_http->router());
    m_taskController->addRoutes(m_http->router());
    m_contextController->addRoutes(m_http->router());
    m_lockController->addRoutes(m_http->router());
    m_eapController->setApiToken(m_apiToken);
    m_eapController->addRoutes(m_http->router());
    m_openApiController->addRoutes(m_http->router());
    m_metricsController->addRoutes(m_http->router());
    m_http->setObserver(
        [metrics = m_metrics.get()](const QByteArray &method, const QString &route, int status, double seconds) {
            metrics->observeRequest(method, route, status, seconds);
        });
    if (m_config.tls()) {
        auto tls = loadTls(m_config.tlsCertificate, m_config.tlsKey);
        if (!tls) {
            m_http.reset();
            co_return startError(ExitBadConfig, tls.error().message);
        }
        m_http->setTls(tls->first, tls->second);
    }
    m_hub = std::make_unique<Api::WebSocketHub>(*m_bus, *m_store);
    m_hub->setApiToken(m_apiToken);
    m_hub->attach(*m_http);
    m_port = m_http->listen(m_config.listenAddress, m_config.listenPort);
    if (m_port == 0) {
        m_hub.reset();
        m_http.reset();
        co_return startError(ExitBadConfig,
                             QStringLiteral("--listen: cannot listen on %1:%2 (address in use or not available)")
                                 .arg(m_config.listenAddress.toString())
                                 .arg(m_config.listenPort));
    }

    m_scheduler->setCallbackBase(QUrl(apiUrl()));
    m_scheduler->start(); // dispatches what waited in the queue
    m_healthController->setReady(true);
    m_maintenance.start();
    m_running = true;
    qCInfo(lcRuntime).noquote() << "listening on" << apiUrl();
    emit started(apiUrl());
    co_return Domain::Status{};
}

void Orchestrator::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_scheduler->stop();
    m_maintenance.stop();
    m_healthController->setReady(false);
    // Deleting the server closes the listening socket and every client connection; replies of
    // handlers still suspended are dropped by their socket guard. WebSocket clients go first.
    m_hub.reset();
    m_http.reset();
    qCInfo(lcRuntime) << "stopped";
    emit stopped();
}

QByteArray Orchestrator::openApiDocument()
{
    return QJsonDocument(Api::openApiDocument(QLatin1String(Version))).toJson(QJsonDocument::Indented);
}

QList<std::pair<QByteArray, QString>> Orchestrator::routes() const
{
    QList<std::pair<QByteArray, QString>> list;
    if (m_http) {
        for (const Api::Router::Route &route : m_http->router().routes())
            list.append({route.method, route.pattern});
    }
    return list;
}

int Orchestrator::webSocketClients() const
{
    return m_hub ? m_hub->clientCount() : 0;
}

QCoro::Task<std::pair<int, QByteArray>> Orchestrator::serveLocally(QByteArray method, QString target, QByteArray body)
{
    if (!m_http) {
        const Api::HttpResponse stopped
            = Api::HttpResponse::error(Domain::Error::unavailable(QStringLiteral("The orchestrator is stopped")));
        co_return std::make_pair(stopped.status, QJsonDocument(*stopped.envelope).toJson(QJsonDocument::Compact));
    }
    const QUrl url(target);
    Api::HttpRequest request;
    request.method = method.toUpper();
    request.path = url.path(QUrl::FullyEncoded);
    request.query = QUrlQuery(url);
    request.body = std::move(body);
    request.remoteAddress = QHostAddress(QHostAddress::LocalHost);
    request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    // The room acts with the operator's authority, as a client holding the API token does (the
    // agent registration route checks it itself).
    request.headers.append({QByteArrayLiteral("Authorization"), "Bearer " + m_apiToken.toUtf8()});
    Api::HttpResponse response = co_await m_http->router().dispatch(std::move(request));
    if (response.envelope)
        response.body = QJsonDocument(*response.envelope).toJson(QJsonDocument::Compact);
    co_return std::make_pair(response.status, response.body);
}

QJsonObject Orchestrator::eventJson(const Domain::Event &event)
{
    return Api::toJson(event);
}

QString Orchestrator::apiUrl() const
{
    return m_config.listenUrl(m_port);
}

QString Orchestrator::storageDescription() const
{
    if (!m_sql)
        return QStringLiteral("memory (not persisted)");
    return m_sql->describe();
}

void Orchestrator::registerHealthChecks()
{
    using Application::ComponentHealth;
    using Application::HealthStatus;
    m_health->add(QStringLiteral("database"), [this]() -> QCoro::Task<ComponentHealth> {
        ComponentHealth health;
        if (!m_sql) {
            health.details.insert(QStringLiteral("backend"), QStringLiteral("memory"));
            health.details.insert(QStringLiteral("persistent"), false);
            co_return health;
        }
        health.details.insert(QStringLiteral("backend"), m_sql->backend() == Adapters::Storage::Backend::Sqlite
                                                             ? QStringLiteral("sqlite")
                                                             : QStringLiteral("postgresql"));
        health.details.insert(QStringLiteral("persistent"), true);
        const Domain::Status reachable = co_await m_sql->ping();
        if (!reachable.ok()) {
            health.status = HealthStatus::Down;
            health.details.insert(QStringLiteral("error"), reachable.error().message);
        }
        co_return health;
    });
    m_health->add(QStringLiteral("lock"), [this]() -> QCoro::Task<ComponentHealth> {
        ComponentHealth health;
        health.details.insert(QStringLiteral("backend"), QStringLiteral("in-process"));
        health.details.insert(QStringLiteral("resources"), m_locks->snapshot().size());
        health.details.insert(QStringLiteral("waiting"), m_locks->waitingCount());
        co_return health;
    });
    m_health->add(QStringLiteral("event_bus"), [this]() -> QCoro::Task<ComponentHealth> {
        ComponentHealth health;
        health.details.insert(QStringLiteral("backend"), QStringLiteral("in-process"));
        health.details.insert(QStringLiteral("last_seq"), m_bus->lastSeq());
        co_return health;
    });
    m_health->add(QStringLiteral("agents"), [this]() -> QCoro::Task<ComponentHealth> {
        const Application::AgentStats stats = m_agents->stats();
        ComponentHealth health;
        health.details.insert(QStringLiteral("total"), stats.total);
        health.details.insert(QStringLiteral("available"), stats.available);
        health.details.insert(QStringLiteral("current_tasks"), stats.currentTasks);
        health.details.insert(QStringLiteral("capacity"), stats.capacity);
        co_return health;
    });
}

void Orchestrator::purgeExpiredContexts()
{
    m_contexts->purgeExpired(); // a detached coroutine; it logs nothing when nothing expired
}

Application::IClock &Orchestrator::clock()
{
    return *m_clock;
}
Application::LocalEventBus &Orchestrator::eventBus()
{
    return *m_bus;
}
Application::AgentService &Orchestrator::agents()
{
    return *m_agents;
}
Application::SessionService &Orchestrator::sessions()
{
    return *m_sessions;
}
Application::TaskService &Orchestrator::tasks()
{
    return *m_tasks;
}
Application::ContextService &Orchestrator::contexts()
{
    return *m_contexts;
}
Application::LockService &Orchestrator::locks()
{
    return *m_locks;
}
Application::Scheduler &Orchestrator::scheduler()
{
    return *m_scheduler;
}

Adapters::Runners::OpenCodeRunner &Orchestrator::openCodeRunner()
{
    return *m_openCodeRunner;
}

} // namespace Orc::Runtime
