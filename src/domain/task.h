#pragma once

#include "domain/capability.h"
#include "domain/event.h"
#include "domain/result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QUuid>

#include <functional>
#include <optional>

namespace Orc::Domain {

enum class TaskStatus { Pending, Ready, Assigned, InProgress, Blocked, Paused, Completed, Failed, Cancelled, Skipped };
enum class TaskPriority { Blocker, Critical, High, Normal, Low, Background };
// Ordered by rank: compare complexities with complexityRank(), never by name.
enum class Complexity { Trivial, Simple, Moderate, Complex, Expert };
enum class DependencyType { FinishToStart, StartToStart, FinishToFinish, StartToFinish };

QString taskStatusName(TaskStatus status);
std::optional<TaskStatus> taskStatusFromName(QStringView name);
QStringList taskStatusNames();
QString taskPriorityName(TaskPriority priority);
std::optional<TaskPriority> taskPriorityFromName(QStringView name);
QStringList taskPriorityNames();
QString complexityName(Complexity complexity);
std::optional<Complexity> complexityFromName(QStringView name);
QString dependencyTypeName(DependencyType type);
std::optional<DependencyType> dependencyTypeFromName(QStringView name);
QStringList dependencyTypeNames();

int complexityRank(Complexity complexity);
// From expected hours: < 0.25 trivial, < 1 simple, < 4 moderate, < 8 complex, else expert.
Complexity complexityFor(double expectedHours);

bool isTerminal(TaskStatus status);
bool canTransition(TaskStatus from, TaskStatus to);
QList<TaskStatus> allowedTransitions(TaskStatus from);

// A three-point (PERT) estimate.
struct Estimate
{
    double optimisticHours = 0.0;
    double likelyHours = 0.0;
    double pessimisticHours = 0.0;
    double confidence = 0.8;

    static Estimate single(double hours) { return {hours, hours, hours, 1.0}; }
    // A spread around `expected` whose PERT mean is exactly `expected`.
    static Estimate around(double expected, double confidence = 0.7);

    double expectedHours() const { return (optimisticHours + 4.0 * likelyHours + pessimisticHours) / 6.0; }
    double stdDevHours() const { return (pessimisticHours - optimisticHours) / 6.0; }
    Complexity complexity() const { return complexityFor(expectedHours()); }

    friend bool operator==(const Estimate &, const Estimate &) = default;
};

// 0 <= optimistic <= likely <= pessimistic, confidence in 0..1.
QList<FieldError> validate(const Estimate &estimate, const QString &field = QStringLiteral("estimate"));

struct Dependency
{
    QUuid dependsOn;
    DependencyType type = DependencyType::FinishToStart;
    bool isRequired = true;
    QString description;
    friend bool operator==(const Dependency &, const Dependency &) = default;
};

// Whether a dependency on a task in `prerequisiteStatus` lets the dependent start: finish-to-start
// needs it completed (or skipped), start-to-start needs it started; finish-to-finish and
// start-to-finish constrain the end, not the start.
bool allowsStart(const Dependency &dependency, TaskStatus prerequisiteStatus);

struct TaskSpec
{
    QUuid sessionId;
    QUuid parentTaskId;
    QString title;
    QString description;
    QString taskType = QStringLiteral("implementation");
    TaskPriority priority = TaskPriority::Normal;
    CapabilitySet requiredCapabilities;
    std::optional<Estimate> estimate;
    QStringList tags;
    QJsonObject metadata;
    friend bool operator==(const TaskSpec &, const TaskSpec &) = default;
};

QList<FieldError> validate(const TaskSpec &spec);

struct TaskState
{
    TaskStatus status = TaskStatus::Pending;
    QDateTime statusUpdatedAt;
    QUuid assignedAgentId;
    QList<Dependency> dependencies;
    std::optional<QJsonObject> result;
    QString error;
    QJsonArray artifacts;
    double progress = 0.0; // 0..1
    int version = 1;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime startedAt;
    QDateTime completedAt;
    friend bool operator==(const TaskState &, const TaskState &) = default;
};

class Task
{
public:
    Task() = default;
    static Result<Task> create(TaskSpec spec, const QUuid &id, const QDateTime &now);
    static Task restore(const QUuid &id, TaskSpec spec, TaskState state);

    const QUuid &id() const { return m_id; }
    const TaskSpec &spec() const { return m_spec; }
    const TaskState &state() const { return m_state; }
    TaskStatus status() const { return m_state.status; }
    int version() const { return m_state.version; }
    const QList<Dependency> &dependencies() const { return m_state.dependencies; }
    bool isRoot() const { return m_spec.parentTaskId.isNull(); }
    double progressPercentage() const;

    // All required dependencies allow the start (statusOf answers for the prerequisites).
    bool canStart(const std::function<std::optional<TaskStatus>(const QUuid &)> &statusOf) const;

    Status transitionTo(TaskStatus to, const QDateTime &now, std::optional<QJsonObject> result = std::nullopt,
                        const QString &error = {});
    // -> assigned with the agent.
    Status assign(const QUuid &agentId, const QDateTime &now);
    Status setProgress(double progress, const QDateTime &now);
    Status updateSpec(TaskSpec spec, const QDateTime &now);
    // Self-dependencies and duplicates are VALIDATION_ERROR; cycles are checked on the graph.
    Status addDependency(Dependency dependency, const QDateTime &now);
    bool removeDependency(const QUuid &dependsOn, const QDateTime &now);
    void markChanged(const QDateTime &now);

    Events takeEvents() { return std::exchange(m_events, {}); }

private:
    void record(QLatin1String type, QJsonObject payload, const QDateTime &now);

    QUuid m_id;
    TaskSpec m_spec;
    TaskState m_state;
    Events m_events;
};

} // namespace Orc::Domain
