#pragma once

#include "gui/models/livetablemodel.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <deque>
#include <functional>

namespace Orc::Gui {

// A live table of API objects keyed by their `id` (the agents of the marketplace), kept as JSON,
// updated row by row: an upsert changes one row (or inserts one), never resets the view, so
// selections and scroll positions survive a live stream of changes. Columns are declared by the
// subclass. Each object is kept as the subclass projects it, with its filter text worked out once.
class JsonTableModel : public LiveTableModel
{
    Q_OBJECT

public:
    // Where an object that was not there yet goes: after the others, or before them (newest first).
    enum class NewRows { AtEnd, AtTop };

    struct Column
    {
        QString title;
        std::function<QVariant(const QJsonObject &)> display;
        std::function<QVariant(const QJsonObject &)> sortKey; // null: the display value
        std::function<QVariant(const QJsonObject &)> decoration = nullptr;
        std::function<QVariant(const QJsonObject &)> toolTip = nullptr;
    };

    JsonTableModel(ControlClient &client, QString collection, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces everything (the first load, or a reload after a lost connection), in this order.
    // Projecting again a projected object must change nothing.
    void setObjects(const QList<QJsonObject> &objects);
    // Inserts the object, or changes its row when its id is known.
    void upsert(const QJsonObject &object);
    void remove(const QString &id);

    const QJsonObject *object(const QString &id) const;
    QJsonObject objectAt(int row) const
    {
        return row >= 0 && size_t(row) < m_rows.size() ? m_rows[size_t(row)] : QJsonObject();
    }
    int rowOf(const QString &id) const override;
    QString filterTextAt(int row) const override { return m_filterTexts[size_t(row)]; }
    QStringList ids() const;

protected:
    void beginLoad() override;
    void loadObject(const QJsonObject &object) override;
    int endLoad() override;
    void abandonLoad() override;
    void upsertObject(const QJsonObject &object) override { upsert(object); }
    void removeObject(const QString &id) override { remove(id); }

    void setColumns(QList<Column> columns) { m_columns = std::move(columns); }
    void setNewRows(NewRows where) { m_newRows = where; }
    // What of an object the table keeps (by default all of it).
    virtual QJsonObject project(const QJsonObject &object) const { return object; }
    // The text a free-text filter searches; by default every column's display text.
    virtual QString filterText(const QJsonObject &object) const;
    // Tells the views that one column changed in every row (e.g. an age that grows by itself).
    void touchColumn(int column);
    // Works the filter texts out again (e.g. when names they include became known).
    void refreshFilterTexts();
    // Every kept object that joins the table, and every one that leaves it (a changed row is one
    // of each): for running totals that do not walk the rows.
    virtual void counted(const QJsonObject &, int /*sign: +1 joins, -1 leaves*/) {}

private:
    QList<Column> m_columns;
    std::deque<QJsonObject> m_rows;
    std::deque<QString> m_filterTexts;
    QHash<QString, qint64> m_index; // id -> position; row = position - m_first
    qint64 m_first = 0;
    NewRows m_newRows = NewRows::AtEnd;
    QList<QJsonObject> m_staged; // a load in progress
};

} // namespace Orc::Gui
