#include "gui/models/sessionmodel.h"

#include "gui/theme.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
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
    setNewRows(NewRows::AtTop); // the API lists newest first, and new ones join at the top
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
    refreshFilterTexts();
    touchColumn(Agent);
}

QJsonObject SessionModel::project(const QJsonObject &session) const
{
    static const QStringList kept{QStringLiteral("id"),           QStringLiteral("title"),
                                  QStringLiteral("status"),       QStringLiteral("priority"),
                                  QStringLiteral("session_type"), QStringLiteral("assigned_agent_id"),
                                  QStringLiteral("tags"),         QStringLiteral("created_at"),
                                  QStringLiteral("updated_at"),   QStringLiteral("status_updated_at")};
    static const QStringList keptMetrics{QStringLiteral("checkpoint_count"), QStringLiteral("total_tokens_used"),
                                         QStringLiteral("estimated_cost_usd"), QStringLiteral("started_at"),
                                         QStringLiteral("last_checkpoint_at")};
    QJsonObject row;
    for (const QString &key : kept) {
        const QJsonValue value = session.value(key);
        if (!value.isUndefined() && !value.isNull())
            row.insert(key, value);
    }
    const QJsonObject full = metrics(session);
    QJsonObject m;
    for (const QString &key : keptMetrics) {
        const QJsonValue value = full.value(key);
        if (!value.isUndefined() && !value.isNull() && value != QJsonValue(0))
            m.insert(key, value);
    }
    const QString error = full.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    if (!error.isEmpty())
        m.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), error}});
    if (!m.isEmpty())
        row.insert(QStringLiteral("metrics"), m);
    return row;
}

QString SessionModel::filterText(const QJsonObject &s) const
{
    QStringList parts{s.value(QStringLiteral("title")).toString(), s.value(QStringLiteral("status")).toString(),
                      priorityName(s.value(QStringLiteral("priority")).toInt()),
                      s.value(QStringLiteral("session_type")).toString(), s.value(QStringLiteral("id")).toString()};
    const QString agent = s.value(QStringLiteral("assigned_agent_id")).toString();
    if (!agent.isEmpty())
        parts.append(m_agentName ? m_agentName(agent) : agent);
    for (const QJsonValue &tag : s.value(QStringLiteral("tags")).toArray())
        parts.append(tag.toString());
    return parts.join(QLatin1Char(' '));
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
