#include "domain/agent.h"
#include "domain/identifiers.h"
#include "support/qtprinters.h"

#include <gtest/gtest.h>

using namespace Orc::Domain;
using namespace Qt::StringLiterals;

namespace {

AgentPerformance performance(int succeeded, int partial, int failed, std::optional<double> quality = 0.95)
{
    AgentPerformance p;
    p.tasksSucceeded = succeeded;
    p.tasksPartial = partial;
    p.tasksFailed = failed;
    p.tasksTotal = succeeded + partial + failed;
    p.avgQualityScore = quality;
    return p;
}

} // namespace

TEST(AgentTier, IsCompetentUntilFiveTasksAreDone)
{
    EXPECT_EQ(AgentPerformance{}.tier(), PerformanceTier::Competent);
    EXPECT_EQ(performance(0, 0, 4).tier(), PerformanceTier::Competent) << "four failures are not enough to judge";
    EXPECT_EQ(performance(0, 0, 5).tier(), PerformanceTier::Degraded);
}

TEST(AgentTier, ThresholdsOfTheContract)
{
    // success = (succeeded + 0.5 partial) / total
    EXPECT_EQ(performance(19, 0, 1, 0.9).tier(), PerformanceTier::Elite);     // 0.95, quality 0.9
    EXPECT_EQ(performance(19, 0, 1, 0.89).tier(), PerformanceTier::Advanced); // quality too low for elite
    EXPECT_EQ(performance(19, 0, 1, std::nullopt).tier(), PerformanceTier::Advanced);
    EXPECT_EQ(performance(37, 1, 2, 0.99).tier(), PerformanceTier::Advanced); // 0.9375
    EXPECT_EQ(performance(17, 0, 3).tier(), PerformanceTier::Advanced);       // 0.85 exactly
    EXPECT_EQ(performance(84, 1, 15).tier(), PerformanceTier::Competent);     // 0.845
    EXPECT_EQ(performance(7, 0, 3).tier(), PerformanceTier::Competent);       // 0.70 exactly
    EXPECT_EQ(performance(69, 0, 31).tier(), PerformanceTier::Trainee);       // 0.69
    EXPECT_EQ(performance(5, 0, 5).tier(), PerformanceTier::Trainee);         // 0.50 exactly
    EXPECT_EQ(performance(4, 1, 5).tier(), PerformanceTier::Degraded);        // 0.45
}

TEST(AgentPerformance, PartialSuccessCountsHalf)
{
    EXPECT_DOUBLE_EQ(performance(2, 2, 0).successRate(), 0.75);
    EXPECT_DOUBLE_EQ(AgentPerformance{}.successRate(), 0.0);
}

TEST(AgentPerformance, QualityAndTimeAreMovingAveragesStartingAtTheFirstObservation)
{
    AgentPerformance p;
    p.record({OutcomeStatus::Completed, 0.5, 100.0, 10, 0.5});
    EXPECT_DOUBLE_EQ(*p.avgQualityScore, 0.5);
    EXPECT_DOUBLE_EQ(*p.avgExecutionSeconds, 100.0);
    p.record({OutcomeStatus::PartiallyCompleted, 1.0, 200.0, 5, 0.25});
    EXPECT_DOUBLE_EQ(*p.avgQualityScore, 0.9 * 0.5 + 0.1 * 1.0);
    EXPECT_DOUBLE_EQ(*p.avgExecutionSeconds, 0.9 * 100.0 + 0.1 * 200.0);
    p.record({OutcomeStatus::Failed, std::nullopt, std::nullopt, 0, 0.0});
    EXPECT_DOUBLE_EQ(*p.avgQualityScore, 0.55) << "no observation, no change";
    EXPECT_EQ(p.tasksTotal, 3);
    EXPECT_EQ(p.tasksSucceeded, 1);
    EXPECT_EQ(p.tasksPartial, 1);
    EXPECT_EQ(p.tasksFailed, 1);
    EXPECT_EQ(p.totalTokens, 15);
    EXPECT_DOUBLE_EQ(p.totalCostUsd, 0.75);
}

TEST(AgentLoad, ThresholdsOfTheContract)
{
    EXPECT_EQ(loadLevelFor(0, 10), LoadLevel::Idle);
    EXPECT_EQ(loadLevelFor(2, 10), LoadLevel::Idle); // 0.2
    EXPECT_EQ(loadLevelFor(3, 10), LoadLevel::Optimal);
    EXPECT_EQ(loadLevelFor(7, 10), LoadLevel::Optimal); // 0.7
    EXPECT_EQ(loadLevelFor(8, 10), LoadLevel::High);
    EXPECT_EQ(loadLevelFor(9, 10), LoadLevel::High);      // 0.9
    EXPECT_EQ(loadLevelFor(19, 20), LoadLevel::Critical); // 0.95
    EXPECT_EQ(loadLevelFor(10, 10), LoadLevel::Overloaded);
    EXPECT_EQ(loadLevelFor(11, 10), LoadLevel::Overloaded);
    EXPECT_EQ(loadLevelFor(1, 5), LoadLevel::Idle); // 0.2
    EXPECT_EQ(loadLevelFor(4, 5), LoadLevel::High); // 0.8
}

TEST(AgentAvailability, OnlineOrBusyBelowCapacityAndNotDegraded)
{
    Agent agent;
    agent.maxConcurrentTasks = 2;
    EXPECT_TRUE(agent.isAvailable());
    EXPECT_TRUE(agent.acceptsWork());
    agent.status = AgentStatus::Busy;
    EXPECT_TRUE(agent.isAvailable());
    EXPECT_FALSE(agent.acceptsWork()) << "an agent reporting busy gets no new work";
    agent.status = AgentStatus::Online;
    agent.reportedLoad = 0.9;
    EXPECT_FALSE(agent.acceptsWork()) << "an agent reporting load >= 0.9 gets no new work";
    agent.reportedLoad = 0.89;
    EXPECT_TRUE(agent.acceptsWork());
    agent.currentTasks = 2;
    EXPECT_FALSE(agent.isAvailable());
    agent.currentTasks = 0;
    for (AgentStatus s : {AgentStatus::Degraded, AgentStatus::Offline, AgentStatus::Maintenance}) {
        agent.status = s;
        EXPECT_FALSE(agent.isAvailable()) << agentStatusName(s).toStdString();
    }
    agent.status = AgentStatus::Online;
    agent.performance = performance(0, 0, 5);
    EXPECT_FALSE(agent.isAvailable()) << "degraded tier";
}

TEST(AgentNames, FollowTheContractPattern)
{
    EXPECT_TRUE(validateAgentName(u"abc"_s).isEmpty());
    EXPECT_TRUE(validateAgentName(u"Agent_1.v2-x"_s).isEmpty());
    EXPECT_TRUE(validateAgentName(QString(100, u'a')).isEmpty());
    EXPECT_FALSE(validateAgentName(u"ab"_s).isEmpty());
    EXPECT_FALSE(validateAgentName(QString(101, u'a')).isEmpty());
    EXPECT_FALSE(validateAgentName(u"has space"_s).isEmpty());
    EXPECT_FALSE(validateAgentName(u"slash/name"_s).isEmpty());
    EXPECT_TRUE(validateMaxConcurrentTasks(1).isEmpty());
    EXPECT_TRUE(validateMaxConcurrentTasks(50).isEmpty());
    EXPECT_FALSE(validateMaxConcurrentTasks(0).isEmpty());
    EXPECT_FALSE(validateMaxConcurrentTasks(51).isEmpty());
}

TEST(Capabilities, TheOneListHasThirtyNamesThatRoundTrip)
{
    const QStringList names = capabilityNames();
    EXPECT_EQ(names.size(), 30);
    EXPECT_TRUE(names.contains(u"bug_fixing"_s));
    QStringList unknown;
    const CapabilitySet set = CapabilitySet::fromNames({u"testing"_s, u"juggling"_s, u"code_review"_s}, &unknown);
    EXPECT_EQ(set.size(), 2);
    EXPECT_EQ(unknown, QStringList{u"juggling"_s});
    EXPECT_EQ(CapabilitySet::fromNames(names).size(), 30);
    EXPECT_EQ(CapabilitySet::fromNames(set.names()), set);
    EXPECT_TRUE(CapabilitySet::fromNames(names).containsAll(set));
    EXPECT_FALSE(set.containsAll(CapabilitySet{Capability::Testing, Capability::Deployment}));
    EXPECT_EQ(set.overlap(CapabilitySet{Capability::Testing, Capability::Deployment}), 1);
}
