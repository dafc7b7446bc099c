#pragma once

#include "domain/session.h"

#include <QJsonObject>

namespace Orc::Domain {

// The session object of CONTRACT.md §1 as JSON. `now` evaluates the health score; children and
// checkpoints are added when the caller has them (child_ids is always present, possibly empty).
QJsonObject toJson(const Session &session, const QDateTime &now, const QList<QUuid> &childIds = {},
                   const QList<Checkpoint> *checkpoints = nullptr);
QJsonObject toJson(const SessionMetrics &metrics);
QJsonObject toJson(const Checkpoint &checkpoint);

// The inverse, for stored copies and remote clients; VALIDATION_ERROR names missing fields.
Result<Session> sessionFromJson(const QJsonObject &object);
SessionMetrics sessionMetricsFromJson(const QJsonObject &object);
Result<Checkpoint> checkpointFromJson(const QJsonObject &object);

} // namespace Orc::Domain
