#include "gui/widgets/formparts.h"

#include "gui/client/controlclient.h"
#include "gui/dialogs/fielderrors.h"
#include "gui/widgets/columnmenu.h"

#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QTableView>

namespace Orc::Gui {

QListWidget *checkList(const QStringList &items, const QString &objectName, QWidget *parent)
{
    auto *list = new QListWidget(parent);
    list->setObjectName(objectName);
    for (const QString &name : items) {
        auto *item = new QListWidgetItem(name, list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    list->setMaximumHeight(120);
    return list;
}

QJsonArray checkedItems(const QListWidget *list)
{
    QJsonArray checked;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->checkState() == Qt::Checked)
            checked.append(list->item(i)->text());
    }
    return checked;
}

QLabel *errorLine(QWidget *parent)
{
    auto *line = new QLabel(parent);
    line->setObjectName(QStringLiteral("error"));
    line->setStyleSheet(QStringLiteral("color: #DC2626;"));
    line->setWordWrap(true);
    line->hide();
    return line;
}

void showRefusal(const ApiReply &reply, FieldErrors &fields, QLabel *line)
{
    const QStringList unplaced = fields.show(reply.fields);
    QString text = reply.message.isEmpty() ? reply.describe() : reply.message;
    if (!unplaced.isEmpty())
        text += QLatin1Char('\n') + unplaced.join(QLatin1Char('\n'));
    line->setText(text);
    line->show();
}

void setUpTable(QTableView *view, QAbstractItemModel *model, const QString &objectName, bool multiSelect,
                const TableLayout &layout)
{
    view->setObjectName(objectName);
    view->setModel(model);
    // In the model's own order until a header is clicked: sorting 100,000 rows is for when asked.
    view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(multiSelect ? QAbstractItemView::ExtendedSelection : QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    QHeaderView *header = view->horizontalHeader();
    header->setMinimumSectionSize(40);
    for (int column = 0; column < layout.widths.size(); ++column)
        header->resizeSection(column, layout.widths.at(column));
    header->setSectionResizeMode(layout.stretch, QHeaderView::Stretch);
    enableColumnMenu(view, layout.hidden);
}

} // namespace Orc::Gui
