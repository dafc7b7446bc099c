#pragma once

#include <QJsonArray>
#include <QStringList>

class QAbstractItemModel;
class QLabel;
class QListWidget;
class QTableView;
class QWidget;

namespace Orc::Gui {

struct ApiReply;
class FieldErrors;

// A list of checkable items (capabilities …), none checked.
QListWidget *checkList(const QStringList &items, const QString &objectName, QWidget *parent);
// The checked items' texts.
QJsonArray checkedItems(const QListWidget *list);

// The red line under a form for what no field shows (a refusal, a lost connection).
QLabel *errorLine(QWidget *parent);
// Shows a refused request: each field's message under its field, the rest on `line`.
void showRefusal(const ApiReply &reply, FieldErrors &fields, QLabel *line);

// How a table starts: one column takes the room left, the others their width (in column order),
// some hidden until the user shows them (right-click on the header).
struct TableLayout
{
    int stretch = 0;
    QList<int> widths;
    QList<int> hidden;
};

// The room's tables: rows selected whole, sorting, alternating rows, no row numbers, compact rows,
// the header's column menu, and the layout (or what the user made of it last time).
void setUpTable(QTableView *view, QAbstractItemModel *model, const QString &objectName, bool multiSelect,
                const TableLayout &layout);

} // namespace Orc::Gui
