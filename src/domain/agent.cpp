#include "domain/agent.h"

#include "domain/enumnames.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

template<>
struct EnumNames<AgentKind>
{
    static constexpr std::array names{"external", "opencode", "process"};
};
template<>
struct EnumNames<AgentType>
{
    static constexpr std::array names{"architect",  "implementer",  "reviewer", "debugger",
                                      "integrator", "orchestrator", "analyst",  "optimizer"};
};
template<>
struct EnumNames<AgentStatus>
{
    static constexpr std::array names{"online", "busy", "degraded", "offline", "maintenance"};
};
template<>
struct EnumNames<PerformanceTier>
{
    static constexpr std::array names{"elite", "advanced", "competent", "trainee", "degraded"};
};
template<>
struct EnumNames<LoadLevel>
{
    static constexpr std::array names{"idle", "optimal", "high", "critical", "overloaded"};
};

QString agentKindName(AgentKind kind)
{
    return enumName(kind);
}
std::optional<AgentKind> agentKindFromName(QStringView name)
{
    return enumFromName<AgentKind>(name);
}
QString agentTypeName(AgentType type)
{
    return enumName(type);
}
std::optional<AgentType> agentTypeFromName(QStringView name)
{
    return enumFromName<AgentType>(name);
}
QStringList agentTypeNames()
{
    return enumNameList<AgentType>();
}
QString agentStatusName(AgentStatus status)
{
    return enumName(status);
}
std::optional<AgentStatus> agentStatusFromName(QStringView name)
{
    return enumFromName<AgentStatus>(name);
}
QString tierName(PerformanceTier tier)
{
    return enumName(tier);
}
std::optional<PerformanceTier> tierFromName(QStringView name)
{
    return enumFromName<PerformanceTier>(name);
}
QStringList agentStatusNames()
{
    return enumNameList<AgentStatus>();
}
QStringList tierNames()
{
    return enumNameList<PerformanceTier>();
}
QString loadLevelName(LoadLevel level)
{
    return enumName(level);
}

int tierRank(PerformanceTier tier)
{
    return 4 - static_cast<int>(tier);
}

double tierScore(PerformanceTier tier)
{
    switch (tier) {
    case PerformanceTier::Elite: return 1.0;
    case PerformanceTier::Advanced: return 0.8;
    case PerformanceTier::Competent: return 0.6;
    case PerformanceTier::Trainee: return 0.4;
    case PerformanceTier::Degraded: return 0.0;
    }
    return 0.0;
}

double loadScore(LoadLevel level)
{
    switch (level) {
    case LoadLevel::Idle: return 1.0;
    case LoadLevel::Optimal: return 0.8;
    case LoadLevel::High: return 0.5;
    case LoadLevel::Critical: return 0.2;
    case LoadLevel::Overloaded: return 0.0;
    }
    return 0.0;
}

LoadLevel loadLevelFor(int currentTasks, int maxConcurrentTasks)
{
    if (maxConcurrentTasks <= 0 || currentTasks >= maxConcurrentTasks)
        return LoadLevel::Overloaded;
    // Compare as integers (u <= a/b  <=>  10 * current <= a * max) so 0.7 is exactly 0.7.
    const qint64 c = qint64(currentTasks) * 10;
    const qint64 m = maxConcurrentTasks;
    if (c <= 2 * m)
        return LoadLevel::Idle;
    if (c <= 7 * m)
        return LoadLevel::Optimal;
    if (c <= 9 * m)
        return LoadLevel::High;
    return LoadLevel::Critical;
}

double AgentPerformance::successRate() const
{
    if (tasksTotal <= 0)
        return 0.0;
    return (tasksSucceeded + 0.5 * tasksPartial) / tasksTotal;
}

PerformanceTier AgentPerformance::tier() const
{
    if (tasksTotal < TierMinimumTasks)
        return PerformanceTier::Competent;
    const double success = successRate();
    if (success >= 0.95 && avgQualityScore.value_or(0.0) >= 0.9)
        return PerformanceTier::Elite;
    if (success >= 0.85)
        return PerformanceTier::Advanced;
    if (success >= 0.70)
        return PerformanceTier::Competent;
    if (success >= 0.50)
        return PerformanceTier::Trainee;
    return PerformanceTier::Degraded;
}

static void updateEma(std::optional<double> &average, std::optional<double> observation)
{
    if (!observation)
        return;
    average = average ? AgentPerformance::EmaKeep * *average + (1.0 - AgentPerformance::EmaKeep) * *observation
                      : *observation;
}

void AgentPerformance::record(const TaskOutcome &outcome)
{
    ++tasksTotal;
    switch (outcome.status) {
    case OutcomeStatus::Completed: ++tasksSucceeded; break;
    case OutcomeStatus::PartiallyCompleted: ++tasksPartial; break;
    case OutcomeStatus::Failed: ++tasksFailed; break;
    }
    updateEma(avgQualityScore, outcome.qualityScore);
    updateEma(avgExecutionSeconds, outcome.executionSeconds);
    totalTokens += outcome.tokensUsed;
    totalCostUsd += outcome.costUsd;
}

double Agent::utilisation() const
{
    return maxConcurrentTasks > 0 ? double(currentTasks) / maxConcurrentTasks : 1.0;
}

bool Agent::isAvailable() const
{
    return (status == AgentStatus::Online || status == AgentStatus::Busy) && currentTasks < maxConcurrentTasks
           && tier() != PerformanceTier::Degraded;
}

bool Agent::acceptsWork() const
{
    return isAvailable() && status != AgentStatus::Busy && reportedLoad < 0.9;
}

bool Agent::isRoutable() const
{
    return status != AgentStatus::Offline && status != AgentStatus::Maintenance;
}

QList<FieldError> validateAgentName(const QString &name, const QString &field)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9_.-]{3,100}$"_s);
    if (!pattern.match(name).hasMatch())
        return {{field, u"must be 3 to 100 characters of A-Z, a-z, 0-9, '_', '.', '-'"_s}};
    return {};
}

QList<FieldError> validateMaxConcurrentTasks(int value, const QString &field)
{
    if (value < 1 || value > Agent::MaxConcurrentTasksLimit)
        return {{field, u"must be between 1 and %1"_s.arg(Agent::MaxConcurrentTasksLimit)}};
    return {};
}

} // namespace Orc::Domain
