#include "domain/sessionjson.h"

#include "domain/identifiers.h"
#include "domain/jsonutil.h"

using namespace Qt::StringLiterals;

namespace Orc::Domain {

namespace {

QJsonObject errorJson(const std::optional<SessionError> &error)
{
    return QJsonObject{{u"type"_s, error->type}, {u"message"_s, error->message}, {u"context"_s, error->context}};
}

QJsonArray warningsJson(const QList<SessionWarning> &warnings)
{
    QJsonArray array;
    for (const SessionWarning &w : warnings) {
        array.append(QJsonObject{{u"type"_s, w.type},
                                 {u"message"_s, w.message},
                                 {u"timestamp"_s, Json::time(w.timestamp)},
                                 {u"context"_s, w.context}});
    }
    return array;
}

} // namespace

QJsonObject toJson(const SessionMetrics &m)
{
    return QJsonObject{
        {u"created_at"_s, Json::time(m.createdAt)},
        {u"started_at"_s, Json::time(m.startedAt)},
        {u"completed_at"_s, Json::time(m.completedAt)},
        {u"failed_at"_s, Json::time(m.failedAt)},
        {u"queue_duration_seconds"_s, Json::optional(m.queueDurationSeconds)},
        {u"execution_duration_seconds"_s, Json::optional(m.executionDurationSeconds)},
        {u"total_duration_seconds"_s, Json::optional(m.totalDurationSeconds)},
        {u"cpu_usage_percent"_s, Json::optional(m.cpuUsagePercent)},
        {u"memory_usage_mb"_s, Json::optional(m.memoryUsageMb)},
        {u"total_tokens_used"_s, double(m.totalTokensUsed)},
        {u"api_calls_count"_s, m.apiCallsCount},
        {u"api_errors_count"_s, m.apiErrorsCount},
        {u"retry_count"_s, m.retryCount},
        {u"success_rate"_s, Json::optional(m.successRate)},
        {u"confidence_score"_s, Json::optional(m.confidenceScore)},
        {u"code_quality_score"_s, Json::optional(m.codeQualityScore)},
        {u"result"_s, m.result ? QJsonValue(*m.result) : QJsonValue(QJsonValue::Null)},
        {u"error"_s, m.error ? QJsonValue(errorJson(m.error)) : QJsonValue(QJsonValue::Null)},
        {u"warnings"_s, warningsJson(m.warnings)},
        {u"checkpoint_count"_s, m.checkpointCount},
        {u"last_checkpoint_at"_s, Json::time(m.lastCheckpointAt)},
        {u"estimated_cost_usd"_s, m.estimatedCostUsd},
    };
}

QJsonObject toJson(const Checkpoint &c)
{
    return QJsonObject{{u"id"_s, Json::id(c.id)},   {u"session_id"_s, Json::id(c.sessionId)},
                       {u"sequence"_s, c.sequence}, {u"data"_s, c.data},
                       {u"metadata"_s, c.metadata}, {u"created_at"_s, Json::time(c.createdAt)}};
}

QJsonObject toJson(const Session &session, const QDateTime &now, const QList<QUuid> &childIds,
                   const QList<Checkpoint> *checkpoints)
{
    const SessionSpec &spec = session.spec();
    const SessionState &state = session.state();
    QJsonObject object{
        {u"id"_s, Json::id(session.id())},
        {u"title"_s, spec.title},
        {u"description"_s, spec.description},
        {u"session_type"_s, sessionTypeName(spec.type)},
        {u"priority"_s, static_cast<int>(spec.priority)},
        {u"status"_s, sessionStatusName(state.status)},
        {u"status_updated_at"_s, Json::time(state.statusUpdatedAt)},
        {u"parent_id"_s, Json::id(spec.parentId)},
        {u"child_ids"_s, Json::ids(childIds)},
        {u"agent_config"_s, spec.agentConfig},
        {u"model_identifier"_s,
         spec.modelIdentifier.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(spec.modelIdentifier)},
        {u"initial_prompt"_s, spec.initialPrompt},
        {u"max_duration_seconds"_s, spec.maxDurationSeconds},
        {u"cpu_limit"_s, Json::optional(spec.cpuLimit)},
        {u"memory_limit_mb"_s, Json::optional(spec.memoryLimitMb)},
        {u"max_retries"_s, spec.maxRetries},
        {u"created_by"_s, spec.createdBy},
        {u"tags"_s, Json::strings(spec.tags)},
        {u"metadata"_s, spec.metadata},
        {u"version"_s, state.version},
        {u"created_at"_s, Json::time(state.createdAt)},
        {u"updated_at"_s, Json::time(state.updatedAt)},
        {u"deleted_at"_s, Json::time(state.deletedAt)},
        {u"assigned_agent_id"_s, Json::id(state.assignedAgentId)},
        {u"health_score"_s, session.healthScore(now)},
        {u"is_recoverable"_s, session.isRecoverable()},
        {u"resume_from"_s, Json::optional(state.resumeFrom)},
        {u"metrics"_s, toJson(state.metrics)},
    };
    if (checkpoints) {
        QJsonArray array;
        for (const Checkpoint &c : *checkpoints)
            array.append(toJson(c));
        object.insert(u"checkpoints"_s, array);
    }
    return object;
}

SessionMetrics sessionMetricsFromJson(const QJsonObject &o)
{
    SessionMetrics m;
    m.createdAt = Json::toTime(o.value(u"created_at"_s));
    m.startedAt = Json::toTime(o.value(u"started_at"_s));
    m.completedAt = Json::toTime(o.value(u"completed_at"_s));
    m.failedAt = Json::toTime(o.value(u"failed_at"_s));
    m.queueDurationSeconds = Json::toOptionalDouble(o.value(u"queue_duration_seconds"_s));
    m.executionDurationSeconds = Json::toOptionalDouble(o.value(u"execution_duration_seconds"_s));
    m.totalDurationSeconds = Json::toOptionalDouble(o.value(u"total_duration_seconds"_s));
    m.cpuUsagePercent = Json::toOptionalDouble(o.value(u"cpu_usage_percent"_s));
    m.memoryUsageMb = Json::toOptionalDouble(o.value(u"memory_usage_mb"_s));
    m.totalTokensUsed = qint64(o.value(u"total_tokens_used"_s).toDouble());
    m.apiCallsCount = o.value(u"api_calls_count"_s).toInt();
    m.apiErrorsCount = o.value(u"api_errors_count"_s).toInt();
    m.retryCount = o.value(u"retry_count"_s).toInt();
    m.successRate = Json::toOptionalDouble(o.value(u"success_rate"_s));
    m.confidenceScore = Json::toOptionalDouble(o.value(u"confidence_score"_s));
    m.codeQualityScore = Json::toOptionalDouble(o.value(u"code_quality_score"_s));
    if (o.value(u"result"_s).isObject())
        m.result = o.value(u"result"_s).toObject();
    if (const QJsonValue e = o.value(u"error"_s); e.isObject()) {
        const QJsonObject eo = e.toObject();
        m.error = SessionError{eo.value(u"type"_s).toString(), eo.value(u"message"_s).toString(),
                               eo.value(u"context"_s).toObject()};
    }
    for (const QJsonValue &w : o.value(u"warnings"_s).toArray()) {
        const QJsonObject wo = w.toObject();
        m.warnings.append(SessionWarning{wo.value(u"type"_s).toString(), wo.value(u"message"_s).toString(),
                                         Json::toTime(wo.value(u"timestamp"_s)), wo.value(u"context"_s).toObject()});
    }
    m.checkpointCount = o.value(u"checkpoint_count"_s).toInt();
    m.lastCheckpointAt = Json::toTime(o.value(u"last_checkpoint_at"_s));
    m.estimatedCostUsd = o.value(u"estimated_cost_usd"_s).toDouble();
    return m;
}

Result<Checkpoint> checkpointFromJson(const QJsonObject &o)
{
    Checkpoint c{Json::toId(o.value(u"id"_s)),      Json::toId(o.value(u"session_id"_s)),
                 o.value(u"sequence"_s).toInt(),    o.value(u"data"_s).toObject(),
                 o.value(u"metadata"_s).toObject(), Json::toTime(o.value(u"created_at"_s))};
    if (c.id.isNull() || c.sessionId.isNull() || c.sequence < 1)
        return Error::validation({{u"checkpoint"_s, u"needs id, session_id and a sequence of at least 1"_s}});
    return c;
}

Result<Session> sessionFromJson(const QJsonObject &o)
{
    QList<FieldError> errors;
    const QUuid id = Json::toId(o.value(u"id"_s));
    if (id.isNull())
        errors.append({u"id"_s, u"missing or not a UUID"_s});
    const auto status = sessionStatusFromName(o.value(u"status"_s).toString());
    if (!status)
        errors.append({u"status"_s, u"unknown status"_s});
    const auto type = sessionTypeFromName(o.value(u"session_type"_s).toString());
    if (!type)
        errors.append({u"session_type"_s, u"unknown session type"_s});
    const int priority = o.value(u"priority"_s).toInt(-1);
    if (priority < 0 || priority > 4)
        errors.append({u"priority"_s, u"must be 0 to 4"_s});
    if (!errors.isEmpty())
        return Error::validation(std::move(errors));

    SessionSpec spec;
    spec.title = o.value(u"title"_s).toString();
    spec.description = o.value(u"description"_s).toString();
    spec.type = *type;
    spec.priority = static_cast<SessionPriority>(priority);
    spec.agentConfig = o.value(u"agent_config"_s).toObject();
    spec.modelIdentifier = o.value(u"model_identifier"_s).toString();
    spec.initialPrompt = o.value(u"initial_prompt"_s).toString();
    spec.maxDurationSeconds = o.value(u"max_duration_seconds"_s).toInt(SessionSpec::DefaultMaxDurationSeconds);
    spec.cpuLimit = Json::toOptionalDouble(o.value(u"cpu_limit"_s));
    spec.memoryLimitMb = Json::toOptionalInt(o.value(u"memory_limit_mb"_s));
    spec.maxRetries = o.value(u"max_retries"_s).toInt(SessionSpec::DefaultMaxRetries);
    spec.createdBy = o.value(u"created_by"_s).toString();
    spec.tags = Json::toStrings(o.value(u"tags"_s));
    spec.metadata = o.value(u"metadata"_s).toObject();
    spec.parentId = Json::toId(o.value(u"parent_id"_s));

    SessionState state;
    state.status = *status;
    state.statusUpdatedAt = Json::toTime(o.value(u"status_updated_at"_s));
    state.version = o.value(u"version"_s).toInt(1);
    state.createdAt = Json::toTime(o.value(u"created_at"_s));
    state.updatedAt = Json::toTime(o.value(u"updated_at"_s));
    state.deletedAt = Json::toTime(o.value(u"deleted_at"_s));
    state.assignedAgentId = Json::toId(o.value(u"assigned_agent_id"_s));
    state.metrics = sessionMetricsFromJson(o.value(u"metrics"_s).toObject());
    state.resumeFrom = Json::toOptionalInt(o.value(u"resume_from"_s));
    state.waitingSince = state.statusUpdatedAt;
    return Session::restore(id, std::move(spec), std::move(state));
}

} // namespace Orc::Domain
