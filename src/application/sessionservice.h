#pragma once

#include "application/agentservice.h"
#include "application/ports/clock.h"
#include "application/ports/repositories.h"
#include "application/ports/unitofwork.h"
#include "application/writebatch.h"
#include "domain/session.h"

#include <functional>

namespace Orc::Application {

// What one run of an agent consumed (added to the session's metrics).
struct Usage
{
    qint64 tokens = 0;
    int apiCalls = 0;
    int apiErrors = 0;
    double costUsd = 0.0;
};

// What an agent said last, written in the same transaction as the session's end (and before it):
// its last log lines and its last checkpoint.
struct LastWords
{
    QStringList log;
    QString logStream = QStringLiteral("agent");
    std::optional<QJsonObject> checkpoint;
    QJsonObject checkpointMetadata;
};

struct CompletionReport
{
    Domain::SessionStatus status = Domain::SessionStatus::Completed; // or partially_completed
    std::optional<QJsonObject> result;
    std::optional<double> successRate;
    std::optional<double> confidenceScore;
    std::optional<double> codeQualityScore;
    std::optional<Usage> usage;
    // The agent's performance, updated in the same write (an agent's report).
    QUuid agentId;
    std::optional<Domain::TaskOutcome> outcome;
    LastWords last;
};

struct FailureReport
{
    Domain::SessionStatus status = Domain::SessionStatus::Failed; // or timeout / orphaned
    QString errorCode = QStringLiteral("failed");
    QString errorMessage;
    QJsonObject errorContext;
    std::optional<Usage> usage;
    QUuid agentId;
    std::optional<Domain::TaskOutcome> outcome;
    LastWords last;
};

// What start-up recovery did.
struct RecoveryReport
{
    QList<QUuid> orphaned; // every interrupted session
    QList<QUuid> resumed;  // those of them back in pending, resuming from their last checkpoint
    int releasedReservations = 0;
};

struct SessionTree
{
    Domain::Session session;
    QList<SessionTree> children;
};

// Sessions and their state machine, persisted with their events. Starting a session routes it to an
// agent and reserves capacity in the same write; a session that leaves running/paused/degraded gives
// the capacity back in the same write.
class SessionService
{
public:
    static constexpr int MaxTreeNodes = 1000;

    SessionService(IClock &clock, ISessionRepository &sessions, IUnitOfWork &unitOfWork, AgentService &agents);

    QCoro::Task<Domain::Result<Domain::Session>> create(Domain::SessionSpec spec, bool autoStart = false);
    // Soft-deleted sessions are NOT_FOUND unless includeDeleted.
    QCoro::Task<Domain::Result<Domain::Session>> get(QUuid id, bool includeDeleted = false);
    QCoro::Task<Domain::Result<Page<Domain::Session>>> list(SessionQuery query);
    // Every session that is not deleted, oldest first, in one read: the control room's first load
    // (a hundred thousand sessions would be five hundred pages of the API).
    QCoro::Task<Domain::Result<QList<Domain::Session>>> all();
    QCoro::Task<Domain::Result<SessionStats>> stats();
    QCoro::Task<Domain::Result<QList<QUuid>>> childIds(QUuid id);
    // The children of many sessions at once (a page of a list); no existence check.
    QCoro::Task<Domain::Result<QHash<QUuid, QList<QUuid>>>> childIdsOf(QList<QUuid> ids);
    QCoro::Task<Domain::Result<SessionTree>> tree(QUuid id);
    // `expectedVersion` (If-Match): VERSION_MISMATCH when the session has moved on.
    QCoro::Task<Domain::Result<Domain::Session>> update(QUuid id, std::function<void(Domain::SessionSpec &)> patch,
                                                        std::optional<int> expectedVersion = std::nullopt);
    QCoro::Task<Domain::Status> remove(QUuid id);

    // -> running on a reserved agent, or -> queued (with a session.log warning saying why).
    QCoro::Task<Domain::Result<Domain::Session>> start(QUuid id);
    // NOT_SUPPORTED unless the assigned agent declares the "pause" feature.
    QCoro::Task<Domain::Result<Domain::Session>> pause(QUuid id);
    QCoro::Task<Domain::Result<Domain::Session>> resume(QUuid id);
    QCoro::Task<Domain::Result<Domain::Session>> cancel(QUuid id);
    QCoro::Task<Domain::Result<Domain::Session>> stop(QUuid id);
    QCoro::Task<Domain::Result<Domain::Session>> retry(QUuid id);
    QCoro::Task<Domain::Result<Domain::Session>> complete(QUuid id, CompletionReport report);
    QCoro::Task<Domain::Result<Domain::Session>> fail(QUuid id, FailureReport report);
    // Any other move of the table (degraded, orphaned...) with a reason for the event.
    QCoro::Task<Domain::Result<Domain::Session>> transition(QUuid id, Domain::SessionStatus to, QString reason);

    QCoro::Task<Domain::Result<Domain::Checkpoint>> addCheckpoint(QUuid id, QJsonObject data, QJsonObject metadata);
    QCoro::Task<Domain::Result<QList<Domain::Checkpoint>>> checkpoints(QUuid id);
    QCoro::Task<Domain::Result<Domain::Session>> restoreCheckpoint(QUuid id, int sequence);
    QCoro::Task<Domain::Result<Domain::Checkpoint>> checkpoint(QUuid id, int sequence);

    // Whether an agent would take the session now (advisory: start() reserves atomically).
    bool canStartNow(const Domain::Session &session) const;
    // Queued sessions in dispatch order: priority first, then the longest waiting.
    QCoro::Task<Domain::Result<QList<Domain::Session>>> queued();
    // A degraded session whose agent was lost: its capacity is given back and it runs on the best
    // other agent, in one write; with none free it fails (retryable while retries are left).
    QCoro::Task<Domain::Result<Domain::Session>> moveToAnotherAgent(QUuid id, QString reason);

    // Start-up recovery (single instance: the process that ran them is gone). Every running, paused
    // or degraded session becomes orphaned (session.status_changed, session.failed); the recoverable
    // ones (a checkpoint, retries left, not deleted) go back to pending with resume_from = their last
    // checkpoint; agent capacity reserved for them is given back. Written in batches, each with its
    // events in the same transaction.
    QCoro::Task<Domain::Result<RecoveryReport>> recoverInterrupted();

    // An agent's progress: its lines as session.log events and, if given, a checkpoint, in one write.
    QCoro::Task<Domain::Status> progress(QUuid id, QStringList lines, QString stream,
                                         std::optional<QJsonObject> checkpoint, QJsonObject metadata,
                                         QString level = QStringLiteral("info"));
    // Agent output as session.log events, one per line ("info", "warning", "error"; stream name).
    QCoro::Task<Domain::Status> log(QUuid id, QStringList lines, QString level = QStringLiteral("info"),
                                    QString stream = QStringLiteral("stdout"));

private:
    using Mutation = std::function<Domain::Status(Domain::Session &, WriteBatch &)>;
    // Load, change, write with the version check; on a concurrent write, start over (a few times).
    QCoro::Task<Domain::Result<Domain::Session>> mutate(QUuid id, Mutation mutation,
                                                        std::optional<int> expectedVersion = std::nullopt);
    // Gives back the agent capacity if the session just stopped holding it (true when it did).
    bool releaseIfDone(const Domain::Session &before, const Domain::Session &after, WriteBatch &batch);
    Domain::Status startNow(Domain::Session &session, WriteBatch &batch);
    Domain::Event logEvent(const QUuid &id, const QString &line, const QString &level, const QString &stream) const;
    // Adds an end's last words (log lines leading, the checkpoint) to the batch.
    Domain::Status lastWords(Domain::Session &session, const LastWords &last, WriteBatch &batch) const;

    IClock &m_clock;
    ISessionRepository &m_sessions;
    IUnitOfWork &m_unitOfWork;
    AgentService &m_agents;
};

// A session holds agent capacity while running, paused or degraded.
bool holdsAgent(Domain::SessionStatus status);

} // namespace Orc::Application
