// The agent-facing External Agent Protocol endpoints over a real socket: registration with the API
// token (or open registration) and heartbeats with the agent's own token.
#include "api/controllers/eapcontroller.h"

#include "apitest.h"
#include "domain/identifiers.h"

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
