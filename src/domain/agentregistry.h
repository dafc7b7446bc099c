#pragma once

#include "domain/agent.h"
#include "domain/routing.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QUuid>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace Orc::Domain {

// The agents known to this orchestrator, indexed for routing.
//
// The routing score of an agent depends only on its tier, load level, availability and type (plus
// the capability share and a short list of preferred ids). Agents are therefore kept in buckets keyed
// by those four terms, and inside each bucket one ordered set per capability sorts them by the
// tie-break (utilisation, then registration order). A route scores the buckets, not the agents, and
// then streams the few best agents out of the sets of the required capability that is rarest in
// each bucket, so its cost does not grow with the number of agents.
class AgentRegistry
{
public:
    AgentRegistry();
    ~AgentRegistry();
    AgentRegistry(const AgentRegistry &) = delete;
    AgentRegistry &operator=(const AgentRegistry &) = delete;

    // Adds a new agent or replaces the one with the same id. Fails when another agent has the name.
    bool upsert(const Agent &agent);
    bool remove(const QUuid &id);
    // Applies `change` to the agent and re-indexes it; the id must not change.
    bool update(const QUuid &id, const std::function<void(Agent &)> &change);

    const Agent *find(const QUuid &id) const;
    const Agent *findByName(const QString &name) const;
    int size() const { return int(m_entries.size()); }
    // In registration order.
    QList<const Agent *> agents() const;
    QList<const Agent *> withCapability(Capability capability) const;

    std::optional<RoutingDecision> route(const RoutingRequest &request) const;
    // Routes among agents that accept work and reserves one unit of capacity on the chosen one, in
    // one step (the caller runs on one thread; nothing can interleave).
    std::optional<RoutingDecision> routeAndReserve(RoutingRequest request);
    // Reserves one unit on a given agent if it accepts work.
    bool reserve(const QUuid &id);
    // Releases one unit; never below zero. Returns false for unknown agents or nothing reserved.
    bool release(const QUuid &id);

private:
    struct Entry;
    struct OrderKey
    {
        int current;
        int max;
        quint64 order;
        Entry *entry;
        bool operator<(const OrderKey &other) const;
    };
    using OrderedSet = std::set<OrderKey>;
    struct Bucket
    {
        OrderedSet all;
        std::array<std::unique_ptr<OrderedSet>, CapabilityCount> byCapability;
        const OrderedSet *setFor(Capability c) const { return byCapability[size_t(c)].get(); }
    };
    struct Entry
    {
        Agent agent;
        quint64 order = 0;
        int bucket = -1; // -1: not routable (offline, maintenance)
        OrderKey key{};
    };
    struct Candidate
    {
        double score;
        const Entry *entry;
    };

    static int bucketOf(const Agent &agent);
    static double bucketScore(int bucket, const RoutingRequest &request);
    void index(Entry &entry);
    void unindex(Entry &entry);
    std::vector<Candidate> streamMatchAll(const RoutingRequest &request, size_t wanted,
                                          const std::vector<const Entry *> &skip) const;
    std::vector<Candidate> scanPartial(const RoutingRequest &request) const;
    bool bucketEligible(int bucket, const RoutingRequest &request) const;

    std::map<quint64, std::unique_ptr<Entry>> m_entryStore; // by registration order; stable addresses
    QHash<QUuid, Entry *> m_entries;
    QHash<QString, Entry *> m_byName;
    std::vector<std::unique_ptr<Bucket>> m_buckets;
    std::vector<int> m_activeBuckets;
    quint64 m_nextOrder = 1;
};

} // namespace Orc::Domain
