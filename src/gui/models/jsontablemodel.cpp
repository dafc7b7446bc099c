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
    case FilterRole: return m_filterTexts.at(index.row());
    default: return {};
    }
}

QVariant JsonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_columns.size())
        return m_columns.at(section).title;
    return LiveTableModel::headerData(section, orientation, role);
}

int JsonTableModel::endLoad()
{
    beginResetModel();
    m_rows.clear();
    m_filterTexts.clear();
    m_index.clear();
    for (const QJsonObject &object : std::exchange(m_staged, {})) {
        const QString id = idOf(object);
        if (id.isEmpty() || m_index.contains(id))
            continue;
        m_index.insert(id, int(m_rows.size()));
        m_filterTexts.append(filterText(object));
        m_rows.append(object);
    }
    endResetModel();
    return int(m_rows.size());
}

void JsonTableModel::upsertObject(const QJsonObject &object)
{
    const QString id = idOf(object);
    if (id.isEmpty())
        return;
    if (const int row = rowOf(id); row >= 0) {
        m_filterTexts[row] = filterText(object);
        m_rows[row] = object;
        emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        return;
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_index.insert(id, row);
    m_filterTexts.append(filterText(object));
    m_rows.append(object);
    endInsertRows();
}

void JsonTableModel::removeObject(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_filterTexts.removeAt(row);
    m_index.remove(id);
    for (int i = row; i < m_rows.size(); ++i) // the rows below move up one
        m_index[idOf(m_rows.at(i))] = i;
    endRemoveRows();
}

const QJsonObject *JsonTableModel::object(const QString &id) const
{
    const int row = rowOf(id);
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
    return parts.join(QLatin1Char(' ')).toLower();
}

void JsonTableModel::touchColumn(int column)
{
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, column), index(int(m_rows.size()) - 1, column), {Qt::DisplayRole});
}

} // namespace Orc::Gui
