// The agent-facing External Agent Protocol endpoints over a real socket: registration with the API
// token (or open registration), heartbeats, and task progress and results with the agent's own token.
#include "api/controllers/eapcontroller.h"

#include "apitest.h"
#include "domain/identifiers.h"
#include "support/fakerunner.h"
#include "support/gate.h"

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

class EapApi : public ApiTest
{
protected:
    void addRoutes(Api::Router &router) override
    {
        controller.setApiToken(QString::fromLatin1(ApiToken));
        controller.addRoutes(router);
    }

    void SetUp() override
    {
        ApiTest::SetUp();
        h.scheduler.addRunner(&runner);
        h.scheduler.start();
    }

    HttpResult report(const QString &agentId, const QByteArray &token, const QUuid &taskId, const QString &what,
                      const QJsonObject &body)
    {
        return client.send(
            "POST", url(u"/api/v1/agents/external/%1/tasks/%2/%3"_s.arg(agentId, Domain::idString(taskId), what)),
            QJsonDocument(body).toJson(QJsonDocument::Compact), {{"X-Agent-Token", token}});
    }

    FakeRunner runner{Domain::AgentKind::External};

    static QJsonObject registration(const QString &name)
    {
        return {{u"protocol_version"_s, u"1.0"_s},
                {u"name"_s, name},
                {u"version"_s, u"2.1.0"_s},
                {u"agent_type"_s, u"implementer"_s},
                {u"capabilities"_s, QJsonArray{u"code_generation"_s, u"testing"_s}},
                {u"endpoint_url"_s, u"http://127.0.0.1:9/agent"_s},
                {u"max_concurrent_tasks"_s, 3},
                {u"metadata"_s, QJsonObject{{u"language"_s, u"python"_s}}}};
    }

    // Registers without the API token's header unless `withToken`.
    HttpResult registerAgent(const QJsonObject &body, bool withToken = true)
    {
        const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
        if (withToken)
            return call("POST", u"/api/v1/agents/external/register"_s, bytes);
        return client.send("POST", url(u"/api/v1/agents/external/register"_s), bytes);
    }

    HttpResult heartbeat(const QString &id, const QByteArray &token, const QJsonObject &body)
    {
        return client.send("POST", url(u"/api/v1/agents/external/%1/heartbeat"_s.arg(id)),
                           QJsonDocument(body).toJson(QJsonDocument::Compact), {{"X-Agent-Token", token}});
    }

    Api::EapController controller{h.agents, h.scheduler};
};

} // namespace

TEST_F(EapApi, AnAgentRegistersOnceWithTheApiTokenAndGetsItsSecretsOnce)
{
    const HttpResult registered = registerAgent(registration(u"py-agent"_s));
    ASSERT_EQ(registered.status, 201) << registered.body.toStdString();
    const QJsonObject answer = registered.json();
    const QString id = answer.value(u"agent_id"_s).toString();
    ASSERT_TRUE(Domain::parseId(id));
    EXPECT_EQ(answer.value(u"status"_s).toString(), u"registered"_s);
    EXPECT_EQ(answer.value(u"heartbeat_interval_seconds"_s).toInt(), 30);
    const QString token = answer.value(u"auth_token"_s).toString();
    EXPECT_FALSE(token.isEmpty());
    EXPECT_FALSE(answer.value(u"dispatch_secret"_s).toString().isEmpty());
    EXPECT_EQ(registered.header("Location"), QString(u"/api/v1/agents/"_s + id).toUtf8());

    const auto agent = h.agents.agent(*Domain::parseId(id));
    ASSERT_TRUE(agent.has_value());
    EXPECT_EQ(agent->kind, Domain::AgentKind::External);
    EXPECT_EQ(agent->maxConcurrentTasks, 3);
    EXPECT_EQ(agent->endpointUrl, QUrl(u"http://127.0.0.1:9/agent"_s));
    EXPECT_NE(agent->authTokenHash, token.toUtf8()) << "only a hash of the token is kept";
    EXPECT_TRUE(h.agents.authenticate(agent->id, token).ok());

    const HttpResult duplicate = registerAgent(registration(u"py-agent"_s));
    EXPECT_EQ(duplicate.status, 409) << duplicate.body.toStdString();
}

TEST_F(EapApi, RegistrationNeedsTheApiTokenUnlessOpen)
{
    const HttpResult missing = registerAgent(registration(u"anonymous"_s), false);
    EXPECT_EQ(missing.status, 401);
    EXPECT_TRUE(missing.header("WWW-Authenticate").startsWith("Bearer"));
    EXPECT_EQ(errorOf(missing), u"UNAUTHORIZED"_s);
    const HttpResult wrong
        = client.send("POST", url(u"/api/v1/agents/external/register"_s),
                      QJsonDocument(registration(u"anonymous"_s)).toJson(), {{"Authorization", "Bearer nope"}});
    EXPECT_EQ(wrong.status, 401);
    EXPECT_TRUE(h.agents.list().isEmpty());

    controller.setOpenRegistration(true);
    EXPECT_EQ(registerAgent(registration(u"anonymous"_s), false).status, 201);
}

TEST_F(EapApi, BadRegistrationsListEveryInvalidField)
{
    QJsonObject body = registration(u"x"_s); // too short a name
    body.remove(u"endpoint_url"_s);
    body.insert(u"protocol_version"_s, u"2.0"_s);
    body.insert(u"capabilities"_s, QJsonArray{u"juggling"_s});
    body.insert(u"max_concurrent_tasks"_s, 99);
    const HttpResult invalid = registerAgent(body);
    ASSERT_EQ(invalid.status, 422) << invalid.body.toStdString();
    EXPECT_EQ(fieldsOf(invalid), (QStringList{u"capabilities"_s, u"endpoint_url"_s, u"max_concurrent_tasks"_s,
                                              u"name"_s, u"protocol_version"_s}));
    body = registration(u"ftp-agent"_s);
    body.insert(u"endpoint_url"_s, u"ftp://127.0.0.1/agent"_s);
    EXPECT_EQ(fieldsOf(registerAgent(body)), QStringList{u"endpoint_url"_s});
    EXPECT_EQ(call("POST", u"/api/v1/agents/external/register"_s, QByteArray("{\"name\":")).status, 400);
    EXPECT_TRUE(h.agents.list().isEmpty());
}

TEST_F(EapApi, HeartbeatsCheckTheAgentThenItsTokenAndMoveItsStatus)
{
    const QJsonObject answer = registerAgent(registration(u"beating"_s)).json();
    const QString id = answer.value(u"agent_id"_s).toString();
    const QByteArray token = answer.value(u"auth_token"_s).toString().toUtf8();
    const QJsonObject busy{{u"status"_s, u"busy"_s},
                           {u"current_load"_s, 0.5},
                           {u"tasks_in_progress"_s, 2},
                           {u"metrics"_s, QJsonObject{{u"cpu"_s, 0.3}}},
                           {u"timestamp"_s, u"2026-12-01T12:00:00Z"_s}};

    const HttpResult unknown = heartbeat(UnknownId, token, busy);
    EXPECT_EQ(unknown.status, 404) << "the agent first, then the token";
    EXPECT_EQ(heartbeat(id, "orc_agent_wrong", busy).status, 401);
    EXPECT_EQ(heartbeat(id, {}, busy).status, 401);

    const HttpResult accepted = heartbeat(id, token, busy);
    EXPECT_EQ(accepted.status, 204) << accepted.body.toStdString();
    const auto agent = h.agents.agent(*Domain::parseId(id));
    EXPECT_EQ(agent->status, Domain::AgentStatus::Busy);
    EXPECT_DOUBLE_EQ(agent->reportedLoad, 0.5);
    EXPECT_EQ(agent->reportedTasksInProgress, 2);

    const HttpResult invalid = heartbeat(id, token, QJsonObject{{u"status"_s, u"sleepy"_s}, {u"current_load"_s, 2.0}});
    EXPECT_EQ(invalid.status, 422);
    EXPECT_EQ(fieldsOf(invalid), (QStringList{u"current_load"_s, u"status"_s}));
    EXPECT_EQ(h.agents.agent(agent->id)->status, Domain::AgentStatus::Busy) << "a refused heartbeat changes nothing";
}

TEST_F(EapApi, AnAgentReportsProgressAndOneResultForItsOwnTasksOnly)
{
    const QJsonObject first = registerAgent(registration(u"first"_s)).json();
    const QJsonObject second = registerAgent(registration(u"second"_s)).json();
    const QString firstId = first.value(u"agent_id"_s).toString();
    const QByteArray firstToken = first.value(u"auth_token"_s).toString().toUtf8();
    const QString secondId = second.value(u"agent_id"_s).toString();
    const QByteArray secondToken = second.value(u"auth_token"_s).toString().toUtf8();
    const Domain::Session session = h.addSession(u"Work"_s, QJsonObject{{u"agent_id"_s, firstId}});
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return runner.dispatches.size() == 1; }));
    const QUuid taskId = runner.dispatches.constFirst().request.taskId;

    const QJsonObject progress{{u"progress"_s, 0.5},
                               {u"message"_s, u"half way"_s},
                               {u"log"_s, QJsonArray{u"compiling"_s}},
                               {u"checkpoint"_s, QJsonObject{{u"step"_s, 3}}}};
    EXPECT_EQ(report(firstId, firstToken, taskId, u"progress"_s, progress).status, 204);
    const auto checkpoints = await(h.sessions.checkpoints(session.id()));
    ASSERT_EQ(checkpoints->size(), 1);
    EXPECT_EQ(checkpoints->constFirst().data.value(u"step"_s).toInt(), 3);

    // Bad input, wrong agent, wrong token, unknown task: each its own answer, nothing changed.
    const HttpResult bad = report(firstId, firstToken, taskId, u"progress"_s,
                                  QJsonObject{{u"progress"_s, 2}, {u"log"_s, u"not a list"_s}});
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(fieldsOf(bad), (QStringList{u"log"_s, u"progress"_s}));
    const QJsonObject done{
        {u"task_id"_s, Domain::idString(taskId)},
        {u"status"_s, u"completed"_s},
        {u"output_data"_s, QJsonObject{{u"files_changed"_s, 2}}},
        {u"artifacts"_s, QJsonArray{QJsonObject{{u"path"_s, u"src/main.cpp"_s}, {u"content"_s, u"int main() {}"_s}}}},
        {u"execution_time_ms"_s, 4200},
        {u"tokens_used"_s, 900},
        {u"cost_usd"_s, 0.02},
        {u"quality_score"_s, 0.8}};
    const HttpResult foreign = report(secondId, secondToken, taskId, u"result"_s, done);
    EXPECT_EQ(foreign.status, 403);
    EXPECT_EQ(errorOf(foreign), u"FORBIDDEN"_s);
    EXPECT_EQ(report(firstId, secondToken, taskId, u"result"_s, done).status, 401);
    EXPECT_EQ(report(UnknownId, firstToken, taskId, u"result"_s, done).status, 404);
    QJsonObject anonymous = done;
    anonymous.remove(u"task_id"_s); // the path names the task; the body may repeat it
    EXPECT_EQ(report(firstId, firstToken, Domain::newId(), u"result"_s, anonymous).status, 404);
    EXPECT_EQ(report(firstId, firstToken, taskId, u"result"_s, QJsonObject{{u"status"_s, u"won"_s}}).status, 422);
    QJsonObject mismatched = done;
    mismatched.insert(u"task_id"_s, Domain::idString(Domain::newId()));
    EXPECT_EQ(fieldsOf(report(firstId, firstToken, taskId, u"result"_s, mismatched)), QStringList{u"task_id"_s});
    const HttpResult malformed = client.send(
        "POST", url(u"/api/v1/agents/external/%1/tasks/%2/result"_s.arg(firstId, Domain::idString(taskId))),
        "{not json", {{"X-Agent-Token", firstToken}});
    EXPECT_EQ(malformed.status, 400);
    EXPECT_EQ(await(h.sessions.get(session.id()))->status(), Domain::SessionStatus::Running);

    EXPECT_EQ(report(firstId, firstToken, taskId, u"result"_s, done).status, 204);
    const Domain::Session completed = await(h.sessions.get(session.id())).value();
    EXPECT_EQ(completed.status(), Domain::SessionStatus::Completed);
    EXPECT_EQ(completed.metrics().totalTokensUsed, 900);
    EXPECT_EQ(h.agents.agent(*Domain::parseId(firstId))->performance.tasksSucceeded, 1);
    const HttpResult again = report(firstId, firstToken, taskId, u"result"_s, done);
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(errorOf(again), u"CONFLICT"_s);
    EXPECT_EQ(report(firstId, firstToken, taskId, u"progress"_s, progress).status, 409);
}
