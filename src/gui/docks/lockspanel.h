#pragma once

#include <qcorotask.h>

#include <QTimer>
#include <QWidget>

class QLabel;
class QTreeWidget;

namespace Orc::Gui {

class ControlClient;

// The Locks dock: every lock with its holder (owner, priority, held for) and the queue waiting for
// it (owner, priority, waited for), read again whenever a lock is acquired or released; the ages
// count up by themselves.
class LocksPanel : public QWidget
{
    Q_OBJECT

public:
    LocksPanel(ControlClient &client, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }
    QCoro::Task<> reload();

signals:
    void reloaded();

private:
    void tick();

    ControlClient &m_client;
    QTreeWidget *m_tree = nullptr;
    QLabel *m_summary = nullptr;
    QTimer m_coalesce;
    QTimer m_ages;
    bool m_loading = false;
};

} // namespace Orc::Gui
