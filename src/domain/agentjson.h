#pragma once

#include "domain/agent.h"

#include <QJsonObject>

namespace Orc::Domain {

// What a secret of a runner's config is shown as.
inline const QString MaskedSecret = QStringLiteral("********");

// The agent object of CONTRACT.md §2. Secrets (token hash, dispatch secret, a runner's password,
// the values of its environment variables) are never part of it: they read MaskedSecret.
QJsonObject toJson(const Agent &agent);
// A config sent back as it was shown (PATCH): every secret still reading MaskedSecret keeps the
// current value.
QJsonObject unmaskConfig(const QJsonObject &incoming, const QJsonObject &current);
QJsonObject toJson(const AgentPerformance &performance);
// The inverse, for remote clients; VALIDATION_ERROR for a missing id, name or unknown enum value.
Result<Agent> agentFromJson(const QJsonObject &object);

} // namespace Orc::Domain
