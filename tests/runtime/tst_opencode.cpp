// End to end against a real OpenCode server: the orchestrator (in this process, on a real port)
// supervises `opencode serve` (the npm package scripts/install-deps installs), which talks to a fake
// OpenAI-compatible model on loopback started here (tests/support/opencode/fake_llm.py). The server
// runs under strace, so the last test can check that it connected to nothing but loopback.
//
// The suite shares one orchestrator, one server and one fake model: starting a server costs
// seconds. The tests run in their declared order; the killed-server test comes late on purpose.

#include "runtime/orchestrator.h"

#include "support/gate.h"
#include "support/httpclient.h"
#include "support/opencodeenv.h"

#include <qcorotask.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Orc;
using namespace Orc::Testing;

namespace {

const QString Password = u"test-server-password"_s;

// A TCP proxy in front of the server that can cut every connection and refuse new ones: the
// event stream is lost while the server goes on working.
class CuttableProxy
{
public:
    explicit CuttableProxy(quint16 upstream) : m_upstream(upstream)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
    }
    ~CuttableProxy() { cut(); }
    quint16 port() const { return m_server.serverPort(); }
    void cut()
    {
        m_blocked = true;
        for (const auto &[in, out] : std::as_const(m_pairs)) {
            if (in)
                in->abort();
            if (out)
                out->abort();
        }
        m_pairs.clear();
    }
    void restore() { m_blocked = false; }

private:
    void accept()
    {
        while (QTcpSocket *in = m_server.nextPendingConnection()) {
            if (m_blocked) {
                in->abort();
                in->deleteLater();
                continue;
            }
            auto *out = new QTcpSocket(in);
            out->connectToHost(QHostAddress::LocalHost, m_upstream);
            QObject::connect(in, &QTcpSocket::readyRead, out, [in, out] { out->write(in->readAll()); });
            QObject::connect(out, &QTcpSocket::readyRead, in, [in, out] { in->write(out->readAll()); });
            QObject::connect(out, &QTcpSocket::disconnected, in, [in] { in->disconnectFromHost(); });
            QObject::connect(in, &QTcpSocket::disconnected, in, [in] { in->deleteLater(); });
            m_pairs.append(std::pair(QPointer<QTcpSocket>(in), QPointer<QTcpSocket>(out)));
        }
    }

    QTcpServer m_server;
    quint16 m_upstream;
    bool m_blocked = false;
    QList<std::pair<QPointer<QTcpSocket>, QPointer<QTcpSocket>>> m_pairs;
};

class OpenCode : public ::testing::Test
{
public:
    static void SetUpTestSuite()
    {
        s = new Shared;
        s->skip = OpenCodeEnvironment::missing();
        if (!s->skip.isEmpty())
            return;
        ASSERT_TRUE(s->dir.isValid());
        QDir(s->dir.path()).mkpath(u"project"_s);
        QDir(s->dir.path()).mkpath(u"other-project"_s);
        s->project = s->dir.filePath(u"project"_s);
        // The server runs under strace, every connect() it makes written down; its environment
        // comes from the agent's `env` config.
        s->trace = s->dir.filePath(u"connect.trace"_s);
        s->env = std::make_unique<OpenCodeEnvironment>(s->dir.path());
        ASSERT_TRUE(s->env->start(s->trace, false)) << "the fake model or the server's home did not start";

        Runtime::Config config;
        config.dataDir = s->dir.path();
        config.listenPort = 0;
        config.database = QUrl(u"sqlite://"_s + s->dir.filePath(u"orc.db"_s));
        config.heartbeatIntervalSeconds = 3; // time limits are checked every second
        config.redispatchGraceSeconds = 120; // a restarting server keeps its sessions
        s->orchestrator = std::make_unique<Runtime::Orchestrator>(config);
        const Domain::Status started = QCoro::waitFor(s->orchestrator->start());
        ASSERT_TRUE(started.ok()) << started.error().message.toStdString();
        s->base = s->orchestrator->apiUrl();
        s->token = s->orchestrator->apiToken().toUtf8();

        const HttpResult registered
            = call("POST", u"/api/v1/agents"_s, agentBody(u"opencode-main"_s, s->env->wrapper()));
        ASSERT_EQ(registered.status, 201) << registered.body.toStdString();
        s->agentId = registered.json().value(u"id"_s).toString();
        EXPECT_EQ(registered.json().value(u"config"_s).toObject().value(u"password"_s).toString(), u"********"_s)
            << "the server password is never shown";
        ASSERT_TRUE(waitUntil([] { return serverUrl().isValid(); }, 60000)) << "the supervised server never came up";
    }

    static void TearDownTestSuite()
    {
        delete s;
        s = nullptr;
    }

protected:
    void SetUp() override
    {
        if (!s->skip.isEmpty())
            GTEST_SKIP() << s->skip.toStdString();
    }

    struct Shared
    {
        QString skip;
        QTemporaryDir dir;
        QString project;
        QString trace;
        std::unique_ptr<OpenCodeEnvironment> env;
        std::unique_ptr<Runtime::Orchestrator> orchestrator;
        QString base;
        QByteArray token;
        QString agentId;
        HttpClient client;
    };
    static inline Shared *s = nullptr;

    static QJsonObject agentBody(const QString &name, const QString &binary, QJsonObject extra = {})
    {
        QJsonObject config{{u"binary"_s, binary},         {u"password"_s, Password},
                           {u"provider_id"_s, u"fake"_s}, {u"model_id"_s, u"fake-model"_s},
                           {u"directory"_s, s->project},  {u"env"_s, s->env->env()},
                           {u"max_provider_retries"_s, 0}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            config.insert(it.key(), it.value());
        if (!extra.value(u"url"_s).isUndefined())
            config.remove(u"binary"_s);
        return QJsonObject{{u"name"_s, name},
                           {u"kind"_s, u"opencode"_s},
                           {u"capabilities"_s, QJsonArray{u"code_generation"_s}},
                           {u"max_concurrent_tasks"_s, 4},
                           {u"config"_s, config}};
    }

    static HttpResult call(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return s->client.send(method, QUrl(s->base + path),
                              body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
                              {{"Authorization", "Bearer " + s->token}});
    }

    // The supervised server's URL as the diagnostics show it (invalid while it is down).
    static QUrl serverUrl(const QString &agentId = {})
    {
        const QJsonObject details
            = call("GET", u"/api/v1/agents/%1/diagnostics"_s.arg(agentId.isEmpty() ? s->agentId : agentId))
                  .json()
                  .value(u"health_probe"_s)
                  .toObject()
                  .value(u"details"_s)
                  .toObject();
        const QUrl url(details.value(u"url"_s).toString());
        return details.value(u"event_stream"_s).toString() == u"connected"_s ? url : QUrl();
    }
    static qint64 serverPid()
    {
        return qint64(call("GET", u"/api/v1/agents/%1/diagnostics"_s.arg(s->agentId))
                          .json()
                          .value(u"health_probe"_s)
                          .toObject()
                          .value(u"details"_s)
                          .toObject()
                          .value(u"server"_s)
                          .toObject()
                          .value(u"pid"_s)
                          .toDouble());
    }

    // Straight to the OpenCode server (with its password), for what only it can tell.
    static QJsonDocument openCode(const QString &path, const QString &directory)
    {
        QUrl url = serverUrl();
        url.setPath(path);
        url.setQuery(u"directory="_s + QString::fromLatin1(QUrl::toPercentEncoding(directory, "/")), QUrl::StrictMode);
        const QByteArray auth = "Basic " + (u"opencode:"_s + Password).toUtf8().toBase64();
        return QJsonDocument::fromJson(s->client.send("GET", url, {}, {{"Authorization", auth}}).body);
    }

    QString createSession(const QString &prompt, int maxDuration = 120, const QString &agentId = {})
    {
        const HttpResult created = call(
            "POST", u"/api/v1/sessions"_s,
            QJsonObject{{u"title"_s, QString(u"opencode: "_s + prompt.left(40))},
                        {u"initial_prompt"_s, prompt},
                        {u"agent_config"_s, QJsonObject{{u"agent_id"_s, agentId.isEmpty() ? s->agentId : agentId}}},
                        {u"max_duration_seconds"_s, maxDuration},
                        {u"auto_start"_s, true}});
        EXPECT_EQ(created.status, 201) << created.body.toStdString();
        return created.json().value(u"id"_s).toString();
    }
    QJsonObject session(const QString &id) { return call("GET", u"/api/v1/sessions/"_s + id).json(); }
    QString statusOf(const QString &id) { return session(id).value(u"status"_s).toString(); }
    QJsonArray events(const QString &id)
    {
        return call("GET", u"/api/v1/sessions/%1/events?limit=1000"_s.arg(id)).json().value(u"items"_s).toArray();
    }
    QStringList logLines(const QString &id, const QString &level = {})
    {
        QStringList lines;
        for (const QJsonValue &e : events(id)) {
            const QJsonObject event = e.toObject();
            const QJsonObject payload = event.value(u"payload"_s).toObject();
            if (event.value(u"type"_s).toString() == u"session.log"_s
                && (level.isEmpty() || payload.value(u"level"_s).toString() == level))
                lines.append(payload.value(u"line"_s).toString());
        }
        return lines;
    }
    bool reaches(const QString &id, const QString &status, int timeoutMs = 60000)
    {
        const bool reached = waitUntil([&] { return statusOf(id) == status; }, timeoutMs);
        if (!reached)
            ADD_FAILURE() << "session " << id.toStdString() << " did not reach " << status.toStdString() << ": "
                          << QJsonDocument(session(id)).toJson(QJsonDocument::Compact).toStdString()
                          << "\nlog: " << logLines(id).join(u" | "_s).toStdString();
        return reached;
    }
    // The OpenCode session a session runs in (from the runner's first log line).
    QString openCodeSessionOf(const QString &id)
    {
        static const QRegularExpression named(u"OpenCode session (ses_\\w+)"_s);
        for (const QString &line : logLines(id)) {
            const auto match = named.match(line);
            if (match.hasMatch())
                return match.captured(1);
        }
        return {};
    }
    // The last assistant message of an OpenCode session, as the server keeps it.
    QJsonObject lastAssistant(const QString &openCodeSession, const QString &directory)
    {
        const QJsonArray messages = openCode(u"/session/%1/message"_s.arg(openCodeSession), directory).array();
        for (auto it = messages.end(); it != messages.begin();) {
            --it;
            const QJsonObject info = (*it).toObject().value(u"info"_s).toObject();
            if (info.value(u"role"_s).toString() == u"assistant"_s)
                return info;
        }
        return {};
    }
    bool endsAborted(const QString &openCodeSession)
    {
        return waitUntil(
            [&] {
                return lastAssistant(openCodeSession, s->project)
                           .value(u"error"_s)
                           .toObject()
                           .value(u"name"_s)
                           .toString()
                       == u"MessageAbortedError"_s;
            },
            15000);
    }
    // How many slow answers the fake model has begun.
    int slowAnswers()
    {
        QFile log(s->env->modelLog());
        return log.open(QIODevice::ReadOnly) ? int(log.readAll().count(R"("action": "slow")")) : 0;
    }
    bool modelIsStreamingSlowly(int before)
    {
        return waitUntil([&] { return slowAnswers() > before; }, 60000);
    }
};

TEST_F(OpenCode, RegistrationChecksTheOpenCodeConfig)
{
    const HttpResult bad = call("POST", u"/api/v1/agents"_s,
                                QJsonObject{{u"name"_s, u"bad-opencode"_s},
                                            {u"kind"_s, u"opencode"_s},
                                            {u"config"_s, QJsonObject{{u"url"_s, u"ftp://x"_s},
                                                                      {u"directory"_s, u"relative/dir"_s},
                                                                      {u"permission"_s, u"sometimes"_s}}}});
    ASSERT_EQ(bad.status, 422) << bad.body.toStdString();
    QStringList fields;
    for (const QJsonValue &e : bad.json().value(u"details"_s).toArray())
        fields.append(e.toObject().value(u"field"_s).toString());
    for (const QString &field : {u"config.url"_s, u"config.provider_id"_s, u"config.model_id"_s, u"config.directory"_s,
                                 u"config.permission"_s})
        EXPECT_TRUE(fields.contains(field)) << field.toStdString() << " in " << bad.body.toStdString();
}

TEST_F(OpenCode, ASessionCompletesWithTheModelsTextInItsLogAndTokensInItsMetrics)
{
    const QString id = createSession(u"hello from the orchestrator"_s);
    ASSERT_TRUE(reaches(id, u"completed"_s));
    EXPECT_TRUE(logLines(id).contains(u"FAKE_REPLY: hello from the orchestrator"_s))
        << logLines(id).join(u" | "_s).toStdString();

    const QJsonObject metrics = session(id).value(u"metrics"_s).toObject();
    EXPECT_EQ(metrics.value(u"total_tokens_used"_s).toInt(), 15) << "10 in, 5 out, as the fake model reports";
    EXPECT_GE(metrics.value(u"api_calls_count"_s).toInt(), 1);
    EXPECT_GE(metrics.value(u"checkpoint_count"_s).toInt(), 1) << "one per finished step";
    const QJsonObject output = metrics.value(u"result"_s).toObject().value(u"output_data"_s).toObject();
    EXPECT_EQ(output.value(u"text"_s).toString(), u"FAKE_REPLY: hello from the orchestrator"_s);
    EXPECT_EQ(output.value(u"tokens"_s).toObject().value(u"input"_s).toInt(), 10);
    EXPECT_EQ(output.value(u"tokens"_s).toObject().value(u"output"_s).toInt(), 5);
    EXPECT_EQ(output.value(u"finish"_s).toString(), u"stop"_s);
    EXPECT_TRUE(output.value(u"opencode_session_id"_s).toString().startsWith(u"ses_"_s));

    // The marketplace's round trip reaches the server itself.
    const QJsonObject probe
        = call("GET", u"/api/v1/agents/%1/diagnostics"_s.arg(s->agentId)).json().value(u"health_probe"_s).toObject();
    EXPECT_TRUE(probe.value(u"ok"_s).toBool()) << QJsonDocument(probe).toJson().toStdString();
    EXPECT_GT(probe.value(u"round_trip_ms"_s).toDouble(), 0.0);
    EXPECT_EQ(probe.value(u"details"_s).toObject().value(u"server"_s).toObject().value(u"state"_s).toString(),
              u"ready"_s);
    EXPECT_EQ(call("GET", u"/api/v1/agents/"_s + s->agentId).json().value(u"status"_s).toString(), u"online"_s);
}

TEST_F(OpenCode, AWriteFilePromptWritesTheFileInTheWorkingDirectory)
{
    const QString target = QDir(s->project).filePath(u"written/by-opencode.txt"_s);
    const QString id = createSession(u"WRITE_FILE %1 written through the orchestrator"_s.arg(target));
    ASSERT_TRUE(reaches(id, u"completed"_s));
    QFile file(target);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << "the write tool did not write " << target.toStdString();
    EXPECT_EQ(file.readAll(), "written through the orchestrator");

    const QStringList lines = logLines(id);
    EXPECT_TRUE(lines.contains(u"tool write: %1"_s.arg(target))) << lines.join(u" | "_s).toStdString();
    EXPECT_TRUE(lines.contains(u"FAKE_DONE: tool result received"_s)) << lines.join(u" | "_s).toStdString();
    // Two steps (the tool call, then the answer), a checkpoint each; the first names the tool.
    const QJsonArray checkpoints
        = call("GET", u"/api/v1/sessions/%1/checkpoints"_s.arg(id)).json().value(u"items"_s).toArray();
    ASSERT_EQ(checkpoints.size(), 2) << QJsonDocument(checkpoints).toJson().toStdString();
    const QJsonObject first = checkpoints.first().toObject().value(u"data"_s).toObject();
    EXPECT_EQ(first.value(u"tools"_s).toArray().first().toObject().value(u"tool"_s).toString(), u"write"_s);
    EXPECT_EQ(first.value(u"tools"_s).toArray().first().toObject().value(u"status"_s).toString(), u"completed"_s);
    EXPECT_EQ(first.value(u"reason"_s).toString(), u"tool-calls"_s);
    EXPECT_EQ(session(id).value(u"metrics"_s).toObject().value(u"api_calls_count"_s).toInt(), 2);
}

TEST_F(OpenCode, ASlowPromptIsCancelledAndTheServersSessionEndsAborted)
{
    const int before = slowAnswers();
    const QString id = createSession(u"SLOW cancel me"_s);
    ASSERT_TRUE(reaches(id, u"running"_s));
    ASSERT_TRUE(modelIsStreamingSlowly(before));
    ASSERT_TRUE(waitUntil([&] { return logLines(id).size() >= 2; }, 30000)) << "streamed text reaches the log";
    const QString openCodeSession = openCodeSessionOf(id);
    ASSERT_FALSE(openCodeSession.isEmpty()) << logLines(id).join(u" | "_s).toStdString();
    ASSERT_EQ(call("POST", u"/api/v1/sessions/%1/cancel"_s.arg(id)).status, 200);
    EXPECT_EQ(statusOf(id), u"cancelled"_s);
    EXPECT_TRUE(endsAborted(openCodeSession))
        << QJsonDocument(lastAssistant(openCodeSession, s->project)).toJson().toStdString();
    EXPECT_FALSE(openCode(u"/session/status"_s, s->project).object().contains(openCodeSession)) << "idle again";
}

TEST_F(OpenCode, ASlowPromptTimesOutAndTheServersSessionEndsAborted)
{
    // The shortest limit a session may have is a minute; the model's answer takes two.
    const QString id = createSession(u"SLOW_FOR 120 time me out"_s, 60);
    ASSERT_TRUE(reaches(id, u"timeout"_s, 90000));
    const QString openCodeSession = openCodeSessionOf(id);
    ASSERT_FALSE(openCodeSession.isEmpty());
    EXPECT_TRUE(endsAborted(openCodeSession))
        << QJsonDocument(lastAssistant(openCodeSession, s->project)).toJson().toStdString();
}

TEST_F(OpenCode, AFailureAfterAStepFailsWithTheProvidersMessageAndARetryContinuesTheSameOpenCodeSession)
{
    const QString target = QDir(s->project).filePath(u"retried.txt"_s);
    const QString id = createSession(u"WRITE_FILE %1 FAIL_ONCE_AFTER_TOOL k1"_s.arg(target));
    ASSERT_TRUE(reaches(id, u"failed"_s));
    const QJsonObject failed = session(id);
    const QString message
        = failed.value(u"metrics"_s).toObject().value(u"error"_s).toObject().value(u"message"_s).toString();
    EXPECT_TRUE(message.contains(u"fake provider is overloaded"_s)) << message.toStdString();
    EXPECT_TRUE(logLines(id, u"warning"_s).join(u" "_s).contains(u"the model provider failed"_s));
    const QString first = openCodeSessionOf(id);
    ASSERT_FALSE(first.isEmpty());

    ASSERT_EQ(call("POST", u"/api/v1/sessions/%1/retry"_s.arg(id)).status, 200);
    if (statusOf(id) == u"pending"_s) {
        ASSERT_EQ(call("POST", u"/api/v1/sessions/%1/start"_s.arg(id)).status, 200);
    }
    ASSERT_TRUE(reaches(id, u"completed"_s));
    const QJsonObject output
        = session(id).value(u"metrics"_s).toObject().value(u"result"_s).toObject().value(u"output_data"_s).toObject();
    EXPECT_EQ(output.value(u"opencode_session_id"_s).toString(), first)
        << "the retry continued the same OpenCode session";
    EXPECT_TRUE(logLines(id).contains(u"continuing OpenCode session %1 in %2"_s.arg(first, s->project)))
        << logLines(id).join(u" | "_s).toStdString();
    // Its history holds both turns.
    int prompts = 0;
    for (const QJsonValue &m : openCode(u"/session/%1/message"_s.arg(first), s->project).array()) {
        if (m.toObject().value(u"info"_s).toObject().value(u"role"_s).toString() == u"user"_s)
            ++prompts;
    }
    EXPECT_EQ(prompts, 2);
}

TEST_F(OpenCode, TheModelProviderGoingDownFailsTheSessionWithItsMessage)
{
    s->env->stopModel();
    const QString id = createSession(u"anyone there?"_s);
    const bool failed = reaches(id, u"failed"_s);
    ASSERT_TRUE(s->env->startModel()) << "the fake model comes back on its port";
    ASSERT_TRUE(failed);
    const QString message
        = session(id).value(u"metrics"_s).toObject().value(u"error"_s).toObject().value(u"message"_s).toString();
    EXPECT_TRUE(message.contains(u"Cannot connect to API"_s)) << message.toStdString();
}

TEST_F(OpenCode, APermissionTheServerAsksIsShownAndAnsweredThroughTheApi)
{
    // A second agent on the same server (by URL), whose runs ask before they edit.
    const QUrl url = serverUrl();
    ASSERT_TRUE(url.isValid());
    const HttpResult registered = call("POST", u"/api/v1/agents"_s,
                                       agentBody(u"opencode-asking"_s, QString(),
                                                 QJsonObject{{u"url"_s, url.toString()},
                                                             {u"permission"_s, u"ask"_s},
                                                             {u"directory"_s, s->dir.filePath(u"other-project"_s)}}));
    ASSERT_EQ(registered.status, 201) << registered.body.toStdString();
    const QString asking = registered.json().value(u"id"_s).toString();

    const QString target = s->dir.filePath(u"other-project/asked.txt"_s);
    const QString id = createSession(u"WRITE_FILE %1 allowed by the operator"_s.arg(target), 120, asking);
    QJsonArray asked;
    ASSERT_TRUE(waitUntil(
        [&] {
            asked = call("GET", u"/api/v1/sessions/%1/permissions"_s.arg(id)).json().value(u"items"_s).toArray();
            return !asked.isEmpty();
        },
        60000))
        << logLines(id).join(u" | "_s).toStdString();
    const QJsonObject question = asked.first().toObject();
    EXPECT_EQ(question.value(u"permission"_s).toString(), u"edit"_s);
    const QString permissionId = question.value(u"id"_s).toString();
    EXPECT_TRUE(waitUntil([&] { return logLines(id, u"warning"_s).join(u" "_s).contains(permissionId); }))
        << "the log shows the question";
    EXPECT_FALSE(QFileInfo::exists(target)) << "nothing is written before the answer";

    EXPECT_EQ(call("POST", u"/api/v1/sessions/%1/permissions/%2"_s.arg(id, permissionId),
                   QJsonObject{{u"reply"_s, u"maybe"_s}})
                  .status,
              422);
    EXPECT_EQ(
        call("POST", u"/api/v1/sessions/%1/permissions/per_unknown"_s.arg(id), QJsonObject{{u"reply"_s, u"once"_s}})
            .status,
        404);
    const HttpResult answered = call("POST", u"/api/v1/sessions/%1/permissions/%2"_s.arg(id, permissionId),
                                     QJsonObject{{u"reply"_s, u"once"_s}});
    ASSERT_EQ(answered.status, 204) << answered.body.toStdString();
    ASSERT_TRUE(reaches(id, u"completed"_s));
    EXPECT_TRUE(QFileInfo::exists(target));
    EXPECT_TRUE(call("GET", u"/api/v1/sessions/%1/permissions"_s.arg(id)).json().value(u"items"_s).toArray().isEmpty());
    EXPECT_EQ(call("POST", u"/api/v1/sessions/%1/permissions/%2"_s.arg(id, permissionId),
                   QJsonObject{{u"reply"_s, u"once"_s}})
                  .status,
              409)
        << "the session has no running task any more";
    EXPECT_EQ(call("DELETE", u"/api/v1/agents/"_s + asking).status, 204);
}

TEST_F(OpenCode, ACompletionWhileTheEventStreamIsDownIsNotMissed)
{
    // A third agent on the same server, through a proxy that can cut the stream.
    CuttableProxy proxy(quint16(serverUrl().port()));
    const HttpResult registered = call("POST", u"/api/v1/agents"_s,
                                       agentBody(u"opencode-proxied"_s, QString(),
                                                 QJsonObject{{u"url"_s, u"http://127.0.0.1:%1"_s.arg(proxy.port())}}));
    ASSERT_EQ(registered.status, 201) << registered.body.toStdString();
    const QString proxied = registered.json().value(u"id"_s).toString();
    ASSERT_TRUE(waitUntil([&] { return serverUrl(proxied).isValid(); }, 30000));

    const int before = slowAnswers();
    const QString id = createSession(u"SLOW_FOR 3 finish while nobody listens"_s, 120, proxied);
    ASSERT_TRUE(modelIsStreamingSlowly(before));
    ASSERT_TRUE(waitUntil([&] { return !openCodeSessionOf(id).isEmpty(); }));
    const QString openCodeSession = openCodeSessionOf(id);
    proxy.cut();

    // The turn ends on the server while the orchestrator cannot hear it...
    ASSERT_TRUE(waitUntil(
        [&] {
            return lastAssistant(openCodeSession, s->project).value(u"time"_s).toObject().contains(u"completed"_s)
                   && !openCode(u"/session/status"_s, s->project).object().contains(openCodeSession);
        },
        30000));
    EXPECT_NE(statusOf(id), u"completed"_s);
    // ... and once it can again, the completion is read back.
    proxy.restore();
    ASSERT_TRUE(reaches(id, u"completed"_s, 30000));
    const QJsonObject output
        = session(id).value(u"metrics"_s).toObject().value(u"result"_s).toObject().value(u"output_data"_s).toObject();
    EXPECT_TRUE(output.value(u"text"_s).toString().startsWith(u"This is a deliberately slow streamed reply."_s))
        << output.value(u"text"_s).toString().toStdString();
    const QStringList lines = logLines(id);
    EXPECT_TRUE(lines.contains(u"the OpenCode event stream is back: the session's state is read from the server"_s))
        << lines.join(u" | "_s).toStdString();
    EXPECT_TRUE(lines.join(u" "_s).contains(u"deliberately slow streamed reply. This is"_s))
        << "the text missed is logged";
    EXPECT_EQ(call("DELETE", u"/api/v1/agents/"_s + proxied).status, 204);
}

TEST_F(OpenCode, AKilledServerTakesTheAgentOfflineAndTheSessionResumesAfterTheSupervisedRestart)
{
    const int before = slowAnswers();
    const QString id = createSession(u"SLOW_ONCE restart-1 keep going"_s);
    ASSERT_TRUE(reaches(id, u"running"_s));
    ASSERT_TRUE(modelIsStreamingSlowly(before));
    ASSERT_TRUE(waitUntil([&] { return logLines(id).size() >= 2; }, 30000));

    // The server is the wrapper's (strace's) child.
    const qint64 wrapper = serverPid();
    ASSERT_GT(wrapper, 0);
    QFile children(u"/proc/%1/task/%1/children"_s.arg(wrapper));
    ASSERT_TRUE(children.open(QIODevice::ReadOnly));
    const QByteArray childList = children.readAll().trimmed();
    const qint64 server = childList.isEmpty() ? wrapper : childList.split(' ').first().toLongLong();
    ASSERT_EQ(::kill(pid_t(server), SIGKILL), 0);

    // Offline (and the session degraded) while it is down...
    ASSERT_TRUE(waitUntil([&] { return statusOf(id) == u"degraded"_s; }, 20000)) << statusOf(id).toStdString();
    bool wentOffline = false;
    for (const QJsonValue &e :
         call("GET", u"/api/v1/events?limit=1000&after_seq=0"_s).json().value(u"items"_s).toArray()) {
        const QJsonObject event = e.toObject();
        const QJsonObject payload = event.value(u"payload"_s).toObject();
        wentOffline = wentOffline
                      || (event.value(u"type"_s).toString() == u"agent.heartbeat"_s
                          && payload.value(u"agent_id"_s).toString() == s->agentId
                          && payload.value(u"status"_s).toString() == u"offline"_s);
    }
    EXPECT_TRUE(wentOffline
                || call("GET", u"/api/v1/agents/"_s + s->agentId).json().value(u"status"_s).toString() == u"offline"_s);

    // ... then the supervisor starts it again, the session runs on and completes.
    ASSERT_TRUE(reaches(id, u"completed"_s, 90000));
    EXPECT_TRUE(logLines(id, u"warning"_s).join(u" "_s).contains(u"the prompt is sent again"_s))
        << logLines(id).join(u" | "_s).toStdString();
    EXPECT_TRUE(logLines(id).contains(u"FAKE_REPLY: SLOW_ONCE restart-1 keep going"_s))
        << logLines(id).join(u" | "_s).toStdString();
    EXPECT_NE(serverPid(), wrapper) << "a new server process";
    EXPECT_EQ(call("GET", u"/api/v1/agents/"_s + s->agentId).json().value(u"status"_s).toString(), u"online"_s);
    QStringList statuses;
    for (const QJsonValue &e : events(id)) {
        if (e.toObject().value(u"type"_s).toString() == u"session.status_changed"_s)
            statuses.append(e.toObject().value(u"payload"_s).toObject().value(u"new_status"_s).toString());
    }
    EXPECT_EQ(statuses, (QStringList{u"running"_s, u"degraded"_s, u"running"_s, u"completed"_s}))
        << statuses.join(u","_s).toStdString();
}

TEST_F(OpenCode, TheServerConnectedToNothingButLoopback)
{
    if (QStandardPaths::findExecutable(u"strace"_s).isEmpty())
        FAIL() << "strace is not installed (scripts/install-deps installs it): the connections cannot be checked";
    if (!OpenCodeEnvironment::straceWorks())
        GTEST_SKIP() << "strace cannot trace here (ptrace is not permitted): the connections cannot be checked";
    QFile trace(s->trace);
    ASSERT_TRUE(trace.open(QIODevice::ReadOnly)) << s->trace.toStdString();
    const QString text = QString::fromUtf8(trace.readAll());
    static const QRegularExpression inet(
        u"connect\\(\\d+, \\{sa_family=AF_INET6?, [^}]*?(?:inet_addr\\(\"([^\"]+)\"\\)|inet_pton\\(AF_INET6, \"([^\"]+)\")"_s);
    int loopback = 0;
    QStringList elsewhere;
    for (auto it = inet.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        const QString address = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
        if (address == u"127.0.0.1"_s || address == u"::1"_s || address == u"::ffff:127.0.0.1"_s)
            ++loopback;
        else
            elsewhere.append(match.captured(0));
    }
    EXPECT_GT(loopback, 0) << "the server's calls to the fake model are in the trace";
    EXPECT_TRUE(elsewhere.isEmpty()) << elsewhere.join(u"\n"_s).toStdString();
}

// Last: the orchestrator going away takes its supervised server with it.
TEST_F(OpenCode, StoppingTheOrchestratorStopsTheSupervisedServer)
{
    const qint64 wrapper = serverPid();
    ASSERT_GT(wrapper, 0);
    QFile children(u"/proc/%1/task/%1/children"_s.arg(wrapper));
    ASSERT_TRUE(children.open(QIODevice::ReadOnly));
    const QByteArray childList = children.readAll().trimmed();
    const qint64 server = childList.isEmpty() ? wrapper : childList.split(' ').first().toLongLong();
    s->orchestrator.reset();
    auto gone = [](qint64 pid) { return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH; };
    EXPECT_TRUE(waitUntil([&] { return gone(wrapper) && gone(server); }, 10000));
}

} // namespace
