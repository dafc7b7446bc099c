#include "gui/models/eventlogmodel.h"

#include "gui/client/controlclient.h"
#include "gui/theme.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>

namespace Orc::Gui {

QString eventSubject(const QJsonObject &payload)
{
    static const char *const keys[][2] = {{"session_id", "session"},
                                          {"agent_id", "agent"},
                                          {"task_id", "task"},
                                          {"context_id", "context"},
                                          {"resource", "lock"}};
    for (const auto &[key, label] : keys) {
        const QString value = payload.value(QLatin1String(key)).toString();
        if (!value.isEmpty())
            return QLatin1String(label) + QLatin1Char(' ') + value.left(8);
    }
    return {};
}

QString eventSummary(const QString &type, const QJsonObject &payload)
{
    if (type.endsWith(QLatin1String(".status_changed"))) {
        QString line = payload.value(QStringLiteral("old_status")).toString() + QStringLiteral(" → ")
                       + payload.value(QStringLiteral("new_status")).toString();
        const QString reason = payload.value(QStringLiteral("reason")).toString();
        return reason.isEmpty() ? line : line + QStringLiteral(" (") + reason + QLatin1Char(')');
    }
    if (type == QLatin1String("session.log"))
        return payload.value(QStringLiteral("line")).toString();
    if (type == QLatin1String("session.failed"))
        return payload.value(QStringLiteral("error_message")).toString();
    if (type == QLatin1String("agent.heartbeat")) {
        return QCoreApplication::translate("Orc::Gui::EventLogModel", "%1, load %2")
            .arg(payload.value(QStringLiteral("status")).toString())
            .arg(payload.value(QStringLiteral("current_load")).toDouble(), 0, 'f', 2);
    }
    QJsonObject rest = payload;
    for (const char *key : {"session_id", "agent_id", "task_id", "context_id", "session"})
        rest.remove(QLatin1String(key));
    if (rest.isEmpty())
        return {};
    const QString text = QString::fromUtf8(QJsonDocument(rest).toJson(QJsonDocument::Compact));
    return text.size() > 160 ? text.left(160) + QStringLiteral("…") : text;
}

EventLogModel::EventLogModel(ControlClient &client, int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(std::max(1, capacity))
{
    connect(&client, &ControlClient::eventReceived, this, &EventLogModel::append);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || size_t(index.row()) >= m_events.size())
        return {};
    const QJsonObject &event = m_events.at(size_t(index.row()));
    const QString type = event.value(QStringLiteral("type")).toString();
    const QJsonObject payload = event.value(QStringLiteral("payload")).toObject();
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Seq: return event.value(QStringLiteral("seq")).toInteger();
        case Time: {
            const QDateTime t
                = QDateTime::fromString(event.value(QStringLiteral("timestamp")).toString(), Qt::ISODateWithMs);
            return QLocale().toString(t.toLocalTime(), QStringLiteral("HH:mm:ss.zzz"));
        }
        case Type: return type;
        case Subject: return eventSubject(payload);
        case Summary: return eventSummary(type, payload);
        default: return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Summary && type.endsWith(QLatin1String(".status_changed")))
        return statusColor(payload.value(QStringLiteral("new_status")).toString());
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Seq: return tr("Seq");
    case Time: return tr("Time");
    case Type: return tr("Type");
    case Subject: return tr("Subject");
    case Summary: return tr("Summary");
    default: return {};
    }
}

void EventLogModel::append(const QJsonObject &event)
{
    if (int(m_events.size()) >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_events.pop_front();
        endRemoveRows();
    }
    const int row = int(m_events.size());
    beginInsertRows({}, row, row);
    m_events.push_back(event);
    endInsertRows();
}

} // namespace Orc::Gui
