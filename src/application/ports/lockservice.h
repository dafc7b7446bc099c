#pragma once

#include "domain/locktable.h"
#include "domain/result.h"

#include <QDateTime>
#include <QString>

#include <qcorotask.h>

namespace Orc::Application {

struct LockRequest
{
    static constexpr qint64 DefaultTtlMs = 30000;
    QString resource; // e.g. session:execution:{id}, agent:register:{name}
    QString owner;
    int priority = 0; // higher goes first
    qint64 ttlMs = DefaultTtlMs;
    qint64 waitTimeoutMs = 30000;
};

struct LockHandle
{
    QString resource;
    QString owner;
    quint64 ticket = 0;
    QDateTime expiresAt;
};

// The fair lock of CONTRACT.md §5: in-process by default, Redis across instances.
class ILockService
{
public:
    virtual ~ILockService() = default;
    // Granted at once or in turn; DEADLOCK_DETECTED (naming the cycle) instead of waiting when the
    // wait would close a cycle; CONFLICT when the wait times out.
    virtual QCoro::Task<Domain::Result<LockHandle>> acquire(LockRequest request) = 0;
    // Owner- and ticket-checked (NOT_FOUND otherwise): a second release changes nothing.
    virtual QCoro::Task<Domain::Status> release(LockHandle handle) = 0;
    virtual QCoro::Task<Domain::Result<QDateTime>> renew(LockHandle handle, qint64 ttlMs) = 0;
    virtual QList<Domain::LockTable::ResourceState> snapshot() const = 0;
};

} // namespace Orc::Application
