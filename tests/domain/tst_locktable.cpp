#include "domain/locktable.h"
#include "support/qtprinters.h"

#include <gtest/gtest.h>

using namespace Orc::Domain;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
constexpr qint64 Ttl = 30000;
const QString Resource = u"session:execution:1"_s;

} // namespace

// The old lock granted six ordered waiters as w1,w3,w2,w4,w0,w5. Ours: in order, six rounds in a row.
TEST(FairLock, SixOrderedWaitersAcquireInOrderSixTimesInARow)
{
    LockTable table;
    for (int round = 0; round < 6; ++round) {
        const auto holder = table.request(Resource, u"holder"_s, 0, Ttl, T0);
        ASSERT_EQ(holder.outcome, LockTable::Outcome::Granted) << "round " << round;
        for (int w = 0; w < 6; ++w) {
            const auto waiter = table.request(Resource, u"w%1"_s.arg(w), 0, Ttl, T0.addMSecs(w));
            ASSERT_EQ(waiter.outcome, LockTable::Outcome::Queued);
        }
        QString owner = u"holder"_s;
        quint64 ticket = holder.ticket;
        QStringList order;
        for (int w = 0; w < 6; ++w) {
            auto released = table.release(Resource, owner, ticket, T0.addSecs(1));
            ASSERT_TRUE(released.ok());
            ASSERT_TRUE(released->has_value());
            owner = (*released)->holder.owner;
            ticket = (*released)->holder.ticket;
            order.append(owner);
        }
        EXPECT_EQ(order, (QStringList{u"w0"_s, u"w1"_s, u"w2"_s, u"w3"_s, u"w4"_s, u"w5"_s})) << "round " << round;
        auto last = table.release(Resource, owner, ticket, T0.addSecs(2));
        ASSERT_TRUE(last.ok());
        EXPECT_FALSE(last->has_value());
        EXPECT_TRUE(table.snapshot().isEmpty());
    }
}

TEST(FairLock, HigherPriorityGoesFirstFifoWithinAPriority)
{
    LockTable table;
    const auto holder = table.request(Resource, u"holder"_s, 0, Ttl, T0);
    table.request(Resource, u"low1"_s, 0, Ttl, T0);
    table.request(Resource, u"high1"_s, 5, Ttl, T0);
    table.request(Resource, u"low2"_s, 0, Ttl, T0);
    table.request(Resource, u"high2"_s, 5, Ttl, T0);
    table.request(Resource, u"mid"_s, 2, Ttl, T0);
    QStringList order;
    QString owner = u"holder"_s;
    quint64 ticket = holder.ticket;
    for (int i = 0; i < 5; ++i) {
        auto next = table.release(Resource, owner, ticket, T0);
        ASSERT_TRUE(next.ok() && next->has_value());
        owner = (*next)->holder.owner;
        ticket = (*next)->holder.ticket;
        order.append(owner);
    }
    EXPECT_EQ(order, (QStringList{u"high1"_s, u"high2"_s, u"mid"_s, u"low1"_s, u"low2"_s}));
}

TEST(FairLock, AThreePartyWaitCycleIsADeadlockNamingAllThree)
{
    LockTable table;
    ASSERT_EQ(table.request(u"L1"_s, u"A"_s, 0, Ttl, T0).outcome, LockTable::Outcome::Granted);
    ASSERT_EQ(table.request(u"L2"_s, u"B"_s, 0, Ttl, T0).outcome, LockTable::Outcome::Granted);
    ASSERT_EQ(table.request(u"L3"_s, u"C"_s, 0, Ttl, T0).outcome, LockTable::Outcome::Granted);
    ASSERT_EQ(table.request(u"L2"_s, u"A"_s, 0, Ttl, T0).outcome, LockTable::Outcome::Queued); // A waits for B
    ASSERT_EQ(table.request(u"L3"_s, u"B"_s, 0, Ttl, T0).outcome, LockTable::Outcome::Queued); // B waits for C
    const auto closing = table.request(u"L1"_s, u"C"_s, 0, Ttl, T0);                           // C would wait for A
    ASSERT_EQ(closing.outcome, LockTable::Outcome::Deadlock);
    EXPECT_EQ(closing.cycle, (QStringList{u"C"_s, u"A"_s, u"B"_s}));
    EXPECT_EQ(table.waitingCount(), 2) << "the refused request is not left waiting";
}

TEST(FairLock, WaitingBehindAQueuedWaiterCountsInTheWaitForGraph)
{
    LockTable table;
    table.request(u"L1"_s, u"H"_s, 0, Ttl, T0);
    table.request(u"L2"_s, u"X"_s, 0, Ttl, T0);
    ASSERT_EQ(table.request(u"L1"_s, u"X"_s, 0, Ttl, T0).outcome, LockTable::Outcome::Queued); // X behind H
    // H now asks for L2, held by X who waits for H.
    const auto request = table.request(u"L2"_s, u"H"_s, 0, Ttl, T0);
    ASSERT_EQ(request.outcome, LockTable::Outcome::Deadlock);
    EXPECT_EQ(request.cycle, (QStringList{u"H"_s, u"X"_s}));
}

TEST(FairLock, ReleaseIsOwnerCheckedAndADoubleReleaseChangesNothing)
{
    LockTable table;
    const auto a = table.request(Resource, u"A"_s, 0, Ttl, T0);
    EXPECT_EQ(table.release(Resource, u"B"_s, a.ticket, T0).error().code, ErrorCode::NotFound) << "not the owner";
    ASSERT_TRUE(table.release(Resource, u"A"_s, a.ticket, T0).ok());
    EXPECT_FALSE(table.release(Resource, u"A"_s, a.ticket, T0).ok()) << "second release";
    const auto b = table.request(Resource, u"B"_s, 0, Ttl, T0);
    ASSERT_EQ(b.outcome, LockTable::Outcome::Granted) << "the lock stays acquirable";
    // A's stale release (or renewal) cannot touch B's lock.
    EXPECT_FALSE(table.release(Resource, u"A"_s, a.ticket, T0).ok());
    EXPECT_FALSE(table.renew(Resource, u"A"_s, a.ticket, Ttl, T0).ok());
    EXPECT_EQ(table.holder(Resource)->owner, u"B"_s);
}

TEST(FairLock, ADeadHoldersLeaseExpiresAndTheLockIsAcquirableAgain)
{
    LockTable table;
    const auto dead = table.request(Resource, u"crashed"_s, 0, 1000, T0);
    ASSERT_EQ(dead.outcome, LockTable::Outcome::Granted);
    EXPECT_EQ(dead.expiresAt, T0.addMSecs(1000));
    ASSERT_EQ(table.request(Resource, u"next"_s, 0, Ttl, T0).outcome, LockTable::Outcome::Queued);
    EXPECT_EQ(table.nextExpiry(), T0.addMSecs(1000));
    EXPECT_TRUE(table.expire(T0.addMSecs(999)).expired.isEmpty());
    const auto expiry = table.expire(T0.addMSecs(1000));
    ASSERT_EQ(expiry.expired.size(), 1);
    EXPECT_EQ(expiry.expired[0].holder.owner, u"crashed"_s);
    ASSERT_EQ(expiry.granted.size(), 1);
    EXPECT_EQ(expiry.granted[0].holder.owner, u"next"_s);
    EXPECT_EQ(expiry.granted[0].holder.expiresAt, T0.addMSecs(1000 + Ttl)) << "the new lease starts at the grant";
    EXPECT_FALSE(table.renew(Resource, u"crashed"_s, dead.ticket, Ttl, T0.addSecs(2)).ok());
}

TEST(FairLock, RenewalExtendsTheLease)
{
    LockTable table;
    const auto a = table.request(Resource, u"A"_s, 0, 1000, T0);
    auto renewed = table.renew(Resource, u"A"_s, a.ticket, 1000, T0.addMSecs(900));
    ASSERT_TRUE(renewed.ok());
    EXPECT_EQ(renewed.value(), T0.addMSecs(1900));
    EXPECT_TRUE(table.expire(T0.addMSecs(1500)).expired.isEmpty());
}

TEST(FairLock, ACancelledWaiterLeavesTheQueueAndTheLockAcquirable)
{
    LockTable table;
    const auto a = table.request(Resource, u"A"_s, 0, Ttl, T0);
    const auto b = table.request(Resource, u"B"_s, 0, Ttl, T0);
    table.request(Resource, u"C"_s, 0, Ttl, T0);
    EXPECT_TRUE(table.cancel(b.ticket));
    EXPECT_FALSE(table.cancel(b.ticket));
    auto next = table.release(Resource, u"A"_s, a.ticket, T0);
    ASSERT_TRUE(next.ok() && next->has_value());
    EXPECT_EQ((*next)->holder.owner, u"C"_s);
    ASSERT_TRUE(table.release(Resource, u"C"_s, (*next)->holder.ticket, T0).ok());
    EXPECT_EQ(table.request(Resource, u"B"_s, 0, Ttl, T0).outcome, LockTable::Outcome::Granted);
}

TEST(FairLock, TwoHoldersInOneProcessTakeTurnsWithoutLeaking)
{
    LockTable table;
    for (int i = 0; i < 3; ++i) {
        const auto first = table.request(Resource, u"proc:worker-1"_s, 0, Ttl, T0);
        const auto second = table.request(Resource, u"proc:worker-2"_s, 0, Ttl, T0);
        ASSERT_EQ(first.outcome, LockTable::Outcome::Granted);
        ASSERT_EQ(second.outcome, LockTable::Outcome::Queued);
        auto handover = table.release(Resource, u"proc:worker-1"_s, first.ticket, T0);
        ASSERT_TRUE(handover.ok() && handover->has_value());
        ASSERT_TRUE(table.release(Resource, u"proc:worker-2"_s, (*handover)->holder.ticket, T0).ok());
    }
    EXPECT_TRUE(table.snapshot().isEmpty());
    EXPECT_EQ(table.waitingCount(), 0);
}

TEST(FairLock, AnOwnerAskingForALockItHoldsWouldWaitForItself)
{
    LockTable table;
    table.request(Resource, u"A"_s, 0, Ttl, T0);
    const auto again = table.request(Resource, u"A"_s, 0, Ttl, T0);
    EXPECT_EQ(again.outcome, LockTable::Outcome::Deadlock);
    EXPECT_EQ(again.cycle, QStringList{u"A"_s});
}

TEST(FairLock, SnapshotShowsHoldersAndQueues)
{
    LockTable table;
    table.request(Resource, u"A"_s, 0, Ttl, T0);
    table.request(Resource, u"B"_s, 1, Ttl, T0);
    const auto snapshot = table.snapshot();
    ASSERT_EQ(snapshot.size(), 1);
    EXPECT_EQ(snapshot[0].resource, Resource);
    EXPECT_EQ(snapshot[0].holder->owner, u"A"_s);
    ASSERT_EQ(snapshot[0].queue.size(), 1);
    EXPECT_EQ(snapshot[0].queue[0].owner, u"B"_s);
    EXPECT_EQ(snapshot[0].queue[0].priority, 1);
}
