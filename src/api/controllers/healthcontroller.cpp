#include "api/controllers/healthcontroller.h"

namespace Orc::Api {

using Application::HealthStatus;

HealthController::HealthController(const Application::HealthMonitor &monitor, QString version)
    : m_monitor(monitor), m_version(std::move(version))
{}

void HealthController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/health"), [this](HttpRequest) { return health(); });
    router.add("GET", QStringLiteral("/health/live"), [](HttpRequest) -> QCoro::Task<HttpResponse> {
        co_return HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
    });
    router.add("GET", QStringLiteral("/health/ready"), [this](HttpRequest) { return ready(); });
}

QCoro::Task<HttpResponse> HealthController::health()
{
    const Application::SystemHealth system = co_await m_monitor.check();
    QJsonObject body = system.toJson();
    body.insert(QStringLiteral("version"), m_version);
    body.insert(QStringLiteral("ready"), m_ready);
    co_return HttpResponse::json(system.status == HealthStatus::Down ? 503 : 200, body);
}

QCoro::Task<HttpResponse> HealthController::ready()
{
    if (!m_ready) {
        HttpResponse response
            = HttpResponse::json(503, QJsonObject{{QStringLiteral("status"), QStringLiteral("starting")}});
        co_return response.withHeader("Retry-After", "1");
    }
    co_return HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ready")}});
}

} // namespace Orc::Api
