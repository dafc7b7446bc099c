#include "api/controllers/lockcontroller.h"

#include "domain/identifiers.h"

#include <QJsonArray>

namespace Orc::Api {

using namespace Qt::StringLiterals;
using Domain::isoTime;

LockController::LockController(const Application::ILockService &locks, const Application::IClock &clock)
    : m_locks(locks), m_clock(clock)
{}

void LockController::addRoutes(Router &router)
{
    router.add("GET", u"/api/v1/locks"_s, [this](HttpRequest) { return list(); });
}

QCoro::Task<HttpResponse> LockController::list()
{
    const QDateTime now = m_clock.now();
    QJsonArray items;
    int waiting = 0;
    for (const Domain::LockTable::ResourceState &state : m_locks.snapshot()) {
        QJsonValue holder;
        if (state.holder) {
            holder = QJsonObject{{u"owner"_s, state.holder->owner},
                                 {u"ticket"_s, qint64(state.holder->ticket)},
                                 {u"priority"_s, state.holder->priority},
                                 {u"acquired_at"_s, isoTime(state.holder->acquiredAt)},
                                 {u"expires_at"_s, isoTime(state.holder->expiresAt)},
                                 {u"held_ms"_s, state.holder->acquiredAt.msecsTo(now)}};
        }
        QJsonArray queue;
        for (const Domain::LockTable::Waiter &waiter : state.queue) {
            queue.append(QJsonObject{{u"owner"_s, waiter.owner},
                                     {u"ticket"_s, qint64(waiter.ticket)},
                                     {u"priority"_s, waiter.priority},
                                     {u"waiting_since"_s, isoTime(waiter.since)},
                                     {u"waited_ms"_s, waiter.since.msecsTo(now)}});
        }
        waiting += int(queue.size());
        items.append(QJsonObject{{u"resource"_s, state.resource}, {u"holder"_s, holder}, {u"queue"_s, queue}});
    }
    co_return HttpResponse::json(200,
                                 QJsonObject{{u"items"_s, items}, {u"total"_s, items.size()}, {u"waiting"_s, waiting}});
}

} // namespace Orc::Api
