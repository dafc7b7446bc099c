#pragma once

#include "gui/models/livetablemodel.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

#include <functional>

namespace Orc::Gui {

// A live table of API objects keyed by their `id` (the agents of the marketplace), kept as JSON
// in the API's order, new ones after the others, updated row by row: a change replaces one row
// (or adds one), never resets the view, so selections and scroll positions survive a live stream
// of changes. Columns are declared by the subclass; each row's filter text is worked out once.
class JsonTableModel : public LiveTableModel
{
    Q_OBJECT

public:
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

    const QJsonObject *object(const QString &id) const;
    QJsonObject objectAt(int row) const { return m_rows.value(row); }
    int rowOf(const QString &id) const override { return m_index.value(id, -1); }
    QString filterTextAt(int row) const override { return m_filterTexts.at(row); }
    QStringList ids() const;

protected:
    void beginLoad() override { m_staged.clear(); }
    void loadObject(const QJsonObject &object) override { m_staged.append(object); }
    int endLoad() override;
    void abandonLoad() override { m_staged.clear(); }
    void upsertObject(const QJsonObject &object) override;
    void removeObject(const QString &id) override;

    void setColumns(QList<Column> columns) { m_columns = std::move(columns); }
    // Tells the views that one column changed in every row (e.g. an age that grows by itself).
    void touchColumn(int column);

private:
    // Every column's display text, lower case: what a free-text filter searches.
    QString filterText(const QJsonObject &object) const;

    QList<Column> m_columns;
    QList<QJsonObject> m_rows;
    QList<QString> m_filterTexts;
    QHash<QString, int> m_index; // id -> row
    QList<QJsonObject> m_staged; // a load in progress
};

} // namespace Orc::Gui
