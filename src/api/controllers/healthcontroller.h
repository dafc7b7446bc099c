#pragma once

#include "api/http/router.h"
#include "application/health.h"

namespace Orc::Api {

// GET /health (component checks), /health/live (the event loop answers) and /health/ready
// (503 until the runtime has opened its storage and accepts work). No token needed.
class HealthController
{
public:
    HealthController(const Application::HealthMonitor &monitor, QString version);

    void addRoutes(Router &router);
    void setReady(bool ready) { m_ready = ready; }

private:
    QCoro::Task<HttpResponse> health();
    QCoro::Task<HttpResponse> ready();

    const Application::HealthMonitor &m_monitor;
    QString m_version;
    bool m_ready = false;
};

} // namespace Orc::Api
