#pragma once

#include "domain/capability.h"
#include "domain/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <QUuid>

#include <optional>

namespace Orc::Domain {

enum class AgentKind { External, Opencode, Process };
enum class AgentType { Architect, Implementer, Reviewer, Debugger, Integrator, Orchestrator, Analyst, Optimizer };
enum class AgentStatus { Online, Busy, Degraded, Offline, Maintenance };
// Best first; tierRank() orders them.
enum class PerformanceTier { Elite, Advanced, Competent, Trainee, Degraded };
enum class LoadLevel { Idle, Optimal, High, Critical, Overloaded };

QString agentKindName(AgentKind kind);
std::optional<AgentKind> agentKindFromName(QStringView name);
QString agentTypeName(AgentType type);
std::optional<AgentType> agentTypeFromName(QStringView name);
QStringList agentTypeNames();
QString agentStatusName(AgentStatus status);
std::optional<AgentStatus> agentStatusFromName(QStringView name);
QStringList agentStatusNames();
QString tierName(PerformanceTier tier);
std::optional<PerformanceTier> tierFromName(QStringView name);
QStringList tierNames();
QString loadLevelName(LoadLevel level);

// 4 for elite down to 0 for degraded: "at least tier X" is tierRank(t) >= tierRank(X).
int tierRank(PerformanceTier tier);
double tierScore(PerformanceTier tier);
double loadScore(LoadLevel level);

// u = current / max: idle <= 0.2, optimal <= 0.7, high <= 0.9, critical < 1.0, overloaded >= 1.0.
LoadLevel loadLevelFor(int currentTasks, int maxConcurrentTasks);

enum class OutcomeStatus { Completed, PartiallyCompleted, Failed };

// One finished task as it counts for an agent's performance.
struct TaskOutcome
{
    OutcomeStatus status = OutcomeStatus::Completed;
    std::optional<double> qualityScore;
    std::optional<double> executionSeconds;
    qint64 tokensUsed = 0;
    double costUsd = 0.0;
};

struct AgentPerformance
{
    static constexpr int TierMinimumTasks = 5;
    static constexpr double EmaKeep = 0.9;

    int tasksTotal = 0;
    int tasksSucceeded = 0;
    int tasksPartial = 0;
    int tasksFailed = 0;
    std::optional<double> avgQualityScore;
    std::optional<double> avgExecutionSeconds;
    qint64 totalTokens = 0;
    double totalCostUsd = 0.0;

    // (succeeded + 0.5 * partial) / total; 0 before the first task.
    double successRate() const;
    // competent until TierMinimumTasks tasks are done, then from success rate and quality.
    PerformanceTier tier() const;
    void record(const TaskOutcome &outcome);

    friend bool operator==(const AgentPerformance &, const AgentPerformance &) = default;
};

// One agent model for every kind (external EAP agents and the internal runners).
struct Agent
{
    static constexpr int DefaultMaxConcurrentTasks = 5;
    static constexpr int MaxConcurrentTasksLimit = 50;

    QUuid id;
    QString name;
    AgentKind kind = AgentKind::External;
    AgentType agentType = AgentType::Implementer;
    CapabilitySet capabilities;
    QString version;
    QUrl endpointUrl;
    QStringList features; // e.g. "pause"
    QStringList preferredTechnologies;
    QJsonObject metadata;
    QJsonObject config; // runner configuration of internal agents

    AgentStatus status = AgentStatus::Online;
    int currentTasks = 0; // reservations held by this orchestrator
    int maxConcurrentTasks = DefaultMaxConcurrentTasks;
    double reportedLoad = 0.0; // from the last heartbeat, 0..1
    int reportedTasksInProgress = 0;
    QDateTime lastHeartbeatAt;
    QDateTime registeredAt;
    QDateTime updatedAt;
    AgentPerformance performance;

    QByteArray authTokenHash;  // external agents: only the hash of auth_token is kept
    QByteArray dispatchSecret; // key of the HMAC that signs dispatches
    int rowVersion = 1;        // optimistic lock of the stored row ("version" is the software version)

    PerformanceTier tier() const { return performance.tier(); }
    LoadLevel loadLevel() const { return loadLevelFor(currentTasks, maxConcurrentTasks); }
    double utilisation() const;
    bool supports(QStringView feature) const { return features.contains(feature); }

    // §2: online (or busy), below capacity, tier not degraded.
    bool isAvailable() const;
    // §11: available and neither reporting busy nor a load of 0.9 or more.
    bool acceptsWork() const;
    // Offline and maintenance agents are not routed to at all.
    bool isRoutable() const;
};

// Rules for names and limits, shared by the API and the GUI dialogs.
QList<FieldError> validateAgentName(const QString &name, const QString &field = QStringLiteral("name"));
QList<FieldError> validateMaxConcurrentTasks(int value, const QString &field = QStringLiteral("max_concurrent_tasks"));

} // namespace Orc::Domain
