#include "adapters/memory/memorystore.h"

#include "domain/identifiers.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Orc::Domain;
using namespace Orc::Application;

namespace Orc::Adapters {

namespace {

template<typename Entity>
Status checkVersion(const QHash<QUuid, Entity> &stored, const Entity &entity, const QString &what)
{
    const auto it = stored.constFind(entity.id());
    if (entity.version() == 1) {
        if (it != stored.constEnd())
            return Error::conflict(ErrorCode::VersionMismatch,
                                   u"%1 %2 already exists"_s.arg(what, idString(entity.id())));
        return {};
    }
    if (it == stored.constEnd())
        return Error::notFound(what, idString(entity.id()));
    if (it->version() != entity.version() - 1) {
        return Error::conflict(
            ErrorCode::VersionMismatch,
            u"%1 %2 changed concurrently (stored version %3, written %4)"_s.arg(what, idString(entity.id()))
                .arg(it->version())
                .arg(entity.version()));
    }
    return {};
}

template<typename T>
Page<T> paginate(QList<T> all, const PageRequest &request)
{
    Page<T> page;
    page.total = all.size();
    page.page = request.page;
    page.pageSize = request.pageSize;
    const qsizetype first = qsizetype(request.page - 1) * request.pageSize;
    if (first < all.size())
        page.items = all.mid(first, request.pageSize);
    return page;
}

} // namespace

MemoryStore::MemoryStore(IEventBus &bus) : m_bus(bus) {}

Status MemoryStore::check(const ChangeSet &changes) const
{
    for (const Session &s : changes.sessions) {
        if (Status status = checkVersion(m_sessions, s, u"session"_s); !status)
            return status;
    }
    for (const Task &t : changes.tasks) {
        if (Status status = checkVersion(m_tasks, t, u"task"_s); !status)
            return status;
    }
    for (const Context &c : changes.contexts) {
        if (Status status = checkVersion(m_contexts, c, u"context"_s); !status)
            return status;
    }
    for (const Agent &a : changes.agents) {
        for (const Agent &other : m_agents) {
            if (other.id != a.id && other.name == a.name)
                return Error::conflict(ErrorCode::Conflict, u"an agent named '%1' already exists"_s.arg(a.name));
        }
    }
    for (const Checkpoint &c : changes.checkpoints) {
        if (m_checkpoints.value(c.sessionId).contains(c.sequence)) {
            return Error::conflict(
                ErrorCode::VersionMismatch,
                u"checkpoint %1 of session %2 already exists"_s.arg(c.sequence).arg(idString(c.sessionId)));
        }
    }
    return {};
}

template<typename Entity>
void MemoryStore::sortByCreation(QList<Entity> &list, bool newestFirst) const
{
    std::sort(list.begin(), list.end(), [this, newestFirst](const Entity &a, const Entity &b) {
        const QDateTime &ta = a.state().createdAt;
        const QDateTime &tb = b.state().createdAt;
        if (ta != tb)
            return newestFirst ? ta > tb : ta < tb;
        return newestFirst ? orderOf(a.id()) > orderOf(b.id()) : orderOf(a.id()) < orderOf(b.id());
    });
}

void MemoryStore::apply(const ChangeSet &changes)
{
    const auto remember = [this](const QUuid &id) {
        if (!m_insertionOrder.contains(id))
            m_insertionOrder.insert(id, m_nextInsertion++);
    };
    for (const Session &s : changes.sessions) {
        remember(s.id());
        m_sessions.insert(s.id(), s);
    }
    for (const Checkpoint &c : changes.checkpoints) {
        QMap<int, Checkpoint> &kept = m_checkpoints[c.sessionId];
        kept.insert(c.sequence, c);
        while (kept.size() > Checkpoint::KeptPerSession)
            kept.erase(kept.begin());
    }
    for (const Agent &a : changes.agents) {
        if (!m_agents.contains(a.id))
            m_agentOrder[a.registeredAt].append(a.id);
        m_agents.insert(a.id, a);
    }
    for (const QUuid &id : changes.removedAgents) {
        const auto it = m_agents.constFind(id);
        if (it == m_agents.constEnd())
            continue;
        auto order = m_agentOrder.find(it->registeredAt);
        if (order != m_agentOrder.end()) {
            order->second.removeAll(id);
            if (order->second.isEmpty())
                m_agentOrder.erase(order);
        }
        m_agents.remove(id);
    }
    for (const Task &t : changes.tasks) {
        remember(t.id());
        m_tasks.insert(t.id(), t);
    }
    for (const QUuid &id : changes.removedTasks) {
        m_tasks.remove(id);
        m_insertionOrder.remove(id);
    }
    for (const Context &c : changes.contexts) {
        remember(c.id());
        m_contexts.insert(c.id(), c);
    }
    for (const ContextHistoryEntry &entry : changes.contextHistory) {
        QList<ContextChange> &history = m_history[entry.contextId];
        history.prepend(entry.change);
        if (history.size() > Context::HistoryKept)
            history.resize(Context::HistoryKept);
    }
    for (const QUuid &id : changes.removedContexts) {
        m_contexts.remove(id);
        m_history.remove(id);
        m_insertionOrder.remove(id);
    }
}

QCoro::Task<Result<Events>> MemoryStore::commit(ChangeSet changes)
{
    if (m_failure)
        co_return *m_failure;
    if (Status status = check(changes); !status)
        co_return std::move(status).error();
    apply(changes);
    Events stored = std::move(changes.events);
    for (Event &event : stored) {
        event.seq = ++m_lastSeq;
        m_events.append(event);
    }
    if (m_events.size() > EventsKept)
        m_events.remove(0, m_events.size() - EventsKept);
    ++m_commits;
    m_bus.publish(stored);
    co_return stored;
}

QCoro::Task<Result<Session>> MemoryStore::session(QUuid id)
{
    if (m_failure)
        co_return *m_failure;
    const auto it = m_sessions.constFind(id);
    if (it == m_sessions.constEnd())
        co_return Error::notFound(u"session"_s, idString(id));
    co_return *it;
}

QCoro::Task<Result<QList<Session>>> MemoryStore::sessionsInStatus(QList<SessionStatus> statuses)
{
    if (m_failure)
        co_return *m_failure;
    QList<Session> matching;
    for (const Session &s : std::as_const(m_sessions)) {
        if (statuses.contains(s.status()))
            matching.append(s);
    }
    sortByCreation(matching, false);
    co_return matching;
}

QCoro::Task<Result<Page<Session>>> MemoryStore::sessions(SessionQuery query)
{
    if (m_failure)
        co_return *m_failure;
    QList<Session> matching;
    for (const Session &s : std::as_const(m_sessions)) {
        if (s.isDeleted() && !query.includeDeleted)
            continue;
        if (query.status && s.status() != *query.status)
            continue;
        if (query.type && s.spec().type != *query.type)
            continue;
        if (query.priority && s.spec().priority != *query.priority)
            continue;
        if (!query.tag.isEmpty() && !s.spec().tags.contains(query.tag))
            continue;
        if (query.parentId && s.spec().parentId != *query.parentId)
            continue;
        if (!query.text.isEmpty() && !s.spec().title.contains(query.text, Qt::CaseInsensitive)
            && !s.spec().description.contains(query.text, Qt::CaseInsensitive))
            continue;
        matching.append(s);
    }
    sortByCreation(matching, true);
    co_return paginate(std::move(matching), query.page);
}

QCoro::Task<Result<QHash<QUuid, QList<QUuid>>>> MemoryStore::childIds(QList<QUuid> parentIds)
{
    if (m_failure)
        co_return *m_failure;
    const QSet<QUuid> parents(parentIds.cbegin(), parentIds.cend());
    QList<Session> children;
    for (const Session &s : std::as_const(m_sessions)) {
        if (parents.contains(s.spec().parentId) && !s.isDeleted())
            children.append(s);
    }
    sortByCreation(children);
    QHash<QUuid, QList<QUuid>> ids;
    for (const Session &s : std::as_const(children))
        ids[s.spec().parentId].append(s.id());
    co_return ids;
}

QCoro::Task<Result<QList<Checkpoint>>> MemoryStore::checkpoints(QUuid sessionId)
{
    if (m_failure)
        co_return *m_failure;
    co_return m_checkpoints.value(sessionId).values();
}

QCoro::Task<Result<Checkpoint>> MemoryStore::checkpoint(QUuid sessionId, int sequence)
{
    if (m_failure)
        co_return *m_failure;
    const auto kept = m_checkpoints.value(sessionId);
    const auto it = kept.constFind(sequence);
    if (it == kept.constEnd())
        co_return Error::notFound(u"checkpoint"_s, QString::number(sequence));
    co_return *it;
}

QCoro::Task<Result<SessionStats>> MemoryStore::sessionStats()
{
    if (m_failure)
        co_return *m_failure;
    SessionStats stats;
    for (const Session &s : std::as_const(m_sessions)) {
        if (s.isDeleted()) {
            ++stats.deleted;
            continue;
        }
        ++stats.total;
        ++stats.byStatus[s.status()];
        ++stats.byType[s.spec().type];
    }
    co_return stats;
}

QCoro::Task<Result<QList<Agent>>> MemoryStore::agents()
{
    if (m_failure)
        co_return *m_failure;
    QList<Agent> list;
    for (const auto &[time, ids] : m_agentOrder) {
        for (const QUuid &id : ids)
            list.append(m_agents.value(id));
    }
    co_return list;
}

QCoro::Task<Result<Task>> MemoryStore::task(QUuid id)
{
    if (m_failure)
        co_return *m_failure;
    const auto it = m_tasks.constFind(id);
    if (it == m_tasks.constEnd())
        co_return Error::notFound(u"task"_s, idString(id));
    co_return *it;
}

QCoro::Task<Result<Page<Task>>> MemoryStore::tasks(TaskQuery query)
{
    if (m_failure)
        co_return *m_failure;
    QList<Task> matching;
    for (const Task &t : std::as_const(m_tasks)) {
        if (query.sessionId && t.spec().sessionId != *query.sessionId)
            continue;
        if (query.status && t.status() != *query.status)
            continue;
        if (query.parentTaskId && t.spec().parentTaskId != *query.parentTaskId)
            continue;
        matching.append(t);
    }
    sortByCreation(matching);
    co_return paginate(std::move(matching), query.page);
}

QCoro::Task<Result<QList<Task>>> MemoryStore::children(QUuid parentTaskId)
{
    if (m_failure)
        co_return *m_failure;
    QList<Task> list;
    for (const Task &t : std::as_const(m_tasks)) {
        if (t.spec().parentTaskId == parentTaskId)
            list.append(t);
    }
    sortByCreation(list);
    co_return list;
}

QCoro::Task<Result<QList<Task>>> MemoryStore::dependents(QUuid id)
{
    if (m_failure)
        co_return *m_failure;
    QList<Task> list;
    for (const Task &t : std::as_const(m_tasks)) {
        if (std::any_of(t.dependencies().cbegin(), t.dependencies().cend(),
                        [&id](const Dependency &d) { return d.dependsOn == id; }))
            list.append(t);
    }
    sortByCreation(list);
    co_return list;
}

QCoro::Task<Result<QList<Task>>> MemoryStore::connected(QList<QUuid> seeds)
{
    if (m_failure)
        co_return *m_failure;
    // Undirected closure over dependency edges.
    QHash<QUuid, QList<QUuid>> neighbours;
    for (const Task &t : std::as_const(m_tasks)) {
        for (const Dependency &d : t.dependencies()) {
            neighbours[t.id()].append(d.dependsOn);
            neighbours[d.dependsOn].append(t.id());
        }
    }
    QSet<QUuid> seen;
    QList<QUuid> frontier;
    for (const QUuid &seed : seeds) {
        if (m_tasks.contains(seed) && !seen.contains(seed)) {
            seen.insert(seed);
            frontier.append(seed);
        }
    }
    while (!frontier.isEmpty()) {
        const QUuid current = frontier.takeLast();
        for (const QUuid &next : neighbours.value(current)) {
            if (m_tasks.contains(next) && !seen.contains(next)) {
                seen.insert(next);
                frontier.append(next);
            }
        }
    }
    QList<Task> list;
    for (const QUuid &id : std::as_const(seen))
        list.append(m_tasks.value(id));
    sortByCreation(list);
    co_return list;
}

QCoro::Task<Result<TaskStats>> MemoryStore::taskStats(std::optional<QUuid> sessionId)
{
    if (m_failure)
        co_return *m_failure;
    TaskStats stats;
    for (const Task &t : std::as_const(m_tasks)) {
        if (sessionId && t.spec().sessionId != *sessionId)
            continue;
        ++stats.total;
        ++stats.byStatus[t.status()];
        if (t.spec().estimate)
            stats.totalEstimatedHours += t.spec().estimate->expectedHours();
    }
    co_return stats;
}

QCoro::Task<Result<Context>> MemoryStore::context(QUuid id)
{
    if (m_failure)
        co_return *m_failure;
    const auto it = m_contexts.constFind(id);
    if (it == m_contexts.constEnd())
        co_return Error::notFound(u"context"_s, idString(id));
    co_return *it;
}

QCoro::Task<Result<QList<Context>>> MemoryStore::contexts(ContextQuery query)
{
    if (m_failure)
        co_return *m_failure;
    QList<Context> list;
    for (const Context &c : std::as_const(m_contexts)) {
        if (query.scope && c.spec().scope != *query.scope)
            continue;
        if (query.sessionId && c.spec().sessionId != *query.sessionId)
            continue;
        if (query.agentId && c.spec().agentId != *query.agentId)
            continue;
        list.append(c);
    }
    sortByCreation(list);
    co_return list;
}

QCoro::Task<Result<QList<ContextChange>>> MemoryStore::history(QUuid contextId, int limit)
{
    if (m_failure)
        co_return *m_failure;
    co_return m_history.value(contextId).mid(0, limit);
}

QCoro::Task<Result<QList<QUuid>>> MemoryStore::expiredContexts(QDateTime now)
{
    if (m_failure)
        co_return *m_failure;
    QList<QUuid> ids;
    for (const Context &c : std::as_const(m_contexts)) {
        if (c.isExpired(now))
            ids.append(c.id());
    }
    co_return ids;
}

QCoro::Task<Result<Events>> MemoryStore::events(EventQuery query)
{
    if (m_failure)
        co_return *m_failure;
    const int limit = std::clamp(query.limit, 1, EventQuery::MaxLimit);
    const QString sessionId = query.sessionId ? idString(*query.sessionId) : QString();
    // Events are in seq order: start at the first one after afterSeq.
    auto it = std::upper_bound(m_events.cbegin(), m_events.cend(), query.afterSeq,
                               [](qint64 seq, const Event &e) { return seq < e.seq; });
    Events result;
    for (; it != m_events.cend() && result.size() < limit; ++it) {
        if (!sessionId.isEmpty() && it->payload.value(u"session_id"_s).toString() != sessionId)
            continue;
        result.append(*it);
    }
    co_return result;
}

} // namespace Orc::Adapters
