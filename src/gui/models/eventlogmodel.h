#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>

#include <deque>

namespace Orc::Gui {

class ControlClient;

// The newest events (10,000 by default), oldest first, as they arrive from the client: seq, time,
// type, subject (the session, agent, task, context or lock) and a one-line summary. Rows are only
// appended and trimmed at the top, so a view can follow the tail cheaply.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Seq, Time, Type, Subject, Summary, ColumnCount };
    static constexpr int DefaultCapacity = 10000;

    explicit EventLogModel(ControlClient &client, int capacity = DefaultCapacity, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void append(const QJsonObject &event);
    QJsonObject eventAt(int row) const { return m_events.at(size_t(row)); }

private:
    std::deque<QJsonObject> m_events;
    int m_capacity;
};

// "session 1a2b3c4d", "agent 5e6f…": what an event is about, from its payload.
QString eventSubject(const QJsonObject &payload);
// A short human line for an event ("pending → running", "step 2 of 3" …).
QString eventSummary(const QString &type, const QJsonObject &payload);

} // namespace Orc::Gui
