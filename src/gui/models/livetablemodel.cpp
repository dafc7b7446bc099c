#include "gui/models/livetablemodel.h"

#include "gui/client/controlclient.h"

#include <QPointer>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace Orc::Gui {

namespace {

constexpr int RefreshDelayMs = 100;

} // namespace

LiveTableModel::LiveTableModel(ControlClient &client, QString collection, QObject *parent)
    : QAbstractTableModel(parent), m_client(client), m_collection(std::move(collection))
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
    beginLoad();
    const ControlClient::Sink sink = [this](const QJsonObject &object) { loadObject(object); };
    const ControlClient::Progress progress = [this](int done, int total) { emit loading(done, total); };
    const QString failure = co_await m_client.listAll(m_collection, sink, progress);
    if (!self)
        co_return;
    m_loading = false;
    if (failure.isEmpty()) {
        const int count = endLoad();
#ifdef __GLIBC__
        malloc_trim(0); // the listing's transient copies go back to the system, not only to malloc
#endif
        for (const QString &id : std::exchange(m_touchedWhileLoading, {}))
            refreshLater(id);
        emit loaded(count);
    } else {
        abandonLoad();
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
    if (m_loading)
        m_touchedWhileLoading.insert(id);
    if (removes(event)) {
        m_dirty.remove(id);
        removeObject(id);
        return;
    }
    if (const QJsonObject whole = objectIn(event); !whole.isEmpty()) {
        upsertObject(whole);
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
            upsertObject(reply.object);
        else if (reply.status == 404)
            removeObject(id);
    }
}

} // namespace Orc::Gui
