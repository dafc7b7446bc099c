#pragma once

#include "api/http/router.h"

#include "application/ports/repositories.h"

namespace Orc::Api {

// GET /api/v1/events?after_seq&limit: the event log, in seq order, for clients catching up.
class EventController
{
public:
    explicit EventController(Application::IEventLog &events) : m_events(events) {}
    void addRoutes(Router &router);

private:
    QCoro::Task<HttpResponse> list(HttpRequest request);
    Application::IEventLog &m_events;
};

} // namespace Orc::Api
