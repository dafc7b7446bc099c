#pragma once

#include "domain/event.h"
#include "domain/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace Orc::Domain {

enum class SessionStatus {
    Pending,
    Queued,
    Running,
    Paused,
    Degraded,
    Completed,
    PartiallyCompleted,
    Failed,
    Timeout,
    Stopped,
    Cancelled,
    Orphaned,
};
inline constexpr int SessionStatusCount = 12;

enum class SessionType { Planning, Execution, Review, Debug, Integration };

// Integer on the wire: critical 0 ... deferred 4.
enum class SessionPriority { Critical = 0, High = 1, Medium = 2, Low = 3, Deferred = 4 };

QString sessionStatusName(SessionStatus status);
std::optional<SessionStatus> sessionStatusFromName(QStringView name);
QStringList sessionStatusNames();
QString sessionTypeName(SessionType type);
std::optional<SessionType> sessionTypeFromName(QStringView name);
QStringList sessionTypeNames();

// No transitions out of these (completed, partially_completed, cancelled).
bool isTerminal(SessionStatus status);
// queued, running, paused, degraded: the session holds or waits for an agent.
bool isActive(SessionStatus status);
// failed, timeout, stopped, orphaned: may go back to pending by retry.
bool isRetryable(SessionStatus status);
// The table of CONTRACT.md §1 (the retry limit is checked by Session::retry).
bool canTransition(SessionStatus from, SessionStatus to);
QList<SessionStatus> allowedTransitions(SessionStatus from);

struct SessionError
{
    QString type;
    QString message;
    QJsonObject context;
    friend bool operator==(const SessionError &, const SessionError &) = default;
};

struct SessionWarning
{
    QString type;
    QString message;
    QDateTime timestamp;
    QJsonObject context;
    friend bool operator==(const SessionWarning &, const SessionWarning &) = default;
};

struct SessionMetrics
{
    QDateTime createdAt;
    QDateTime startedAt;
    QDateTime completedAt;
    QDateTime failedAt;
    std::optional<double> queueDurationSeconds;
    std::optional<double> executionDurationSeconds;
    std::optional<double> totalDurationSeconds;
    std::optional<double> cpuUsagePercent;
    std::optional<double> memoryUsageMb;
    qint64 totalTokensUsed = 0;
    int apiCallsCount = 0;
    int apiErrorsCount = 0;
    int retryCount = 0;
    std::optional<double> successRate;
    std::optional<double> confidenceScore;
    std::optional<double> codeQualityScore;
    std::optional<QJsonObject> result;
    std::optional<SessionError> error;
    QList<SessionWarning> warnings;
    int checkpointCount = 0; // checkpoints created over the session's life (the newest 100 are kept)
    QDateTime lastCheckpointAt;
    double estimatedCostUsd = 0.0;

    friend bool operator==(const SessionMetrics &, const SessionMetrics &) = default;
};

struct Checkpoint
{
    static constexpr int KeptPerSession = 100;

    QUuid id;
    QUuid sessionId;
    int sequence = 0;
    QJsonObject data;
    QJsonObject metadata;
    QDateTime createdAt;
    friend bool operator==(const Checkpoint &, const Checkpoint &) = default;
};

// What a client chooses about a session; validated by validate() with the API's rules.
struct SessionSpec
{
    static constexpr int DefaultMaxDurationSeconds = 3600;
    static constexpr int DefaultMaxRetries = 3;

    QString title;
    QString description;
    SessionType type = SessionType::Execution;
    SessionPriority priority = SessionPriority::Medium;
    QJsonObject agentConfig;
    QString modelIdentifier;
    QString initialPrompt;
    int maxDurationSeconds = DefaultMaxDurationSeconds;
    std::optional<double> cpuLimit;
    std::optional<int> memoryLimitMb;
    QString createdBy;
    QStringList tags;
    QJsonObject metadata;
    QUuid parentId;
    int maxRetries = DefaultMaxRetries;

    friend bool operator==(const SessionSpec &, const SessionSpec &) = default;
};

// Every rule of CONTRACT.md §1 on a spec; each invalid field is listed (snake_case names).
QList<FieldError> validate(const SessionSpec &spec);

// The state a session accumulates as it runs (everything but its id and spec).
struct SessionState
{
    SessionStatus status = SessionStatus::Pending;
    QDateTime statusUpdatedAt;
    int version = 1;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime deletedAt;
    QUuid assignedAgentId;
    SessionMetrics metrics;
    std::optional<int> resumeFrom; // checkpoint sequence handed to the next dispatch
    QDateTime waitingSince;        // when it last became pending: the start of its queue time

    friend bool operator==(const SessionState &, const SessionState &) = default;
};

// A session and its state machine. Every change records a domain event (takeEvents()); the caller
// persists the session, bumping its version once per write with markChanged().
class Session
{
public:
    Session() = default;
    // Validates the spec (title trimmed) and records session.created. The new session has version 1.
    static Result<Session> create(SessionSpec spec, const QUuid &id, const QDateTime &now);
    // Rebuilds a stored session (no events, no validation).
    static Session restore(const QUuid &id, SessionSpec spec, SessionState state);

    const QUuid &id() const { return m_id; }
    const SessionSpec &spec() const { return m_spec; }
    const SessionState &state() const { return m_state; }
    SessionStatus status() const { return m_state.status; }
    int version() const { return m_state.version; }
    bool isDeleted() const { return m_state.deletedAt.isValid(); }
    const QUuid &assignedAgentId() const { return m_state.assignedAgentId; }
    const SessionMetrics &metrics() const { return m_state.metrics; }
    std::optional<int> resumeFrom() const { return m_state.resumeFrom; }
    // Checkpoint sequences run 1..lastCheckpointSequence(); the newest 100 are kept.
    int lastCheckpointSequence() const { return m_state.metrics.checkpointCount; }

    // completed 1.0; failed 0.0; running 0.9, or 0.7 past 70% of max duration, 0.3 past 90%; else 0.8.
    double healthScore(const QDateTime &now) const;
    // failed/timeout/stopped/orphaned, at least one checkpoint, retries left.
    bool isRecoverable() const;
    bool hasRetriesLeft() const { return m_state.metrics.retryCount < m_spec.maxRetries; }

    // Moves along the table of §1; INVALID_TRANSITION names both states. -> pending is retry().
    Status transitionTo(SessionStatus to, const QDateTime &now, const QString &reason = {});
    // -> running on the given agent (from pending or queued).
    Status startOn(const QUuid &agentId, const QDateTime &now);
    // degraded -> running on another agent (the first one was lost).
    Status moveTo(const QUuid &agentId, const QDateTime &now, const QString &reason);
    // -> failed / timeout / orphaned with the error recorded (and session.failed).
    Status fail(SessionStatus to, SessionError error, const QDateTime &now);
    // -> completed / partially_completed with the outcome recorded (and session.completed).
    Status complete(SessionStatus to, std::optional<QJsonObject> result, std::optional<double> successRate,
                    std::optional<double> confidence, std::optional<double> quality, const QDateTime &now);
    // -> pending from failed/timeout/stopped/orphaned while retries are left (RETRY_LIMIT otherwise),
    // resuming from `fromCheckpoint` or, when not given, the newest checkpoint.
    Status retry(const QDateTime &now, std::optional<int> fromCheckpoint = std::nullopt);
    // Retry from a chosen checkpoint; only recoverable sessions (INVALID_TRANSITION otherwise).
    Status restoreCheckpoint(int sequence, const QDateTime &now);

    // Assigns the next sequence. Stored with a unique (session, sequence) key and the session's
    // version check, so two concurrent checkpoints can never get the same number.
    Result<Checkpoint> addCheckpoint(QJsonObject data, QJsonObject metadata, const QUuid &checkpointId,
                                     const QDateTime &now);
    // Replaces the editable fields after validating them (the parent cannot change).
    Status updateSpec(SessionSpec spec, const QDateTime &now);
    Status markDeleted(const QDateTime &now);
    void addWarning(SessionWarning warning, const QDateTime &now);
    void recordUsage(qint64 tokens, int apiCalls, int apiErrors, double costUsd, const QDateTime &now);

    // Called once per persisted write: version + 1, updated_at = now.
    void markChanged(const QDateTime &now);

    Events takeEvents() { return std::exchange(m_events, {}); }
    const Events &pendingEvents() const { return m_events; }

private:
    void setStatus(SessionStatus to, const QDateTime &now, const QString &reason);
    void record(QLatin1String type, QJsonObject payload, const QDateTime &now);
    void recordEnd(const QDateTime &now);

    QUuid m_id;
    SessionSpec m_spec;
    SessionState m_state;
    Events m_events;
};

} // namespace Orc::Domain
