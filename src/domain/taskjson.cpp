#include "domain/taskjson.h"

#include "domain/jsonutil.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

QJsonObject toJson(const Estimate &e)
{
    return QJsonObject{{u"optimistic_hours"_s, e.optimisticHours},
                       {u"likely_hours"_s, e.likelyHours},
                       {u"pessimistic_hours"_s, e.pessimisticHours},
                       {u"expected_hours"_s, e.expectedHours()},
                       {u"std_dev_hours"_s, e.stdDevHours()},
                       {u"complexity_level"_s, complexityName(e.complexity())},
                       {u"confidence"_s, e.confidence}};
}

QJsonObject toJson(const Dependency &d)
{
    return QJsonObject{{u"depends_on_task_id"_s, Json::id(d.dependsOn)},
                       {u"dependency_type"_s, dependencyTypeName(d.type)},
                       {u"is_required"_s, d.isRequired},
                       {u"description"_s, d.description}};
}

QJsonObject toJson(const Task &task, const TaskFacts &facts)
{
    const TaskSpec &spec = task.spec();
    const TaskState &state = task.state();
    QJsonArray dependencies;
    for (const Dependency &d : state.dependencies)
        dependencies.append(toJson(d));
    const bool isBlocked
        = state.status == TaskStatus::Blocked
          || ((state.status == TaskStatus::Pending || state.status == TaskStatus::Ready) && !facts.canStart);
    return QJsonObject{
        {u"id"_s, Json::id(task.id())},
        {u"session_id"_s, Json::id(spec.sessionId)},
        {u"parent_task_id"_s, Json::id(spec.parentTaskId)},
        {u"title"_s, spec.title},
        {u"description"_s, spec.description},
        {u"task_type"_s, spec.taskType},
        {u"status"_s, taskStatusName(state.status)},
        {u"priority"_s, taskPriorityName(spec.priority)},
        {u"assigned_agent_id"_s, Json::id(state.assignedAgentId)},
        {u"required_capabilities"_s, Json::strings(spec.requiredCapabilities.names())},
        {u"estimate"_s, spec.estimate ? QJsonValue(toJson(*spec.estimate)) : QJsonValue(QJsonValue::Null)},
        {u"dependencies"_s, dependencies},
        {u"result"_s, state.result ? QJsonValue(*state.result) : QJsonValue(QJsonValue::Null)},
        {u"error"_s, state.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(state.error)},
        {u"artifacts"_s, state.artifacts},
        {u"tags"_s, Json::strings(spec.tags)},
        {u"metadata"_s, spec.metadata},
        {u"version"_s, state.version},
        {u"created_at"_s, Json::time(state.createdAt)},
        {u"updated_at"_s, Json::time(state.updatedAt)},
        {u"status_updated_at"_s, Json::time(state.statusUpdatedAt)},
        {u"started_at"_s, Json::time(state.startedAt)},
        {u"completed_at"_s, Json::time(state.completedAt)},
        {u"subtask_ids"_s, Json::ids(facts.subtaskIds)},
        {u"is_leaf"_s, facts.isLeaf},
        {u"is_root"_s, task.isRoot()},
        {u"can_start"_s, facts.canStart},
        {u"is_blocked"_s, isBlocked},
        {u"progress_percentage"_s, task.progressPercentage()},
    };
}

} // namespace Orc::Domain
