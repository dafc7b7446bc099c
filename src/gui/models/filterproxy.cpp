#include "gui/models/filterproxy.h"

#include "gui/models/jsontablemodel.h"

namespace Orc::Gui {

FilterProxy::FilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(JsonTableModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void FilterProxy::setText(const QString &text)
{
    m_words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts); // the texts are lower case
    invalidateRowsFilter();
}

void FilterProxy::setAllowed(int column, const QSet<QString> &values)
{
    if (values.isEmpty())
        m_allowed.remove(column);
    else
        m_allowed.insert(column, values);
    invalidateRowsFilter();
}

void FilterProxy::setContains(int column, const QString &part)
{
    if (part.isEmpty())
        m_contains.remove(column);
    else
        m_contains.insert(column, part);
    invalidateRowsFilter();
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
    const QString text = model->index(sourceRow, 0, sourceParent).data(JsonTableModel::FilterRole).toString();
    for (const QString &word : m_words) {
        if (!text.contains(word))
            return false;
    }
    return true;
}

} // namespace Orc::Gui
