#include "domain/agentregistry.h"
#include "domain/identifiers.h"
#include "domain/routing.h"
#include "support/agentfixtures.h"
#include "support/qtprinters.h"

#include <QRandomGenerator>

#include <algorithm>

#include <gtest/gtest.h>

using namespace Orc::Domain;
using namespace Qt::StringLiterals;

namespace {

int counter = 0;

Agent makeAgent(CapabilitySet capabilities, int current = 0, int max = 10)
{
    Agent agent;
    agent.id = newId();
    agent.name = u"agent-%1"_s.arg(++counter);
    agent.capabilities = capabilities;
    agent.currentTasks = current;
    agent.maxConcurrentTasks = max;
    return agent;
}

void setTier(Agent &agent, PerformanceTier tier)
{
    Orc::Testing::setTier(agent, tier);
    ASSERT_EQ(agent.tier(), tier);
}

const CapabilitySet CodeAndTests{Capability::CodeGeneration, Capability::Testing};

RoutingRequest requestFor(CapabilitySet required)
{
    RoutingRequest request;
    request.required = required;
    return request;
}

} // namespace

// Baseline: competent (0.6 * 0.4) + all capabilities 0.3 + idle (1.0 * 0.2) + available 0.1 = 0.84
TEST(RoutingScore, BaselineOfACompetentIdleAvailableAgent)
{
    EXPECT_NEAR(routingScore(makeAgent(CodeAndTests), requestFor(CodeAndTests)), 0.84, 1e-12);
}

TEST(RoutingScore, TierWeighsPointFour)
{
    const RoutingRequest request = requestFor(CodeAndTests);
    const std::pair<PerformanceTier, double> expected[] = {{PerformanceTier::Elite, 1.0},
                                                           {PerformanceTier::Advanced, 0.92},
                                                           {PerformanceTier::Competent, 0.84},
                                                           {PerformanceTier::Trainee, 0.76},
                                                           // degraded tier is also not available
                                                           {PerformanceTier::Degraded, 0.5}};
    for (const auto &[tier, score] : expected) {
        Agent agent = makeAgent(CodeAndTests);
        setTier(agent, tier);
        EXPECT_NEAR(routingScore(agent, request), score, 1e-12) << tierName(tier).toStdString();
    }
}

TEST(RoutingScore, CapabilityShareWeighsPointThree)
{
    RoutingRequest request = requestFor(CodeAndTests);
    request.matchAll = false;
    const Agent half = makeAgent({Capability::CodeGeneration});
    EXPECT_NEAR(routingScore(half, request), 0.24 + 0.15 + 0.2 + 0.1, 1e-12);
    RoutingRequest none = requestFor({});
    EXPECT_NEAR(routingScore(half, none), 0.84, 1e-12) << "no requirement counts as a full match";
}

TEST(RoutingScore, LoadWeighsPointTwo)
{
    const RoutingRequest request = requestFor(CodeAndTests);
    EXPECT_NEAR(routingScore(makeAgent(CodeAndTests, 5, 10), request), 0.24 + 0.3 + 0.16 + 0.1, 1e-12);  // optimal
    EXPECT_NEAR(routingScore(makeAgent(CodeAndTests, 8, 10), request), 0.24 + 0.3 + 0.10 + 0.1, 1e-12);  // high
    EXPECT_NEAR(routingScore(makeAgent(CodeAndTests, 19, 20), request), 0.24 + 0.3 + 0.04 + 0.1, 1e-12); // critical
    // overloaded is also not available
    EXPECT_NEAR(routingScore(makeAgent(CodeAndTests, 10, 10), request), 0.24 + 0.3, 1e-12);
}

TEST(RoutingScore, AvailabilityWeighsPointOne)
{
    Agent agent = makeAgent(CodeAndTests);
    agent.status = AgentStatus::Degraded;
    EXPECT_NEAR(routingScore(agent, requestFor(CodeAndTests)), 0.74, 1e-12);
}

TEST(RoutingScore, PreferredAgentAddsPointTwoAndPreferredTypePointThree)
{
    Agent agent = makeAgent(CodeAndTests, 8, 10); // competent, high load: 0.74
    setTier(agent, PerformanceTier::Trainee);     // 0.16 + 0.3 + 0.1 + 0.1 = 0.66
    agent.agentType = AgentType::Reviewer;
    RoutingRequest request = requestFor(CodeAndTests);
    EXPECT_NEAR(routingScore(agent, request), 0.66, 1e-12);
    request.preferredAgentIds = {agent.id};
    EXPECT_NEAR(routingScore(agent, request), 0.86, 1e-12);
    request.preferredAgentIds.clear();
    request.preferredType = AgentType::Reviewer;
    EXPECT_NEAR(routingScore(agent, request), 0.96, 1e-12);
    request.preferredType = AgentType::Architect;
    EXPECT_NEAR(routingScore(agent, request), 0.66, 1e-12);
}

TEST(RoutingScore, IsCappedAtOne)
{
    Agent agent = makeAgent(CodeAndTests);
    setTier(agent, PerformanceTier::Elite);
    RoutingRequest request = requestFor(CodeAndTests);
    request.preferredAgentIds = {agent.id};
    request.preferredType = agent.agentType;
    EXPECT_DOUBLE_EQ(routingScore(agent, request), 1.0);
}

TEST(Routing, TiesBreakByLowerUtilisationThenEarlierRegistration)
{
    AgentRegistry registry;
    Agent first = makeAgent(CodeAndTests, 2, 10); // 0.2, idle
    Agent second = makeAgent(CodeAndTests, 1, 5); // 0.2, idle, registered later
    Agent third = makeAgent(CodeAndTests, 1, 10); // 0.1, idle, registered last
    ASSERT_TRUE(registry.upsert(first));
    ASSERT_TRUE(registry.upsert(second));
    ASSERT_TRUE(registry.upsert(third));
    const auto decision = registry.route(requestFor(CodeAndTests));
    ASSERT_TRUE(decision);
    EXPECT_EQ(decision->selected.agentId, third.id) << "lowest utilisation";
    ASSERT_EQ(decision->alternatives.size(), 2);
    EXPECT_EQ(decision->alternatives[0].agentId, first.id) << "equal utilisation: earlier registration";
    EXPECT_EQ(decision->alternatives[1].agentId, second.id);
}

TEST(Routing, HigherScoreBeatsLowerUtilisation)
{
    AgentRegistry registry;
    Agent busyElite = makeAgent(CodeAndTests, 2, 10);
    setTier(busyElite, PerformanceTier::Elite);
    Agent idleTrainee = makeAgent(CodeAndTests, 0, 10);
    setTier(idleTrainee, PerformanceTier::Trainee);
    registry.upsert(idleTrainee);
    registry.upsert(busyElite);
    EXPECT_EQ(registry.route(requestFor(CodeAndTests))->selected.agentId, busyElite.id);
}

TEST(Routing, CandidatesMustHoldEveryCapabilityUnlessMatchAllIsOff)
{
    AgentRegistry registry;
    Agent partial = makeAgent({Capability::CodeGeneration});
    setTier(partial, PerformanceTier::Elite);
    Agent full = makeAgent(CodeAndTests);
    setTier(full, PerformanceTier::Trainee);
    registry.upsert(partial);
    registry.upsert(full);
    RoutingRequest request = requestFor(CodeAndTests);
    auto decision = registry.route(request);
    EXPECT_EQ(decision->selected.agentId, full.id);
    EXPECT_TRUE(decision->alternatives.isEmpty());

    request.matchAll = false; // partial: 0.4 + 0.15 + 0.2 + 0.1 = 0.85 > full: 0.76
    decision = registry.route(request);
    EXPECT_EQ(decision->selected.agentId, partial.id);
    EXPECT_NEAR(decision->selected.score, 0.85, 1e-12);
    ASSERT_EQ(decision->alternatives.size(), 1);
    EXPECT_EQ(decision->alternatives[0].agentId, full.id);
}

TEST(Routing, MinimumTierFiltersAndUnroutableAgentsAreSkipped)
{
    AgentRegistry registry;
    Agent trainee = makeAgent(CodeAndTests);
    setTier(trainee, PerformanceTier::Trainee);
    Agent offline = makeAgent(CodeAndTests);
    offline.status = AgentStatus::Offline;
    Agent maintenance = makeAgent(CodeAndTests);
    maintenance.status = AgentStatus::Maintenance;
    registry.upsert(trainee);
    registry.upsert(offline);
    registry.upsert(maintenance);
    RoutingRequest request = requestFor(CodeAndTests);
    EXPECT_EQ(registry.route(request)->selected.agentId, trainee.id);
    request.minTier = PerformanceTier::Competent;
    EXPECT_FALSE(registry.route(request).has_value());
}

TEST(Routing, AnswersWithUpToThreeAlternativesAndAReason)
{
    AgentRegistry registry;
    QList<Agent> agents;
    for (int i = 0; i < 6; ++i) {
        agents.append(makeAgent(CodeAndTests, i, 10));
        registry.upsert(agents.last());
    }
    const auto decision = registry.route(requestFor(CodeAndTests));
    ASSERT_TRUE(decision);
    EXPECT_EQ(decision->selected.agentId, agents[0].id);
    ASSERT_EQ(decision->alternatives.size(), 3);
    EXPECT_EQ(decision->alternatives[0].agentId, agents[1].id);
    EXPECT_EQ(decision->alternatives[1].agentId, agents[2].id);
    EXPECT_EQ(decision->alternatives[2].agentId, agents[3].id);
    EXPECT_TRUE(decision->reason.contains(agents[0].name));
    EXPECT_TRUE(decision->reason.contains(u"2/2 required capabilities"_s));
}

TEST(Routing, PreferredAgentsOutrankTheirStreamedCopies)
{
    AgentRegistry registry;
    Agent a = makeAgent(CodeAndTests, 0, 10);
    Agent b = makeAgent(CodeAndTests, 5, 10);
    registry.upsert(a);
    registry.upsert(b);
    RoutingRequest request = requestFor(CodeAndTests);
    request.preferredAgentIds = {b.id, b.id};
    const auto decision = registry.route(request);
    EXPECT_EQ(decision->selected.agentId, b.id);
    ASSERT_EQ(decision->alternatives.size(), 1) << "no duplicate of the preferred agent";
    EXPECT_EQ(decision->alternatives[0].agentId, a.id);
}

TEST(RoutingReservation, ReservesAtomicallyUntilFullAndReleasesOnEnd)
{
    AgentRegistry registry;
    Agent agent = makeAgent(CodeAndTests, 0, 2);
    registry.upsert(agent);
    RoutingRequest request = requestFor(CodeAndTests);
    ASSERT_TRUE(registry.routeAndReserve(request).has_value());
    EXPECT_EQ(registry.find(agent.id)->currentTasks, 1);
    ASSERT_TRUE(registry.routeAndReserve(request).has_value());
    EXPECT_EQ(registry.find(agent.id)->currentTasks, 2);
    EXPECT_EQ(registry.find(agent.id)->loadLevel(), LoadLevel::Overloaded);
    EXPECT_FALSE(registry.routeAndReserve(request).has_value()) << "a full agent takes no more work";
    EXPECT_TRUE(registry.route(request).has_value()) << "advisory routing still names it";
    ASSERT_TRUE(registry.release(agent.id));
    EXPECT_TRUE(registry.routeAndReserve(request).has_value());
    ASSERT_TRUE(registry.release(agent.id));
    ASSERT_TRUE(registry.release(agent.id));
    EXPECT_FALSE(registry.release(agent.id)) << "never below zero";
    EXPECT_EQ(registry.find(agent.id)->currentTasks, 0);
}

TEST(RoutingReservation, DispatchSkipsAgentsReportingBusyOrHighLoad)
{
    AgentRegistry registry;
    Agent busy = makeAgent(CodeAndTests);
    busy.status = AgentStatus::Busy;
    Agent loaded = makeAgent(CodeAndTests);
    loaded.reportedLoad = 0.95;
    registry.upsert(busy);
    registry.upsert(loaded);
    EXPECT_FALSE(registry.routeAndReserve(requestFor(CodeAndTests)).has_value());
    EXPECT_FALSE(registry.reserve(busy.id));
    registry.update(loaded.id, [](Agent &a) { a.reportedLoad = 0.1; });
    const auto decision = registry.routeAndReserve(requestFor(CodeAndTests));
    ASSERT_TRUE(decision);
    EXPECT_EQ(decision->selected.agentId, loaded.id);
}

TEST(AgentRegistryIndex, NamesAreUniqueAndUpdatesReindex)
{
    AgentRegistry registry;
    Agent a = makeAgent(CodeAndTests);
    Agent b = makeAgent(CodeAndTests);
    b.name = a.name;
    ASSERT_TRUE(registry.upsert(a));
    EXPECT_FALSE(registry.upsert(b)) << "duplicate name";
    EXPECT_EQ(registry.findByName(a.name)->id, a.id);
    ASSERT_TRUE(registry.update(a.id, [](Agent &x) {
        x.status = AgentStatus::Offline;
        x.name = u"renamed"_s;
    }));
    EXPECT_EQ(registry.findByName(u"renamed"_s)->id, a.id);
    EXPECT_EQ(registry.findByName(a.name), nullptr);
    EXPECT_FALSE(registry.route(requestFor(CodeAndTests)).has_value());
    EXPECT_EQ(registry.withCapability(Capability::Testing).size(), 1);
    ASSERT_TRUE(registry.remove(a.id));
    EXPECT_EQ(registry.size(), 0);
    EXPECT_FALSE(registry.remove(a.id));
}

// The index must give exactly what scoring every agent and sorting would give.
TEST(RoutingIndex, MatchesAFullScanOnRandomPopulations)
{
    QRandomGenerator random(20261123);
    for (int round = 0; round < 40; ++round) {
        AgentRegistry registry;
        QList<Agent> agents;
        const int count = 20 + int(random.bounded(200));
        for (int i = 0; i < count; ++i) {
            CapabilitySet caps(quint32(random.bounded(1u << 8)) | (1u << random.bounded(8)));
            Agent agent = makeAgent(caps, int(random.bounded(6)), 1 + int(random.bounded(5)));
            agent.agentType = static_cast<AgentType>(random.bounded(8));
            agent.status = static_cast<AgentStatus>(random.bounded(5));
            agent.reportedLoad = random.bounded(10) == 0 ? 0.95 : 0.0;
            if (random.bounded(3) == 0)
                setTier(agent, static_cast<PerformanceTier>(random.bounded(5)));
            agents.append(agent);
            registry.upsert(agent);
        }
        for (int q = 0; q < 25; ++q) {
            RoutingRequest request;
            request.required = CapabilitySet(quint32(random.bounded(1u << 8)) & quint32(random.bounded(1u << 8)));
            request.matchAll = random.bounded(4) != 0;
            request.forDispatch = random.bounded(2) == 0;
            if (random.bounded(3) == 0)
                request.minTier = static_cast<PerformanceTier>(random.bounded(5));
            if (random.bounded(2) == 0)
                request.preferredType = static_cast<AgentType>(random.bounded(8));
            if (random.bounded(3) == 0)
                request.preferredAgentIds = {agents[int(random.bounded(count))].id};

            QList<std::pair<double, int>> expected; // score, registration index
            for (int i = 0; i < agents.size(); ++i) {
                if (qualifies(agents[i], request))
                    expected.append({routingScore(agents[i], request), i});
            }
            std::sort(expected.begin(), expected.end(), [&](const auto &x, const auto &y) {
                const Agent &a = agents[x.second];
                const Agent &b = agents[y.second];
                return ranksBefore(x.first, a.currentTasks, a.maxConcurrentTasks, quint64(x.second), y.first,
                                   b.currentTasks, b.maxConcurrentTasks, quint64(y.second));
            });
            const auto decision = registry.route(request);
            if (expected.isEmpty()) {
                EXPECT_FALSE(decision.has_value());
                continue;
            }
            ASSERT_TRUE(decision.has_value()) << "round " << round << " query " << q;
            QList<ScoredAgent> got{decision->selected};
            got.append(decision->alternatives);
            ASSERT_EQ(got.size(), std::min<qsizetype>(4, expected.size()));
            for (qsizetype i = 0; i < got.size(); ++i) {
                EXPECT_EQ(got[i].agentId, agents[expected[i].second].id) << "round " << round << " rank " << i;
                EXPECT_NEAR(got[i].score, expected[i].first, 1e-9);
            }
        }
    }
}
