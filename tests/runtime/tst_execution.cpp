// End to end: the orchestrator (in this process, on a real port) runs sessions on the example EAP
// agent (real Python processes over HTTP) and on the process runner, through the REST API. Counts
// of dispatches are taken at the agents themselves (their /stats).

#include "runtime/orchestrator.h"

#include "application/eapwire.h"
#include "domain/identifiers.h"
#include "support/gate.h"
#include "support/httpclient.h"

#include <qcorotask.h>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Orc;
using namespace Orc::Testing;

namespace {

QString python()
{
    if (QFileInfo(u"/usr/bin/python3"_s).isExecutable())
        return u"/usr/bin/python3"_s;
    return QStandardPaths::findExecutable(u"python3"_s);
}

// One example agent process: started, registered, killed at the end.
class ExampleAgent
{
public:
    ExampleAgent(const QString &orchestrator, const QString &token, const QString &name, QStringList extra = {})
    {
        QStringList args{QStringLiteral(ORC_EXAMPLE_AGENT),
                         u"--orchestrator"_s,
                         orchestrator,
                         u"--token"_s,
                         token,
                         u"--name"_s,
                         name};
        args += extra;
        m_process.setProgram(python());
        m_process.setArguments(args);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
    }
    ~ExampleAgent() { kill(); }

    // Waits for the "registered <id>" line; false if the agent ended first.
    bool waitRegistered()
    {
        static const QRegularExpression listening(u"^listening on (\\S+)$"_s, QRegularExpression::MultilineOption);
        static const QRegularExpression registered(u"^registered (\\S+)$"_s, QRegularExpression::MultilineOption);
        const bool done = waitUntil(
            [&] {
                m_output += m_process.readAllStandardOutput();
                return registered.match(QString::fromUtf8(m_output)).hasMatch()
                       || m_process.state() == QProcess::NotRunning;
            },
            20000);
        const QString text = QString::fromUtf8(m_output);
        url = listening.match(text).captured(1);
        id = registered.match(text).captured(1);
        return done && !id.isEmpty();
    }
    void kill()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QJsonObject stats()
    {
        const HttpResult answer = m_client.get(QUrl(url + u"/stats"_s));
        return answer.json();
    }

    QString url;
    QString id;

private:
    QProcess m_process;
    QByteArray m_output;
    HttpClient m_client;
};

class Execution : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (python().isEmpty())
            GTEST_SKIP() << "python3 is not installed";
        ASSERT_TRUE(dir.isValid());
        Runtime::Config config;
        config.dataDir = dir.path();
        config.listenPort = 0;
        config.database = QUrl(u"sqlite://"_s + dir.filePath(u"orc.db"_s));
        config.heartbeatIntervalSeconds = heartbeatSeconds;
        config.redispatchGraceSeconds = 1;
        orchestrator = std::make_unique<Runtime::Orchestrator>(config);
        const Domain::Status started = QCoro::waitFor(orchestrator->start());
        ASSERT_TRUE(started.ok()) << started.error().message.toStdString();
        base = orchestrator->apiUrl();
        token = orchestrator->apiToken().toUtf8();
    }

    std::unique_ptr<ExampleAgent> agent(const QString &name, QStringList extra = {})
    {
        auto a = std::make_unique<ExampleAgent>(base, QString::fromUtf8(token), name, extra);
        EXPECT_TRUE(a->waitRegistered()) << name.toStdString();
        return a;
    }

    HttpResult call(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return client.send(method, QUrl(base + path),
                           body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
                           {{"Authorization", "Bearer " + token}});
    }

    QString createSession(const QString &title, const QString &prompt, QJsonObject agentConfig = {}, bool start = true,
                          int priority = 2, int maxDuration = 3600)
    {
        const HttpResult created = call("POST", u"/api/v1/sessions"_s,
                                        QJsonObject{{u"title"_s, title},
                                                    {u"initial_prompt"_s, prompt},
                                                    {u"agent_config"_s, agentConfig},
                                                    {u"priority"_s, priority},
                                                    {u"max_duration_seconds"_s, maxDuration},
                                                    {u"auto_start"_s, start}});
        EXPECT_EQ(created.status, 201) << created.body.toStdString();
        return created.json().value(u"id"_s).toString();
    }

    QJsonObject session(const QString &id) { return call("GET", u"/api/v1/sessions/"_s + id).json(); }
    QString statusOf(const QString &id) { return session(id).value(u"status"_s).toString(); }
    bool reaches(const QString &id, const QString &status, int timeoutMs = 20000)
    {
        const bool reached = waitUntil([&] { return statusOf(id) == status; }, timeoutMs);
        if (!reached) {
            ADD_FAILURE() << "session " << id.toStdString() << " did not reach " << status.toStdString() << ": "
                          << QJsonDocument(session(id)).toJson(QJsonDocument::Compact).toStdString()
                          << "\nevents: " << eventTypes(id).join(u", "_s).toStdString();
        }
        return reached;
    }
    QStringList eventTypes(const QString &id)
    {
        QStringList types;
        for (const QJsonValue &e :
             call("GET", u"/api/v1/sessions/%1/events?limit=1000"_s.arg(id)).json().value(u"items"_s).toArray())
            types.append(e.toObject().value(u"type"_s).toString());
        return types;
    }
    QStringList logLines(const QString &id)
    {
        QStringList lines;
        for (const QJsonValue &e :
             call("GET", u"/api/v1/sessions/%1/events?limit=1000"_s.arg(id)).json().value(u"items"_s).toArray()) {
            const QJsonObject event = e.toObject();
            if (event.value(u"type"_s).toString() == u"session.log"_s)
                lines.append(event.value(u"payload"_s).toObject().value(u"line"_s).toString());
        }
        return lines;
    }
    static QJsonObject pinned(const ExampleAgent &a) { return QJsonObject{{u"agent_id"_s, a.id}}; }

    // The default keeps agents online through any pause of a loaded machine; the liveness tests
    // use a short interval.
    int heartbeatSeconds = 30;
    QTemporaryDir dir;
    std::unique_ptr<Runtime::Orchestrator> orchestrator;
    QString base;
    QByteArray token;
    HttpClient client;
};

// Agents heartbeat every 3 s here: one silent for 9 s is offline.
class ExecutionLiveness : public Execution
{
protected:
    ExecutionLiveness() { heartbeatSeconds = 3; }
};

TEST_F(Execution, TheExampleAgentRunsSessionsOnTheAcceptedAndTheSynchronousPath)
{
    auto async = agent(u"async-agent"_s, {u"--mode"_s, u"async"_s});
    auto sync = agent(u"sync-agent"_s, {u"--mode"_s, u"sync"_s});
    const QString viaAsync = createSession(u"via async"_s, u"Write the parser STEPS 3"_s, pinned(*async));
    const QString viaSync = createSession(u"via sync"_s, u"Write the lexer STEPS 2"_s, pinned(*sync));
    ASSERT_TRUE(reaches(viaAsync, u"completed"_s)) << statusOf(viaAsync).toStdString();
    ASSERT_TRUE(reaches(viaSync, u"completed"_s)) << statusOf(viaSync).toStdString();

    const QJsonObject a = session(viaAsync);
    EXPECT_EQ(a.value(u"assigned_agent_id"_s).toString(), async->id);
    EXPECT_EQ(a.value(u"metrics"_s).toObject().value(u"checkpoint_count"_s).toInt(), 3) << "one per reported step";
    EXPECT_GT(a.value(u"metrics"_s).toObject().value(u"total_tokens_used"_s).toInt(), 0);
    EXPECT_TRUE(logLines(viaAsync).contains(u"working on step 2"_s)) << logLines(viaAsync).join(u"|"_s).toStdString();
    const QJsonObject result = a.value(u"metrics"_s).toObject().value(u"result"_s).toObject();
    EXPECT_EQ(result.value(u"output_data"_s).toObject().value(u"agent"_s).toString(), u"async-agent"_s);
    EXPECT_EQ(result.value(u"artifacts"_s).toArray().size(), 1);

    const QJsonObject s = session(viaSync);
    EXPECT_EQ(s.value(u"metrics"_s)
                  .toObject()
                  .value(u"result"_s)
                  .toObject()
                  .value(u"output_data"_s)
                  .toObject()
                  .value(u"agent"_s),
              u"sync-agent"_s);
    EXPECT_EQ(async->stats().value(u"dispatches"_s).toInt(), 1);
    EXPECT_EQ(sync->stats().value(u"dispatches"_s).toInt(), 1);

    // The agent's performance and the marketplace's diagnostics follow.
    const QJsonObject diagnostics = call("GET", u"/api/v1/agents/%1/diagnostics"_s.arg(async->id)).json();
    EXPECT_TRUE(diagnostics.value(u"health_probe"_s).toObject().value(u"ok"_s).toBool()) << "a signed probe";
    EXPECT_GT(diagnostics.value(u"health_probe"_s).toObject().value(u"round_trip_ms"_s).toDouble(), 0.0);
    EXPECT_EQ(diagnostics.value(u"performance"_s).toObject().value(u"tasks_succeeded"_s).toInt(), 1);
    EXPECT_EQ(diagnostics.value(u"recent_tasks"_s).toArray().size(), 1);

    // Each dispatch is timed for /metrics.
    const QString metrics = QString::fromUtf8(client.get(QUrl(base + u"/metrics"_s)).body);
    const QRegularExpression count(u"^orchestrator_dispatch_duration_seconds_count (\\d+)$"_s,
                                   QRegularExpression::MultilineOption);
    EXPECT_EQ(count.match(metrics).captured(1).toInt(), 2) << metrics.toStdString();
}

TEST_F(Execution, TheAgentRejectsADispatchWithAWrongSignature)
{
    auto a = agent(u"strict-agent"_s);
    const QByteArray body = R"({"task_id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","input_data":"x"})";
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const HttpResult forged
        = client.send("POST", QUrl(a->url + u"/task"_s), body,
                      {{"X-EAP-Signature", Application::Eap::signature("not-the-secret", now, body)},
                       {"Content-Type", "application/json"}});
    EXPECT_EQ(forged.status, 401);
    const HttpResult unsigned_ = client.send("POST", QUrl(a->url + u"/task"_s), body);
    EXPECT_EQ(unsigned_.status, 401);
    const QJsonObject stats = a->stats();
    EXPECT_EQ(stats.value(u"rejected_signatures"_s).toInt(), 2);
    EXPECT_EQ(stats.value(u"dispatches"_s).toInt(), 0);
}

TEST_F(ExecutionLiveness, AnAgentKilledMidTaskDegradesTheSessionWhichRunsOnceMoreOnAnotherAgent)
{
    auto doomed = agent(u"doomed-agent"_s, {u"--work-seconds"_s, u"600"_s});
    const QString id = createSession(u"survives"_s, u"Refactor the module STEPS 2"_s,
                                     QJsonObject{{u"required_capabilities"_s, QJsonArray{u"code_generation"_s}}});
    ASSERT_TRUE(waitUntil([&] { return doomed->stats().value(u"dispatches"_s).toInt() == 1; }));
    auto rescuer = agent(u"rescuer-agent"_s, {u"--work-seconds"_s, u"0.2"_s});
    doomed->kill();

    ASSERT_TRUE(reaches(id, u"completed"_s, 30000)) << statusOf(id).toStdString();
    const QJsonObject done = session(id);
    EXPECT_EQ(done.value(u"assigned_agent_id"_s).toString(), rescuer->id);
    const QStringList types = eventTypes(id);
    EXPECT_TRUE(types.contains(u"session.status_changed"_s));
    QStringList path;
    for (const QJsonValue &e :
         call("GET", u"/api/v1/sessions/%1/events?limit=1000"_s.arg(id)).json().value(u"items"_s).toArray()) {
        const QJsonObject p = e.toObject().value(u"payload"_s).toObject();
        if (e.toObject().value(u"type"_s).toString() == u"session.status_changed"_s)
            path.append(p.value(u"new_status"_s).toString());
    }
    EXPECT_EQ(path, (QStringList{u"running"_s, u"degraded"_s, u"running"_s, u"completed"_s}));
    const QJsonObject stats = rescuer->stats();
    EXPECT_EQ(stats.value(u"dispatches"_s).toInt(), 1);
    EXPECT_EQ(stats.value(u"max_concurrent_per_session"_s).toInt(), 1);
    EXPECT_EQ(call("GET", u"/api/v1/agents/"_s + doomed->id).json().value(u"status"_s).toString(), u"offline"_s);
}

TEST_F(Execution, OneAgentAtCapacityQueuesSessionsAndDrainsThemInPriorityOrder)
{
    auto single = agent(u"single-agent"_s, {u"--max-tasks"_s, u"1"_s, u"--work-seconds"_s, u"0.3"_s});
    const QJsonObject config = pinned(*single);
    const QString first = createSession(u"first"_s, u"STEPS 1"_s, config, true, 2);
    ASSERT_TRUE(waitUntil([&] { return single->stats().value(u"dispatches"_s).toInt() == 1; }));
    QStringList ids;
    const QList<std::pair<QString, int>> queue{{u"low"_s, 3}, {u"critical"_s, 0}, {u"medium"_s, 2}};
    for (const auto &[title, priority] : queue) {
        ids.append(createSession(title, u"STEPS 1"_s, config, true, priority));
        EXPECT_EQ(statusOf(ids.constLast()), u"queued"_s);
    }
    for (const QString &id : ids)
        ASSERT_TRUE(reaches(id, u"completed"_s, 30000)) << statusOf(id).toStdString();
    EXPECT_EQ(statusOf(first), u"completed"_s);
    QStringList order;
    for (const QJsonValue &t : single->stats().value(u"titles"_s).toArray())
        order.append(t.toString());
    EXPECT_EQ(order, (QStringList{u"first"_s, u"critical"_s, u"medium"_s, u"low"_s}));
}

TEST_F(Execution, CancelReachesTheAgentAndAHangingAgentHitsTheSessionTimeLimit)
{
    auto hanging = agent(u"hanging-agent"_s);
    const QString cancelled = createSession(u"to cancel"_s, u"HANG"_s, pinned(*hanging));
    ASSERT_TRUE(waitUntil([&] { return hanging->stats().value(u"dispatches"_s).toInt() == 1; }));
    ASSERT_EQ(call("POST", u"/api/v1/sessions/%1/cancel"_s.arg(cancelled)).status, 200);
    ASSERT_TRUE(waitUntil([&] { return hanging->stats().value(u"cancelled"_s).toArray().size() == 1; }));

    // The shortest limit the contract allows is a minute.
    const QString late = createSession(u"too slow"_s, u"HANG"_s, pinned(*hanging), true, 2, 60);
    ASSERT_TRUE(reaches(late, u"timeout"_s, 90000)) << statusOf(late).toStdString();
    ASSERT_TRUE(waitUntil([&] { return hanging->stats().value(u"cancelled"_s).toArray().size() == 2; }));
    EXPECT_TRUE(session(late)
                    .value(u"metrics"_s)
                    .toObject()
                    .value(u"error"_s)
                    .toObject()
                    .value(u"message"_s)
                    .toString()
                    .contains(u"max_duration_seconds"_s));
}

TEST_F(Execution, ASecondResultIs409AndAReportForAnotherAgentsTaskIs403)
{
    auto owner = agent(u"owner-agent"_s);
    auto intruder = agent(u"intruder-agent"_s, {u"--work-seconds"_s, u"0"_s});
    const QString owned = createSession(u"owned"_s, u"HANG"_s, pinned(*owner));
    ASSERT_TRUE(waitUntil([&] { return owner->stats().value(u"dispatches"_s).toInt() == 1; }));
    const QJsonArray recent
        = call("GET", u"/api/v1/agents/%1/diagnostics"_s.arg(owner->id)).json().value(u"recent_tasks"_s).toArray();
    ASSERT_EQ(recent.size(), 1);
    const QString ownersTask = recent.first().toObject().value(u"task_id"_s).toString();
    ASSERT_FALSE(ownersTask.isEmpty());

    // The intruder reports a result for the owner's task under its own id and token, then its own
    // result twice.
    const QString own
        = createSession(u"own"_s, u"STEPS 1 REPORT_FOR %1 RESULT_TWICE"_s.arg(ownersTask), pinned(*intruder));
    ASSERT_TRUE(reaches(own, u"completed"_s));
    ASSERT_TRUE(waitUntil([&] { return intruder->stats().value(u"repeated_result_status"_s).toArray().size() == 1; }));
    const QJsonObject stats = intruder->stats();
    EXPECT_EQ(stats.value(u"foreign_report_status"_s).toArray(), QJsonArray{403});
    EXPECT_EQ(stats.value(u"repeated_result_status"_s).toArray(), QJsonArray{409});

    // Neither changed anything: the owner's session still runs, on its task, and the intruder's
    // session completed once.
    EXPECT_EQ(statusOf(owned), u"running"_s);
    EXPECT_EQ(session(own).value(u"metrics"_s).toObject().value(u"result"_s).toObject().value(u"task_id"_s).toString(),
              stats.value(u"completed"_s).toArray().first().toString());
    EXPECT_EQ(call("GET", u"/api/v1/agents/%1/diagnostics"_s.arg(intruder->id))
                  .json()
                  .value(u"performance"_s)
                  .toObject()
                  .value(u"tasks_succeeded"_s)
                  .toInt(),
              1);
    ASSERT_EQ(call("POST", u"/api/v1/sessions/%1/cancel"_s.arg(owned)).status, 200);
    ASSERT_TRUE(waitUntil([&] { return owner->stats().value(u"cancelled"_s).toArray().size() == 1; }));
}

TEST_F(Execution, AProcessAgentRunsACommandLineWithThePromptOnStdin)
{
    const HttpResult registered = call(
        "POST", u"/api/v1/agents"_s,
        QJsonObject{{u"name"_s, u"shell-runner"_s},
                    {u"kind"_s, u"process"_s},
                    {u"capabilities"_s, QJsonArray{u"testing"_s}},
                    {u"config"_s, QJsonObject{{u"command"_s, QJsonArray{u"sh"_s, u"-c"_s,
                                                                        u"read p; echo \"asked: $p\"; echo done"_s}},
                                              {u"working_directory"_s, dir.path()},
                                              {u"prompt_mode"_s, u"stdin"_s}}}});
    ASSERT_EQ(registered.status, 201) << registered.body.toStdString();
    const QString id = createSession(u"shell"_s, u"run the tests"_s,
                                     QJsonObject{{u"agent_id"_s, registered.json().value(u"id"_s).toString()}});
    ASSERT_TRUE(reaches(id, u"completed"_s)) << statusOf(id).toStdString();
    EXPECT_EQ(logLines(id), (QStringList{u"asked: run the tests"_s, u"done"_s}));
}

} // namespace
