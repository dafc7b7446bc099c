// The operator's side of the agents resource over a real socket: edit and maintenance, statistics,
// capability lookup, routing, performance reports, reset and token rotation.
#include "api/controllers/agentcontroller.h"

#include "apitest.h"
#include "domain/identifiers.h"
#include "support/fakerunner.h"
#include "support/gate.h"

#include <QDir>
#include <QJsonArray>

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

class AgentApi : public ApiTest
{
protected:
    void addRoutes(Api::Router &router) override { controller.addRoutes(router); }

    QString idOf(const Domain::Agent &agent) const { return Domain::idString(agent.id); }

    Api::AgentController controller{h.agents, h.scheduler};
};

TEST_F(AgentApi, DiagnosticsProbeTheAgentAndShowItsLoadAndRecentTasks)
{
    FakeRunner runner{Domain::AgentKind::Process};
    h.scheduler.addRunner(&runner);
    h.scheduler.start();
    const Domain::Agent agent = h.addAgent(u"runner"_s, Domain::CapabilitySet::fromNames({u"testing"_s}), 4);
    const Domain::Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return runner.dispatches.size() == 1; }));

    const HttpResult answer = call("GET", u"/api/v1/agents/%1/diagnostics"_s.arg(idOf(agent)));
    ASSERT_EQ(answer.status, 200) << answer.body.toStdString();
    const QJsonObject d = answer.json();
    EXPECT_EQ(d.value(u"agent_id"_s).toString(), idOf(agent));
    EXPECT_TRUE(d.value(u"health_probe"_s).toObject().value(u"ok"_s).toBool());
    EXPECT_DOUBLE_EQ(d.value(u"health_probe"_s).toObject().value(u"round_trip_ms"_s).toDouble(), 1.5);
    EXPECT_EQ(runner.probes, 1);
    EXPECT_EQ(d.value(u"load"_s).toObject().value(u"current_tasks"_s).toInt(), 1);
    EXPECT_EQ(d.value(u"load"_s).toObject().value(u"max_concurrent_tasks"_s).toInt(), 4);
    const QJsonArray recent = d.value(u"recent_tasks"_s).toArray();
    ASSERT_EQ(recent.size(), 1);
    EXPECT_EQ(recent.at(0).toObject().value(u"session_id"_s).toString(), Domain::idString(session.id()));
    EXPECT_EQ(recent.at(0).toObject().value(u"status"_s).toString(), u"accepted"_s);
    EXPECT_TRUE(d.value(u"performance"_s).isObject());
    EXPECT_EQ(call("GET", u"/api/v1/agents/%1/diagnostics"_s.arg(UnknownId)).status, 404);
    h.scheduler.stop();
}

QStringList namesOf(const QJsonArray &agents)
{
    QStringList names;
    for (const QJsonValue &agent : agents)
        names.append(agent.toObject().value(u"name"_s).toString());
    return names;
}

} // namespace

TEST_F(AgentApi, PatchEditsAnAgentAndTakesItOutOfServiceAndBack)
{
    const QString id = idOf(h.addAgent(u"builder"_s, {Domain::Capability::CodeGeneration}, 5));
    const HttpResult patched = call("PATCH", u"/api/v1/agents/"_s + id,
                                    QJsonObject{{u"capabilities"_s, QJsonArray{u"testing"_s, u"debugging"_s}},
                                                {u"max_concurrent_tasks"_s, 12},
                                                {u"agent_type"_s, u"reviewer"_s},
                                                {u"status"_s, u"maintenance"_s},
                                                {u"features"_s, QJsonArray{u"pause"_s}},
                                                {u"metadata"_s, QJsonObject{{u"team"_s, u"core"_s}}}});
    ASSERT_EQ(patched.status, 200) << patched.body.toStdString();
    const QJsonObject agent = patched.json();
    EXPECT_EQ(agent.value(u"capabilities"_s).toArray(), (QJsonArray{u"debugging"_s, u"testing"_s}));
    EXPECT_EQ(agent.value(u"max_concurrent_tasks"_s).toInt(), 12);
    EXPECT_EQ(agent.value(u"agent_type"_s).toString(), u"reviewer"_s);
    EXPECT_EQ(agent.value(u"status"_s).toString(), u"maintenance"_s);
    EXPECT_EQ(agent.value(u"metadata"_s).toObject().value(u"team"_s).toString(), u"core"_s);
    EXPECT_EQ(h.agents.agent(Domain::parseId(id).value())->status, Domain::AgentStatus::Maintenance);
    // In maintenance nothing is routed to it.
    const HttpResult unroutable
        = call("POST", u"/api/v1/agents/route"_s, QJsonObject{{u"required_capabilities"_s, QJsonArray{u"testing"_s}}});
    EXPECT_EQ(unroutable.status, 409);
    EXPECT_EQ(errorOf(unroutable), u"NO_CAPABLE_AGENT"_s);
    ASSERT_EQ(call("PATCH", u"/api/v1/agents/"_s + id, QJsonObject{{u"status"_s, u"online"_s}}).status, 200);
    EXPECT_EQ(
        call("POST", u"/api/v1/agents/route"_s, QJsonObject{{u"required_capabilities"_s, QJsonArray{u"testing"_s}}})
            .status,
        200);

    const HttpResult invalid = call("PATCH", u"/api/v1/agents/"_s + id,
                                    QJsonObject{{u"status"_s, u"offline"_s},
                                                {u"name"_s, u"renamed"_s},
                                                {u"capabilities"_s, QJsonArray{u"juggling"_s}},
                                                {u"max_concurrent_tasks"_s, 0},
                                                {u"features"_s, QJsonArray{u"teleport"_s}}});
    ASSERT_EQ(invalid.status, 422);
    EXPECT_EQ(fieldsOf(invalid),
              (QStringList{u"capabilities"_s, u"features"_s, u"max_concurrent_tasks"_s, u"name"_s, u"status"_s}));
    EXPECT_EQ(h.agents.agent(Domain::parseId(id).value())->maxConcurrentTasks, 12)
        << "a rejected patch changes nothing";
    EXPECT_EQ(call("PATCH", u"/api/v1/agents/"_s + UnknownId, QJsonObject{{u"status"_s, u"online"_s}}).status, 404);
    EXPECT_EQ(call("PATCH", u"/api/v1/agents/"_s + id, QByteArray("{")).status, 400);
}

TEST_F(AgentApi, AnOpenCodeAgentsSecretsAreMaskedAndAConfigSentBackAsShownKeepsThem)
{
    const HttpResult created = call(
        "POST", u"/api/v1/agents"_s,
        QJsonObject{{u"name"_s, u"opencode-1"_s},
                    {u"kind"_s, u"opencode"_s},
                    {u"capabilities"_s, QJsonArray{u"code_generation"_s}},
                    {u"config"_s, QJsonObject{{u"url"_s, u"http://127.0.0.1:4096"_s},
                                              {u"password"_s, u"server-secret"_s},
                                              {u"provider_id"_s, u"anthropic"_s},
                                              {u"model_id"_s, u"claude-sonnet-4-5"_s},
                                              {u"directory"_s, QDir::tempPath()},
                                              {u"env"_s, QJsonObject{{u"ANTHROPIC_API_KEY"_s, u"sk-secret"_s}}}}}});
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    EXPECT_FALSE(created.body.contains("server-secret"));
    EXPECT_FALSE(created.body.contains("sk-secret"));
    const QString id = created.json().value(u"id"_s).toString();
    QJsonObject shown = created.json().value(u"config"_s).toObject();
    EXPECT_EQ(shown.value(u"password"_s).toString(), u"********"_s);
    EXPECT_EQ(shown.value(u"env"_s).toObject().value(u"ANTHROPIC_API_KEY"_s).toString(), u"********"_s);

    // The config as shown, with another model: the secrets stay what they were.
    shown.insert(u"model_id"_s, u"claude-opus-4"_s);
    const HttpResult patched = call("PATCH", u"/api/v1/agents/"_s + id, QJsonObject{{u"config"_s, shown}});
    ASSERT_EQ(patched.status, 200) << patched.body.toStdString();
    const Domain::Agent stored = h.agents.agent(*Domain::parseId(id)).value();
    EXPECT_EQ(stored.config.value(u"model_id"_s).toString(), u"claude-opus-4"_s);
    EXPECT_EQ(stored.config.value(u"password"_s).toString(), u"server-secret"_s);
    EXPECT_EQ(stored.config.value(u"env"_s).toObject().value(u"ANTHROPIC_API_KEY"_s).toString(), u"sk-secret"_s);

    // A changed config follows the runner's rules.
    shown.remove(u"provider_id"_s);
    const HttpResult invalid = call("PATCH", u"/api/v1/agents/"_s + id, QJsonObject{{u"config"_s, shown}});
    EXPECT_EQ(invalid.status, 422);
    EXPECT_TRUE(invalid.body.contains("config.provider_id")) << invalid.body.toStdString();
}

TEST_F(AgentApi, StatsAndCapabilityLookupCountEveryAgent)
{
    h.addAgent(u"coder"_s, {Domain::Capability::CodeGeneration, Domain::Capability::Testing}, 4);
    h.addAgent(u"tester"_s, {Domain::Capability::Testing}, 2);
    const HttpResult stats = call("GET", u"/api/v1/agents/stats"_s);
    ASSERT_EQ(stats.status, 200);
    const QJsonObject figures = stats.json();
    EXPECT_EQ(figures.value(u"total"_s).toInt(), 2);
    EXPECT_EQ(figures.value(u"available"_s).toInt(), 2);
    EXPECT_EQ(figures.value(u"capacity"_s).toInt(), 6);
    EXPECT_EQ(figures.value(u"current_tasks"_s).toInt(), 0);
    EXPECT_EQ(figures.value(u"by_status"_s).toObject().value(u"online"_s).toInt(), 2);
    EXPECT_EQ(figures.value(u"by_status"_s).toObject().value(u"offline"_s).toInt(), 0);
    EXPECT_EQ(figures.value(u"by_tier"_s).toObject().value(u"competent"_s).toInt(), 2);

    const HttpResult testing = call("GET", u"/api/v1/agents/by-capability/testing"_s);
    ASSERT_EQ(testing.status, 200);
    EXPECT_EQ(namesOf(testing.json().value(u"items"_s).toArray()), (QStringList{u"coder"_s, u"tester"_s}));
    EXPECT_EQ(call("GET", u"/api/v1/agents/by-capability/code_generation"_s).json().value(u"total"_s).toInt(), 1);
    const HttpResult unknown = call("GET", u"/api/v1/agents/by-capability/juggling"_s);
    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(fieldsOf(unknown), QStringList{u"capability"_s});
}

TEST_F(AgentApi, RoutePicksTheBestCapableAgentWithAlternatives)
{
    h.addAgent(u"generalist"_s, {Domain::Capability::CodeGeneration, Domain::Capability::Testing}, 5);
    const Domain::Agent specialist
        = h.addAgent(u"specialist"_s, {Domain::Capability::CodeGeneration, Domain::Capability::Testing}, 5);
    const HttpResult routed = call("POST", u"/api/v1/agents/route"_s,
                                   QJsonObject{{u"required_capabilities"_s, QJsonArray{u"testing"_s}},
                                               {u"preferred_agent_ids"_s, QJsonArray{idOf(specialist)}}});
    ASSERT_EQ(routed.status, 200) << routed.body.toStdString();
    const QJsonObject decision = routed.json();
    EXPECT_EQ(decision.value(u"selected_agent"_s).toObject().value(u"name"_s).toString(), u"specialist"_s);
    EXPECT_GT(decision.value(u"routing_score"_s).toDouble(), 0.0);
    EXPECT_LE(decision.value(u"routing_score"_s).toDouble(), 1.0);
    const QJsonArray alternatives = decision.value(u"alternatives"_s).toArray();
    ASSERT_EQ(alternatives.size(), 1);
    EXPECT_EQ(alternatives[0].toObject().value(u"agent"_s).toObject().value(u"name"_s).toString(), u"generalist"_s);
    EXPECT_LT(alternatives[0].toObject().value(u"routing_score"_s).toDouble(),
              decision.value(u"routing_score"_s).toDouble());
    EXPECT_FALSE(decision.value(u"routing_reason"_s).toString().isEmpty());
    // Routing is a question, not a reservation.
    EXPECT_EQ(h.agents.agent(specialist.id)->currentTasks, 0);

    const HttpResult none = call("POST", u"/api/v1/agents/route"_s,
                                 QJsonObject{{u"required_capabilities"_s, QJsonArray{u"security_audit"_s}}});
    EXPECT_EQ(none.status, 409);
    EXPECT_EQ(errorOf(none), u"NO_CAPABLE_AGENT"_s);
    const HttpResult invalid = call("POST", u"/api/v1/agents/route"_s,
                                    QJsonObject{{u"required_capabilities"_s, QJsonArray{u"juggling"_s}},
                                                {u"min_performance_tier"_s, u"legendary"_s},
                                                {u"preferred_agent_ids"_s, QJsonArray{u"x"_s}},
                                                {u"match_all"_s, u"yes"_s}});
    ASSERT_EQ(invalid.status, 422);
    EXPECT_EQ(fieldsOf(invalid), (QStringList{u"match_all"_s, u"min_performance_tier"_s, u"preferred_agent_ids"_s,
                                              u"required_capabilities"_s}));
}

TEST_F(AgentApi, PerformanceReportsMoveTheTierAndResetClearsThem)
{
    const QString id = idOf(h.addAgent(u"steady"_s, {Domain::Capability::CodeGeneration}));
    const QJsonObject report{{u"task_success"_s, true},
                             {u"quality_score"_s, 0.95},
                             {u"execution_time_seconds"_s, 30.0},
                             {u"tokens_used"_s, 1000},
                             {u"cost_usd"_s, 0.25}};
    for (int i = 0; i < 5; ++i)
        ASSERT_EQ(call("POST", u"/api/v1/agents/%1/performance"_s.arg(id), report).status, 200);
    const HttpResult performance = call("GET", u"/api/v1/agents/%1/performance"_s.arg(id));
    ASSERT_EQ(performance.status, 200);
    EXPECT_EQ(performance.json().value(u"performance_tier"_s).toString(), u"elite"_s);
    const QJsonObject figures = performance.json().value(u"performance"_s).toObject();
    EXPECT_EQ(figures.value(u"tasks_total"_s).toInt(), 5);
    EXPECT_EQ(figures.value(u"total_tokens"_s).toInt(), 5000);
    EXPECT_DOUBLE_EQ(figures.value(u"total_cost_usd"_s).toDouble(), 1.25);
    EXPECT_DOUBLE_EQ(figures.value(u"avg_quality_score"_s).toDouble(), 0.95);

    const HttpResult invalid = call("POST", u"/api/v1/agents/%1/performance"_s.arg(id),
                                    QJsonObject{{u"quality_score"_s, 2.0}, {u"tokens_used"_s, -3}});
    ASSERT_EQ(invalid.status, 422);
    EXPECT_EQ(fieldsOf(invalid), (QStringList{u"quality_score"_s, u"task_success"_s, u"tokens_used"_s}));

    const HttpResult reset = call("POST", u"/api/v1/agents/%1/reset-metrics"_s.arg(id));
    ASSERT_EQ(reset.status, 200);
    EXPECT_EQ(reset.json().value(u"performance"_s).toObject().value(u"tasks_total"_s).toInt(), 0);
    EXPECT_EQ(reset.json().value(u"performance_tier"_s).toString(), u"competent"_s);
    EXPECT_EQ(call("GET", u"/api/v1/agents/%1/performance"_s.arg(UnknownId)).status, 404);
    EXPECT_EQ(call("POST", u"/api/v1/agents/%1/reset-metrics"_s.arg(UnknownId)).status, 404);
    EXPECT_EQ(call("POST", u"/api/v1/agents/%1/performance"_s.arg(UnknownId), report).status, 404);
}

TEST_F(AgentApi, OnlyExternalAgentsHaveATokenToRotate)
{
    const QString internal = idOf(h.addAgent(u"local"_s, {Domain::Capability::CodeGeneration}));
    const HttpResult refused = call("POST", u"/api/v1/agents/%1/rotate-token"_s.arg(internal));
    EXPECT_EQ(refused.status, 409);
    EXPECT_EQ(errorOf(refused), u"NOT_SUPPORTED"_s);

    Application::AgentRegistration registration;
    registration.name = u"remote"_s;
    registration.capabilities = {Domain::Capability::Testing};
    registration.endpointUrl = QUrl(u"http://127.0.0.1:9/agent"_s);
    const auto external = await(h.agents.registerExternal(registration));
    ASSERT_TRUE(external.ok());
    const HttpResult rotated
        = call("POST", u"/api/v1/agents/%1/rotate-token"_s.arg(Domain::idString(external->agent.id)));
    ASSERT_EQ(rotated.status, 200) << rotated.body.toStdString();
    const QString token = rotated.json().value(u"auth_token"_s).toString();
    EXPECT_FALSE(token.isEmpty());
    EXPECT_NE(token, external->authToken);
    EXPECT_TRUE(h.agents.authenticate(external->agent.id, token).ok());
    EXPECT_FALSE(h.agents.authenticate(external->agent.id, external->authToken).ok()) << "the old token is gone";
    EXPECT_EQ(call("POST", u"/api/v1/agents/%1/rotate-token"_s.arg(UnknownId)).status, 404);
}

TEST_F(AgentApi, EveryRouteNeedsTheToken)
{
    EXPECT_EQ(expectEveryRouteNeedsTheToken({{u"capability"_s, u"testing"_s}}), 13);
}
