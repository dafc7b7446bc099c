#include "domain/session.h"

#include "domain/capability.h"
#include "domain/enumnames.h"
#include "domain/identifiers.h"
#include "domain/sessionjson.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

template<>
struct EnumNames<SessionStatus>
{
    static constexpr std::array names{
        "pending", "queued",  "running", "paused",    "degraded", "completed", "partially_completed",
        "failed",  "timeout", "stopped", "cancelled", "orphaned"};
};
static_assert(EnumNames<SessionStatus>::names.size() == SessionStatusCount);

template<>
struct EnumNames<SessionType>
{
    static constexpr std::array names{"planning", "execution", "review", "debug", "integration"};
};

QString sessionStatusName(SessionStatus status)
{
    return enumName(status);
}
std::optional<SessionStatus> sessionStatusFromName(QStringView name)
{
    return enumFromName<SessionStatus>(name);
}
QStringList sessionStatusNames()
{
    return enumNameList<SessionStatus>();
}
QString sessionTypeName(SessionType type)
{
    return enumName(type);
}
std::optional<SessionType> sessionTypeFromName(QStringView name)
{
    return enumFromName<SessionType>(name);
}
QStringList sessionTypeNames()
{
    return enumNameList<SessionType>();
}

bool isTerminal(SessionStatus status)
{
    return status == SessionStatus::Completed || status == SessionStatus::PartiallyCompleted
           || status == SessionStatus::Cancelled;
}

bool isActive(SessionStatus status)
{
    return status == SessionStatus::Queued || status == SessionStatus::Running || status == SessionStatus::Paused
           || status == SessionStatus::Degraded;
}

bool isRetryable(SessionStatus status)
{
    return status == SessionStatus::Failed || status == SessionStatus::Timeout || status == SessionStatus::Stopped
           || status == SessionStatus::Orphaned;
}

QList<SessionStatus> allowedTransitions(SessionStatus from)
{
    using S = SessionStatus;
    switch (from) {
    case S::Pending: return {S::Queued, S::Running, S::Cancelled, S::Failed};
    case S::Queued: return {S::Running, S::Cancelled, S::Failed};
    case S::Running:
        return {S::Completed, S::PartiallyCompleted, S::Failed,   S::Timeout, S::Paused,
                S::Stopped,   S::Cancelled,          S::Degraded, S::Orphaned};
    case S::Paused: return {S::Running, S::Stopped, S::Cancelled, S::Orphaned};
    case S::Degraded: return {S::Running, S::Failed, S::Completed, S::Stopped, S::Cancelled, S::Orphaned};
    case S::Failed:
    case S::Timeout:
    case S::Stopped:
    case S::Orphaned: return {S::Pending};
    case S::Completed:
    case S::PartiallyCompleted:
    case S::Cancelled: return {};
    }
    return {};
}

bool canTransition(SessionStatus from, SessionStatus to)
{
    return allowedTransitions(from).contains(to);
}

QList<FieldError> validate(const SessionSpec &spec)
{
    QList<FieldError> errors;
    const qsizetype titleLength = spec.title.trimmed().size();
    if (titleLength < 1 || titleLength > 200)
        errors.append({u"title"_s, u"must be 1 to 200 characters (after trimming)"_s});
    if (spec.description.size() > 1000)
        errors.append({u"description"_s, u"must be at most 1000 characters"_s});
    if (spec.initialPrompt.trimmed().isEmpty() || spec.initialPrompt.size() > 10000)
        errors.append({u"initial_prompt"_s, u"must be 1 to 10000 characters"_s});
    if (spec.maxDurationSeconds < 60 || spec.maxDurationSeconds > 86400)
        errors.append({u"max_duration_seconds"_s, u"must be between 60 and 86400"_s});
    if (spec.cpuLimit && (*spec.cpuLimit < 0.1 || *spec.cpuLimit > 8.0))
        errors.append({u"cpu_limit"_s, u"must be between 0.1 and 8.0"_s});
    if (spec.memoryLimitMb && (*spec.memoryLimitMb < 100 || *spec.memoryLimitMb > 8192))
        errors.append({u"memory_limit_mb"_s, u"must be between 100 and 8192"_s});
    if (spec.maxRetries < 0 || spec.maxRetries > 10)
        errors.append({u"max_retries"_s, u"must be between 0 and 10"_s});
    if (spec.tags.size() > 20)
        errors.append({u"tags"_s, u"at most 20 tags"_s});
    for (qsizetype i = 0; i < spec.tags.size(); ++i) {
        if (spec.tags[i].trimmed().isEmpty() || spec.tags[i].size() > 100)
            errors.append({u"tags[%1]"_s.arg(i), u"must be 1 to 100 characters"_s});
    }
    static const QRegularExpression model(u"^[^/\\s]+/\\S+$"_s);
    if (!spec.modelIdentifier.isEmpty() && !model.match(spec.modelIdentifier).hasMatch())
        errors.append({u"model_identifier"_s, u"must be provider/model"_s});

    const QJsonValue agentId = spec.agentConfig.value(u"agent_id"_s);
    if (!agentId.isUndefined() && !agentId.isNull() && !(agentId.isString() && parseId(agentId.toString())))
        errors.append({u"agent_config.agent_id"_s, u"must be an agent id (UUID)"_s});
    const QJsonValue required = spec.agentConfig.value(u"required_capabilities"_s);
    if (!required.isUndefined()) {
        QStringList unknown;
        if (!required.isArray()) {
            errors.append({u"agent_config.required_capabilities"_s, u"must be an array of capability names"_s});
        } else {
            for (const QJsonValue &value : required.toArray()) {
                if (!value.isString() || !capabilityFromName(value.toString()))
                    unknown.append(value.isString() ? value.toString() : u"(not a string)"_s);
            }
            if (!unknown.isEmpty())
                errors.append({u"agent_config.required_capabilities"_s,
                               u"unknown capabilities: %1; valid: %2"_s.arg(unknown.join(u", "_s),
                                                                            capabilityNames().join(u", "_s))});
        }
    }
    return errors;
}

Result<Session> Session::create(SessionSpec spec, const QUuid &id, const QDateTime &now)
{
    spec.title = spec.title.trimmed();
    if (auto errors = validate(spec); !errors.isEmpty())
        return Error::validation(std::move(errors));
    Session session;
    session.m_id = id;
    session.m_spec = std::move(spec);
    session.m_state.status = SessionStatus::Pending;
    session.m_state.statusUpdatedAt = now;
    session.m_state.createdAt = now;
    session.m_state.updatedAt = now;
    session.m_state.metrics.createdAt = now;
    session.m_state.waitingSince = now;
    session.record(EventType::SessionCreated,
                   QJsonObject{{u"session_id"_s, idString(id)}, {u"session"_s, toJson(session, now)}}, now);
    return session;
}

Session Session::restore(const QUuid &id, SessionSpec spec, SessionState state)
{
    Session session;
    session.m_id = id;
    session.m_spec = std::move(spec);
    session.m_state = std::move(state);
    return session;
}

double Session::healthScore(const QDateTime &now) const
{
    switch (m_state.status) {
    case SessionStatus::Completed: return 1.0;
    case SessionStatus::Failed: return 0.0;
    case SessionStatus::Running: {
        const QDateTime &started
            = m_state.metrics.startedAt.isValid() ? m_state.metrics.startedAt : m_state.statusUpdatedAt;
        const double ratio = double(started.msecsTo(now)) / (1000.0 * m_spec.maxDurationSeconds);
        if (ratio > 0.9)
            return 0.3;
        if (ratio > 0.7)
            return 0.7;
        return 0.9;
    }
    default: return 0.8;
    }
}

bool Session::isRecoverable() const
{
    return isRetryable(m_state.status) && lastCheckpointSequence() > 0 && hasRetriesLeft();
}

void Session::record(QLatin1String type, QJsonObject payload, const QDateTime &now)
{
    m_events.append(makeEvent(type, std::move(payload), now));
}

void Session::setStatus(SessionStatus to, const QDateTime &now, const QString &reason)
{
    const SessionStatus from = m_state.status;
    m_state.status = to;
    m_state.statusUpdatedAt = now;
    QJsonObject payload{{u"session_id"_s, idString(m_id)},
                        {u"old_status"_s, sessionStatusName(from)},
                        {u"new_status"_s, sessionStatusName(to)}};
    if (!reason.isEmpty())
        payload.insert(u"reason"_s, reason);
    if (!m_state.assignedAgentId.isNull())
        payload.insert(u"agent_id"_s, idString(m_state.assignedAgentId));
    record(EventType::SessionStatusChanged, std::move(payload), now);
}

void Session::recordEnd(const QDateTime &now)
{
    SessionMetrics &m = m_state.metrics;
    if (m.startedAt.isValid())
        m.executionDurationSeconds = m.startedAt.msecsTo(now) / 1000.0;
    m.totalDurationSeconds = m_state.createdAt.msecsTo(now) / 1000.0;
}

Status Session::transitionTo(SessionStatus to, const QDateTime &now, const QString &reason)
{
    if (to == SessionStatus::Pending)
        return retry(now);
    if (!canTransition(m_state.status, to)) {
        return Error::conflict(
            ErrorCode::InvalidTransition,
            u"cannot move session from %1 to %2"_s.arg(sessionStatusName(m_state.status), sessionStatusName(to)),
            QJsonObject{{u"from"_s, sessionStatusName(m_state.status)}, {u"to"_s, sessionStatusName(to)}});
    }
    switch (to) {
    case SessionStatus::Running:
        if (m_state.status == SessionStatus::Pending || m_state.status == SessionStatus::Queued) {
            m_state.metrics.startedAt = now;
            m_state.metrics.queueDurationSeconds = m_state.waitingSince.msecsTo(now) / 1000.0;
        }
        break;
    case SessionStatus::Completed:
    case SessionStatus::PartiallyCompleted:
        m_state.metrics.completedAt = now;
        recordEnd(now);
        break;
    case SessionStatus::Failed:
    case SessionStatus::Timeout:
    case SessionStatus::Stopped:
    case SessionStatus::Cancelled:
    case SessionStatus::Orphaned:
        m_state.metrics.failedAt = now;
        recordEnd(now);
        break;
    default: break;
    }
    setStatus(to, now, reason);

    if (to == SessionStatus::Completed || to == SessionStatus::PartiallyCompleted) {
        QJsonObject payload{{u"session_id"_s, idString(m_id)}, {u"status"_s, sessionStatusName(to)}};
        if (m_state.metrics.result)
            payload.insert(u"result"_s, *m_state.metrics.result);
        record(EventType::SessionCompleted, std::move(payload), now);
    } else if (to == SessionStatus::Failed || to == SessionStatus::Timeout || to == SessionStatus::Orphaned) {
        if (!m_state.metrics.error) {
            const QString type = to == SessionStatus::Failed ? u"failed"_s : sessionStatusName(to);
            m_state.metrics.error = SessionError{type, reason.isEmpty() ? u"session %1"_s.arg(type) : reason, {}};
        }
        record(EventType::SessionFailed,
               QJsonObject{{u"session_id"_s, idString(m_id)},
                           {u"status"_s, sessionStatusName(to)},
                           {u"error_type"_s, m_state.metrics.error->type},
                           {u"error_message"_s, m_state.metrics.error->message},
                           {u"retryable"_s, hasRetriesLeft()}},
               now);
    }
    return {};
}

Status Session::startOn(const QUuid &agentId, const QDateTime &now)
{
    if (m_state.status != SessionStatus::Pending && m_state.status != SessionStatus::Queued)
        return transitionTo(SessionStatus::Running, now); // reports the invalid transition
    m_state.assignedAgentId = agentId;
    return transitionTo(SessionStatus::Running, now);
}

Status Session::moveTo(const QUuid &agentId, const QDateTime &now, const QString &reason)
{
    if (m_state.status != SessionStatus::Degraded)
        return transitionTo(SessionStatus::Running, now); // reports the invalid transition
    m_state.assignedAgentId = agentId;
    return transitionTo(SessionStatus::Running, now, reason);
}

Status Session::fail(SessionStatus to, SessionError error, const QDateTime &now)
{
    if (to != SessionStatus::Failed && to != SessionStatus::Timeout && to != SessionStatus::Orphaned)
        return Error::internal(u"fail() takes failed, timeout or orphaned"_s);
    if (!canTransition(m_state.status, to))
        return transitionTo(to, now); // reports the invalid transition, changes nothing
    const QString message = error.message;
    m_state.metrics.error = std::move(error);
    return transitionTo(to, now, message);
}

Status Session::complete(SessionStatus to, std::optional<QJsonObject> result, std::optional<double> successRate,
                         std::optional<double> confidence, std::optional<double> quality, const QDateTime &now)
{
    if (to != SessionStatus::Completed && to != SessionStatus::PartiallyCompleted)
        return Error::internal(u"complete() takes completed or partially_completed"_s);
    if (!canTransition(m_state.status, to))
        return transitionTo(to, now);
    SessionMetrics &m = m_state.metrics;
    m.result = std::move(result);
    if (successRate)
        m.successRate = successRate;
    if (confidence)
        m.confidenceScore = confidence;
    if (quality)
        m.codeQualityScore = quality;
    return transitionTo(to, now);
}

Status Session::retry(const QDateTime &now, std::optional<int> fromCheckpoint)
{
    if (!isRetryable(m_state.status)) {
        return Error::conflict(ErrorCode::InvalidTransition,
                               u"cannot move session from %1 to pending"_s.arg(sessionStatusName(m_state.status)),
                               QJsonObject{{u"from"_s, sessionStatusName(m_state.status)}, {u"to"_s, u"pending"_s}});
    }
    if (!hasRetriesLeft()) {
        return Error::conflict(
            ErrorCode::RetryLimit, u"session has used all %1 retries"_s.arg(m_spec.maxRetries),
            QJsonObject{{u"retry_count"_s, m_state.metrics.retryCount}, {u"max_retries"_s, m_spec.maxRetries}});
    }
    SessionMetrics &m = m_state.metrics;
    ++m.retryCount;
    m.error.reset();
    m.completedAt = {};
    m.failedAt = {};
    m_state.resumeFrom = fromCheckpoint                 ? fromCheckpoint
                         : lastCheckpointSequence() > 0 ? std::optional<int>(lastCheckpointSequence())
                                                        : std::nullopt;
    m_state.assignedAgentId = {};
    m_state.waitingSince = now;
    setStatus(SessionStatus::Pending, now,
              m_state.resumeFrom ? u"retry %1 from checkpoint %2"_s.arg(m.retryCount).arg(*m_state.resumeFrom)
                                 : u"retry %1"_s.arg(m.retryCount));
    return {};
}

Status Session::restoreCheckpoint(int sequence, const QDateTime &now)
{
    if (!isRecoverable()) {
        QString why = !isRetryable(m_state.status)    ? u"it is %1"_s.arg(sessionStatusName(m_state.status))
                      : lastCheckpointSequence() == 0 ? u"it has no checkpoint"_s
                                                      : u"it has used all %1 retries"_s.arg(m_spec.maxRetries);
        return Error::conflict(ErrorCode::InvalidTransition, u"session is not recoverable: "_s + why,
                               QJsonObject{{u"from"_s, sessionStatusName(m_state.status)}, {u"to"_s, u"pending"_s}});
    }
    const int oldest = std::max(1, lastCheckpointSequence() - Checkpoint::KeptPerSession + 1);
    if (sequence < oldest || sequence > lastCheckpointSequence())
        return Error::notFound(u"checkpoint"_s, QString::number(sequence));
    return retry(now, sequence);
}

Result<Checkpoint> Session::addCheckpoint(QJsonObject data, QJsonObject metadata, const QUuid &checkpointId,
                                          const QDateTime &now)
{
    if (isTerminal(m_state.status) || isDeleted()) {
        return Error::conflict(ErrorCode::Conflict,
                               u"session is %1: no more checkpoints"_s.arg(
                                   isDeleted() ? u"deleted"_s : sessionStatusName(m_state.status)));
    }
    SessionMetrics &m = m_state.metrics;
    Checkpoint checkpoint{checkpointId, m_id, m.checkpointCount + 1, std::move(data), std::move(metadata), now};
    m.checkpointCount = checkpoint.sequence;
    m.lastCheckpointAt = now;
    record(EventType::SessionCheckpointCreated,
           QJsonObject{{u"session_id"_s, idString(m_id)},
                       {u"checkpoint_id"_s, idString(checkpointId)},
                       {u"sequence"_s, checkpoint.sequence}},
           now);
    return checkpoint;
}

Status Session::updateSpec(SessionSpec spec, const QDateTime &now)
{
    spec.title = spec.title.trimmed();
    spec.parentId = m_spec.parentId;
    if (auto errors = validate(spec); !errors.isEmpty())
        return Error::validation(std::move(errors));
    m_spec = std::move(spec);
    record(EventType::SessionUpdated, QJsonObject{{u"session_id"_s, idString(m_id)}}, now);
    return {};
}

Status Session::markDeleted(const QDateTime &now)
{
    if (isActive(m_state.status)) {
        return Error::conflict(ErrorCode::Conflict, u"session is %1: cancel or stop it before deleting it"_s.arg(
                                                        sessionStatusName(m_state.status)));
    }
    m_state.deletedAt = now;
    record(EventType::SessionDeleted, QJsonObject{{u"session_id"_s, idString(m_id)}}, now);
    return {};
}

void Session::addWarning(SessionWarning warning, const QDateTime &now)
{
    m_state.metrics.warnings.append(std::move(warning));
    record(EventType::SessionMetricsUpdated,
           QJsonObject{{u"session_id"_s, idString(m_id)}, {u"warnings"_s, int(m_state.metrics.warnings.size())}}, now);
}

void Session::recordUsage(qint64 tokens, int apiCalls, int apiErrors, double costUsd, const QDateTime &now)
{
    SessionMetrics &m = m_state.metrics;
    m.totalTokensUsed += tokens;
    m.apiCallsCount += apiCalls;
    m.apiErrorsCount += apiErrors;
    m.estimatedCostUsd += costUsd;
    record(EventType::SessionMetricsUpdated,
           QJsonObject{{u"session_id"_s, idString(m_id)},
                       {u"total_tokens_used"_s, double(m.totalTokensUsed)},
                       {u"api_calls_count"_s, m.apiCallsCount},
                       {u"api_errors_count"_s, m.apiErrorsCount},
                       {u"estimated_cost_usd"_s, m.estimatedCostUsd}},
           now);
}

void Session::markChanged(const QDateTime &now)
{
    ++m_state.version;
    m_state.updatedAt = now;
}

} // namespace Orc::Domain
