#pragma once

#include <qcorotask.h>

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QSet>
#include <QTimer>

#include <optional>

namespace Orc::Gui {

class ControlClient;

// A table over one API collection (`/api/v1/sessions`, `/api/v1/agents`), kept live by events:
// the subclass says which object an event touches; that object is read again (coalesced: many
// events on one object within 100 ms cost one read). Loaded whole at first and again after the
// client reconnects; what changes while a load runs is read again after it, so nothing is lost to
// the snapshot. Nothing here blocks: every read is a coroutine. How rows are kept is the
// subclass's (JSON objects, or compact structs for a hundred thousand sessions).
class LiveTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // the row's id
        SortRole,                  // a value that sorts naturally (numbers, timestamps)
        FilterRole,                // the text a free-text filter searches, lower case
    };

    LiveTableModel(ControlClient &client, QString collection, QObject *parent = nullptr);

    QCoro::Task<> reload();
    bool isLoading() const { return m_loading; }
    // Reads one object again soon (and drops its row if it is gone).
    void refreshLater(const QString &id);
    virtual int rowOf(const QString &id) const = 0;
    // Whether sort() reorders the rows themselves (a proxy above should then keep their order).
    virtual bool sortsItself() const { return false; }
    // The lower-case text a free-text filter searches in a row (FilterRole, without a QVariant).
    virtual QString filterTextAt(int row) const = 0;
    // Whether row `left` sorts before row `right` by `column`, straight from the rows (no QVariant
    // per comparison: sorting 100,000 rows is some 1.7 million of them); nothing to use SortRole.
    virtual std::optional<bool> lessThan(int left, int right, int column) const
    {
        Q_UNUSED(left)
        Q_UNUSED(right)
        Q_UNUSED(column)
        return std::nullopt;
    }

signals:
    void loading(int done, int total);
    void loaded(int count);
    void loadFailed(const QString &message);

protected:
    // The id of the object an event changed, or empty when the event is not about this collection.
    virtual QString touchedBy(const QJsonObject &event) const = 0;
    // The event's own object, when its payload carries the whole object (no read needed).
    virtual QJsonObject objectIn(const QJsonObject &) const { return {}; }
    // Whether the event removes the object.
    virtual bool removes(const QJsonObject &) const { return false; }

    // Storage: a load stages objects in the API's order, then replaces the table at once.
    virtual void beginLoad() = 0;
    virtual void loadObject(const QJsonObject &object) = 0;
    virtual int endLoad() = 0; // the rows now shown
    virtual void abandonLoad() = 0;
    // A live change: insert or replace one row; drop one.
    virtual void upsertObject(const QJsonObject &object) = 0;
    virtual void removeObject(const QString &id) = 0;

    ControlClient &client() { return m_client; }

private:
    void onEvent(const QJsonObject &event);
    QCoro::Task<> refreshDirty();

    ControlClient &m_client;
    QString m_collection;
    QSet<QString> m_dirty;
    QSet<QString> m_touchedWhileLoading;
    QTimer m_refreshTimer;
    bool m_loading = false;
    bool m_reloadAgain = false;
};

} // namespace Orc::Gui
