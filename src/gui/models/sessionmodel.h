#pragma once

#include "gui/models/livetablemodel.h"

namespace Orc::Gui {

// Every session, live, newest first: a created session arrives whole with its event; any other
// change of a session reads it again (coalesced). Columns: title, status (with its colour),
// priority, type, agent, checkpoints, tokens, cost, created, updated. A row keeps only what the
// room shows of a session (the session window reads the rest).
class SessionModel final : public LiveTableModel
{
    Q_OBJECT

public:
    enum Column { Title, Status, Priority, Type, Agent, Checkpoints, Tokens, Cost, Created, Updated, ColumnCount };

    explicit SessionModel(ControlClient &client, QObject *parent = nullptr);

    // Agent names for the agent column (the marketplace's model keeps them).
    void setAgentNames(std::function<QString(const QString &id)> names);

protected:
    QJsonObject project(const QJsonObject &session) const override;
    QString filterText(const QJsonObject &session) const override;
    QString touchedBy(const QJsonObject &event) const override;
    QJsonObject objectIn(const QJsonObject &event) const override;
    bool removes(const QJsonObject &event) const override;

private:
    std::function<QString(const QString &)> m_agentName;
};

// "critical", "high", "medium", "low", "deferred" for priorities 0–4.
QString priorityName(int priority);

} // namespace Orc::Gui
