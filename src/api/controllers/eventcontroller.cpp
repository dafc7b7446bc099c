#include "api/controllers/eventcontroller.h"

#include "api/controllers/common.h"

namespace Orc::Api {

void EventController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/events"), [this](HttpRequest r) { return list(std::move(r)); });
}

QCoro::Task<HttpResponse> EventController::list(HttpRequest request)
{
    QueryParams params(request.query);
    const Application::EventQuery query = eventQuery(params);
    if (Domain::Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    auto events = co_await m_events.events(query);
    if (!events)
        co_return HttpResponse::error(events.error());
    co_return HttpResponse::json(200, eventsJson(events.value(), query.afterSeq));
}

} // namespace Orc::Api
