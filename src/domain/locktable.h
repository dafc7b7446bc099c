#pragma once

#include "domain/result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <deque>
#include <map>
#include <optional>

namespace Orc::Domain {

// The fair lock of CONTRACT.md §5 as pure state (time is passed in).
//  - one holder per resource, with a lease; release and renew are checked against owner and ticket;
//  - waiters acquire strictly in arrival order within a priority (a higher priority value first);
//  - a request that would close a cycle in the wait-for graph fails at once, naming the owners.
// A waiter waits for the holder and for every waiter queued ahead of it.
class LockTable
{
public:
    struct Holder
    {
        QString owner;
        quint64 ticket = 0;
        int priority = 0;
        QDateTime acquiredAt;
        QDateTime expiresAt;
    };
    struct Waiter
    {
        QString owner;
        quint64 ticket = 0;
        int priority = 0;
        qint64 ttlMs = 0;
        QDateTime since;
    };
    struct Grant
    {
        QString resource;
        Holder holder;
    };
    struct ResourceState
    {
        QString resource;
        std::optional<Holder> holder;
        QList<Waiter> queue;
    };

    enum class Outcome { Granted, Queued, Deadlock };
    struct Acquisition
    {
        Outcome outcome = Outcome::Granted;
        quint64 ticket = 0;
        QDateTime expiresAt; // when granted
        QStringList cycle;   // owners, each waiting for the next and the last for the first
    };

    Acquisition request(const QString &resource, const QString &owner, int priority, qint64 ttlMs,
                        const QDateTime &now);
    // Owner-checked: fails (NOT_FOUND) unless `owner` holds `resource` with `ticket`, so a second
    // release cannot free a lock someone else now holds. Returns the grant made to the next waiter.
    Result<std::optional<Grant>> release(const QString &resource, const QString &owner, quint64 ticket,
                                         const QDateTime &now);
    Result<QDateTime> renew(const QString &resource, const QString &owner, quint64 ticket, qint64 ttlMs,
                            const QDateTime &now);
    // Withdraws a waiting request (timeout, cancelled caller). Returns whether it was waiting.
    bool cancel(quint64 ticket);
    // Frees every lease that has run out and grants the next waiters.
    struct Expiry
    {
        QList<Grant> expired;
        QList<Grant> granted;
    };
    Expiry expire(const QDateTime &now);
    std::optional<QDateTime> nextExpiry() const;

    std::optional<Holder> holder(const QString &resource) const;
    QList<ResourceState> snapshot() const;
    int waitingCount() const { return int(m_waiting.size()); }

private:
    struct Resource
    {
        std::optional<Holder> holder;
        QList<Waiter> queue; // in grant order
    };

    std::optional<Grant> grantNext(const QString &resource, Resource &state, const QDateTime &now);
    QStringList findCycle(const QString &start) const;
    QStringList waitsFor(const QString &owner) const;

    std::map<QString, Resource> m_resources;
    QHash<quint64, QString> m_waiting;      // ticket -> resource
    QHash<QString, QString> m_ownerWaitsOn; // owner -> resource it waits for
    quint64 m_nextTicket = 1;
};

} // namespace Orc::Domain
