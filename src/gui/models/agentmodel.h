#pragma once

#include "gui/models/jsontablemodel.h"

#include <QTimer>

namespace Orc::Gui {

// Every agent of the marketplace, live: registrations, heartbeats, load and performance changes
// read the agent again (coalesced); the heartbeat age counts up by itself every second.
class AgentModel final : public JsonTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Kind, Type, Tier, Capabilities, Status, Heartbeat, Load, SuccessRate, Tasks, ColumnCount };
    enum AgentRole { LoadFractionRole = FilterRole + 1 };

    explicit AgentModel(ControlClient &client, QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QString nameOf(const QString &id) const;

protected:
    QString touchedBy(const QJsonObject &event) const override;

private:
    QTimer m_ageTimer;
};

// "12 s", "3 min", "2 h", "—" for never.
QString ageText(const QJsonValue &isoTime);

} // namespace Orc::Gui
