#include "gui/models/agentmodel.h"

#include "gui/theme.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

namespace Orc::Gui {

namespace {

QJsonObject performance(const QJsonObject &a)
{
    return a.value(QStringLiteral("performance")).toObject();
}

double loadFraction(const QJsonObject &a)
{
    const int max = a.value(QStringLiteral("max_concurrent_tasks")).toInt();
    const double own = max > 0 ? a.value(QStringLiteral("current_tasks")).toDouble() / max : 0.0;
    return std::clamp(std::max(own, a.value(QStringLiteral("reported_load")).toDouble()), 0.0, 1.0);
}

} // namespace

QString ageText(const QJsonValue &isoTime)
{
    const QDateTime t = QDateTime::fromString(isoTime.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        return QStringLiteral("—");
    const qint64 s = std::max<qint64>(0, t.secsTo(QDateTime::currentDateTimeUtc()));
    if (s < 120)
        return QCoreApplication::translate("Orc::Gui::AgentModel", "%1 s").arg(s);
    if (s < 7200)
        return QCoreApplication::translate("Orc::Gui::AgentModel", "%1 min").arg(s / 60);
    return QCoreApplication::translate("Orc::Gui::AgentModel", "%1 h").arg(s / 3600);
}

AgentModel::AgentModel(ControlClient &client, QObject *parent)
    : JsonTableModel(client, QStringLiteral("/api/v1/agents"), parent)
{
    auto text = [](const char *key) {
        return [key](const QJsonObject &a) -> QVariant { return a.value(QLatin1String(key)).toString(); };
    };
    setColumns({
        {tr("Name"), text("name"), nullptr, nullptr, text("endpoint_url")},
        {tr("Kind"), text("kind"), nullptr},
        {tr("Type"), text("agent_type"), nullptr},
        {tr("Tier"), text("performance_tier"), nullptr},
        {tr("Capabilities"),
         [](const QJsonObject &a) -> QVariant {
             QStringList names;
             for (const QJsonValue &c : a.value(QStringLiteral("capabilities")).toArray())
                 names.append(c.toString());
             return names.join(QStringLiteral(", "));
         },
         nullptr},
        {tr("Status"), text("status"), nullptr,
         [](const QJsonObject &a) -> QVariant {
             return agentStatusColor(a.value(QStringLiteral("status")).toString());
         }},
        {tr("Heartbeat"),
         [](const QJsonObject &a) -> QVariant { return ageText(a.value(QStringLiteral("last_heartbeat_at"))); },
         [](const QJsonObject &a) -> QVariant {
             // Never-seen agents sort as the oldest.
             const QString t = a.value(QStringLiteral("last_heartbeat_at")).toString();
             return t.isEmpty() ? QStringLiteral("0") : t;
         }},
        {tr("Load"),
         [](const QJsonObject &a) -> QVariant {
             return QStringLiteral("%1/%2")
                 .arg(a.value(QStringLiteral("current_tasks")).toInt())
                 .arg(a.value(QStringLiteral("max_concurrent_tasks")).toInt());
         },
         [](const QJsonObject &a) -> QVariant { return loadFraction(a); }},
        {tr("Success"),
         [](const QJsonObject &a) -> QVariant {
             const QJsonObject p = performance(a);
             if (p.value(QStringLiteral("tasks_total")).toInt() == 0)
                 return QStringLiteral("—");
             return QString(QLocale().toString(p.value(QStringLiteral("success_rate")).toDouble() * 100.0, 'f', 0)
                            + QLatin1Char('%'));
         },
         [](const QJsonObject &a) -> QVariant {
             return performance(a).value(QStringLiteral("success_rate")).toDouble();
         }},
        {tr("Tasks"),
         [](const QJsonObject &a) -> QVariant { return performance(a).value(QStringLiteral("tasks_total")).toInt(); },
         nullptr},
    });
    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, this, [this] { touchColumn(Heartbeat); });
    m_ageTimer.start();
}

QVariant AgentModel::data(const QModelIndex &index, int role) const
{
    if (role == LoadFractionRole && index.isValid())
        return loadFraction(objectAt(index.row()));
    return JsonTableModel::data(index, role);
}

QString AgentModel::nameOf(const QString &id) const
{
    const QJsonObject *agent = object(id);
    return agent ? agent->value(QStringLiteral("name")).toString() : QString();
}

QString AgentModel::touchedBy(const QJsonObject &event) const
{
    const QString type = event.value(QStringLiteral("type")).toString();
    const QJsonObject payload = event.value(QStringLiteral("payload")).toObject();
    if (type.startsWith(QLatin1String("agent.")))
        return payload.value(QStringLiteral("agent_id")).toString();
    // A session that starts or ends changes its agent's load.
    if (type == QLatin1String("session.status_changed"))
        return payload.value(QStringLiteral("agent_id")).toString();
    return {};
}

} // namespace Orc::Gui
