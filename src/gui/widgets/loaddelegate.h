#pragma once

#include <QStyledItemDelegate>

namespace Orc::Gui {

// Paints a load fraction (0–1, from AgentModel::LoadFractionRole) as a bar behind the cell's text:
// green below 70 %, amber to 90 %, red above.
class LoadDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Orc::Gui
