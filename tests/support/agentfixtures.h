#pragma once

#include "domain/agent.h"

namespace Orc::Testing {

// Gives an agent a performance record that earns exactly `tier` (20 observed tasks).
inline void setTier(Domain::Agent &agent, Domain::PerformanceTier tier)
{
    using Domain::PerformanceTier;
    Domain::AgentPerformance &p = agent.performance;
    p = {};
    p.tasksTotal = 20;
    switch (tier) {
    case PerformanceTier::Elite:
        p.tasksSucceeded = 20;
        p.avgQualityScore = 1.0;
        break;
    case PerformanceTier::Advanced:
        p.tasksSucceeded = 18;
        p.tasksFailed = 2;
        break;
    case PerformanceTier::Competent:
        p.tasksSucceeded = 15;
        p.tasksFailed = 5;
        break;
    case PerformanceTier::Trainee:
        p.tasksSucceeded = 11;
        p.tasksFailed = 9;
        break;
    case PerformanceTier::Degraded:
        p.tasksSucceeded = 2;
        p.tasksFailed = 18;
        break;
    }
}

} // namespace Orc::Testing
