#include "gui/widgets/loaddelegate.h"

#include "gui/models/agentmodel.h"

#include <QPainter>

namespace Orc::Gui {

void LoadDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const double load = std::clamp(index.data(AgentModel::LoadFractionRole).toDouble(), 0.0, 1.0);
    const QRect bar = option.rect.adjusted(3, 4, -3, -4);
    const QColor colour = load < 0.7   ? QColor(0x10, 0xB9, 0x81)
                          : load < 0.9 ? QColor(0xF5, 0x9E, 0x0B)
                                       : QColor(0xDC, 0x26, 0x26);
    painter->save();
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.palette.color(QPalette::AlternateBase));
    painter->drawRoundedRect(bar, 3, 3);
    if (load > 0) {
        QRect filled = bar;
        filled.setWidth(std::max(2, int(bar.width() * load)));
        painter->setBrush(colour);
        painter->drawRoundedRect(filled, 3, 3);
    }
    painter->restore();
    QStyleOptionViewItem text = option;
    text.displayAlignment = Qt::AlignCenter;
    QStyledItemDelegate::paint(painter, text, index);
}

} // namespace Orc::Gui
