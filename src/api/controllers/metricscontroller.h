#pragma once

#include "api/http/router.h"
#include "api/metrics/metrics.h"

#include "application/agentservice.h"
#include "application/sessionservice.h"

#include <functional>

namespace Orc::Api {

// GET /metrics: the Prometheus text format, no token needed (CONTRACT §6). Session counts are read
// from storage when scraped; if storage is down the series are left out and the answer says so in
// a comment, so a scrape never fails because of it.
class MetricsController
{
public:
    MetricsController(Metrics &metrics, Application::SessionService &sessions, Application::AgentService &agents,
                      std::function<int()> websocketConnections);

    void addRoutes(Router &router);

private:
    QCoro::Task<HttpResponse> metrics();

    Metrics &m_metrics;
    Application::SessionService &m_sessions;
    Application::AgentService &m_agents;
    std::function<int()> m_websocketConnections;
};

} // namespace Orc::Api
