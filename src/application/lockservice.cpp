#include "application/lockservice.h"

#include <QJsonArray>
#include <QPointer>

#include <coroutine>
#include <optional>

using namespace Qt::StringLiterals;
using Orc::Domain::Error;
using Orc::Domain::ErrorCode;
using Orc::Domain::LockTable;
using Orc::Domain::Result;

namespace Orc::Application {

// One queued acquire: the suspended coroutine and, once decided, its outcome.
struct LockService::Waiter
{
    quint64 ticket = 0;
    QDateTime since;
    std::coroutine_handle<> handle;
    std::optional<Result<LockHandle>> outcome;
    std::unique_ptr<QTimer> timeout;
};

namespace {

struct WaitForGrant
{
    std::shared_ptr<void> keepAlive;
    std::optional<Result<LockHandle>> *outcome;
    std::coroutine_handle<> *slot;

    bool await_ready() const noexcept { return outcome->has_value(); }
    void await_suspend(std::coroutine_handle<> handle) noexcept { *slot = handle; }
    Result<LockHandle> await_resume() { return std::move(**outcome); }
};

} // namespace

LockService::LockService(IClock &clock, QObject *parent) : QObject(parent), m_clock(clock)
{
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, &LockService::expireLeases);
}

LockService::~LockService()
{
    m_expiryTimer.stop();
    for (const auto &waiter : std::as_const(m_waiters))
        waiter->timeout.reset();
}

Domain::Event LockService::acquiredEvent(const LockTable::Grant &grant, qint64 waitedMs) const
{
    return Domain::makeEvent(Domain::EventType::LockAcquired,
                             QJsonObject{{u"resource"_s, grant.resource},
                                         {u"owner"_s, grant.holder.owner},
                                         {u"ticket"_s, double(grant.holder.ticket)},
                                         {u"priority"_s, grant.holder.priority},
                                         {u"expires_at"_s, grant.holder.expiresAt.toString(Qt::ISODateWithMs)},
                                         {u"waited_ms"_s, double(waitedMs)}},
                             m_clock.now());
}

Domain::Event LockService::releasedEvent(const QString &resource, const LockTable::Holder &holder,
                                         const QString &reason) const
{
    return Domain::makeEvent(Domain::EventType::LockReleased,
                             QJsonObject{{u"resource"_s, resource},
                                         {u"owner"_s, holder.owner},
                                         {u"ticket"_s, double(holder.ticket)},
                                         {u"reason"_s, reason}},
                             m_clock.now());
}

void LockService::emitEvents(Domain::Events events)
{
    if (m_sink && !events.isEmpty())
        m_sink(std::move(events));
}

QCoro::Task<Result<LockHandle>> LockService::acquire(LockRequest request)
{
    if (request.resource.isEmpty() || request.owner.isEmpty())
        co_return Error::validation({{u"resource"_s, u"resource and owner are required"_s}});
    expireLeases(); // a dead holder must not block anyone
    const QDateTime now = m_clock.now();
    const auto acquisition = m_table.request(request.resource, request.owner, request.priority, request.ttlMs, now);
    switch (acquisition.outcome) {
    case LockTable::Outcome::Granted: {
        const LockTable::Grant grant{request.resource, *m_table.holder(request.resource)};
        emitEvents({acquiredEvent(grant, 0)});
        scheduleExpiry();
        co_return LockHandle{request.resource, request.owner, acquisition.ticket, acquisition.expiresAt};
    }
    case LockTable::Outcome::Deadlock:
        co_return Error::conflict(
            ErrorCode::DeadlockDetected,
            u"waiting for %1 would deadlock: %2"_s.arg(request.resource, acquisition.cycle.join(u" -> "_s) + u" -> "_s
                                                                             + acquisition.cycle.first()),
            QJsonObject{{u"cycle"_s, QJsonArray::fromStringList(acquisition.cycle)}});
    case LockTable::Outcome::Queued: break;
    }

    auto waiter = std::make_shared<Waiter>();
    waiter->ticket = acquisition.ticket;
    waiter->since = now;
    waiter->timeout = std::make_unique<QTimer>();
    waiter->timeout->setSingleShot(true);
    const quint64 ticket = acquisition.ticket;
    const QString resource = request.resource;
    connect(waiter->timeout.get(), &QTimer::timeout, this, [this, ticket, resource, timeoutMs = request.waitTimeoutMs] {
        const auto found = m_waiters.value(ticket);
        if (!found || !m_table.cancel(ticket))
            return;
        finish(found, Error::conflict(ErrorCode::Conflict,
                                      u"timed out after %1 ms waiting for lock %2"_s.arg(timeoutMs).arg(resource)));
    });
    waiter->timeout->start(int(std::clamp<qint64>(request.waitTimeoutMs, 0, 24 * 3600 * 1000)));
    m_waiters.insert(ticket, waiter);
    WaitForGrant grant{waiter, &waiter->outcome, &waiter->handle}; // named: GCC 12 and temporaries in co_await
    Result<LockHandle> outcome = co_await grant;
    co_return outcome;
}

void LockService::finish(const std::shared_ptr<Waiter> &waiter, Result<LockHandle> outcome)
{
    m_waiters.remove(waiter->ticket);
    if (waiter->timeout) {
        waiter->timeout->stop();
        waiter->timeout.release()->deleteLater();
    }
    waiter->outcome = std::move(outcome);
    // Resume from the event loop, not from inside release(): the caller's state is settled first.
    QMetaObject::invokeMethod(
        this,
        [waiter] {
            if (waiter->handle)
                std::exchange(waiter->handle, {}).resume();
        },
        Qt::QueuedConnection);
}

void LockService::deliver(const LockTable::Grant &grant)
{
    const auto waiter = m_waiters.value(grant.holder.ticket);
    const qint64 waited = waiter ? waiter->since.msecsTo(grant.holder.acquiredAt) : 0;
    emitEvents({acquiredEvent(grant, waited)});
    if (waiter)
        finish(waiter, LockHandle{grant.resource, grant.holder.owner, grant.holder.ticket, grant.holder.expiresAt});
}

QCoro::Task<Domain::Status> LockService::release(LockHandle handle)
{
    const auto holder = m_table.holder(handle.resource);
    auto released = m_table.release(handle.resource, handle.owner, handle.ticket, m_clock.now());
    if (!released)
        co_return std::move(released).error();
    emitEvents({releasedEvent(handle.resource, *holder, u"released"_s)});
    if (released->has_value())
        deliver(**released);
    scheduleExpiry();
    co_return Domain::Status();
}

QCoro::Task<Result<QDateTime>> LockService::renew(LockHandle handle, qint64 ttlMs)
{
    auto renewed = m_table.renew(handle.resource, handle.owner, handle.ticket, ttlMs, m_clock.now());
    scheduleExpiry();
    co_return renewed;
}

void LockService::expireLeases()
{
    const auto expiry = m_table.expire(m_clock.now());
    Domain::Events events;
    for (const auto &expired : expiry.expired)
        events.append(releasedEvent(expired.resource, expired.holder, u"lease_expired"_s));
    emitEvents(std::move(events));
    for (const auto &grant : expiry.granted)
        deliver(grant);
    scheduleExpiry();
}

void LockService::scheduleExpiry()
{
    const auto next = m_table.nextExpiry();
    if (!next) {
        m_expiryTimer.stop();
        return;
    }
    const qint64 delay = std::clamp<qint64>(m_clock.now().msecsTo(*next), 0, 24 * 3600 * 1000);
    m_expiryTimer.start(int(delay));
}

} // namespace Orc::Application
