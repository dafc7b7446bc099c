// GET /api/v1/locks over a real socket: holders, queues in grant order and waits.
#include "api/controllers/lockcontroller.h"

#include "apitest.h"
#include "domain/identifiers.h"

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

class LockApi : public ApiTest
{
protected:
    void addRoutes(Api::Router &router) override { controller.addRoutes(router); }

    Api::LockController controller{h.locks, h.clock};
};

} // namespace

TEST_F(LockApi, ShowsHoldersAndQueuesInGrantOrder)
{
    EXPECT_EQ(call("GET", u"/api/v1/locks"_s).json(),
              (QJsonObject{{u"items"_s, QJsonArray()}, {u"total"_s, 0}, {u"waiting"_s, 0}}));

    Application::LockRequest first{u"session:execution:a"_s, u"worker-1"_s};
    const auto held = await(h.locks.acquire(first));
    ASSERT_TRUE(held.ok());
    h.clock.advance(1500);
    // Two waiters: the higher priority goes first whatever the arrival order.
    Application::LockRequest low{u"session:execution:a"_s, u"worker-2"_s};
    Application::LockRequest high{u"session:execution:a"_s, u"worker-3"_s, 5};
    auto lowWait = h.locks.acquire(low);
    h.clock.advance(500);
    auto highWait = h.locks.acquire(high);
    h.clock.advance(250);

    const HttpResult locks = call("GET", u"/api/v1/locks"_s);
    ASSERT_EQ(locks.status, 200) << locks.body.toStdString();
    EXPECT_EQ(locks.json().value(u"total"_s).toInt(), 1);
    EXPECT_EQ(locks.json().value(u"waiting"_s).toInt(), 2);
    const QJsonObject lock = locks.json().value(u"items"_s).toArray().at(0).toObject();
    EXPECT_EQ(lock.value(u"resource"_s).toString(), u"session:execution:a"_s);
    const QJsonObject holder = lock.value(u"holder"_s).toObject();
    EXPECT_EQ(holder.value(u"owner"_s).toString(), u"worker-1"_s);
    EXPECT_EQ(holder.value(u"held_ms"_s).toInteger(), 2250);
    EXPECT_TRUE(Domain::parseIsoTime(holder.value(u"expires_at"_s).toString()));
    const QJsonArray queue = lock.value(u"queue"_s).toArray();
    ASSERT_EQ(queue.size(), 2);
    EXPECT_EQ(queue[0].toObject().value(u"owner"_s).toString(), u"worker-3"_s);
    EXPECT_EQ(queue[0].toObject().value(u"priority"_s).toInt(), 5);
    EXPECT_EQ(queue[0].toObject().value(u"waited_ms"_s).toInteger(), 250);
    EXPECT_EQ(queue[1].toObject().value(u"owner"_s).toString(), u"worker-2"_s);
    EXPECT_EQ(queue[1].toObject().value(u"waited_ms"_s).toInteger(), 750);

    ASSERT_TRUE(await(h.locks.release(held.value())).ok());
    const auto next = await(std::move(highWait));
    ASSERT_TRUE(next.ok());
    const QJsonObject after = call("GET", u"/api/v1/locks"_s).json().value(u"items"_s).toArray().at(0).toObject();
    EXPECT_EQ(after.value(u"holder"_s).toObject().value(u"owner"_s).toString(), u"worker-3"_s);
    EXPECT_EQ(after.value(u"queue"_s).toArray().size(), 1);
    ASSERT_TRUE(await(h.locks.release(next.value())).ok());
    ASSERT_TRUE(await(std::move(lowWait)).ok());
}

TEST_F(LockApi, NeedsTheToken)
{
    EXPECT_EQ(expectEveryRouteNeedsTheToken(), 1);
}
