#include "gui/models/jsontablemodel.h"

namespace Orc::Gui {

namespace {

QString idOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("id")).toString();
}

} // namespace

JsonTableModel::JsonTableModel(ControlClient &client, QString collection, QObject *parent)
    : LiveTableModel(client, std::move(collection), parent)
{}

void JsonTableModel::beginLoad()
{
    m_staged.clear();
}

void JsonTableModel::loadObject(const QJsonObject &object)
{
    m_staged.append(project(object));
}

int JsonTableModel::endLoad()
{
    setObjects(std::exchange(m_staged, {}));
    return rowCount();
}

void JsonTableModel::abandonLoad()
{
    m_staged.clear();
}

int JsonTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JsonTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant JsonTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || size_t(index.row()) >= m_rows.size() || index.column() >= m_columns.size())
        return {};
    const QJsonObject &object = m_rows[size_t(index.row())];
    const Column &column = m_columns.at(index.column());
    switch (role) {
    case Qt::DisplayRole: return column.display(object);
    case Qt::DecorationRole: return column.decoration ? column.decoration(object) : QVariant();
    case Qt::ToolTipRole: return column.toolTip ? column.toolTip(object) : QVariant();
    case IdRole: return idOf(object);
    case SortRole: return column.sortKey ? column.sortKey(object) : column.display(object);
    case ObjectRole: return object;
    case FilterRole: return m_filterTexts[size_t(index.row())];
    default: return {};
    }
}

QVariant JsonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_columns.size())
        return m_columns.at(section).title;
    return LiveTableModel::headerData(section, orientation, role);
}

void JsonTableModel::setObjects(const QList<QJsonObject> &objects)
{
    beginResetModel();
    for (const QJsonObject &old : m_rows)
        counted(old, -1);
    m_rows.clear();
    m_filterTexts.clear();
    m_index.clear();
    m_index.reserve(objects.size());
    m_first = 0;
    for (const QJsonObject &full : objects) {
        const QString id = idOf(full);
        if (id.isEmpty() || m_index.contains(id))
            continue;
        QJsonObject kept = project(full);
        counted(kept, +1);
        m_index.insert(id, qint64(m_rows.size()));
        m_filterTexts.push_back(filterText(kept).toLower());
        m_rows.push_back(std::move(kept));
    }
    endResetModel();
}

void JsonTableModel::upsert(const QJsonObject &full)
{
    const QString id = idOf(full);
    if (id.isEmpty())
        return;
    QJsonObject kept = project(full);
    counted(kept, +1);
    if (const int row = rowOf(id); row >= 0) {
        counted(m_rows[size_t(row)], -1);
        m_filterTexts[size_t(row)] = filterText(kept).toLower();
        m_rows[size_t(row)] = std::move(kept);
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        return;
    }
    if (m_newRows == NewRows::AtTop) {
        beginInsertRows({}, 0, 0);
        m_index.insert(id, --m_first);
        m_filterTexts.push_front(filterText(kept).toLower());
        m_rows.push_front(std::move(kept));
    } else {
        const int row = int(m_rows.size());
        beginInsertRows({}, row, row);
        m_index.insert(id, m_first + row);
        m_filterTexts.push_back(filterText(kept).toLower());
        m_rows.push_back(std::move(kept));
    }
    endInsertRows();
}

void JsonTableModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    counted(m_rows[size_t(row)], -1);
    m_rows.erase(m_rows.begin() + row);
    m_filterTexts.erase(m_filterTexts.begin() + row);
    m_index.remove(id);
    for (size_t i = size_t(row); i < m_rows.size(); ++i) // the rows below move up one
        m_index[idOf(m_rows[i])] = m_first + qint64(i);
    endRemoveRows();
}

int JsonTableModel::rowOf(const QString &id) const
{
    const auto found = m_index.constFind(id);
    return found == m_index.cend() ? -1 : int(*found - m_first);
}

const QJsonObject *JsonTableModel::object(const QString &id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rows[size_t(row)];
}

QStringList JsonTableModel::ids() const
{
    QStringList list;
    list.reserve(qsizetype(m_rows.size()));
    for (const QJsonObject &object : m_rows)
        list.append(idOf(object));
    return list;
}

QString JsonTableModel::filterText(const QJsonObject &object) const
{
    QStringList parts;
    for (const Column &column : m_columns)
        parts.append(column.display(object).toString());
    return parts.join(QLatin1Char(' '));
}

void JsonTableModel::touchColumn(int column)
{
    if (!m_rows.empty())
        emit dataChanged(index(0, column), index(int(m_rows.size()) - 1, column), {Qt::DisplayRole});
}

void JsonTableModel::refreshFilterTexts()
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_filterTexts[i] = filterText(m_rows[i]).toLower();
}

} // namespace Orc::Gui
