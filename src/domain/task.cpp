#include "domain/task.h"

#include "domain/enumnames.h"
#include "domain/identifiers.h"

#include <QtMath>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

template<>
struct EnumNames<TaskStatus>
{
    static constexpr std::array names{"pending", "ready",     "assigned", "in_progress", "blocked",
                                      "paused",  "completed", "failed",   "cancelled",   "skipped"};
};
template<>
struct EnumNames<TaskPriority>
{
    static constexpr std::array names{"blocker", "critical", "high", "normal", "low", "background"};
};
template<>
struct EnumNames<Complexity>
{
    static constexpr std::array names{"trivial", "simple", "moderate", "complex", "expert"};
};
template<>
struct EnumNames<DependencyType>
{
    static constexpr std::array names{"finish_to_start", "start_to_start", "finish_to_finish", "start_to_finish"};
};

QString taskStatusName(TaskStatus status)
{
    return enumName(status);
}
std::optional<TaskStatus> taskStatusFromName(QStringView name)
{
    return enumFromName<TaskStatus>(name);
}
QStringList taskStatusNames()
{
    return enumNameList<TaskStatus>();
}
QString taskPriorityName(TaskPriority priority)
{
    return enumName(priority);
}
std::optional<TaskPriority> taskPriorityFromName(QStringView name)
{
    return enumFromName<TaskPriority>(name);
}
QStringList taskPriorityNames()
{
    return enumNameList<TaskPriority>();
}
QString complexityName(Complexity complexity)
{
    return enumName(complexity);
}
std::optional<Complexity> complexityFromName(QStringView name)
{
    return enumFromName<Complexity>(name);
}
QString dependencyTypeName(DependencyType type)
{
    return enumName(type);
}
std::optional<DependencyType> dependencyTypeFromName(QStringView name)
{
    return enumFromName<DependencyType>(name);
}
QStringList dependencyTypeNames()
{
    return enumNameList<DependencyType>();
}

int complexityRank(Complexity complexity)
{
    return static_cast<int>(complexity);
}

Complexity complexityFor(double expectedHours)
{
    if (expectedHours < 0.25)
        return Complexity::Trivial;
    if (expectedHours < 1.0)
        return Complexity::Simple;
    if (expectedHours < 4.0)
        return Complexity::Moderate;
    if (expectedHours < 8.0)
        return Complexity::Complex;
    return Complexity::Expert;
}

bool isTerminal(TaskStatus status)
{
    return status == TaskStatus::Completed || status == TaskStatus::Failed || status == TaskStatus::Cancelled
           || status == TaskStatus::Skipped;
}

QList<TaskStatus> allowedTransitions(TaskStatus from)
{
    using S = TaskStatus;
    switch (from) {
    case S::Pending: return {S::Ready, S::Assigned, S::Cancelled, S::Skipped};
    case S::Ready: return {S::Assigned, S::Cancelled, S::Skipped};
    case S::Assigned: return {S::InProgress, S::Cancelled};
    case S::InProgress: return {S::Completed, S::Failed, S::Blocked, S::Paused};
    case S::Blocked: return {S::InProgress, S::Cancelled};
    case S::Paused: return {S::InProgress, S::Cancelled};
    case S::Completed:
    case S::Failed:
    case S::Cancelled:
    case S::Skipped: return {};
    }
    return {};
}

bool canTransition(TaskStatus from, TaskStatus to)
{
    return allowedTransitions(from).contains(to);
}

Estimate Estimate::around(double expected, double confidence)
{
    // o = 0.6 e, p = 1.8 e, l = 0.9 e  =>  (o + 4 l + p) / 6 = e
    return Estimate{0.6 * expected, 0.9 * expected, 1.8 * expected, confidence};
}

QList<FieldError> validate(const Estimate &e, const QString &field)
{
    QList<FieldError> errors;
    if (!qIsFinite(e.optimisticHours) || !qIsFinite(e.likelyHours) || !qIsFinite(e.pessimisticHours)
        || e.optimisticHours < 0 || e.optimisticHours > e.likelyHours || e.likelyHours > e.pessimisticHours
        || e.pessimisticHours > 100000) {
        errors.append({field, u"needs 0 <= optimistic_hours <= likely_hours <= pessimistic_hours <= 100000"_s});
    }
    if (!(e.confidence >= 0.0 && e.confidence <= 1.0))
        errors.append({field + u".confidence"_s, u"must be between 0 and 1"_s});
    return errors;
}

bool allowsStart(const Dependency &dependency, TaskStatus prerequisite)
{
    using S = TaskStatus;
    switch (dependency.type) {
    case DependencyType::FinishToStart: return prerequisite == S::Completed || prerequisite == S::Skipped;
    case DependencyType::StartToStart:
        return prerequisite == S::InProgress || prerequisite == S::Blocked || prerequisite == S::Paused
               || prerequisite == S::Completed || prerequisite == S::Skipped;
    case DependencyType::FinishToFinish:
    case DependencyType::StartToFinish: return true;
    }
    return true;
}

QList<FieldError> validate(const TaskSpec &spec)
{
    QList<FieldError> errors;
    const qsizetype titleLength = spec.title.trimmed().size();
    if (titleLength < 1 || titleLength > 200)
        errors.append({u"title"_s, u"must be 1 to 200 characters (after trimming)"_s});
    if (spec.description.size() > 5000)
        errors.append({u"description"_s, u"must be at most 5000 characters"_s});
    if (spec.taskType.trimmed().isEmpty() || spec.taskType.size() > 50)
        errors.append({u"task_type"_s, u"must be 1 to 50 characters"_s});
    if (spec.estimate)
        errors.append(validate(*spec.estimate));
    if (spec.tags.size() > 20)
        errors.append({u"tags"_s, u"at most 20 tags"_s});
    return errors;
}

Result<Task> Task::create(TaskSpec spec, const QUuid &id, const QDateTime &now)
{
    spec.title = spec.title.trimmed();
    if (auto errors = validate(spec); !errors.isEmpty())
        return Error::validation(std::move(errors));
    Task task;
    task.m_id = id;
    task.m_spec = std::move(spec);
    task.m_state.statusUpdatedAt = now;
    task.m_state.createdAt = now;
    task.m_state.updatedAt = now;
    task.record(EventType::TaskCreated,
                QJsonObject{{u"session_id"_s, idString(task.m_spec.sessionId)},
                            {u"parent_task_id"_s, idString(task.m_spec.parentTaskId)},
                            {u"title"_s, task.m_spec.title}},
                now);
    return task;
}

Task Task::restore(const QUuid &id, TaskSpec spec, TaskState state)
{
    Task task;
    task.m_id = id;
    task.m_spec = std::move(spec);
    task.m_state = std::move(state);
    return task;
}

double Task::progressPercentage() const
{
    if (m_state.status == TaskStatus::Completed || m_state.status == TaskStatus::Skipped)
        return 100.0;
    return std::clamp(m_state.progress, 0.0, 1.0) * 100.0;
}

bool Task::canStart(const std::function<std::optional<TaskStatus>(const QUuid &)> &statusOf) const
{
    for (const Dependency &d : m_state.dependencies) {
        if (!d.isRequired)
            continue;
        const auto status = statusOf(d.dependsOn);
        if (!status || !allowsStart(d, *status))
            return false;
    }
    return true;
}

void Task::record(QLatin1String type, QJsonObject payload, const QDateTime &now)
{
    payload.insert(u"task_id"_s, idString(m_id));
    m_events.append(makeEvent(type, std::move(payload), now));
}

Status Task::transitionTo(TaskStatus to, const QDateTime &now, std::optional<QJsonObject> result, const QString &error)
{
    const TaskStatus from = m_state.status;
    if (!canTransition(from, to)) {
        return Error::conflict(ErrorCode::InvalidTransition,
                               u"cannot move task from %1 to %2"_s.arg(taskStatusName(from), taskStatusName(to)),
                               QJsonObject{{u"from"_s, taskStatusName(from)}, {u"to"_s, taskStatusName(to)}});
    }
    m_state.status = to;
    m_state.statusUpdatedAt = now;
    if (to == TaskStatus::InProgress && !m_state.startedAt.isValid())
        m_state.startedAt = now;
    if (isTerminal(to))
        m_state.completedAt = now;
    if (to == TaskStatus::Completed)
        m_state.progress = 1.0;
    if (result)
        m_state.result = std::move(result);
    if (!error.isEmpty())
        m_state.error = error;
    QJsonObject payload{{u"session_id"_s, idString(m_spec.sessionId)},
                        {u"old_status"_s, taskStatusName(from)},
                        {u"new_status"_s, taskStatusName(to)}};
    if (!error.isEmpty())
        payload.insert(u"error_message"_s, error);
    record(EventType::TaskStatusChanged, std::move(payload), now);
    return {};
}

Status Task::assign(const QUuid &agentId, const QDateTime &now)
{
    if (agentId.isNull())
        return Error::validation({{u"agent_id"_s, u"required"_s}});
    const QUuid previous = m_state.assignedAgentId;
    m_state.assignedAgentId = agentId;
    if (auto status = transitionTo(TaskStatus::Assigned, now); !status) {
        m_state.assignedAgentId = previous;
        return status;
    }
    return {};
}

Status Task::setProgress(double progress, const QDateTime &now)
{
    if (!(progress >= 0.0 && progress <= 1.0))
        return Error::validation({{u"progress"_s, u"must be between 0 and 1"_s}});
    if (isTerminal(m_state.status))
        return Error::conflict(ErrorCode::Conflict, u"task is %1"_s.arg(taskStatusName(m_state.status)));
    m_state.progress = progress;
    record(EventType::TaskProgressUpdated,
           QJsonObject{{u"session_id"_s, idString(m_spec.sessionId)}, {u"progress_percentage"_s, progressPercentage()}},
           now);
    return {};
}

Status Task::updateSpec(TaskSpec spec, const QDateTime &now)
{
    spec.title = spec.title.trimmed();
    spec.sessionId = m_spec.sessionId;
    spec.parentTaskId = m_spec.parentTaskId;
    if (auto errors = validate(spec); !errors.isEmpty())
        return Error::validation(std::move(errors));
    m_spec = std::move(spec);
    record(EventType::TaskUpdated, QJsonObject{{u"session_id"_s, idString(m_spec.sessionId)}}, now);
    return {};
}

Status Task::addDependency(Dependency dependency, const QDateTime &now)
{
    if (dependency.dependsOn == m_id)
        return Error::validation({{u"depends_on_task_id"_s, u"a task cannot depend on itself"_s}});
    for (const Dependency &d : m_state.dependencies) {
        if (d.dependsOn == dependency.dependsOn)
            return Error::validation({{u"depends_on_task_id"_s, u"this dependency already exists"_s}});
    }
    record(EventType::TaskDependencyAdded,
           QJsonObject{{u"session_id"_s, idString(m_spec.sessionId)},
                       {u"depends_on_task_id"_s, idString(dependency.dependsOn)},
                       {u"dependency_type"_s, dependencyTypeName(dependency.type)}},
           now);
    m_state.dependencies.append(std::move(dependency));
    return {};
}

bool Task::removeDependency(const QUuid &dependsOn, const QDateTime &now)
{
    const qsizetype removed
        = m_state.dependencies.removeIf([&](const Dependency &d) { return d.dependsOn == dependsOn; });
    if (removed == 0)
        return false;
    record(EventType::TaskDependencyRemoved,
           QJsonObject{{u"session_id"_s, idString(m_spec.sessionId)}, {u"depends_on_task_id"_s, idString(dependsOn)}},
           now);
    return true;
}

void Task::markChanged(const QDateTime &now)
{
    ++m_state.version;
    m_state.updatedAt = now;
}

} // namespace Orc::Domain
