#pragma once

#include "domain/agent.h"

#include <QList>
#include <QUuid>

#include <optional>

namespace Orc::Domain {

struct RoutingRequest
{
    CapabilitySet required;
    bool matchAll = true; // false: agents holding some of `required` qualify, scored by the share held
    std::optional<PerformanceTier> minTier;
    QList<QUuid> preferredAgentIds;
    std::optional<AgentType> preferredType;
    bool forDispatch = false; // only agents that accept new work right now (CONTRACT §11)
    int alternatives = 3;
};

struct ScoredAgent
{
    QUuid agentId;
    double score = 0.0;
    friend bool operator==(const ScoredAgent &, const ScoredAgent &) = default;
};

struct RoutingDecision
{
    ScoredAgent selected;
    QList<ScoredAgent> alternatives;
    QString reason;
};

// The weights of CONTRACT.md §2, exposed so tests and the GUI can name them.
namespace RoutingWeight {
inline constexpr double Tier = 0.4;
inline constexpr double Capability = 0.3;
inline constexpr double Load = 0.2;
inline constexpr double Available = 0.1;
inline constexpr double PreferredAgent = 0.2;
inline constexpr double PreferredType = 0.3;
} // namespace RoutingWeight

// Whether `agent` may be considered at all for `request` (capabilities, tier, routability).
bool qualifies(const Agent &agent, const RoutingRequest &request);

// 0.4 tier + 0.3 capability share + 0.2 load + 0.1 available + 0.2 preferred id + 0.3 preferred type,
// capped at 1.0. An empty requirement counts the capability term as 1.
double routingScore(const Agent &agent, const RoutingRequest &request);

// Scores compared at a fixed resolution so equal sums of different terms tie exactly.
qint64 scoreKey(double score);

// Ordering of candidates: higher score, then lower utilisation, then earlier registration
// (`registrationOrder`, smaller is earlier). Returns true when a ranks before b.
bool ranksBefore(double scoreA, int currentA, int maxA, quint64 orderA, double scoreB, int currentB, int maxB,
                 quint64 orderB);

QString routingReason(const Agent &agent, const RoutingRequest &request, double score);

} // namespace Orc::Domain
