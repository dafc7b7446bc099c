#include "gui/models/livetablemodel.h"

#include "gui/client/controlclient.h"

#include <QPointer>
#include <QUrlQuery>

namespace Orc::Gui {

namespace {

constexpr int PageSize = 200;
constexpr int RefreshDelayMs = 100;

} // namespace

LiveTableModel::LiveTableModel(ControlClient &client, QString collection, QObject *parent)
    : JsonTableModel(parent), m_client(client), m_collection(std::move(collection))
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(RefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] { refreshDirty(); });
    connect(&client, &ControlClient::eventReceived, this, &LiveTableModel::onEvent);
    connect(&client, &ControlClient::connectionChanged, this, [this](bool connected) {
        if (connected)
            reload(); // events may have been missed while away
    });
}

QCoro::Task<> LiveTableModel::reload()
{
    if (m_loading) {
        m_reloadAgain = true;
        co_return;
    }
    const QPointer<LiveTableModel> self(this);
    m_loading = true;
    QList<QJsonObject> objects;
    QString failure;
    for (int page = 1;; ++page) {
        const QString target = QStringLiteral("%1?page=%2&page_size=%3").arg(m_collection).arg(page).arg(PageSize);
        const ApiReply reply = co_await m_client.get(target);
        if (!self)
            co_return;
        if (!reply.ok()) {
            failure = reply.describe();
            break;
        }
        const QJsonArray items = reply.object.value(QStringLiteral("items")).toArray();
        for (const QJsonValue &item : items)
            objects.append(project(item.toObject())); // only what the table keeps, page by page
        if (page >= reply.object.value(QStringLiteral("total_pages")).toInt() || items.isEmpty())
            break;
    }
    m_loading = false;
    if (failure.isEmpty()) {
        setObjects(objects);
        emit loaded(int(objects.size()));
    } else {
        emit loadFailed(failure);
    }
    if (m_reloadAgain) {
        m_reloadAgain = false;
        reload();
    }
}

void LiveTableModel::refreshLater(const QString &id)
{
    m_dirty.insert(id);
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void LiveTableModel::onEvent(const QJsonObject &event)
{
    const QString id = touchedBy(event);
    if (id.isEmpty())
        return;
    if (removes(event)) {
        m_dirty.remove(id);
        remove(id);
        return;
    }
    if (const QJsonObject whole = objectIn(event); !whole.isEmpty()) {
        upsert(whole);
        return;
    }
    refreshLater(id);
}

QCoro::Task<> LiveTableModel::refreshDirty()
{
    const QPointer<LiveTableModel> self(this);
    const QSet<QString> ids = std::exchange(m_dirty, {});
    for (const QString &id : ids) {
        const QString target = m_collection + QLatin1Char('/') + id;
        const ApiReply reply = co_await m_client.get(target);
        if (!self)
            co_return;
        if (reply.ok())
            upsert(reply.object);
        else if (reply.status == 404)
            remove(id);
    }
}

} // namespace Orc::Gui
