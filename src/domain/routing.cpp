#include "domain/routing.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

bool qualifies(const Agent &agent, const RoutingRequest &request)
{
    if (!agent.isRoutable())
        return false;
    if (request.forDispatch && !agent.acceptsWork())
        return false;
    if (request.minTier && tierRank(agent.tier()) < tierRank(*request.minTier))
        return false;
    if (request.required.isEmpty())
        return true;
    return request.matchAll ? agent.capabilities.containsAll(request.required)
                            : agent.capabilities.overlap(request.required) > 0;
}

double routingScore(const Agent &agent, const RoutingRequest &request)
{
    const double capabilityShare = request.required.isEmpty()
                                       ? 1.0
                                       : double(agent.capabilities.overlap(request.required)) / request.required.size();
    double score = RoutingWeight::Tier * tierScore(agent.tier()) + RoutingWeight::Capability * capabilityShare
                   + RoutingWeight::Load * loadScore(agent.loadLevel())
                   + (agent.isAvailable() ? RoutingWeight::Available : 0.0);
    if (request.preferredAgentIds.contains(agent.id))
        score += RoutingWeight::PreferredAgent;
    if (request.preferredType && *request.preferredType == agent.agentType)
        score += RoutingWeight::PreferredType;
    return std::min(score, 1.0);
}

qint64 scoreKey(double score)
{
    return std::llround(score * 1e6);
}

bool ranksBefore(double scoreA, int currentA, int maxA, quint64 orderA, double scoreB, int currentB, int maxB,
                 quint64 orderB)
{
    const qint64 a = scoreKey(scoreA);
    const qint64 b = scoreKey(scoreB);
    if (a != b)
        return a > b;
    // currentA / maxA < currentB / maxB without floating point
    const qint64 left = qint64(currentA) * std::max(maxB, 1);
    const qint64 right = qint64(currentB) * std::max(maxA, 1);
    if (left != right)
        return left < right;
    return orderA < orderB;
}

QString routingReason(const Agent &agent, const RoutingRequest &request, double score)
{
    QStringList parts;
    parts << u"tier %1"_s.arg(tierName(agent.tier()));
    if (request.required.isEmpty())
        parts << u"no capabilities required"_s;
    else
        parts << u"%1/%2 required capabilities"_s.arg(agent.capabilities.overlap(request.required))
                     .arg(request.required.size());
    parts << u"load %1 (%2/%3)"_s.arg(loadLevelName(agent.loadLevel()))
                 .arg(agent.currentTasks)
                 .arg(agent.maxConcurrentTasks);
    parts << (agent.isAvailable() ? u"available"_s : u"not available"_s);
    if (request.preferredAgentIds.contains(agent.id))
        parts << u"preferred agent"_s;
    if (request.preferredType && *request.preferredType == agent.agentType)
        parts << u"preferred type %1"_s.arg(agentTypeName(agent.agentType));
    return u"%1 scored %2: %3"_s.arg(agent.name, QString::number(score, 'f', 3), parts.join(u", "_s));
}

} // namespace Orc::Domain
