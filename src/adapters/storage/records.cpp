#include "adapters/storage/records.h"

#include "domain/agentjson.h"
#include "domain/identifiers.h"
#include "domain/sessionjson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Orc::Adapters::Storage {

using namespace Domain;
using namespace Qt::StringLiterals;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Result<QJsonObject> parse(const QByteArray &record, const QString &what)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(record, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error::internal(u"stored %1 is not a JSON object: %2"_s.arg(what, error.errorString()));
    return document.object();
}

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(isoTime(t)) : QJsonValue();
}

QDateTime timeFrom(const QJsonValue &value)
{
    return parseIsoTime(value.toString()).value_or(QDateTime());
}

QJsonValue id(const QUuid &uuid)
{
    return uuid.isNull() ? QJsonValue() : QJsonValue(idString(uuid));
}

QUuid idFrom(const QJsonValue &value)
{
    return parseId(value.toString()).value_or(QUuid());
}

QJsonObject estimateRecord(const Estimate &e)
{
    return {{u"o"_s, e.optimisticHours}, {u"l"_s, e.likelyHours}, {u"p"_s, e.pessimisticHours}, {u"c"_s, e.confidence}};
}

Estimate estimateFrom(const QJsonObject &o)
{
    Estimate e;
    e.optimisticHours = o.value(u"o"_s).toDouble();
    e.likelyHours = o.value(u"l"_s).toDouble();
    e.pessimisticHours = o.value(u"p"_s).toDouble();
    e.confidence = o.value(u"c"_s).toDouble();
    return e;
}

} // namespace

QByteArray sessionRecord(const Session &session)
{
    // The API shape restores a session completely (sessionFromJson is its inverse).
    return compact(toJson(session, session.state().updatedAt));
}

Result<Session> sessionFromRecord(const QByteArray &record)
{
    auto object = parse(record, u"session"_s);
    if (!object.ok())
        return std::move(object).error();
    return sessionFromJson(object.value());
}

QByteArray checkpointRecord(const Checkpoint &checkpoint)
{
    return compact(toJson(checkpoint));
}

Result<Checkpoint> checkpointFromRecord(const QByteArray &record)
{
    auto object = parse(record, u"checkpoint"_s);
    if (!object.ok())
        return std::move(object).error();
    return checkpointFromJson(object.value());
}

QByteArray agentRecord(const Agent &agent)
{
    QJsonObject object = toJson(agent);
    object.insert(u"config"_s, agent.config); // the API masks passwords; storage keeps them
    object.insert(u"row_version"_s, agent.rowVersion);
    return compact(object);
}

Result<Agent> agentFromRecord(const QByteArray &record, const QByteArray &tokenHash, const QByteArray &dispatchSecret)
{
    auto object = parse(record, u"agent"_s);
    if (!object.ok())
        return std::move(object).error();
    auto agent = agentFromJson(object.value());
    if (!agent.ok())
        return agent;
    Agent restored = std::move(agent).value();
    restored.config = object.value().value(u"config"_s).toObject();
    restored.rowVersion = object.value().value(u"row_version"_s).toInt(1);
    restored.authTokenHash = tokenHash;
    restored.dispatchSecret = dispatchSecret;
    return restored;
}

QByteArray taskRecord(const Task &task)
{
    const TaskSpec &spec = task.spec();
    const TaskState &state = task.state();
    QJsonArray dependencies;
    for (const Dependency &d : state.dependencies) {
        dependencies.append(QJsonObject{{u"on"_s, idString(d.dependsOn)},
                                        {u"type"_s, dependencyTypeName(d.type)},
                                        {u"required"_s, d.isRequired},
                                        {u"description"_s, d.description}});
    }
    QJsonObject object{
        {u"id"_s, idString(task.id())},
        {u"session_id"_s, id(spec.sessionId)},
        {u"parent_task_id"_s, id(spec.parentTaskId)},
        {u"title"_s, spec.title},
        {u"description"_s, spec.description},
        {u"task_type"_s, spec.taskType},
        {u"priority"_s, taskPriorityName(spec.priority)},
        {u"capabilities"_s, QJsonArray::fromStringList(spec.requiredCapabilities.names())},
        {u"tags"_s, QJsonArray::fromStringList(spec.tags)},
        {u"metadata"_s, spec.metadata},
        {u"status"_s, taskStatusName(state.status)},
        {u"status_updated_at"_s, time(state.statusUpdatedAt)},
        {u"assigned_agent_id"_s, id(state.assignedAgentId)},
        {u"dependencies"_s, dependencies},
        {u"error"_s, state.error},
        {u"artifacts"_s, state.artifacts},
        {u"progress"_s, state.progress},
        {u"version"_s, state.version},
        {u"created_at"_s, time(state.createdAt)},
        {u"updated_at"_s, time(state.updatedAt)},
        {u"started_at"_s, time(state.startedAt)},
        {u"completed_at"_s, time(state.completedAt)},
    };
    if (spec.estimate)
        object.insert(u"estimate"_s, estimateRecord(*spec.estimate));
    if (state.result)
        object.insert(u"result"_s, *state.result);
    return compact(object);
}

Result<Task> taskFromRecord(const QByteArray &record)
{
    auto parsed = parse(record, u"task"_s);
    if (!parsed.ok())
        return std::move(parsed).error();
    const QJsonObject o = parsed.value();
    TaskSpec spec;
    spec.sessionId = idFrom(o.value(u"session_id"_s));
    spec.parentTaskId = idFrom(o.value(u"parent_task_id"_s));
    spec.title = o.value(u"title"_s).toString();
    spec.description = o.value(u"description"_s).toString();
    spec.taskType = o.value(u"task_type"_s).toString();
    spec.priority = taskPriorityFromName(o.value(u"priority"_s).toString()).value_or(TaskPriority::Normal);
    QStringList capabilities;
    for (const QJsonValue &v : o.value(u"capabilities"_s).toArray())
        capabilities.append(v.toString());
    spec.requiredCapabilities = CapabilitySet::fromNames(capabilities);
    if (o.contains(u"estimate"_s))
        spec.estimate = estimateFrom(o.value(u"estimate"_s).toObject());
    for (const QJsonValue &v : o.value(u"tags"_s).toArray())
        spec.tags.append(v.toString());
    spec.metadata = o.value(u"metadata"_s).toObject();

    TaskState state;
    const auto status = taskStatusFromName(o.value(u"status"_s).toString());
    if (!status)
        return Error::internal(u"stored task has an unknown status"_s);
    state.status = *status;
    state.statusUpdatedAt = timeFrom(o.value(u"status_updated_at"_s));
    state.assignedAgentId = idFrom(o.value(u"assigned_agent_id"_s));
    for (const QJsonValue &v : o.value(u"dependencies"_s).toArray()) {
        const QJsonObject d = v.toObject();
        state.dependencies.append(
            Dependency{idFrom(d.value(u"on"_s)),
                       dependencyTypeFromName(d.value(u"type"_s).toString()).value_or(DependencyType::FinishToStart),
                       d.value(u"required"_s).toBool(true), d.value(u"description"_s).toString()});
    }
    if (o.contains(u"result"_s))
        state.result = o.value(u"result"_s).toObject();
    state.error = o.value(u"error"_s).toString();
    state.artifacts = o.value(u"artifacts"_s).toArray();
    state.progress = o.value(u"progress"_s).toDouble();
    state.version = o.value(u"version"_s).toInt(1);
    state.createdAt = timeFrom(o.value(u"created_at"_s));
    state.updatedAt = timeFrom(o.value(u"updated_at"_s));
    state.startedAt = timeFrom(o.value(u"started_at"_s));
    state.completedAt = timeFrom(o.value(u"completed_at"_s));
    const QUuid taskId = idFrom(o.value(u"id"_s));
    if (taskId.isNull())
        return Error::internal(u"stored task has no id"_s);
    return Task::restore(taskId, std::move(spec), std::move(state));
}

QByteArray contextRecord(const Context &context)
{
    const ContextSpec &spec = context.spec();
    const ContextState &state = context.state();
    QJsonObject keyVersions;
    for (auto it = state.keyVersions.cbegin(); it != state.keyVersions.cend(); ++it)
        keyVersions.insert(it.key(), it.value());
    return compact(QJsonObject{
        {u"id"_s, idString(context.id())},
        {u"scope"_s, contextScopeName(spec.scope)},
        {u"session_id"_s, id(spec.sessionId)},
        {u"agent_id"_s, id(spec.agentId)},
        {u"created_by"_s, spec.createdBy},
        {u"metadata"_s, spec.metadata},
        {u"data"_s, state.data},
        {u"version"_s, state.version},
        {u"created_at"_s, time(state.createdAt)},
        {u"updated_at"_s, time(state.updatedAt)},
        {u"expires_at"_s, time(state.expiresAt)},
        {u"key_versions"_s, keyVersions},
    });
}

Result<Context> contextFromRecord(const QByteArray &record)
{
    auto parsed = parse(record, u"context"_s);
    if (!parsed.ok())
        return std::move(parsed).error();
    const QJsonObject o = parsed.value();
    ContextSpec spec;
    const auto scope = contextScopeFromName(o.value(u"scope"_s).toString());
    if (!scope)
        return Error::internal(u"stored context has an unknown scope"_s);
    spec.scope = *scope;
    spec.sessionId = idFrom(o.value(u"session_id"_s));
    spec.agentId = idFrom(o.value(u"agent_id"_s));
    spec.createdBy = o.value(u"created_by"_s).toString();
    spec.metadata = o.value(u"metadata"_s).toObject();
    ContextState state;
    state.data = o.value(u"data"_s).toObject();
    state.version = o.value(u"version"_s).toInt(1);
    state.createdAt = timeFrom(o.value(u"created_at"_s));
    state.updatedAt = timeFrom(o.value(u"updated_at"_s));
    state.expiresAt = timeFrom(o.value(u"expires_at"_s));
    const QJsonObject keyVersions = o.value(u"key_versions"_s).toObject();
    for (auto it = keyVersions.constBegin(); it != keyVersions.constEnd(); ++it)
        state.keyVersions.insert(it.key(), it.value().toInt());
    const QUuid contextId = idFrom(o.value(u"id"_s));
    if (contextId.isNull())
        return Error::internal(u"stored context has no id"_s);
    return Context::restore(contextId, std::move(spec), std::move(state));
}

QByteArray changeRecord(const ContextChange &change)
{
    QJsonObject object{{u"key"_s, change.key},
                       {u"changed_at"_s, time(change.changedAt)},
                       {u"changed_by"_s, change.changedBy},
                       {u"version"_s, change.version}};
    // Undefined (the key did not exist / was deleted) is told apart from null by absence.
    if (!change.oldValue.isUndefined())
        object.insert(u"old"_s, change.oldValue);
    if (!change.newValue.isUndefined())
        object.insert(u"new"_s, change.newValue);
    return compact(object);
}

Result<ContextChange> changeFromRecord(const QByteArray &record)
{
    auto parsed = parse(record, u"context change"_s);
    if (!parsed.ok())
        return std::move(parsed).error();
    const QJsonObject o = parsed.value();
    ContextChange change;
    change.key = o.value(u"key"_s).toString();
    change.oldValue = o.contains(u"old"_s) ? o.value(u"old"_s) : QJsonValue(QJsonValue::Undefined);
    change.newValue = o.contains(u"new"_s) ? o.value(u"new"_s) : QJsonValue(QJsonValue::Undefined);
    change.changedAt = timeFrom(o.value(u"changed_at"_s));
    change.changedBy = o.value(u"changed_by"_s).toString();
    change.version = o.value(u"version"_s).toInt();
    return change;
}

} // namespace Orc::Adapters::Storage
