#include "gui/models/jsontablemodel.h"

namespace Orc::Gui {

namespace {

QString idOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("id")).toString();
}

} // namespace

JsonTableModel::JsonTableModel(QObject *parent) : QAbstractTableModel(parent) {}

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
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_columns.size())
        return {};
    const QJsonObject &object = m_rows.at(index.row());
    const Column &column = m_columns.at(index.column());
    switch (role) {
    case Qt::DisplayRole: return column.display(object);
    case Qt::DecorationRole: return column.decoration ? column.decoration(object) : QVariant();
    case Qt::ToolTipRole: return column.toolTip ? column.toolTip(object) : QVariant();
    case IdRole: return idOf(object);
    case SortRole: return column.sortKey ? column.sortKey(object) : column.display(object);
    case ObjectRole: return object;
    case FilterRole: return filterText(object);
    default: return {};
    }
}

QVariant JsonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_columns.size())
        return m_columns.at(section).title;
    return QAbstractTableModel::headerData(section, orientation, role);
}

void JsonTableModel::setObjects(const QList<QJsonObject> &objects)
{
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    m_rows.reserve(objects.size());
    for (const QJsonObject &object : objects) {
        const QString id = idOf(object);
        if (id.isEmpty() || m_index.contains(id))
            continue;
        m_index.insert(id, int(m_rows.size()));
        m_rows.append(object);
    }
    endResetModel();
}

void JsonTableModel::upsert(const QJsonObject &object)
{
    const QString id = idOf(object);
    if (id.isEmpty())
        return;
    if (const auto found = m_index.constFind(id); found != m_index.cend()) {
        const int row = *found;
        m_rows[row] = object;
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        return;
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_index.insert(id, row);
    m_rows.append(object);
    endInsertRows();
}

void JsonTableModel::remove(const QString &id)
{
    const int row = m_index.value(id, -1);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_index.remove(id);
    for (int i = row; i < m_rows.size(); ++i)
        m_index[idOf(m_rows.at(i))] = i;
    endRemoveRows();
}

const QJsonObject *JsonTableModel::object(const QString &id) const
{
    const int row = m_index.value(id, -1);
    return row < 0 ? nullptr : &m_rows.at(row);
}

QStringList JsonTableModel::ids() const
{
    QStringList list;
    list.reserve(m_rows.size());
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
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, column), index(int(m_rows.size()) - 1, column), {Qt::DisplayRole});
}

} // namespace Orc::Gui
