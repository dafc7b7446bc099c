#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

namespace Orc::Gui {

// Sorting on LiveTableModel::SortRole, and filtering on free text (every column's text,
// case-insensitive, all words must match) plus exact values of chosen columns (status, tier …).
class FilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit FilterProxy(QObject *parent = nullptr);

    void setText(const QString &text);
    // Rows whose `column` shows one of `values` (empty: any). Several columns combine with AND.
    void setAllowed(int column, const QSet<QString> &values);
    // Rows whose `column` text contains `part` (e.g. one capability of a comma-separated list).
    void setContains(int column, const QString &part);
    // A source that sorts its own rows is asked to; this proxy then keeps the source's order, so
    // filtering never sorts again.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    QStringList m_words;
    QHash<int, QSet<QString>> m_allowed;
    QHash<int, QString> m_contains;
};

} // namespace Orc::Gui
