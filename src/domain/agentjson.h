#pragma once

#include "domain/agent.h"

#include <QJsonObject>

namespace Orc::Domain {

// The agent object of CONTRACT.md §2. Secrets (token hash, dispatch secret, a runner's password)
// are never part of it.
QJsonObject toJson(const Agent &agent);
QJsonObject toJson(const AgentPerformance &performance);
// The inverse, for remote clients; VALIDATION_ERROR for a missing id, name or unknown enum value.
Result<Agent> agentFromJson(const QJsonObject &object);

} // namespace Orc::Domain
