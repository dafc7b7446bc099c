#pragma once

#include <QList>

class QTableView;

namespace Orc::Gui {

// A right-click menu on the table's header to show or hide each column (at least one stays);
// `hidden` are hidden until the user shows them. The header's state (widths, order, hidden
// columns) is kept in the settings under the view's object name and restored here.
void enableColumnMenu(QTableView *view, const QList<int> &hidden = {});
// Saves the header's state of `view` (the main window does it for every table when it closes).
void saveColumns(const QTableView *view);

} // namespace Orc::Gui
