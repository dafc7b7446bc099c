#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>

#include <functional>

namespace Orc::Gui {

// A table of API objects (sessions, agents …) keyed by their `id`, updated row by row: an upsert
// changes one row (or inserts one), never resets the view, so selections and scroll positions
// survive a live stream of changes. Columns are declared by the subclass.
class JsonTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1, // the row's id
        SortRole,                  // a value that sorts naturally (numbers, timestamps)
        ObjectRole,                // the whole object (QJsonObject)
        FilterRole,                // the text a free-text filter searches
    };

    struct Column
    {
        QString title;
        std::function<QVariant(const QJsonObject &)> display;
        std::function<QVariant(const QJsonObject &)> sortKey; // null: the display value
        std::function<QVariant(const QJsonObject &)> decoration = nullptr;
        std::function<QVariant(const QJsonObject &)> toolTip = nullptr;
    };

    explicit JsonTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces everything (the first load, or a reload after a lost connection).
    void setObjects(const QList<QJsonObject> &objects);
    // Inserts the object, or changes its row when its id is known.
    void upsert(const QJsonObject &object);
    void remove(const QString &id);

    const QJsonObject *object(const QString &id) const;
    QJsonObject objectAt(int row) const { return m_rows.value(row); }
    int rowOf(const QString &id) const { return m_index.value(id, -1); }
    QStringList ids() const;

protected:
    void setColumns(QList<Column> columns) { m_columns = std::move(columns); }
    // The text a free-text filter searches; by default every column's display text.
    virtual QString filterText(const QJsonObject &object) const;
    // Tells the views that one column changed in every row (e.g. an age that grows by itself).
    void touchColumn(int column);

private:
    QList<Column> m_columns;
    QList<QJsonObject> m_rows;
    QHash<QString, int> m_index;
};

} // namespace Orc::Gui
