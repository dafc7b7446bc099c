#include "domain/locktable.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

QStringList LockTable::waitsFor(const QString &owner) const
{
    QStringList targets;
    const auto waiting = m_ownerWaitsOn.constFind(owner);
    if (waiting == m_ownerWaitsOn.constEnd())
        return targets;
    const auto it = m_resources.find(*waiting);
    if (it == m_resources.end())
        return targets;
    const Resource &r = it->second;
    if (r.holder && r.holder->owner != owner)
        targets.append(r.holder->owner);
    for (const Waiter &w : r.queue) {
        if (w.owner == owner)
            break;
        if (!targets.contains(w.owner))
            targets.append(w.owner);
    }
    return targets;
}

QStringList LockTable::findCycle(const QString &start) const
{
    // Depth-first over the wait-for graph, looking for a way back to `start`.
    struct Frame
    {
        QString owner;
        QStringList next;
        qsizetype index;
    };
    QSet<QString> visited{start};
    QList<Frame> stack{{start, waitsFor(start), 0}};
    while (!stack.isEmpty()) {
        Frame &frame = stack.last();
        if (frame.index >= frame.next.size()) {
            stack.removeLast();
            continue;
        }
        const QString target = frame.next[frame.index++];
        if (target == start) {
            QStringList cycle;
            for (const Frame &f : stack)
                cycle.append(f.owner);
            return cycle;
        }
        if (!visited.contains(target)) {
            visited.insert(target);
            stack.append({target, waitsFor(target), 0});
        }
    }
    return {};
}

LockTable::Acquisition LockTable::request(const QString &resource, const QString &owner, int priority, qint64 ttlMs,
                                          const QDateTime &now)
{
    Resource &r = m_resources[resource];
    const quint64 ticket = m_nextTicket++;
    if (r.holder && r.holder->owner == owner)
        return {Outcome::Deadlock, 0, {}, {owner}}; // waiting for itself
    if (!r.holder && r.queue.isEmpty()) {
        r.holder = Holder{owner, ticket, priority, now, now.addMSecs(ttlMs)};
        return {Outcome::Granted, ticket, r.holder->expiresAt, {}};
    }
    if (m_ownerWaitsOn.contains(owner)) // one wait per owner: a second one is a caller bug
        return {Outcome::Deadlock, 0, {}, {owner}};

    // Queue behind everyone of the same or a higher priority, then look for a cycle through us.
    qsizetype position = r.queue.size();
    for (qsizetype i = 0; i < r.queue.size(); ++i) {
        if (r.queue[i].priority < priority) {
            position = i;
            break;
        }
    }
    r.queue.insert(position, Waiter{owner, ticket, priority, ttlMs, now});
    m_waiting.insert(ticket, resource);
    m_ownerWaitsOn.insert(owner, resource);
    if (QStringList cycle = findCycle(owner); !cycle.isEmpty()) {
        cancel(ticket);
        return {Outcome::Deadlock, 0, {}, cycle};
    }
    return {Outcome::Queued, ticket, {}, {}};
}

std::optional<LockTable::Grant> LockTable::grantNext(const QString &resource, Resource &r, const QDateTime &now)
{
    if (r.holder || r.queue.isEmpty())
        return std::nullopt;
    const Waiter next = r.queue.takeFirst();
    m_waiting.remove(next.ticket);
    m_ownerWaitsOn.remove(next.owner);
    r.holder = Holder{next.owner, next.ticket, next.priority, now, now.addMSecs(next.ttlMs)};
    return Grant{resource, *r.holder};
}

Result<std::optional<LockTable::Grant>> LockTable::release(const QString &resource, const QString &owner,
                                                           quint64 ticket, const QDateTime &now)
{
    const auto it = m_resources.find(resource);
    if (it == m_resources.end() || !it->second.holder || it->second.holder->owner != owner
        || it->second.holder->ticket != ticket) {
        return Error::notFound(u"lock"_s, u"%1 held by %2 (ticket %3)"_s.arg(resource, owner).arg(ticket));
    }
    it->second.holder.reset();
    std::optional<Grant> grant = grantNext(resource, it->second, now);
    if (!it->second.holder && it->second.queue.isEmpty())
        m_resources.erase(it);
    return grant;
}

Result<QDateTime> LockTable::renew(const QString &resource, const QString &owner, quint64 ticket, qint64 ttlMs,
                                   const QDateTime &now)
{
    const auto it = m_resources.find(resource);
    if (it == m_resources.end() || !it->second.holder || it->second.holder->owner != owner
        || it->second.holder->ticket != ticket || it->second.holder->expiresAt <= now) {
        return Error::notFound(u"lock"_s, u"%1 held by %2 (ticket %3)"_s.arg(resource, owner).arg(ticket));
    }
    it->second.holder->expiresAt = now.addMSecs(ttlMs);
    return it->second.holder->expiresAt;
}

bool LockTable::cancel(quint64 ticket)
{
    const QString resource = m_waiting.take(ticket);
    if (resource.isNull())
        return false;
    const auto it = m_resources.find(resource);
    if (it == m_resources.end())
        return false;
    QList<Waiter> &queue = it->second.queue;
    for (qsizetype i = 0; i < queue.size(); ++i) {
        if (queue[i].ticket == ticket) {
            m_ownerWaitsOn.remove(queue[i].owner);
            queue.removeAt(i);
            break;
        }
    }
    if (!it->second.holder && queue.isEmpty())
        m_resources.erase(it);
    return true;
}

LockTable::Expiry LockTable::expire(const QDateTime &now)
{
    Expiry result;
    for (auto it = m_resources.begin(); it != m_resources.end();) {
        Resource &r = it->second;
        if (r.holder && r.holder->expiresAt <= now) {
            result.expired.append(Grant{it->first, *r.holder});
            r.holder.reset();
            if (auto grant = grantNext(it->first, r, now))
                result.granted.append(*grant);
        }
        if (!r.holder && r.queue.isEmpty())
            it = m_resources.erase(it);
        else
            ++it;
    }
    return result;
}

std::optional<QDateTime> LockTable::nextExpiry() const
{
    std::optional<QDateTime> next;
    for (const auto &[name, r] : m_resources) {
        if (r.holder && (!next || r.holder->expiresAt < *next))
            next = r.holder->expiresAt;
    }
    return next;
}

std::optional<LockTable::Holder> LockTable::holder(const QString &resource) const
{
    const auto it = m_resources.find(resource);
    if (it == m_resources.end())
        return std::nullopt;
    return it->second.holder;
}

QList<LockTable::ResourceState> LockTable::snapshot() const
{
    QList<ResourceState> list;
    for (const auto &[name, r] : m_resources)
        list.append({name, r.holder, r.queue});
    return list;
}

} // namespace Orc::Domain
