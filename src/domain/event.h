#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QLatin1String>
#include <QList>
#include <QString>

namespace Orc::Domain {

// A domain event. Entities record them as they change; the store gives each its global,
// gap-free sequence number (`seq`) in the transaction that persists the change, and only then is
// it published. An event with seq 0 has not been stored yet.
struct Event
{
    qint64 seq = 0;
    QString type;
    QJsonObject payload;
    QDateTime timestamp;

    friend bool operator==(const Event &, const Event &) = default;
};

using Events = QList<Event>;

inline Event makeEvent(QLatin1String type, QJsonObject payload, const QDateTime &timestamp)
{
    return Event{0, QString(type), std::move(payload), timestamp};
}

// The event types of CONTRACT.md §1.
namespace EventType {
inline constexpr QLatin1String SessionCreated{"session.created"};
inline constexpr QLatin1String SessionUpdated{"session.updated"};
inline constexpr QLatin1String SessionDeleted{"session.deleted"};
inline constexpr QLatin1String SessionStatusChanged{"session.status_changed"};
inline constexpr QLatin1String SessionCheckpointCreated{"session.checkpoint_created"};
inline constexpr QLatin1String SessionMetricsUpdated{"session.metrics_updated"};
inline constexpr QLatin1String SessionLog{"session.log"};
inline constexpr QLatin1String SessionCompleted{"session.completed"};
inline constexpr QLatin1String SessionFailed{"session.failed"};
inline constexpr QLatin1String AgentRegistered{"agent.registered"};
inline constexpr QLatin1String AgentUpdated{"agent.updated"};
inline constexpr QLatin1String AgentDeregistered{"agent.deregistered"};
inline constexpr QLatin1String AgentHeartbeat{"agent.heartbeat"};
inline constexpr QLatin1String AgentLoadChanged{"agent.load_changed"};
inline constexpr QLatin1String AgentTaskAssigned{"agent.task_assigned"};
inline constexpr QLatin1String AgentTaskCompleted{"agent.task_completed"};
inline constexpr QLatin1String AgentPerformanceUpdated{"agent.performance_updated"};
inline constexpr QLatin1String TaskCreated{"task.created"};
inline constexpr QLatin1String TaskUpdated{"task.updated"};
inline constexpr QLatin1String TaskDeleted{"task.deleted"};
inline constexpr QLatin1String TaskStatusChanged{"task.status_changed"};
inline constexpr QLatin1String TaskProgressUpdated{"task.progress_updated"};
inline constexpr QLatin1String TaskDecomposed{"task.decomposed"};
inline constexpr QLatin1String TaskDependencyAdded{"task.dependency_added"};
inline constexpr QLatin1String TaskDependencyRemoved{"task.dependency_removed"};
inline constexpr QLatin1String TaskDependencySatisfied{"task.dependency_satisfied"};
inline constexpr QLatin1String ContextCreated{"context.created"};
inline constexpr QLatin1String ContextUpdated{"context.updated"};
inline constexpr QLatin1String ContextDeleted{"context.deleted"};
inline constexpr QLatin1String LockAcquired{"lock.acquired"};
inline constexpr QLatin1String LockReleased{"lock.released"};
inline constexpr QLatin1String SystemHealthChanged{"system.health_changed"};
inline constexpr QLatin1String SystemAlert{"system.alert"};
} // namespace EventType

} // namespace Orc::Domain
