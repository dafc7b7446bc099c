#include "gui/docks/taskspanel.h"

#include "gui/client/controlclient.h"
#include "gui/theme.h"
#include "gui/widgets/graphview.h"

#include <QAction>
#include <QHeaderView>
#include <QJsonArray>
#include <QLocale>
#include <QPointer>
#include <QScrollArea>
#include <QSplitter>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Orc::Gui {

namespace {

enum Column { Title, Status, Priority, Hours, Type, ColumnCount };
constexpr int IdRole = Qt::UserRole + 1;
constexpr int ParentRole = Qt::UserRole + 2;

} // namespace

TasksPanel::TasksPanel(ControlClient &client, QWidget *parent) : QWidget(parent), m_client(client)
{
    setObjectName(QStringLiteral("tasksPanel"));
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_decompose = toolbar->addAction(tr("&Decompose"), this, [this] { decomposeSelected(); });
    m_decompose->setObjectName(QStringLiteral("decomposeAction"));
    m_decompose->setToolTip(tr("Split the selected task into subtasks by the server's rules"));
    m_decompose->setEnabled(false);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("tasksTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Task"), tr("Status"), tr("Priority"), tr("Hours"), tr("Type")});
    m_tree->header()->setSectionResizeMode(Title, QHeaderView::Stretch);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSortingEnabled(false);
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, [this] {
        const QString id = selectedId();
        m_decompose->setEnabled(!id.isEmpty());
        if (!id.isEmpty())
            showGraph(id);
    });

    m_graph = new GraphView(this);
    connect(m_graph, &GraphView::taskClicked, this, [this](const QString &id) {
        if (QTreeWidgetItem *item = m_items.value(id))
            m_tree->setCurrentItem(item);
    });
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_graph);
    scroll->setWidgetResizable(true);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(scroll);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addWidget(split, 1);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(100);
    connect(&m_refresh, &QTimer::timeout, this, [this] { refreshDirty(); });
    connect(&client, &ControlClient::eventReceived, this, &TasksPanel::onEvent);
    reloadOnConnect(client, this, [this] { reload(); });
}

QString TasksPanel::selectedId() const
{
    const QList<QTreeWidgetItem *> selected = m_tree->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(Title, IdRole).toString();
}

QCoro::Task<> TasksPanel::reload()
{
    if (m_loading)
        co_return;
    const QPointer<TasksPanel> self(this);
    m_loading = true;
    QList<QJsonObject> tasks;
    const QString collection = QStringLiteral("/api/v1/tasks");
    const QString failure = co_await m_client.collectAll(collection, tasks);
    if (!self)
        co_return;
    m_loading = false;
    if (!failure.isEmpty()) {
        emit message(tr("Tasks could not be read: %1").arg(failure));
        co_return;
    }
    m_tree->clear();
    m_items.clear();
    for (auto it = tasks.crbegin(); it != tasks.crend(); ++it) // oldest first: parents before children
        upsert(*it);
    m_tree->expandAll();
    emit loaded();
}

void TasksPanel::upsert(const QJsonObject &task)
{
    const QString id = task.value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return;
    const QString parentId = task.value(QStringLiteral("parent_task_id")).toString();
    QTreeWidgetItem *item = m_items.value(id);
    QTreeWidgetItem *parent = m_items.value(parentId);
    if (!item) {
        item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
        m_items.insert(id, item);
        // Children that arrived before their parent move under it.
        for (int i = m_tree->topLevelItemCount() - 1; i >= 0; --i) {
            QTreeWidgetItem *top = m_tree->topLevelItem(i);
            if (top != item && top->data(Title, ParentRole).toString() == id)
                item->addChild(m_tree->takeTopLevelItem(i));
        }
    }
    const QString status = task.value(QStringLiteral("status")).toString();
    const QJsonObject estimate = task.value(QStringLiteral("estimate")).toObject();
    item->setData(Title, IdRole, id);
    item->setData(Title, ParentRole, parentId);
    item->setText(Title, task.value(QStringLiteral("title")).toString());
    item->setText(Status, status);
    item->setIcon(Status, QIcon());
    item->setForeground(Status, statusColor(status));
    item->setText(Priority, task.value(QStringLiteral("priority")).toVariant().toString());
    item->setText(Hours, estimate.isEmpty()
                             ? QString()
                             : QLocale().toString(estimate.value(QStringLiteral("expected_hours")).toDouble(), 'f', 1));
    item->setText(Type, task.value(QStringLiteral("task_type")).toString());
}

void TasksPanel::removeTask(const QString &id)
{
    QTreeWidgetItem *item = m_items.take(id);
    if (!item)
        return;
    while (item->childCount() > 0) // orphans stay visible at the top
        m_tree->addTopLevelItem(item->takeChild(0));
    delete item;
}

void TasksPanel::onEvent(const QJsonObject &event)
{
    const QString type = event.value(QStringLiteral("type")).toString();
    if (!type.startsWith(QLatin1String("task.")))
        return;
    const QString id = event.value(QStringLiteral("payload")).toObject().value(QStringLiteral("task_id")).toString();
    if (id.isEmpty())
        return;
    if (type == QLatin1String("task.deleted")) {
        removeTask(id);
        return;
    }
    m_dirty.insert(id);
    m_refresh.start();
}

QCoro::Task<> TasksPanel::refreshDirty()
{
    const QPointer<TasksPanel> self(this);
    const QSet<QString> ids = std::exchange(m_dirty, {});
    for (const QString &id : ids) {
        const QString target = QStringLiteral("/api/v1/tasks/") + id;
        const ApiReply reply = co_await m_client.get(target);
        if (!self)
            co_return;
        if (reply.ok())
            upsert(reply.object);
        else if (reply.status == 404)
            removeTask(id);
    }
    m_tree->expandAll();
    if (const QString selected = selectedId(); !selected.isEmpty() && ids.contains(selected))
        showGraph(selected);
}

QCoro::Task<> TasksPanel::showGraph(QString id)
{
    const QPointer<TasksPanel> self(this);
    const QString target = QStringLiteral("/api/v1/tasks/%1/dependencies/graph").arg(id);
    const ApiReply reply = co_await m_client.get(target);
    if (!self || selectedId() != id)
        co_return;
    if (reply.ok())
        m_graph->setGraph(reply.object);
    else
        emit message(tr("The graph could not be read: %1").arg(reply.describe()));
    emit graphShown();
}

QCoro::Task<> TasksPanel::decomposeSelected()
{
    const QString id = selectedId();
    if (id.isEmpty())
        co_return;
    const QPointer<TasksPanel> self(this);
    const QString target = QStringLiteral("/api/v1/tasks/%1/decompose").arg(id);
    const ApiReply reply = co_await m_client.post(target);
    if (!self)
        co_return;
    emit message(reply.ok() ? tr("Task decomposed") : tr("Decompose refused: %1").arg(reply.describe()));
}

} // namespace Orc::Gui
