#include "api/controllers/healthcontroller.h"

#include "support/qtprinters.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace Orc;
using Application::ComponentHealth;
using Application::HealthStatus;

namespace {

Application::HealthMonitor::Check reporting(HealthStatus status, QJsonObject details = {})
{
    return [status, details]() -> QCoro::Task<ComponentHealth> {
        ComponentHealth health;
        health.status = status;
        health.details = details;
        co_return health;
    };
}

Api::HttpResponse get(const Api::Router &router, const QString &path)
{
    Api::HttpRequest request;
    request.method = "GET";
    request.path = path;
    return QCoro::waitFor(router.dispatch(request));
}

QJsonObject bodyOf(const Api::HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

} // namespace

TEST(HealthController, ReportsEveryComponentAndTheVersion)
{
    Application::HealthMonitor monitor;
    monitor.add(QStringLiteral("database"),
                reporting(HealthStatus::Ok, {{QStringLiteral("backend"), QStringLiteral("memory")}}));
    monitor.add(QStringLiteral("lock"), reporting(HealthStatus::Ok));
    Api::HealthController controller(monitor, QStringLiteral("9.9.9"));
    Api::Router router;
    controller.addRoutes(router);

    const Api::HttpResponse response = get(router, QStringLiteral("/health"));
    EXPECT_EQ(response.status, 200);
    const QJsonObject body = bodyOf(response);
    EXPECT_EQ(body.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    EXPECT_EQ(body.value(QStringLiteral("version")).toString(), QStringLiteral("9.9.9"));
    const QJsonObject components = body.value(QStringLiteral("components")).toObject();
    EXPECT_EQ(components.keys(), (QStringList{QStringLiteral("database"), QStringLiteral("lock")}));
    EXPECT_EQ(components.value(QStringLiteral("database")).toObject().value(QStringLiteral("backend")).toString(),
              QStringLiteral("memory"));
}

TEST(HealthController, TheWorstComponentDecidesAndDownIs503)
{
    Application::HealthMonitor monitor;
    monitor.add(QStringLiteral("database"), reporting(HealthStatus::Ok));
    monitor.add(QStringLiteral("agents"), reporting(HealthStatus::Degraded));
    Api::HealthController controller(monitor, QStringLiteral("1"));
    Api::Router router;
    controller.addRoutes(router);
    Api::HttpResponse response = get(router, QStringLiteral("/health"));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(bodyOf(response).value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));

    monitor.add(QStringLiteral("lock"), reporting(HealthStatus::Down));
    response = get(router, QStringLiteral("/health"));
    EXPECT_EQ(response.status, 503);
    const QJsonObject body = bodyOf(response);
    EXPECT_EQ(body.value(QStringLiteral("status")).toString(), QStringLiteral("down"));
    EXPECT_EQ(body.value(QStringLiteral("components"))
                  .toObject()
                  .value(QStringLiteral("lock"))
                  .toObject()
                  .value(QStringLiteral("status")),
              QStringLiteral("down"));
}

TEST(HealthController, ReadyIs503UntilTheRuntimeSaysSo)
{
    Application::HealthMonitor monitor;
    Api::HealthController controller(monitor, QStringLiteral("1"));
    Api::Router router;
    controller.addRoutes(router);

    Api::HttpResponse response = get(router, QStringLiteral("/health/ready"));
    EXPECT_EQ(response.status, 503);
    EXPECT_FALSE(response.headers.isEmpty());
    EXPECT_EQ(get(router, QStringLiteral("/health/live")).status, 200);

    controller.setReady(true);
    response = get(router, QStringLiteral("/health/ready"));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(bodyOf(response).value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
}
