#include "application/health.h"

namespace Orc::Application {

QString healthStatusName(HealthStatus status)
{
    switch (status) {
    case HealthStatus::Ok: return QStringLiteral("ok");
    case HealthStatus::Degraded: return QStringLiteral("degraded");
    case HealthStatus::Down: return QStringLiteral("down");
    }
    return QStringLiteral("down");
}

QJsonObject SystemHealth::toJson() const
{
    QJsonObject parts;
    for (const auto &[name, health] : components) {
        QJsonObject part = health.details;
        part.insert(QStringLiteral("status"), healthStatusName(health.status));
        parts.insert(name, part);
    }
    return QJsonObject{{QStringLiteral("status"), healthStatusName(status)}, {QStringLiteral("components"), parts}};
}

void HealthMonitor::add(const QString &component, Check check)
{
    m_checks.append({component, std::move(check)});
}

QCoro::Task<SystemHealth> HealthMonitor::check() const
{
    SystemHealth result;
    const auto checks = m_checks; // a check may suspend; the list must not change under us
    for (const auto &[name, check] : checks) {
        ComponentHealth health = co_await check();
        result.status = std::max(result.status, health.status);
        result.components.append({name, health});
    }
    co_return result;
}

} // namespace Orc::Application
