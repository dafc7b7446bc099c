#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace Orc::Gui {

class EventLogModel;

// The Event Log dock: every event as it arrives, in seq order, filterable by kind (sessions,
// agents, tasks, contexts, locks, system) and free text; follows the newest unless paused.
class EventLogPanel : public QWidget
{
    Q_OBJECT

public:
    EventLogPanel(EventLogModel &events, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *kindCombo() const { return m_kind; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

private:
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_kind = nullptr;
    QCheckBox *m_follow = nullptr;
};

} // namespace Orc::Gui
