#include "gui/widgets/columnmenu.h"

#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QTableView>

namespace Orc::Gui {

namespace {

QString key(const QTableView *view)
{
    return QStringLiteral("views/%1/header").arg(view->objectName());
}

} // namespace

void enableColumnMenu(QTableView *view, const QList<int> &hidden)
{
    QHeaderView *header = view->horizontalHeader();
    for (int column : hidden)
        header->setSectionHidden(column, true);
    const QByteArray saved = QSettings().value(key(view)).toByteArray();
    if (!saved.isEmpty())
        header->restoreState(saved);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(header, &QHeaderView::customContextMenuRequested, view, [view, header](const QPoint &at) {
        QMenu menu(view);
        QAbstractItemModel *model = view->model();
        int visible = 0;
        for (int column = 0; column < model->columnCount(); ++column)
            visible += header->isSectionHidden(column) ? 0 : 1;
        for (int column = 0; column < model->columnCount(); ++column) {
            QAction *action = menu.addAction(model->headerData(column, Qt::Horizontal).toString());
            action->setCheckable(true);
            action->setChecked(!header->isSectionHidden(column));
            action->setEnabled(header->isSectionHidden(column) || visible > 1); // the last one stays
            QObject::connect(action, &QAction::toggled, header,
                             [header, column](bool on) { header->setSectionHidden(column, !on); });
        }
        menu.exec(header->mapToGlobal(at));
    });
}

void saveColumns(const QTableView *view)
{
    QSettings().setValue(key(view), view->horizontalHeader()->saveState());
}

} // namespace Orc::Gui
