#pragma once

#include "gui/models/livetablemodel.h"

#include <QHash>
#include <QStringList>
#include <QTimer>
#include <QUuid>

#include <deque>
#include <functional>

namespace Orc::Gui {

// What the room keeps of a session: what its tables, timeline and charts show (the session
// window reads the rest). About 400 bytes, so a hundred thousand sessions fit in some 60 MB.
struct SessionRow
{
    QUuid id;
    QString title;
    QString status;      // shares the text of a status name: no copy per row
    QString sessionType; // likewise
    int priority = 2;
    QUuid agent;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    qint64 statusUpdatedMs = 0;
    qint64 startedMs = 0;
    qint64 lastCheckpointMs = 0;
    int checkpoints = 0;
    double tokens = 0;
    double costUsd = 0;
    QStringList tags;
    QString error; // the failure's message, if any

    // From the API's JSON of a session.
    static SessionRow fromJson(const QJsonObject &session);
};

// Every session, live, newest first: a created session arrives whole with its event; any other
// change of a session reads it again (coalesced). Columns: title, status (with its colour),
// priority, type, agent, checkpoints, tokens, cost, created, updated. Rows are compact structs
// with their filter text worked out once, and running totals by status, tokens and cost.
class SessionModel final : public LiveTableModel
{
    Q_OBJECT

public:
    enum Column { Title, Status, Priority, Type, Agent, Checkpoints, Tokens, Cost, Created, Updated, ColumnCount };

    explicit SessionModel(ControlClient &client, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const SessionRow &rowAt(int row) const { return m_rows[size_t(row)]; }
    int rowOf(const QString &id) const override;
    // Sorts the rows themselves (a proxy above then keeps their order, so a filter does not sort
    // 100,000 rows again). Sessions that arrive later join at their place within a moment.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool sortsItself() const override { return true; }
    QString filterTextAt(int row) const override { return m_filterTexts[size_t(row)]; }
    std::optional<bool> lessThan(int left, int right, int column) const override;
    QStringList ids() const;

    // Running totals over every row (for the charts): sessions by status, tokens, cost.
    const QHash<QString, int> &countByStatus() const { return m_byStatus; }
    double totalTokens() const { return m_tokens; }
    double totalCostUsd() const { return m_cost; }

    // Agent names for the agent column (the marketplace's model keeps them).
    void setAgentNames(std::function<QString(const QString &id)> names);

protected:
    QString touchedBy(const QJsonObject &event) const override;
    QJsonObject objectIn(const QJsonObject &event) const override;
    bool removes(const QJsonObject &event) const override;
    void beginLoad() override;
    void loadObject(const QJsonObject &object) override;
    int endLoad() override;
    void abandonLoad() override;
    void upsertObject(const QJsonObject &object) override;
    void removeObject(const QString &id) override;

private:
    QString agentName(const QUuid &agent) const;
    QString filterText(const SessionRow &row) const;
    void count(const SessionRow &row, int sign);

    std::deque<SessionRow> m_rows;
    std::deque<QString> m_filterTexts;
    QHash<QUuid, qint64> m_index; // id -> position; row = position - m_first
    qint64 m_first = 0;
    std::deque<SessionRow> m_staged;
    int m_sortColumn = -1; // -1: newest first, as loaded
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QTimer m_resort;
    std::function<QString(const QString &)> m_agentName;
    QHash<QString, int> m_byStatus;
    double m_tokens = 0;
    double m_cost = 0;
};

// "critical", "high", "medium", "low", "deferred" for priorities 0–4.
QString priorityName(int priority);

} // namespace Orc::Gui
