#pragma once

#include "gui/models/jsontablemodel.h"

#include <qcorotask.h>

#include <QSet>
#include <QTimer>

namespace Orc::Gui {

class ControlClient;
struct ApiReply;

// A JsonTableModel over one API collection (`/api/v1/sessions`, `/api/v1/agents`), kept live by
// events: the subclass says which object an event touches; that object is read again (coalesced:
// many events on one object within 100 ms cost one read). Loaded in pages of 200 and loaded again
// after the client reconnects. Nothing here blocks: every read is a coroutine.
class LiveTableModel : public JsonTableModel
{
    Q_OBJECT

public:
    LiveTableModel(ControlClient &client, QString collection, QObject *parent = nullptr);

    QCoro::Task<> reload();
    bool isLoading() const { return m_loading; }
    // Reads one object again soon (and drops its row if it is gone).
    void refreshLater(const QString &id);

signals:
    void loaded(int count);
    void loadFailed(const QString &message);

protected:
    // The id of the object an event changed, or empty when the event is not about this collection.
    virtual QString touchedBy(const QJsonObject &event) const = 0;
    // The event's own object, when its payload carries the whole object (no read needed).
    virtual QJsonObject objectIn(const QJsonObject &) const { return {}; }
    // Whether the event removes the object.
    virtual bool removes(const QJsonObject &) const { return false; }
    ControlClient &client() { return m_client; }

private:
    void onEvent(const QJsonObject &event);
    QCoro::Task<> refreshDirty();

    ControlClient &m_client;
    QString m_collection;
    QSet<QString> m_dirty;
    QTimer m_refreshTimer;
    bool m_loading = false;
    bool m_reloadAgain = false;
};

} // namespace Orc::Gui
