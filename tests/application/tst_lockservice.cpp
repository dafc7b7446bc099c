#include "harness.h"

using namespace Orc;
using namespace Orc::Domain;
using namespace Orc::Application;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

LockRequest request(const QString &owner, const QString &resource = u"session:execution:1"_s, qint64 ttl = 30000)
{
    LockRequest r;
    r.resource = resource;
    r.owner = owner;
    r.ttlMs = ttl;
    return r;
}

} // namespace

TEST(LockService, WaitersAreResumedInArrivalOrder)
{
    Harness h;
    Events events;
    h.locks.setEventSink([&events](Events e) { events.append(e); });
    auto holder = await(h.locks.acquire(request(u"holder"_s)));
    ASSERT_TRUE(holder.ok());
    QStringList order;
    std::vector<QCoro::Task<Result<LockHandle>>> waiting;
    for (int i = 0; i < 6; ++i) {
        waiting.push_back(h.locks.acquire(request(u"w%1"_s.arg(i))));
        ASSERT_FALSE(waiting.back().isReady());
    }
    EXPECT_EQ(h.locks.waitingCount(), 6);
    LockHandle current = holder.value();
    for (int i = 0; i < 6; ++i) {
        ASSERT_TRUE(await(h.locks.release(current)).ok());
        auto granted = await(std::move(waiting[i]));
        ASSERT_TRUE(granted.ok());
        order.append(granted->owner);
        current = granted.value();
    }
    EXPECT_EQ(order, (QStringList{u"w0"_s, u"w1"_s, u"w2"_s, u"w3"_s, u"w4"_s, u"w5"_s}));
    ASSERT_TRUE(await(h.locks.release(current)).ok());
    EXPECT_EQ(await(h.locks.release(current)).error().code, ErrorCode::NotFound) << "double release";
    EXPECT_TRUE(h.locks.snapshot().isEmpty());
    int acquired = 0, released = 0;
    for (const Event &e : events) {
        acquired += e.type == EventType::LockAcquired ? 1 : 0;
        released += e.type == EventType::LockReleased ? 1 : 0;
    }
    EXPECT_EQ(acquired, 7);
    EXPECT_EQ(released, 7);
}

TEST(LockService, ACycleFailsAtOnceWithDeadlockDetected)
{
    Harness h;
    auto a = await(h.locks.acquire(request(u"A"_s, u"L1"_s)));
    auto b = await(h.locks.acquire(request(u"B"_s, u"L2"_s)));
    auto c = await(h.locks.acquire(request(u"C"_s, u"L3"_s)));
    auto aWaits = h.locks.acquire(request(u"A"_s, u"L2"_s));
    auto bWaits = h.locks.acquire(request(u"B"_s, u"L3"_s));
    auto deadlock = await(h.locks.acquire(request(u"C"_s, u"L1"_s)));
    ASSERT_FALSE(deadlock.ok());
    EXPECT_EQ(deadlock.error().code, ErrorCode::DeadlockDetected);
    EXPECT_TRUE(deadlock.error().message.contains(u"C -> A -> B -> C"_s)) << deadlock.error().message.toStdString();
    // Unwind: C gives up L3, so B gets it, and so on.
    ASSERT_TRUE(await(h.locks.release(c.value())).ok());
    auto bGot = await(std::move(bWaits));
    ASSERT_TRUE(bGot.ok());
    ASSERT_TRUE(await(h.locks.release(b.value())).ok());
    ASSERT_TRUE(await(std::move(aWaits)).ok());
}

TEST(LockService, ADeadHoldersLeaseRunsOutAndTheNextWaiterGetsTheLock)
{
    Harness h;
    auto crashed = await(h.locks.acquire(request(u"crashed"_s, u"r"_s, 1000)));
    ASSERT_TRUE(crashed.ok());
    auto next = h.locks.acquire(request(u"next"_s, u"r"_s));
    ASSERT_FALSE(next.isReady());
    h.clock.advance(1000);
    h.locks.expireLeases();
    auto granted = await(std::move(next));
    ASSERT_TRUE(granted.ok());
    EXPECT_EQ(granted->owner, u"next"_s);
    EXPECT_EQ(await(h.locks.renew(crashed.value(), 1000)).error().code, ErrorCode::NotFound);
}

TEST(LockService, AnExpiredHolderDoesNotBlockANewRequest)
{
    Harness h;
    ASSERT_TRUE(await(h.locks.acquire(request(u"crashed"_s, u"r"_s, 500))).ok());
    h.clock.advance(501);
    auto fresh = await(h.locks.acquire(request(u"fresh"_s, u"r"_s)));
    ASSERT_TRUE(fresh.ok()) << "acquire frees run-out leases first";
    EXPECT_EQ(h.locks.snapshot()[0].holder->owner, u"fresh"_s);
}

TEST(LockService, AWaiterThatTimesOutLeavesTheQueue)
{
    Harness h;
    auto holder = await(h.locks.acquire(request(u"holder"_s)));
    LockRequest impatient = request(u"impatient"_s);
    impatient.waitTimeoutMs = 20;
    auto timedOut = await(h.locks.acquire(impatient)); // the event loop runs until its timer fires
    ASSERT_FALSE(timedOut.ok());
    EXPECT_EQ(timedOut.error().code, ErrorCode::Conflict);
    EXPECT_EQ(h.locks.waitingCount(), 0);
    ASSERT_TRUE(await(h.locks.release(holder.value())).ok());
    EXPECT_TRUE(await(h.locks.acquire(request(u"later"_s))).ok()) << "the lock stays acquirable";
}
