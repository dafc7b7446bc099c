#include "gui/models/sessionmodel.h"

#include "gui/theme.h"

#include "domain/session.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

#include <numeric>

namespace Orc::Gui {

namespace {

qint64 msOf(const QJsonValue &iso)
{
    if (!iso.isString())
        return 0;
    const QDateTime t = QDateTime::fromString(iso.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

// The one shared copy of a name out of a fixed list (statuses, types): rows point at it.
QString shared(const QStringList &names, const QString &name)
{
    const qsizetype at = names.indexOf(name);
    return at < 0 ? name : names.at(at);
}

QString localTime(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                  : QString();
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

SessionRow SessionRow::fromJson(const QJsonObject &s)
{
    static const QStringList statuses = Domain::sessionStatusNames();
    static const QStringList types = Domain::sessionTypeNames();
    const QJsonObject m = s.value(QStringLiteral("metrics")).toObject();
    SessionRow row;
    row.id = QUuid(s.value(QStringLiteral("id")).toString());
    row.title = s.value(QStringLiteral("title")).toString();
    row.status = shared(statuses, s.value(QStringLiteral("status")).toString());
    row.sessionType = shared(types, s.value(QStringLiteral("session_type")).toString());
    row.priority = s.value(QStringLiteral("priority")).toInt(2);
    row.agent = QUuid(s.value(QStringLiteral("assigned_agent_id")).toString());
    row.createdMs = msOf(s.value(QStringLiteral("created_at")));
    row.updatedMs = msOf(s.value(QStringLiteral("updated_at")));
    row.statusUpdatedMs = msOf(s.value(QStringLiteral("status_updated_at")));
    row.startedMs = msOf(m.value(QStringLiteral("started_at")));
    row.lastCheckpointMs = msOf(m.value(QStringLiteral("last_checkpoint_at")));
    row.checkpoints = m.value(QStringLiteral("checkpoint_count")).toInt();
    row.tokens = m.value(QStringLiteral("total_tokens_used")).toDouble();
    row.costUsd = m.value(QStringLiteral("estimated_cost_usd")).toDouble();
    for (const QJsonValue &tag : s.value(QStringLiteral("tags")).toArray())
        row.tags.append(tag.toString());
    row.error = m.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    return row;
}

SessionModel::SessionModel(ControlClient &client, QObject *parent)
    : LiveTableModel(client, QStringLiteral("/api/v1/sessions"), parent)
{
    m_resort.setSingleShot(true);
    m_resort.setInterval(300);
    connect(&m_resort, &QTimer::timeout, this, [this] { sort(m_sortColumn, m_sortOrder); });
}

void SessionModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    if (column < 0 || column >= ColumnCount || m_rows.size() < 2)
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    std::vector<int> sorted(m_rows.size());
    std::iota(sorted.begin(), sorted.end(), 0);
    std::stable_sort(sorted.begin(), sorted.end(), [&](int a, int b) {
        return order == Qt::AscendingOrder ? *lessThan(a, b, column) : *lessThan(b, a, column);
    });
    std::vector<int> newRowOf(m_rows.size());
    for (size_t to = 0; to < sorted.size(); ++to)
        newRowOf[size_t(sorted[to])] = int(to);
    std::deque<SessionRow> rows;
    std::deque<QString> texts;
    for (int from : sorted) {
        rows.push_back(std::move(m_rows[size_t(from)]));
        texts.push_back(std::move(m_filterTexts[size_t(from)]));
    }
    m_rows = std::move(rows);
    m_filterTexts = std::move(texts);
    m_first = 0;
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_index[m_rows[i].id] = qint64(i);
    // What the views hold on to (selection, current row) follows its row.
    const QModelIndexList held = persistentIndexList();
    QModelIndexList moved;
    moved.reserve(held.size());
    for (const QModelIndex &i : held)
        moved.append(index(newRowOf[size_t(i.row())], i.column()));
    changePersistentIndexList(held, moved);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int SessionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || size_t(index.row()) >= m_rows.size())
        return {};
    const SessionRow &r = m_rows[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Title: return r.title;
        case Status: return r.status;
        case Priority: return priorityName(r.priority);
        case Type: return r.sessionType;
        case Agent: return agentName(r.agent);
        case Checkpoints: return r.checkpoints;
        case Tokens: return r.tokens;
        case Cost: return QLocale().toString(r.costUsd, 'f', 4);
        case Created: return localTime(r.createdMs);
        case Updated: return localTime(r.updatedMs);
        default: return {};
        }
    case SortRole:
        switch (column) {
        case Priority: return r.priority;
        case Cost: return r.costUsd;
        case Created: return r.createdMs;
        case Updated: return r.updatedMs;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DecorationRole: return column == Status ? QVariant(statusColor(r.status)) : QVariant();
    case Qt::ToolTipRole:
        if (column == Status && !r.error.isEmpty())
            return r.error;
        return {};
    case IdRole: return r.id.toString(QUuid::WithoutBraces);
    case FilterRole: return m_filterTexts[size_t(index.row())];
    default: return {};
    }
}

QVariant SessionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return LiveTableModel::headerData(section, orientation, role);
    switch (section) {
    case Title: return tr("Title");
    case Status: return tr("Status");
    case Priority: return tr("Priority");
    case Type: return tr("Type");
    case Agent: return tr("Agent");
    case Checkpoints: return tr("Checkpoints");
    case Tokens: return tr("Tokens");
    case Cost: return tr("Cost (USD)");
    case Created: return tr("Created");
    case Updated: return tr("Updated");
    default: return {};
    }
}

std::optional<bool> SessionModel::lessThan(int left, int right, int column) const
{
    const SessionRow &a = m_rows[size_t(left)];
    const SessionRow &b = m_rows[size_t(right)];
    switch (column) {
    case Title: return a.title.compare(b.title, Qt::CaseInsensitive) < 0;
    case Status: return a.status < b.status;
    case Priority: return a.priority < b.priority;
    case Type: return a.sessionType < b.sessionType;
    case Agent: return a.agent < b.agent;
    case Checkpoints: return a.checkpoints < b.checkpoints;
    case Tokens: return a.tokens < b.tokens;
    case Cost: return a.costUsd < b.costUsd;
    case Created: return a.createdMs < b.createdMs;
    case Updated: return a.updatedMs < b.updatedMs;
    default: return std::nullopt;
    }
}

int SessionModel::rowOf(const QString &id) const
{
    const auto found = m_index.constFind(QUuid(id));
    return found == m_index.cend() ? -1 : int(*found - m_first);
}

QStringList SessionModel::ids() const
{
    QStringList list;
    list.reserve(qsizetype(m_rows.size()));
    for (const SessionRow &r : m_rows)
        list.append(r.id.toString(QUuid::WithoutBraces));
    return list;
}

void SessionModel::setAgentNames(std::function<QString(const QString &)> names)
{
    m_agentName = std::move(names);
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_filterTexts[i] = filterText(m_rows[i]);
    if (!m_rows.empty())
        emit dataChanged(index(0, Agent), index(int(m_rows.size()) - 1, Agent), {Qt::DisplayRole});
}

QString SessionModel::agentName(const QUuid &agent) const
{
    if (agent.isNull())
        return {};
    const QString id = agent.toString(QUuid::WithoutBraces);
    const QString name = m_agentName ? m_agentName(id) : QString();
    return name.isEmpty() ? id.left(8) : name;
}

QString SessionModel::filterText(const SessionRow &r) const
{
    QStringList parts{r.title, r.status, priorityName(r.priority), r.sessionType, r.id.toString(QUuid::WithoutBraces)};
    if (!r.agent.isNull())
        parts.append(agentName(r.agent));
    parts += r.tags;
    return parts.join(QLatin1Char(' ')).toLower();
}

void SessionModel::count(const SessionRow &row, int sign)
{
    m_byStatus[row.status] += sign;
    m_tokens += sign * row.tokens;
    m_cost += sign * row.costUsd;
}

void SessionModel::beginLoad()
{
    m_staged.clear();
}

void SessionModel::loadObject(const QJsonObject &object)
{
    m_staged.push_back(SessionRow::fromJson(object));
}

int SessionModel::endLoad()
{
    beginResetModel();
    m_rows = std::exchange(m_staged, {});
    m_filterTexts.clear();
    m_index.clear();
    m_index.reserve(qsizetype(m_rows.size()));
    m_byStatus.clear();
    m_tokens = 0;
    m_cost = 0;
    m_first = 0;
    for (size_t i = 0; i < m_rows.size(); ++i) {
        m_index.insert(m_rows[i].id, qint64(i));
        m_filterTexts.push_back(filterText(m_rows[i]));
        count(m_rows[i], +1);
    }
    endResetModel();
    return int(m_rows.size());
}

void SessionModel::abandonLoad()
{
    m_staged.clear();
}

void SessionModel::upsertObject(const QJsonObject &object)
{
    SessionRow row = SessionRow::fromJson(object);
    if (row.id.isNull())
        return;
    const auto found = m_index.constFind(row.id);
    if (found != m_index.cend()) {
        const int at = int(*found - m_first);
        count(m_rows[size_t(at)], -1);
        count(row, +1);
        m_filterTexts[size_t(at)] = filterText(row);
        m_rows[size_t(at)] = std::move(row);
        emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
        return;
    }
    // New sessions join at the top: the API lists newest first.
    beginInsertRows({}, 0, 0);
    count(row, +1);
    m_index.insert(row.id, --m_first);
    m_filterTexts.push_front(filterText(row));
    m_rows.push_front(std::move(row));
    endInsertRows();
    if (m_sortColumn >= 0)
        m_resort.start(); // a burst of new sessions is sorted in once
}

void SessionModel::removeObject(const QString &id)
{
    const int at = rowOf(id);
    if (at < 0)
        return;
    beginRemoveRows({}, at, at);
    count(m_rows[size_t(at)], -1);
    m_index.remove(m_rows[size_t(at)].id);
    m_rows.erase(m_rows.begin() + at);
    m_filterTexts.erase(m_filterTexts.begin() + at);
    for (size_t i = size_t(at); i < m_rows.size(); ++i) // the rows below move up one
        m_index[m_rows[i].id] = m_first + qint64(i);
    endRemoveRows();
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
