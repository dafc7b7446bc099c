#pragma once

#include "application/ports/clock.h"
#include "application/ports/lockservice.h"
#include "domain/event.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace Orc::Application {

// The in-process fair lock (the embedded default): LockTable's rules, with waiting as a coroutine,
// wait timeouts, and lease expiry on a timer at the next deadline. Every grant and release is
// reported as lock.acquired / lock.released to the event sink (the runtime stores them).
class LockService final
    : public QObject
    , public ILockService
{
    Q_OBJECT

public:
    using EventSink = std::function<void(Domain::Events)>;

    explicit LockService(IClock &clock, QObject *parent = nullptr);
    ~LockService() override;

    void setEventSink(EventSink sink) { m_sink = std::move(sink); }

    QCoro::Task<Domain::Result<LockHandle>> acquire(LockRequest request) override;
    QCoro::Task<Domain::Status> release(LockHandle handle) override;
    QCoro::Task<Domain::Result<QDateTime>> renew(LockHandle handle, qint64 ttlMs) override;
    QList<Domain::LockTable::ResourceState> snapshot() const override { return m_table.snapshot(); }

    // Frees every lease that has run out and hands the locks to the next waiters. Runs on a timer;
    // public so a manual clock can drive it.
    void expireLeases();
    int waitingCount() const { return m_table.waitingCount(); }

private:
    struct Waiter;
    void deliver(const Domain::LockTable::Grant &grant);
    void finish(const std::shared_ptr<Waiter> &waiter, Domain::Result<LockHandle> outcome);
    void scheduleExpiry();
    void emitEvents(Domain::Events events);
    Domain::Event acquiredEvent(const Domain::LockTable::Grant &grant, qint64 waitedMs) const;
    Domain::Event releasedEvent(const QString &resource, const Domain::LockTable::Holder &holder,
                                const QString &reason) const;

    IClock &m_clock;
    Domain::LockTable m_table;
    QHash<quint64, std::shared_ptr<Waiter>> m_waiters;
    QTimer m_expiryTimer;
    EventSink m_sink;
};

} // namespace Orc::Application
