#include "gui/models/filterproxy.h"

#include "gui/models/livetablemodel.h"

namespace Orc::Gui {

FilterProxy::FilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(LiveTableModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void FilterProxy::setText(const QString &text)
{
    m_words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts); // the texts are lower case
    refilter();
}

void FilterProxy::setAllowed(int column, const QSet<QString> &values)
{
    if (values.isEmpty())
        m_allowed.remove(column);
    else
        m_allowed.insert(column, values);
    refilter();
}

void FilterProxy::setContains(int column, const QString &part)
{
    if (part.isEmpty())
        m_contains.remove(column);
    else
        m_contains.insert(column, part);
    refilter();
}

// One layout change for the whole table. (invalidateRowsFilter() announces each run of removed or
// inserted rows on its own: on 100,000 rows with a scattered match that is tens of thousands of
// signals, a second or more; this is one pass.)
void FilterProxy::refilter()
{
    invalidate();
}

void FilterProxy::sort(int column, Qt::SortOrder order)
{
    if (auto *live = qobject_cast<LiveTableModel *>(sourceModel()); live && live->sortsItself()) {
        live->sort(column, order);
        QSortFilterProxyModel::sort(-1, order);
        return;
    }
    QSortFilterProxyModel::sort(column, order);
}

bool FilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (const auto *live = qobject_cast<const LiveTableModel *>(sourceModel())) {
        if (const auto less = live->lessThan(left.row(), right.row(), left.column()))
            return *less;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

bool FilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    for (auto it = m_allowed.cbegin(); it != m_allowed.cend(); ++it) {
        if (!it.value().contains(model->index(sourceRow, it.key(), sourceParent).data().toString()))
            return false;
    }
    for (auto it = m_contains.cbegin(); it != m_contains.cend(); ++it) {
        const QString text = model->index(sourceRow, it.key(), sourceParent).data().toString();
        if (!text.split(QStringLiteral(", ")).contains(it.value()))
            return false;
    }
    if (m_words.isEmpty())
        return true;
    const auto *live = qobject_cast<const LiveTableModel *>(model);
    const QString text = live ? live->filterTextAt(sourceRow)
                              : model->index(sourceRow, 0, sourceParent).data(LiveTableModel::FilterRole).toString();
    for (const QString &word : m_words) {
        if (!text.contains(word))
            return false;
    }
    return true;
}

} // namespace Orc::Gui
