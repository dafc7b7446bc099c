#include "gui/docks/lockspanel.h"

#include "gui/client/controlclient.h"
#include "gui/models/agentmodel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPointer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Orc::Gui {

namespace {

constexpr int SinceRole = Qt::UserRole + 1; // the ISO time an age counts from
enum Column { Resource, Owner, Priority, Age, ColumnCount };

} // namespace

LocksPanel::LocksPanel(ControlClient &client, QWidget *parent) : QWidget(parent), m_client(client)
{
    setObjectName(QStringLiteral("locksPanel"));
    m_summary = new QLabel(this);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("locksTree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Resource"), tr("Holder / waiting"), tr("Priority"), tr("For")});
    m_tree->header()->setSectionResizeMode(Resource, QHeaderView::Stretch);
    m_tree->setAlternatingRowColors(true);
    m_tree->setRootIsDecorated(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);

    reloadOnEvents(client, this, QLatin1String("lock."), m_coalesce, 100, [this] { reload(); });
    m_ages.setInterval(1000);
    connect(&m_ages, &QTimer::timeout, this, &LocksPanel::tick);
    m_ages.start();
}

QCoro::Task<> LocksPanel::reload()
{
    if (m_loading) {
        m_coalesce.start(); // once more when this read is done
        co_return;
    }
    const QPointer<LocksPanel> self(this);
    m_loading = true;
    const QString target = QStringLiteral("/api/v1/locks");
    const ApiReply reply = co_await m_client.get(target);
    if (!self)
        co_return;
    m_loading = false;
    if (!reply.ok()) {
        m_summary->setText(tr("Locks could not be read: %1").arg(reply.describe()));
        co_return;
    }
    m_tree->clear();
    int held = 0;
    for (const QJsonValue &value : reply.object.value(QStringLiteral("items")).toArray()) {
        const QJsonObject lock = value.toObject();
        const QJsonObject holder = lock.value(QStringLiteral("holder")).toObject();
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(Resource, lock.value(QStringLiteral("resource")).toString());
        if (!holder.isEmpty()) {
            ++held;
            item->setText(Owner, holder.value(QStringLiteral("owner")).toString());
            item->setText(Priority, QString::number(holder.value(QStringLiteral("priority")).toInt()));
            item->setData(Age, SinceRole, holder.value(QStringLiteral("acquired_at")).toString());
        }
        for (const QJsonValue &w : lock.value(QStringLiteral("queue")).toArray()) {
            const QJsonObject waiter = w.toObject();
            auto *child = new QTreeWidgetItem(item);
            child->setText(Resource, tr("waiting"));
            child->setText(Owner, waiter.value(QStringLiteral("owner")).toString());
            child->setText(Priority, QString::number(waiter.value(QStringLiteral("priority")).toInt()));
            child->setData(Age, SinceRole, waiter.value(QStringLiteral("waiting_since")).toString());
        }
        item->setExpanded(true);
    }
    m_summary->setText(
        tr("%1 lock(s) held, %2 waiting").arg(held).arg(reply.object.value(QStringLiteral("waiting")).toInt()));
    tick();
    emit reloaded();
}

void LocksPanel::tick()
{
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        const QString since = (*it)->data(Age, SinceRole).toString();
        if (!since.isEmpty())
            (*it)->setText(Age, ageText(since));
    }
}

} // namespace Orc::Gui
