#include "runtime/orchestrator.h"

#include "api/http/httpserver.h"

#include "application/agentservice.h"
#include "application/sessionservice.h"

#include "support/gate.h"
#include "support/httpclient.h"
#include "support/qtprinters.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QWebSocket>

#include <gtest/gtest.h>

using namespace Orc;

namespace {

Runtime::Config testConfig(const QTemporaryDir &dir)
{
    Runtime::Config config;
    config.dataDir = dir.path();
    config.listenPort = 0;
    config.database = QUrl(QStringLiteral("memory:"));
    return config;
}

} // namespace

TEST(Orchestrator, StartsOnAFreePortAndServesHealth)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    ASSERT_TRUE(started.ok()) << started.error().message.toStdString();
    ASSERT_NE(orchestrator.port(), 0);
    EXPECT_EQ(orchestrator.apiUrl(), QStringLiteral("http://127.0.0.1:%1").arg(orchestrator.port()));
    EXPECT_FALSE(orchestrator.apiToken().isEmpty());

    Testing::HttpClient client;
    const auto health = client.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/health")));
    EXPECT_EQ(health.status, 200);
    const QJsonObject components = health.json().value(QStringLiteral("components")).toObject();
    for (const char *name : {"database", "lock", "event_bus", "agents"})
        EXPECT_TRUE(components.contains(QLatin1String(name))) << name;
    EXPECT_EQ(client.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/health/ready"))).status, 200);
}

TEST(Orchestrator, HealthCountsRegisteredAgents)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
    Application::AgentRegistration registration;
    registration.name = QStringLiteral("worker");
    registration.kind = Domain::AgentKind::Process;
    registration.config = QJsonObject{{QStringLiteral("command"), QJsonArray{QStringLiteral("true")}}};
    registration.maxConcurrentTasks = 3;
    ASSERT_TRUE(QCoro::waitFor(orchestrator.agents().registerInternal(registration)).ok());

    Testing::HttpClient client;
    const auto health = client.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/health")));
    const QJsonObject agents
        = health.json().value(QStringLiteral("components")).toObject().value(QStringLiteral("agents")).toObject();
    EXPECT_EQ(agents.value(QStringLiteral("total")).toInt(), 1);
    EXPECT_EQ(agents.value(QStringLiteral("capacity")).toInt(), 3);
}

TEST(Orchestrator, APortInUseIsABadConfigErrorNamingListen)
{
    QTcpServer occupier;
    ASSERT_TRUE(occupier.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QTemporaryDir dir;
    Runtime::Config config = testConfig(dir);
    config.listenPort = occupier.serverPort();
    Runtime::Orchestrator orchestrator(config);
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    ASSERT_FALSE(started.ok());
    EXPECT_TRUE(started.error().message.contains(QLatin1String("--listen")));
    EXPECT_EQ(started.error().extra.value(QStringLiteral("exit_code")).toInt(), Runtime::ExitBadConfig);
    EXPECT_FALSE(orchestrator.isRunning());
}

TEST(Orchestrator, StopReleasesThePort)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
    const quint16 port = orchestrator.port();
    orchestrator.stop();
    orchestrator.stop(); // idempotent
    EXPECT_FALSE(orchestrator.isRunning());
    QTcpServer again;
    EXPECT_TRUE(again.listen(QHostAddress(QHostAddress::LocalHost), port));
}

TEST(Orchestrator, ADatabaseKeepsAgentsAcrossRestarts)
{
    QTemporaryDir dir;
    Runtime::Config config = testConfig(dir);
    config.database = QUrl(QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("orc.db")));
    {
        Runtime::Orchestrator orchestrator(config);
        ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
        Application::AgentRegistration registration;
        registration.name = QStringLiteral("survivor");
        registration.kind = Domain::AgentKind::Process;
        registration.config = QJsonObject{{QStringLiteral("command"), QJsonArray{QStringLiteral("true")}}};
        ASSERT_TRUE(QCoro::waitFor(orchestrator.agents().registerInternal(registration)).ok());
        Testing::HttpClient client;
        const auto health = client.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/health")));
        const QJsonObject database
            = health.json().value(QStringLiteral("components")).toObject().value(QStringLiteral("database")).toObject();
        EXPECT_EQ(database.value(QStringLiteral("backend")).toString(), QStringLiteral("sqlite"));
        EXPECT_TRUE(database.value(QStringLiteral("persistent")).toBool());
    }
    QFile file(dir.filePath(QStringLiteral("orc.db")));
    EXPECT_EQ(file.permissions() & ~(QFile::ReadUser | QFile::WriteUser), QFile::ReadOwner | QFile::WriteOwner);

    Runtime::Orchestrator restarted(config);
    ASSERT_TRUE(QCoro::waitFor(restarted.start()).ok());
    const auto agents = restarted.agents().list();
    ASSERT_EQ(agents.size(), 1);
    EXPECT_EQ(agents.first().name, QStringLiteral("survivor"));
}

// Recovery is for sessions a dead process left behind: a stop and start inside one process keeps its
// own running sessions; a new process over the same database orphans and resumes them.
TEST(Orchestrator, RecoveryRunsOncePerProcessNotOnEveryStart)
{
    QTemporaryDir dir;
    Runtime::Config config = testConfig(dir);
    config.database = QUrl(QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("orc.db")));
    QUuid sessionId;
    {
        Runtime::Orchestrator orchestrator(config);
        ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
        Application::AgentRegistration registration;
        registration.name = QStringLiteral("runner");
        registration.kind = Domain::AgentKind::Process;
        registration.config
            = QJsonObject{{QStringLiteral("command"), QJsonArray{QStringLiteral("sleep"), QStringLiteral("600")}}};
        const auto agent = QCoro::waitFor(orchestrator.agents().registerInternal(registration));
        ASSERT_TRUE(agent.ok());
        Domain::SessionSpec spec;
        spec.title = QStringLiteral("long job");
        spec.initialPrompt = QStringLiteral("keep going");
        spec.agentConfig = QJsonObject{{QStringLiteral("agent_id"), agent->id.toString(QUuid::WithoutBraces)}};
        const auto session = QCoro::waitFor(orchestrator.sessions().create(spec, true));
        ASSERT_TRUE(session.ok());
        ASSERT_EQ(session->status(), Domain::SessionStatus::Running);
        sessionId = session->id();
        ASSERT_TRUE(QCoro::waitFor(orchestrator.sessions().addCheckpoint(sessionId, {}, {})).ok());

        orchestrator.stop();
        ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
        EXPECT_EQ(QCoro::waitFor(orchestrator.sessions().get(sessionId))->status(), Domain::SessionStatus::Running)
            << "this process's own session is not interrupted";
    }
    Runtime::Orchestrator next(config);
    ASSERT_TRUE(QCoro::waitFor(next.start()).ok());
    const auto resumed = QCoro::waitFor(next.sessions().get(sessionId));
    ASSERT_TRUE(resumed.ok());
    EXPECT_EQ(resumed->status(), Domain::SessionStatus::Pending);
    EXPECT_EQ(resumed->resumeFrom(), 1);
}

TEST(Orchestrator, AnUnreachableDatabaseIsAStorageErrorWithExitCodeThree)
{
    QTcpServer closed;
    ASSERT_TRUE(closed.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const quint16 port = closed.serverPort();
    closed.close();
    QTemporaryDir dir;
    Runtime::Config config = testConfig(dir);
    config.database = QUrl(QStringLiteral("postgresql://orc:secret@127.0.0.1:%1/orc").arg(port));
    Runtime::Orchestrator orchestrator(config);
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().extra.value(QStringLiteral("exit_code")).toInt(), Runtime::ExitStorage);
    EXPECT_TRUE(started.error().message.contains(QStringLiteral("127.0.0.1:%1/orc").arg(port)));
    EXPECT_FALSE(started.error().message.contains(QLatin1String("secret")));
    EXPECT_FALSE(orchestrator.isRunning());
}

// The composition serves the WebSocket hub on the API's port with the API token: a session created
// over REST reaches a client on /ws/sessions, and a client without the token is refused.
TEST(Orchestrator, ServesLiveEventsOnTheApiPort)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
    const QString wsBase = orchestrator.apiUrl().replace(QStringLiteral("http://"), QStringLiteral("ws://"));

    QWebSocket client;
    QStringList types;
    QObject::connect(&client, &QWebSocket::textMessageReceived, &client, [&types](const QString &text) {
        types.append(QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("type")).toString());
    });
    QNetworkRequest request(QUrl(wsBase + QStringLiteral("/ws/sessions")));
    request.setRawHeader("Authorization", "Bearer " + orchestrator.apiToken().toUtf8());
    client.open(request);
    QWebSocket stranger;
    stranger.open(QUrl(wsBase + QStringLiteral("/ws/sessions")));
    ASSERT_TRUE(Testing::waitUntil([&] { return types.contains(QStringLiteral("subscription.confirmed")); }));

    Testing::HttpClient http;
    const auto created = http.send("POST", QUrl(orchestrator.apiUrl() + QStringLiteral("/api/v1/sessions")),
                                   R"({"title":"Live","initial_prompt":"Watch me"})",
                                   {{"Authorization", "Bearer " + orchestrator.apiToken().toUtf8()}});
    ASSERT_EQ(created.status, 201);
    ASSERT_TRUE(Testing::waitUntil([&] { return types.contains(QStringLiteral("session.created")); }));
    ASSERT_TRUE(Testing::waitUntil([&] { return stranger.closeCode() == 4401; }));
    orchestrator.stop();
    EXPECT_TRUE(Testing::waitUntil([&] { return client.state() == QAbstractSocket::UnconnectedState; }));
}

// /metrics needs no token and counts requests by route pattern, transitions and the gauges.
TEST(Orchestrator, ServesPrometheusMetrics)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
    Testing::HttpClient http;
    const QList<std::pair<QByteArray, QByteArray>> auth{
        {"Authorization", "Bearer " + orchestrator.apiToken().toUtf8()}};
    const auto created = http.send("POST", QUrl(orchestrator.apiUrl() + QStringLiteral("/api/v1/sessions")),
                                   R"({"title":"Counted","initial_prompt":"Count me","auto_start":true})", auth);
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    const QString id = created.json().value(QStringLiteral("id")).toString();
    ASSERT_EQ(http.send("GET", QUrl(orchestrator.apiUrl() + QStringLiteral("/api/v1/sessions/") + id), {}, auth).status,
              200);
    const auto metrics = http.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/metrics")));
    ASSERT_EQ(metrics.status, 200);
    EXPECT_TRUE(metrics.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    const QByteArray text = metrics.body;
    EXPECT_TRUE(text.contains(R"(http_requests_total{method="GET",route="/api/v1/sessions/{id}",status="200"} 1)"))
        << text.toStdString();
    EXPECT_TRUE(text.contains(R"(http_requests_total{method="POST",route="/api/v1/sessions",status="201"} 1)"));
    EXPECT_FALSE(text.contains(id.toUtf8())) << "raw paths would make a series per session";
    EXPECT_TRUE(text.contains("orchestrator_sessions{status=\""));
    EXPECT_TRUE(text.contains("orchestrator_websocket_connections 0"));
}

// The served OpenAPI document describes exactly the routes the server answers: a route cannot be
// added without its description, nor described without being served.
TEST(Orchestrator, TheOpenApiDocumentDescribesExactlyTheServedRoutes)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
    Testing::HttpClient http;
    const auto served = http.send("GET", QUrl(orchestrator.apiUrl() + QStringLiteral("/api/v1/openapi.json")), {},
                                  {{"Authorization", "Bearer " + orchestrator.apiToken().toUtf8()}});
    ASSERT_EQ(served.status, 200);
    const QJsonObject document = served.json();
    EXPECT_EQ(document.value(QStringLiteral("openapi")).toString(), QStringLiteral("3.0.3"));

    QSet<QString> described;
    const QJsonObject paths = document.value(QStringLiteral("paths")).toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject item = path.value().toObject();
        for (auto method = item.begin(); method != item.end(); ++method)
            described.insert(method.key().toUpper() + QLatin1Char(' ') + path.key());
    }
    QSet<QString> routed;
    for (const auto &[method, pattern] : orchestrator.routes())
        routed.insert(QString::fromLatin1(method) + QLatin1Char(' ') + pattern);
    ASSERT_GE(routed.size(), 70);
    EXPECT_EQ(QStringList((routed - described).values()), QStringList()) << "served but not described";
    EXPECT_EQ(QStringList((described - routed).values()), QStringList()) << "described but not served";
    // Path parameters are declared; open endpoints need no token.
    const QJsonObject restore = paths.value(QStringLiteral("/api/v1/sessions/{id}/checkpoints/{sequence}/restore"))
                                    .toObject()
                                    .value(QStringLiteral("post"))
                                    .toObject();
    EXPECT_EQ(restore.value(QStringLiteral("parameters")).toArray().size(), 2);
    EXPECT_EQ(paths.value(QStringLiteral("/metrics"))
                  .toObject()
                  .value(QStringLiteral("get"))
                  .toObject()
                  .value(QStringLiteral("security")),
              QJsonArray());
}

// The real composition: no /api/v1 route answers 2xx without the token (each on a fresh start, so
// throttling of failures never answers instead), the agent-facing EAP paths excepted.
TEST(Orchestrator, NoApiRouteAnswersWithoutTheToken)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
    const auto routes = orchestrator.routes();
    Testing::HttpClient http;
    int checked = 0;
    int sinceRestart = 0;
    for (const auto &[method, pattern] : routes) {
        if (!pattern.startsWith(QStringLiteral("/api/v1/"))
            || pattern.startsWith(QStringLiteral("/api/v1/agents/external/")))
            continue;
        if (++sinceRestart > Api::HttpServer::MaxAuthFailures) { // a new server forgets the failures
            orchestrator.stop();
            ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
            sinceRestart = 1;
        }
        QString path = pattern;
        path.replace(QRegularExpression(QStringLiteral("\\{[a-z_]+\\}")),
                     QStringLiteral("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        const auto answer = http.send(method, QUrl(orchestrator.apiUrl() + path), "{}");
        EXPECT_EQ(answer.status, 401) << method.constData() << ' ' << path.toStdString();
        ++checked;
    }
    EXPECT_GE(checked, 65);
}

namespace {

// A self-signed certificate for 127.0.0.1 and its key, made by openssl in `dir`; false when openssl
// is missing or fails.
bool makeCertificate(const QString &dir)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
                   dir + QStringLiteral("/key.pem"), QStringLiteral("-out"), dir + QStringLiteral("/cert.pem")});
    return openssl.waitForFinished(60000) && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0;
}

} // namespace

// With a certificate and key the API and the WebSocket hub are served over TLS only.
TEST(Orchestrator, ServesHttpsAndWssWithTheConfiguredCertificate)
{
    QTemporaryDir dir;
    ASSERT_TRUE(makeCertificate(dir.path())) << "openssl could not make a test certificate";
    Runtime::Config config = testConfig(dir);
    config.tlsCertificate = dir.filePath(QStringLiteral("cert.pem"));
    config.tlsKey = dir.filePath(QStringLiteral("key.pem"));
    Runtime::Orchestrator orchestrator(config);
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    ASSERT_TRUE(started.ok()) << started.error().message.toStdString();
    ASSERT_TRUE(orchestrator.apiUrl().startsWith(QStringLiteral("https://127.0.0.1:")));

    Testing::HttpClient https;
    https.trust(QSslCertificate::fromPath(config.tlsCertificate));
    const auto health = https.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/health/live")));
    EXPECT_EQ(health.status, 200) << health.error;
    const auto sessions = https.send("GET", QUrl(orchestrator.apiUrl() + QStringLiteral("/api/v1/sessions")), {},
                                     {{"Authorization", "Bearer " + orchestrator.apiToken().toUtf8()}});
    EXPECT_EQ(sessions.status, 200);
    // Plain HTTP on the TLS port gets nothing useful.
    Testing::HttpClient plain;
    const QString httpUrl = orchestrator.apiUrl().replace(QStringLiteral("https://"), QStringLiteral("http://"));
    EXPECT_NE(plain.get(QUrl(httpUrl + QStringLiteral("/health/live"))).status, 200);
    // An untrusted client refuses the self-signed certificate.
    EXPECT_EQ(plain.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/health/live"))).status, 0);

    QWebSocket client;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(config.tlsCertificate));
    client.setSslConfiguration(tls);
    QStringList types;
    QObject::connect(&client, &QWebSocket::textMessageReceived, &client, [&types](const QString &text) {
        types.append(QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("type")).toString());
    });
    QNetworkRequest request(QUrl(orchestrator.apiUrl().replace(QStringLiteral("https://"), QStringLiteral("wss://"))
                                 + QStringLiteral("/ws/system")));
    request.setRawHeader("Authorization", "Bearer " + orchestrator.apiToken().toUtf8());
    client.open(request);
    EXPECT_TRUE(Testing::waitUntil([&] { return types.contains(QStringLiteral("connection.established")); }));
    client.close();
}

TEST(Orchestrator, AnUnreadableCertificateIsABadConfigErrorNamingTheOption)
{
    QTemporaryDir dir;
    Runtime::Config config = testConfig(dir);
    QFile garbage(dir.filePath(QStringLiteral("cert.pem")));
    ASSERT_TRUE(garbage.open(QIODevice::WriteOnly));
    garbage.write("not a certificate");
    garbage.close();
    config.tlsCertificate = garbage.fileName();
    config.tlsKey = garbage.fileName();
    Runtime::Orchestrator orchestrator(config);
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    ASSERT_FALSE(started.ok());
    EXPECT_TRUE(started.error().message.startsWith(QStringLiteral("--tls-cert: no PEM certificate")))
        << started.error().message.toStdString();
    EXPECT_EQ(started.error().extra.value(QStringLiteral("exit_code")).toInt(), Runtime::ExitBadConfig);
}
