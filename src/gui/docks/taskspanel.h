#pragma once

#include <qcorotask.h>

#include <QHash>
#include <QSet>
#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace Orc::Gui {

class ControlClient;
class GraphView;

// The Tasks dock: every task as a tree (subtasks under their parent) with status, priority,
// expected hours and agent, live from task events; Decompose splits the selected task by the
// server's rules; below, the selected task's dependency graph with its critical path.
class TasksPanel : public QWidget
{
    Q_OBJECT

public:
    TasksPanel(ControlClient &client, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }
    GraphView *graph() const { return m_graph; }
    QAction *decomposeAction() const { return m_decompose; }
    QCoro::Task<> reload();
    QCoro::Task<> decomposeSelected();
    QString selectedId() const;

signals:
    void message(const QString &text);
    void loaded();
    void graphShown();

private:
    void onEvent(const QJsonObject &event);
    QCoro::Task<> refreshDirty();
    QCoro::Task<> showGraph(QString id);
    void upsert(const QJsonObject &task);
    void removeTask(const QString &id);

    ControlClient &m_client;
    QTreeWidget *m_tree = nullptr;
    GraphView *m_graph = nullptr;
    QAction *m_decompose = nullptr;
    QHash<QString, QTreeWidgetItem *> m_items;
    QSet<QString> m_dirty;
    QTimer m_refresh;
    bool m_loading = false;
};

} // namespace Orc::Gui
