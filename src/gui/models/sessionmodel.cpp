#include "gui/models/sessionmodel.h"

#include "gui/theme.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace Orc::Gui {

namespace {

QJsonObject metrics(const QJsonObject &s)
{
    return s.value(QStringLiteral("metrics")).toObject();
}

QString localTime(const QJsonValue &iso)
{
    const QDateTime t = QDateTime::fromString(iso.toString(), Qt::ISODateWithMs);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace

QString priorityName(int priority)
{
    switch (priority) {
    case 0: return QCoreApplication::translate("Orc::Gui::SessionModel", "critical");
    case 1: return QCoreApplication::translate("Orc::Gui::SessionModel", "high");
    case 2: return QCoreApplication::translate("Orc::Gui::SessionModel", "medium");
    case 3: return QCoreApplication::translate("Orc::Gui::SessionModel", "low");
    default: return QCoreApplication::translate("Orc::Gui::SessionModel", "deferred");
    }
}

SessionModel::SessionModel(ControlClient &client, QObject *parent)
    : LiveTableModel(client, QStringLiteral("/api/v1/sessions"), parent)
{
    auto text = [](const char *key) {
        return [key](const QJsonObject &s) -> QVariant { return s.value(QLatin1String(key)).toString(); };
    };
    auto metric = [](const char *key) {
        return [key](const QJsonObject &s) -> QVariant { return metrics(s).value(QLatin1String(key)).toDouble(); };
    };
    auto time = [](const char *key) {
        return [key](const QJsonObject &s) -> QVariant { return localTime(s.value(QLatin1String(key))); };
    };
    setColumns({
        {tr("Title"), text("title"), nullptr, nullptr, text("description")},
        {tr("Status"), text("status"), nullptr,
         [](const QJsonObject &s) -> QVariant { return statusColor(s.value(QStringLiteral("status")).toString()); },
         [](const QJsonObject &s) -> QVariant {
             const QJsonObject error = metrics(s).value(QStringLiteral("error")).toObject();
             return error.isEmpty() ? QVariant() : QVariant(error.value(QStringLiteral("message")).toString());
         }},
        {tr("Priority"),
         [](const QJsonObject &s) -> QVariant { return priorityName(s.value(QStringLiteral("priority")).toInt()); },
         [](const QJsonObject &s) -> QVariant { return s.value(QStringLiteral("priority")).toInt(); }},
        {tr("Type"), text("session_type"), nullptr},
        {tr("Agent"),
         [this](const QJsonObject &s) -> QVariant {
             const QString id = s.value(QStringLiteral("assigned_agent_id")).toString();
             const QString name = m_agentName && !id.isEmpty() ? m_agentName(id) : QString();
             return name.isEmpty() ? id.left(8) : name;
         },
         nullptr},
        {tr("Checkpoints"), metric("checkpoint_count"), nullptr},
        {tr("Tokens"), metric("total_tokens_used"), nullptr},
        {tr("Cost (USD)"),
         [](const QJsonObject &s) -> QVariant {
             return QLocale().toString(metrics(s).value(QStringLiteral("estimated_cost_usd")).toDouble(), 'f', 4);
         },
         metric("estimated_cost_usd")},
        {tr("Created"), time("created_at"), text("created_at")},
        {tr("Updated"), time("updated_at"), text("updated_at")},
    });
}

void SessionModel::setAgentNames(std::function<QString(const QString &)> names)
{
    m_agentName = std::move(names);
    touchColumn(Agent);
}

QString SessionModel::touchedBy(const QJsonObject &event) const
{
    const QString type = event.value(QStringLiteral("type")).toString();
    if (!type.startsWith(QLatin1String("session.")) || type == QLatin1String("session.log"))
        return {};
    return event.value(QStringLiteral("payload")).toObject().value(QStringLiteral("session_id")).toString();
}

QJsonObject SessionModel::objectIn(const QJsonObject &event) const
{
    if (event.value(QStringLiteral("type")).toString() != QLatin1String("session.created"))
        return {};
    return event.value(QStringLiteral("payload")).toObject().value(QStringLiteral("session")).toObject();
}

bool SessionModel::removes(const QJsonObject &event) const
{
    return event.value(QStringLiteral("type")).toString() == QLatin1String("session.deleted");
}

} // namespace Orc::Gui
