#include "application/sessionservice.h"

#include "domain/identifiers.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using namespace Orc::Domain;

namespace Orc::Application {

namespace {

constexpr int MaxWriteAttempts = 5;
constexpr int RecoveryBatchSize = 200;

Error sessionNotFound(const QUuid &id)
{
    return Error::notFound(u"session"_s, idString(id));
}

RoutingRequest routingRequestFor(const SessionSpec &spec)
{
    RoutingRequest request;
    const QJsonObject &config = spec.agentConfig;
    QStringList names;
    for (const QJsonValue &v : config.value(u"required_capabilities"_s).toArray())
        names.append(v.toString());
    request.required = CapabilitySet::fromNames(names);
    if (config.contains(u"match_all"_s))
        request.matchAll = config.value(u"match_all"_s).toBool(true);
    if (const auto tier = tierFromName(config.value(u"min_performance_tier"_s).toString()))
        request.minTier = tier;
    if (const auto type = agentTypeFromName(config.value(u"preferred_agent_type"_s).toString()))
        request.preferredType = type;
    for (const QJsonValue &v : config.value(u"preferred_agent_ids"_s).toArray()) {
        if (const auto id = parseId(v.toString()))
            request.preferredAgentIds.append(*id);
    }
    return request;
}

} // namespace

bool holdsAgent(SessionStatus status)
{
    return status == SessionStatus::Running || status == SessionStatus::Paused || status == SessionStatus::Degraded;
}

SessionService::SessionService(IClock &clock, ISessionRepository &sessions, IUnitOfWork &unitOfWork,
                               AgentService &agents)
    : m_clock(clock), m_sessions(sessions), m_unitOfWork(unitOfWork), m_agents(agents)
{}

Event SessionService::logEvent(const QUuid &id, const QString &line, const QString &level, const QString &stream) const
{
    return makeEvent(
        EventType::SessionLog,
        QJsonObject{{u"session_id"_s, idString(id)}, {u"line"_s, line}, {u"level"_s, level}, {u"stream"_s, stream}},
        m_clock.now());
}

QCoro::Task<Result<Session>> SessionService::create(SessionSpec spec, bool autoStart)
{
    if (!spec.parentId.isNull()) {
        auto parent = co_await m_sessions.session(spec.parentId);
        if (!parent && parent.error().code != ErrorCode::NotFound)
            co_return std::move(parent).error();
        if (!parent || parent->isDeleted())
            co_return Error::validation({{u"parent_session_id"_s, u"no such session"_s}});
    }
    const QDateTime now = m_clock.now();
    auto created = Session::create(std::move(spec), newId(), now);
    if (!created)
        co_return std::move(created).error();
    Session session = std::move(created).value();
    WriteBatch batch;
    if (autoStart) {
        // Created and started in one write: still version 1.
        if (Status started = startNow(session, batch); !started)
            co_return std::move(started).error();
    }
    batch.changes.events = session.takeEvents() + batch.changes.events;
    batch.changes.sessions.append(session);
    auto committed = co_await commit(m_unitOfWork, batch);
    if (!committed)
        co_return std::move(committed).error();
    co_return session;
}

QCoro::Task<Result<Session>> SessionService::get(QUuid id, bool includeDeleted)
{
    auto session = co_await m_sessions.session(id);
    if (session && session->isDeleted() && !includeDeleted)
        co_return sessionNotFound(id);
    co_return session;
}

QCoro::Task<Result<QList<Session>>> SessionService::all()
{
    QList<SessionStatus> every;
    for (const QString &name : sessionStatusNames())
        every.append(*sessionStatusFromName(name));
    auto found = co_await m_sessions.sessionsInStatus(every);
    if (!found)
        co_return std::move(found).error();
    QList<Session> sessions = std::move(found).value();
    sessions.removeIf([](const Session &s) { return s.isDeleted(); });
    co_return sessions;
}

QCoro::Task<Result<Page<Session>>> SessionService::list(SessionQuery query)
{
    if (query.page.page < 1 || query.page.pageSize < 1 || query.page.pageSize > PageRequest::MaxPageSize) {
        co_return Error::validation(
            {{u"page_size"_s, u"page >= 1 and 1 <= page_size <= %1"_s.arg(PageRequest::MaxPageSize)}});
    }
    co_return co_await m_sessions.sessions(query);
}

QCoro::Task<Result<SessionStats>> SessionService::stats()
{
    co_return co_await m_sessions.sessionStats();
}

QCoro::Task<Result<QList<QUuid>>> SessionService::childIds(QUuid id)
{
    auto session = co_await get(id, true); // a deleted session shown on request still lists its children
    if (!session)
        co_return std::move(session).error();
    const QList<QUuid> parents{id};
    auto children = co_await m_sessions.childIds(parents);
    if (!children)
        co_return std::move(children).error();
    co_return children->value(id);
}

QCoro::Task<Result<QHash<QUuid, QList<QUuid>>>> SessionService::childIdsOf(QList<QUuid> ids)
{
    co_return co_await m_sessions.childIds(ids);
}

QCoro::Task<Result<SessionTree>> SessionService::tree(QUuid id)
{
    auto root = co_await get(id);
    if (!root)
        co_return std::move(root).error();
    SessionTree tree{root.value(), {}};
    // Breadth first, bounded: a pathological tree cannot make one request unbounded.
    QList<SessionTree *> level{&tree};
    int nodes = 1;
    while (!level.isEmpty() && nodes < MaxTreeNodes) {
        QList<SessionTree *> next;
        QList<QUuid> parents;
        for (const SessionTree *node : std::as_const(level))
            parents.append(node->session.id());
        auto found = co_await m_sessions.childIds(parents); // one query per level
        if (!found)
            co_return std::move(found).error();
        const QHash<QUuid, QList<QUuid>> children = std::move(found).value();
        for (SessionTree *node : level) {
            for (const QUuid &childId : children.value(node->session.id())) {
                if (nodes >= MaxTreeNodes)
                    break;
                auto child = co_await m_sessions.session(childId);
                if (!child || child->isDeleted())
                    continue;
                node->children.append(SessionTree{child.value(), {}});
                ++nodes;
            }
            for (SessionTree &child : node->children)
                next.append(&child);
        }
        level = next;
    }
    co_return tree;
}

QCoro::Task<Result<Session>> SessionService::mutate(QUuid id, Mutation mutation, std::optional<int> expectedVersion)
{
    for (int attempt = 1;; ++attempt) {
        auto loaded = co_await m_sessions.session(id);
        if (!loaded)
            co_return std::move(loaded).error();
        Session session = std::move(loaded).value();
        if (session.isDeleted())
            co_return sessionNotFound(id);
        if (expectedVersion && session.version() != *expectedVersion) {
            co_return Error::conflict(
                ErrorCode::VersionMismatch,
                u"session is at version %1, not %2"_s.arg(session.version()).arg(*expectedVersion),
                QJsonObject{{u"current_version"_s, session.version()}});
        }
        const Session before = session;
        WriteBatch batch;
        if (Status changed = mutation(session, batch); !changed)
            co_return std::move(changed).error();
        releaseIfDone(before, session, batch);
        session.markChanged(m_clock.now());
        // The session's events first (after what must lead them), then the others.
        batch.changes.events = batch.leading + session.takeEvents() + batch.changes.events;
        batch.changes.sessions.append(session);
        auto committed = co_await commit(m_unitOfWork, batch);
        if (committed)
            co_return session;
        // Someone else wrote the session in between: read it again and re-apply, unless the
        // caller pinned a version.
        if (committed.error().code != ErrorCode::VersionMismatch || expectedVersion || attempt >= MaxWriteAttempts)
            co_return std::move(committed).error();
    }
}

bool SessionService::releaseIfDone(const Session &before, const Session &after, WriteBatch &batch)
{
    if (!holdsAgent(before.status()) || holdsAgent(after.status()) || before.assignedAgentId().isNull())
        return false;
    const bool released = m_agents.release(before.assignedAgentId(), batch);
    batch.changes.events.append(makeEvent(EventType::AgentTaskCompleted,
                                          QJsonObject{{u"agent_id"_s, idString(before.assignedAgentId())},
                                                      {u"session_id"_s, idString(after.id())},
                                                      {u"status"_s, sessionStatusName(after.status())}},
                                          m_clock.now()));
    return released;
}

QCoro::Task<Result<Session>> SessionService::update(QUuid id, std::function<void(SessionSpec &)> patch,
                                                    std::optional<int> expectedVersion)
{
    co_return co_await mutate(
        id,
        [this, &patch](Session &session, WriteBatch &) {
            SessionSpec spec = session.spec();
            patch(spec);
            return session.updateSpec(std::move(spec), m_clock.now());
        },
        expectedVersion);
}

QCoro::Task<Status> SessionService::remove(QUuid id)
{
    auto removed
        = co_await mutate(id, [this](Session &session, WriteBatch &) { return session.markDeleted(m_clock.now()); });
    if (!removed)
        co_return std::move(removed).error();
    co_return Status();
}

Status SessionService::startNow(Session &session, WriteBatch &batch)
{
    if (session.status() != SessionStatus::Pending && session.status() != SessionStatus::Queued)
        return session.transitionTo(SessionStatus::Running, m_clock.now()); // INVALID_TRANSITION
    const QDateTime now = m_clock.now();
    const QJsonValue explicitAgent = session.spec().agentConfig.value(u"agent_id"_s);
    QUuid agentId;
    Status reserved;
    if (const auto id = parseId(explicitAgent.toString())) {
        reserved = m_agents.reserveAgent(*id, batch);
        agentId = *id;
    } else {
        auto decision = m_agents.reserve(routingRequestFor(session.spec()), batch);
        if (decision)
            agentId = decision->selected.agentId;
        else
            reserved = std::move(decision).error();
    }
    if (reserved.ok()) {
        if (Status started = session.startOn(agentId, now); !started)
            return started;
        batch.changes.events.append(
            makeEvent(EventType::AgentTaskAssigned,
                      QJsonObject{{u"agent_id"_s, idString(agentId)}, {u"session_id"_s, idString(session.id())}}, now));
        return {};
    }
    const ErrorCode why = reserved.error().code;
    if (why != ErrorCode::NoCapableAgent && why != ErrorCode::NotFound)
        return reserved;
    // Nobody can take it now: wait in the queue, and say why.
    const QString reason = why == ErrorCode::NotFound ? u"agent %1 is not registered"_s.arg(explicitAgent.toString())
                                                      : reserved.error().message;
    if (session.status() == SessionStatus::Pending) {
        if (Status queued = session.transitionTo(SessionStatus::Queued, now, reason); !queued)
            return queued;
    }
    batch.changes.events.append(logEvent(session.id(), u"queued: "_s + reason, u"warning"_s, u"orchestrator"_s));
    return {};
}

QCoro::Task<Result<Session>> SessionService::start(QUuid id)
{
    co_return co_await mutate(id, [this](Session &session, WriteBatch &batch) { return startNow(session, batch); });
}

QCoro::Task<Result<Session>> SessionService::pause(QUuid id)
{
    co_return co_await mutate(id, [this](Session &session, WriteBatch &) -> Status {
        if (session.status() == SessionStatus::Running) {
            const auto agent = m_agents.agent(session.assignedAgentId());
            if (!agent || !agent->supports(u"pause"))
                return Error::conflict(
                    ErrorCode::NotSupported,
                    u"agent %1 cannot pause sessions"_s.arg(agent ? agent->name : idString(session.assignedAgentId())));
        }
        return session.transitionTo(SessionStatus::Paused, m_clock.now(), u"paused by request"_s);
    });
}

QCoro::Task<Result<Session>> SessionService::resume(QUuid id)
{
    co_return co_await mutate(id, [this](Session &session, WriteBatch &) -> Status {
        if (session.status() != SessionStatus::Paused)
            return Error::conflict(
                ErrorCode::InvalidTransition,
                u"only a paused session can be resumed (it is %1)"_s.arg(sessionStatusName(session.status())),
                QJsonObject{{u"from"_s, sessionStatusName(session.status())}, {u"to"_s, u"running"_s}});
        return session.transitionTo(SessionStatus::Running, m_clock.now(), u"resumed by request"_s);
    });
}

QCoro::Task<Result<Session>> SessionService::cancel(QUuid id)
{
    co_return co_await transition(id, SessionStatus::Cancelled, u"cancelled by request"_s);
}

QCoro::Task<Result<Session>> SessionService::stop(QUuid id)
{
    co_return co_await transition(id, SessionStatus::Stopped, u"stopped by request"_s);
}

QCoro::Task<Result<Session>> SessionService::transition(QUuid id, SessionStatus to, QString reason)
{
    co_return co_await mutate(id, [this, to, &reason](Session &session, WriteBatch &) {
        return session.transitionTo(to, m_clock.now(), reason);
    });
}

QCoro::Task<Result<Session>> SessionService::retry(QUuid id)
{
    co_return co_await mutate(id, [this](Session &session, WriteBatch &) { return session.retry(m_clock.now()); });
}

QCoro::Task<Result<Session>> SessionService::complete(QUuid id, CompletionReport report)
{
    co_return co_await mutate(id, [this, &report](Session &session, WriteBatch &batch) -> Status {
        if (Status said = lastWords(session, report.last, batch); !said)
            return said;
        if (report.usage)
            session.recordUsage(report.usage->tokens, report.usage->apiCalls, report.usage->apiErrors,
                                report.usage->costUsd, m_clock.now());
        Status completed = session.complete(report.status, report.result, report.successRate, report.confidenceScore,
                                            report.codeQualityScore, m_clock.now());
        if (completed && report.outcome)
            m_agents.recordOutcome(report.agentId, *report.outcome, batch);
        return completed;
    });
}

QCoro::Task<Result<Session>> SessionService::fail(QUuid id, FailureReport report)
{
    co_return co_await mutate(id, [this, &report](Session &session, WriteBatch &batch) -> Status {
        if (Status said = lastWords(session, report.last, batch); !said)
            return said;
        if (report.usage)
            session.recordUsage(report.usage->tokens, report.usage->apiCalls, report.usage->apiErrors,
                                report.usage->costUsd, m_clock.now());
        Status failed = session.fail(
            report.status, SessionError{report.errorCode, report.errorMessage, report.errorContext}, m_clock.now());
        if (failed && report.outcome)
            m_agents.recordOutcome(report.agentId, *report.outcome, batch);
        return failed;
    });
}

Status SessionService::lastWords(Session &session, const LastWords &last, WriteBatch &batch) const
{
    for (const QString &line : last.log)
        batch.leading.append(logEvent(session.id(), line, u"info"_s, last.logStream));
    if (!last.checkpoint)
        return {};
    auto added = session.addCheckpoint(*last.checkpoint, last.checkpointMetadata, newId(), m_clock.now());
    if (!added)
        return std::move(added).error();
    batch.changes.checkpoints.append(added.value());
    return {};
}

QCoro::Task<Result<Checkpoint>> SessionService::addCheckpoint(QUuid id, QJsonObject data, QJsonObject metadata)
{
    std::optional<Checkpoint> added;
    auto written = co_await mutate(id, [this, &data, &metadata, &added](Session &session, WriteBatch &batch) -> Status {
        auto checkpoint = session.addCheckpoint(data, metadata, newId(), m_clock.now());
        if (!checkpoint)
            return std::move(checkpoint).error();
        batch.changes.checkpoints.append(checkpoint.value());
        added = checkpoint.value();
        return {};
    });
    if (!written)
        co_return std::move(written).error();
    co_return *added;
}

QCoro::Task<Result<QList<Checkpoint>>> SessionService::checkpoints(QUuid id)
{
    auto session = co_await get(id);
    if (!session)
        co_return std::move(session).error();
    co_return co_await m_sessions.checkpoints(id);
}

QCoro::Task<Result<Session>> SessionService::restoreCheckpoint(QUuid id, int sequence)
{
    auto checkpoint = co_await m_sessions.checkpoint(id, sequence);
    if (!checkpoint && checkpoint.error().code != ErrorCode::NotFound)
        co_return std::move(checkpoint).error();
    const bool exists = checkpoint.ok();
    co_return co_await mutate(id, [this, sequence, exists](Session &session, WriteBatch &) -> Status {
        if (!session.isRecoverable() || exists)
            return session.restoreCheckpoint(sequence, m_clock.now()); // INVALID_TRANSITION first
        return Error::notFound(u"checkpoint"_s, QString::number(sequence));
    });
}

QCoro::Task<Result<Checkpoint>> SessionService::checkpoint(QUuid id, int sequence)
{
    co_return co_await m_sessions.checkpoint(id, sequence);
}

bool SessionService::canStartNow(const Session &session) const
{
    if (const auto id = parseId(session.spec().agentConfig.value(u"agent_id"_s).toString())) {
        const auto agent = m_agents.agent(*id);
        return agent && agent->acceptsWork();
    }
    RoutingRequest request = routingRequestFor(session.spec());
    request.forDispatch = true;
    return m_agents.registry().route(request).has_value();
}

QCoro::Task<Result<QList<Session>>> SessionService::queued()
{
    const QList<SessionStatus> statuses{SessionStatus::Queued};
    auto found = co_await m_sessions.sessionsInStatus(statuses);
    if (!found)
        co_return std::move(found).error();
    QList<Session> sessions = std::move(found).value();
    sessions.removeIf([](const Session &s) { return s.isDeleted(); });
    std::stable_sort(sessions.begin(), sessions.end(), [](const Session &a, const Session &b) {
        if (a.spec().priority != b.spec().priority)
            return int(a.spec().priority) < int(b.spec().priority);
        if (a.state().statusUpdatedAt != b.state().statusUpdatedAt)
            return a.state().statusUpdatedAt < b.state().statusUpdatedAt;
        return a.state().createdAt < b.state().createdAt;
    });
    co_return sessions;
}

QCoro::Task<Result<Session>> SessionService::moveToAnotherAgent(QUuid id, QString reason)
{
    co_return co_await mutate(id, [this, &reason](Session &session, WriteBatch &batch) -> Status {
        if (session.status() != SessionStatus::Degraded)
            return session.transitionTo(SessionStatus::Running, m_clock.now()); // INVALID_TRANSITION
        const QDateTime now = m_clock.now();
        const QUuid lost = session.assignedAgentId();
        QUuid next;
        if (!session.spec().agentConfig.contains(u"agent_id"_s)) { // a session pinned to its agent waits for no other
            RoutingRequest request = routingRequestFor(session.spec());
            if (auto decision = m_agents.reserve(request, batch))
                next = decision->selected.agentId;
        }
        if (next.isNull()) {
            // The agent's unit is given back by mutate() as the session leaves degraded.
            return session.fail(SessionStatus::Failed,
                                SessionError{u"agent_lost"_s, reason + u"; no other capable agent is free"_s,
                                             QJsonObject{{u"agent_id"_s, idString(lost)}}},
                                now);
        }
        m_agents.release(lost, batch);
        batch.changes.events.append(makeEvent(EventType::AgentTaskCompleted,
                                              QJsonObject{{u"agent_id"_s, idString(lost)},
                                                          {u"session_id"_s, idString(session.id())},
                                                          {u"status"_s, u"reassigned"_s}},
                                              now));
        if (Status moved = session.moveTo(next, now, reason); !moved)
            return moved;
        batch.changes.events.append(
            makeEvent(EventType::AgentTaskAssigned,
                      QJsonObject{{u"agent_id"_s, idString(next)}, {u"session_id"_s, idString(session.id())}}, now));
        return {};
    });
}

QCoro::Task<Result<RecoveryReport>> SessionService::recoverInterrupted()
{
    const QList<SessionStatus> atWork{SessionStatus::Running, SessionStatus::Paused, SessionStatus::Degraded};
    auto found = co_await m_sessions.sessionsInStatus(atWork);
    if (!found)
        co_return std::move(found).error();
    const QList<Session> interrupted = std::move(found).value();
    RecoveryReport report;
    for (qsizetype first = 0; first < interrupted.size(); first += RecoveryBatchSize) {
        WriteBatch batch;
        QList<QUuid> orphaned;
        QList<QUuid> resumed;
        int released = 0;
        for (Session session : interrupted.mid(first, RecoveryBatchSize)) {
            const QDateTime now = m_clock.now();
            const Session before = session;
            Status status
                = session.fail(SessionStatus::Orphaned,
                               SessionError{u"orphaned"_s, u"the orchestrator process that ran this session stopped"_s,
                                            QJsonObject{{u"previous_status"_s, sessionStatusName(before.status())}}},
                               now);
            if (!status)
                co_return std::move(status).error();
            batch.changes.events.append(session.takeEvents());
            released += releaseIfDone(before, session, batch) ? 1 : 0;
            orphaned.append(session.id());
            if (!session.isDeleted() && session.isRecoverable()) {
                if (Status retried = session.retry(now); !retried)
                    co_return std::move(retried).error();
                batch.changes.events.append(session.takeEvents());
                resumed.append(session.id());
            }
            session.markChanged(now);
            batch.changes.sessions.append(session);
        }
        auto committed = co_await commit(m_unitOfWork, batch);
        if (!committed)
            co_return std::move(committed).error();
        report.orphaned.append(orphaned);
        report.resumed.append(resumed);
        report.releasedReservations += released;
    }
    // No session holds an agent any more: whatever is still reserved belonged to tasks that died
    // with the process.
    WriteBatch rest;
    const int stale = m_agents.releaseAll(rest);
    if (stale > 0) {
        auto committed = co_await commit(m_unitOfWork, rest);
        if (!committed)
            co_return std::move(committed).error();
        report.releasedReservations += stale;
    }
    co_return report;
}

QCoro::Task<Status> SessionService::progress(QUuid id, QStringList lines, QString stream,
                                             std::optional<QJsonObject> checkpoint, QJsonObject metadata, QString level)
{
    if (!checkpoint)
        co_return co_await log(id, lines, level, stream);
    auto written = co_await mutate(id, [&](Session &session, WriteBatch &batch) -> Status {
        const QDateTime now = m_clock.now();
        for (const QString &line : std::as_const(lines))
            batch.changes.events.append(logEvent(session.id(), line, level, stream));
        auto added = session.addCheckpoint(*checkpoint, metadata, newId(), now);
        if (!added)
            return std::move(added).error();
        batch.changes.checkpoints.append(added.value());
        return {};
    });
    if (!written)
        co_return std::move(written).error();
    co_return Status();
}

QCoro::Task<Status> SessionService::log(QUuid id, QStringList lines, QString level, QString stream)
{
    auto session = co_await get(id);
    if (!session)
        co_return std::move(session).error();
    WriteBatch batch;
    for (const QString &line : std::as_const(lines))
        batch.changes.events.append(logEvent(id, line, level, stream));
    auto committed = co_await commit(m_unitOfWork, batch);
    if (!committed)
        co_return std::move(committed).error();
    co_return Status();
}

} // namespace Orc::Application
