#pragma once

#include <qcorotask.h>

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace Orc::Application {

enum class HealthStatus { Ok, Degraded, Down };

QString healthStatusName(HealthStatus status);

// What one component (database, lock, event bus, agents …) says about itself.
struct ComponentHealth
{
    HealthStatus status = HealthStatus::Ok;
    QJsonObject details;
};

struct SystemHealth
{
    HealthStatus status = HealthStatus::Ok;
    QList<std::pair<QString, ComponentHealth>> components;

    QJsonObject toJson() const;
};

// Asks every registered component for its health; the worst answer is the system's.
class HealthMonitor
{
public:
    using Check = std::function<QCoro::Task<ComponentHealth>()>;

    void add(const QString &component, Check check);
    QCoro::Task<SystemHealth> check() const;

private:
    QList<std::pair<QString, Check>> m_checks;
};

} // namespace Orc::Application
