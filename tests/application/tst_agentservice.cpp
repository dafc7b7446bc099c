#include "harness.h"

#include "application/secrets.h"
#include "domain/agentjson.h"
#include "domain/identifiers.h"

#include <QDir>
#include <QJsonDocument>

using namespace Orc;
using namespace Orc::Domain;
using namespace Orc::Application;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

AgentRegistration external(const QString &name)
{
    AgentRegistration r;
    r.name = name;
    r.agentType = AgentType::Reviewer;
    r.capabilities = {Capability::CodeReview};
    r.endpointUrl = QUrl(u"http://127.0.0.1:9000"_s);
    r.version = u"1.2.3"_s;
    return r;
}

} // namespace

TEST(AgentService, ExternalRegistrationReturnsSecretsOnceAndStoresOnlyAHash)
{
    Harness h;
    auto registered = await(h.agents.registerExternal(external(u"reviewer-1"_s)));
    ASSERT_TRUE(registered.ok()) << registered.error().message.toStdString();
    EXPECT_TRUE(registered->authToken.startsWith(u"orc_agent_"_s));
    EXPECT_GE(registered->authToken.size(), 50);
    EXPECT_NE(registered->authToken, registered->dispatchSecret);

    const auto stored = await(h.store.agents()).value();
    ASSERT_EQ(stored.size(), 1);
    EXPECT_EQ(stored[0].authTokenHash, Secrets::hashToken(registered->authToken));
    const QByteArray json = QJsonDocument(toJson(stored[0])).toJson();
    EXPECT_FALSE(json.contains(registered->authToken.toUtf8())) << "the token never appears in the agent object";
    EXPECT_FALSE(json.contains(registered->dispatchSecret.toUtf8()));
    EXPECT_FALSE(QJsonDocument(h.published[0].payload).toJson().contains(registered->authToken.toUtf8()));
    EXPECT_EQ(h.published[0].type, EventType::AgentRegistered);

    EXPECT_TRUE(h.agents.authenticate(registered->agent.id, registered->authToken).ok());
    EXPECT_EQ(h.agents.authenticate(registered->agent.id, u"orc_agent_wrong"_s).error().code, ErrorCode::Unauthorized);
    EXPECT_EQ(h.agents.authenticate(newId(), registered->authToken).error().code, ErrorCode::NotFound)
        << "unknown agent first, then the token";
}

TEST(AgentService, RegistrationRulesAndDuplicateNames)
{
    Harness h;
    AgentRegistration bad = external(u"x"_s);
    bad.maxConcurrentTasks = 0;
    bad.endpointUrl = QUrl(u"ftp://host"_s);
    bad.features = {u"teleport"_s};
    auto invalid = await(h.agents.registerExternal(bad));
    ASSERT_FALSE(invalid.ok());
    EXPECT_EQ(invalid.error().code, ErrorCode::ValidationError);
    EXPECT_EQ(invalid.error().details.size(), 4);

    ASSERT_TRUE(await(h.agents.registerExternal(external(u"same-name"_s))).ok());
    auto duplicate = await(h.agents.registerExternal(external(u"same-name"_s)));
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().code, ErrorCode::Conflict);
    EXPECT_EQ(h.agents.registry().size(), 1);

    AgentRegistration internal = external(u"internal-as-external"_s);
    internal.kind = AgentKind::External;
    EXPECT_EQ(await(h.agents.registerInternal(internal)).error().code, ErrorCode::ValidationError);
}

TEST(AgentService, AnOpenCodeAgentNeedsAServerAModelAndAnExistingDirectory)
{
    const QJsonObject good{{u"url"_s, u"http://127.0.0.1:4096"_s},
                           {u"provider_id"_s, u"anthropic"_s},
                           {u"model_id"_s, u"claude-sonnet-4-5"_s},
                           {u"directory"_s, QDir::tempPath()}};
    EXPECT_TRUE(validateOpenCodeConfig(good).isEmpty());
    QJsonObject withAll = good;
    withAll.insert(u"password"_s, u"s3cret"_s);
    withAll.insert(u"agent"_s, u"build"_s);
    withAll.insert(u"permission"_s, u"ask"_s);
    withAll.insert(u"max_provider_retries"_s, 2);
    withAll.insert(u"env"_s, QJsonObject{{u"ANTHROPIC_API_KEY"_s, u"k"_s}});
    EXPECT_TRUE(validateOpenCodeConfig(withAll).isEmpty());

    auto fields = [](const QJsonObject &config) {
        QStringList names;
        for (const FieldError &e : validateOpenCodeConfig(config))
            names.append(e.field);
        return names;
    };
    EXPECT_EQ(fields(QJsonObject{}),
              (QStringList{u"config.url"_s, u"config.provider_id"_s, u"config.model_id"_s, u"config.directory"_s}));
    QJsonObject bad = good;
    bad.insert(u"url"_s, u"ws://host"_s);
    bad.insert(u"binary"_s, u"/no/such/opencode"_s);
    bad.insert(u"directory"_s, u"relative"_s);
    bad.insert(u"permission"_s, u"maybe"_s);
    bad.insert(u"max_provider_retries"_s, 1.5);
    bad.insert(u"env"_s, QJsonObject{{u"X"_s, 1}});
    bad.insert(u"password"_s, 7);
    EXPECT_EQ(fields(bad),
              (QStringList{u"config.url"_s, u"config.binary"_s, u"config.directory"_s, u"config.password"_s,
                           u"config.env"_s, u"config.permission"_s, u"config.max_provider_retries"_s}));
    QJsonObject supervised = good;
    supervised.remove(u"url"_s);
    supervised.insert(u"binary"_s, u"sh"_s); // any executable on PATH names a program
    EXPECT_TRUE(validateOpenCodeConfig(supervised).isEmpty());

    Harness h;
    AgentRegistration r;
    r.name = u"opencode-1"_s;
    r.kind = AgentKind::Opencode;
    r.capabilities = {Capability::CodeGeneration};
    r.config = withAll;
    auto registered = await(h.agents.registerInternal(r));
    ASSERT_TRUE(registered.ok()) << registered.error().message.toStdString();
    EXPECT_FALSE(registered->supports(u"pause"_s)) << "an OpenCode turn cannot be paused";
    EXPECT_EQ(toJson(registered.value()).value(u"config"_s).toObject().value(u"password"_s).toString(), u"********"_s);
    r.name = u"opencode-2"_s;
    r.config = QJsonObject{};
    EXPECT_EQ(await(h.agents.registerInternal(r)).error().code, ErrorCode::ValidationError);
}

TEST(AgentService, HeartbeatsUpdateStatusAndLoadButNotMaintenance)
{
    Harness h;
    const Agent agent = await(h.agents.registerExternal(external(u"beating"_s)))->agent;
    h.clock.advance(5000);
    auto busy = await(h.agents.heartbeat(agent.id, Heartbeat{HeartbeatStatus::Busy, 0.5, 3, {}}));
    ASSERT_TRUE(busy.ok());
    EXPECT_EQ(busy->status, AgentStatus::Busy);
    EXPECT_DOUBLE_EQ(busy->reportedLoad, 0.5);
    EXPECT_EQ(busy->lastHeartbeatAt, h.clock.now());
    EXPECT_FALSE(busy->acceptsWork());
    EXPECT_EQ(h.published.last().type, EventType::AgentHeartbeat);

    EXPECT_EQ(await(h.agents.heartbeat(agent.id, {HeartbeatStatus::Degraded, 0.1, 0, {}}))->status,
              AgentStatus::Degraded);
    EXPECT_EQ(await(h.agents.heartbeat(agent.id, {HeartbeatStatus::Offline, 0.1, 0, {}}))->status,
              AgentStatus::Offline);
    EXPECT_EQ(await(h.agents.heartbeat(agent.id, {HeartbeatStatus::Healthy, 0.1, 0, {}}))->status, AgentStatus::Online);
    EXPECT_EQ(await(h.agents.heartbeat(agent.id, {HeartbeatStatus::Healthy, 1.5, 0, {}})).error().code,
              ErrorCode::ValidationError);
    EXPECT_EQ(await(h.agents.heartbeat(newId(), {})).error().code, ErrorCode::NotFound);

    ASSERT_TRUE(await(h.agents.update(agent.id, [](Agent &a) -> Status {
                    a.status = AgentStatus::Maintenance;
                    return {};
                })).ok());
    EXPECT_EQ(await(h.agents.heartbeat(agent.id, {HeartbeatStatus::Healthy, 0.1, 0, {}}))->status,
              AgentStatus::Maintenance);
}

TEST(AgentService, OutcomesMoveTheTierAndTheTierMovesRouting)
{
    Harness h;
    const Agent weak = h.addAgent(u"weak"_s, {Capability::Testing});
    const Agent strong = h.addAgent(u"strong"_s, {Capability::Testing});
    RoutingRequest request;
    request.required = {Capability::Testing};
    EXPECT_EQ(h.agents.route(request)->selected.agentId, weak.id) << "equal: earlier registration";
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(await(h.agents.recordOutcome(weak.id, {OutcomeStatus::Failed, 0.2, 10.0, 100, 0.01})).ok());
        ASSERT_TRUE(await(h.agents.recordOutcome(strong.id, {OutcomeStatus::Completed, 0.95, 10.0, 100, 0.01})).ok());
    }
    EXPECT_EQ(h.agents.agent(weak.id)->tier(), PerformanceTier::Degraded);
    EXPECT_EQ(h.agents.agent(strong.id)->tier(), PerformanceTier::Elite);
    EXPECT_EQ(h.published.last().payload.value(u"performance_tier"_s).toString(), u"elite"_s);
    EXPECT_EQ(h.agents.route(request)->selected.agentId, strong.id);
    ASSERT_TRUE(await(h.agents.resetMetrics(strong.id)).ok());
    EXPECT_EQ(h.agents.agent(strong.id)->tier(), PerformanceTier::Competent);
}

TEST(AgentService, RotatingTheTokenRetiresTheOldOne)
{
    Harness h;
    const auto registered = await(h.agents.registerExternal(external(u"rotating"_s))).value();
    auto rotated = await(h.agents.rotateToken(registered.agent.id));
    ASSERT_TRUE(rotated.ok());
    EXPECT_EQ(h.agents.authenticate(registered.agent.id, registered.authToken).error().code, ErrorCode::Unauthorized);
    EXPECT_TRUE(h.agents.authenticate(registered.agent.id, rotated.value()).ok());
    const Agent internal = h.addAgent(u"runner"_s, {Capability::Testing});
    EXPECT_EQ(await(h.agents.rotateToken(internal.id)).error().code, ErrorCode::NotSupported);
}

TEST(AgentService, DeregisteredAgentsAreGoneFromRoutingAndStorage)
{
    Harness h;
    const Agent agent = h.addAgent(u"leaving"_s, {Capability::Testing});
    ASSERT_TRUE(await(h.agents.deregister(agent.id)).ok());
    EXPECT_FALSE(h.agents.agent(agent.id).has_value());
    EXPECT_TRUE(await(h.store.agents())->isEmpty());
    EXPECT_EQ(h.published.last().type, EventType::AgentDeregistered);
    EXPECT_EQ(await(h.agents.deregister(agent.id)).error().code, ErrorCode::NotFound);
}

TEST(AgentService, TheRegistryIsRebuiltFromStorage)
{
    Harness h;
    const Agent a = h.addAgent(u"first"_s, {Capability::Testing});
    h.clock.advance(10);
    const Agent b = h.addAgent(u"second"_s, {Capability::Testing});
    AgentService restarted(h.clock, h.store, h.store);
    ASSERT_TRUE(await(restarted.load()).ok());
    ASSERT_EQ(restarted.registry().size(), 2);
    EXPECT_EQ(restarted.registry().agents()[0]->id, a.id);
    EXPECT_EQ(restarted.registry().agents()[1]->id, b.id);
}

TEST(AgentService, RenamesKeepNamesUniqueAndStatsCount)
{
    Harness h;
    const Agent a = h.addAgent(u"alpha"_s, {Capability::Testing}, 4);
    h.addAgent(u"beta"_s, {Capability::Testing}, 6);
    auto clash = await(h.agents.update(a.id, [](Agent &x) -> Status {
        x.name = u"beta"_s;
        return {};
    }));
    EXPECT_EQ(clash.error().code, ErrorCode::Conflict);
    auto invalid = await(h.agents.update(a.id, [](Agent &x) -> Status {
        x.maxConcurrentTasks = 99;
        return {};
    }));
    EXPECT_EQ(invalid.error().code, ErrorCode::ValidationError);
    const AgentStats stats = h.agents.stats();
    EXPECT_EQ(stats.total, 2);
    EXPECT_EQ(stats.capacity, 10);
    EXPECT_EQ(stats.byStatus.value(AgentStatus::Online), 2);
    AgentFilter filter;
    filter.capability = Capability::Testing;
    EXPECT_EQ(h.agents.list(filter).size(), 2);
    filter.capability = Capability::Deployment;
    EXPECT_TRUE(h.agents.list(filter).isEmpty());
}
