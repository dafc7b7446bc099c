#pragma once

#include "application/agentservice.h"
#include "application/ports/clock.h"
#include "application/ports/repositories.h"
#include "application/ports/unitofwork.h"
#include "domain/contextmerge.h"

namespace Orc::Application {

struct MergeOutcome
{
    Domain::Context context;
    QList<Domain::MergeConflict> conflicts;
};

struct ContextSummary
{
    QUuid sessionId;
    int contexts = 0;
    int keys = 0; // flattened leaves over all the session's contexts
    QDateTime lastUpdatedAt;
    QMap<Domain::ContextScope, int> byScope;
};

enum class ShareMode { Clone, Merge };

// Shared contexts with versioned, conflict-checked updates and a persisted change history. The
// check-and-write is atomic: the write carries the version it was checked against, and a concurrent
// write makes it check again against the newer state.
class ContextService
{
public:
    ContextService(IClock &clock, IContextRepository &contexts, ISessionRepository &sessions, IUnitOfWork &unitOfWork,
                   AgentService &agents);

    QCoro::Task<Domain::Result<Domain::Context>> create(Domain::ContextSpec spec, QJsonObject data);
    // Expired contexts are NOT_FOUND.
    QCoro::Task<Domain::Result<Domain::Context>> get(QUuid id);
    QCoro::Task<Domain::Result<Domain::Context>> update(QUuid id, QList<Domain::ContextWrite> writes,
                                                        std::optional<int> expectedVersion, QString changedBy);
    QCoro::Task<Domain::Result<QJsonValue>> key(QUuid id, QString key);
    QCoro::Task<Domain::Result<Domain::Context>> putKey(QUuid id, QString key, QJsonValue value, QString changedBy);
    QCoro::Task<Domain::Result<Domain::Context>> deleteKey(QUuid id, QString key, QString changedBy);
    QCoro::Task<Domain::Status> remove(QUuid id);

    QCoro::Task<Domain::Result<QList<Domain::Context>>> find(ContextQuery query);
    QCoro::Task<Domain::Result<ContextSummary>> sessionSummary(QUuid sessionId);
    QCoro::Task<Domain::Result<Domain::Context>> promoteToGlobal(QUuid id);
    // clone: a copy in the target session; merge: deep-merged into the target session's first
    // session context (created if it has none).
    QCoro::Task<Domain::Result<Domain::Context>> share(QUuid id, QUuid targetSessionId, ShareMode mode,
                                                       QString changedBy);
    // A new context (version 1) from two or more; metadata names the inputs and the strategy.
    QCoro::Task<Domain::Result<MergeOutcome>> merge(QList<QUuid> ids, Domain::MergeStrategy strategy,
                                                    QString createdBy);
    QCoro::Task<Domain::Result<Domain::ContextDiff>> diff(QUuid id, QUuid otherId);
    QCoro::Task<Domain::Result<QList<Domain::ContextChange>>> history(QUuid id, int limit);
    // Deletes every expired context; returns how many.
    QCoro::Task<Domain::Result<int>> purgeExpired();

private:
    QCoro::Task<Domain::Status> checkOwners(const Domain::ContextSpec &spec);
    QCoro::Task<Domain::Result<Domain::Context>> insert(Domain::Context context);

    IClock &m_clock;
    IContextRepository &m_contexts;
    ISessionRepository &m_sessions;
    IUnitOfWork &m_unitOfWork;
    AgentService &m_agents;
};

} // namespace Orc::Application
