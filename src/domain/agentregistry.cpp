#include "domain/agentregistry.h"

#include <QSet>

#include <algorithm>

namespace Orc::Domain {

namespace {

constexpr int TierCount = 5;
constexpr int LoadCount = 5;
constexpr int TypeCount = 8;
constexpr int BucketCount = TierCount * LoadCount * 2 * 2 * TypeCount;

struct BucketParts
{
    PerformanceTier tier;
    LoadLevel load;
    bool available;
    bool acceptsWork;
    AgentType type;
};

BucketParts decode(int bucket)
{
    BucketParts p{};
    p.type = static_cast<AgentType>(bucket % TypeCount);
    bucket /= TypeCount;
    p.acceptsWork = bucket % 2;
    bucket /= 2;
    p.available = bucket % 2;
    bucket /= 2;
    p.load = static_cast<LoadLevel>(bucket % LoadCount);
    p.tier = static_cast<PerformanceTier>(bucket / LoadCount);
    return p;
}

} // namespace

bool AgentRegistry::OrderKey::operator<(const OrderKey &other) const
{
    const qint64 left = qint64(current) * std::max(other.max, 1);
    const qint64 right = qint64(other.current) * std::max(max, 1);
    if (left != right)
        return left < right;
    return order < other.order;
}

AgentRegistry::AgentRegistry() : m_buckets(BucketCount) {}

AgentRegistry::~AgentRegistry() = default;

int AgentRegistry::bucketOf(const Agent &agent)
{
    if (!agent.isRoutable())
        return -1;
    int key = static_cast<int>(agent.tier());
    key = key * LoadCount + static_cast<int>(agent.loadLevel());
    key = key * 2 + (agent.isAvailable() ? 1 : 0);
    key = key * 2 + (agent.acceptsWork() ? 1 : 0);
    key = key * TypeCount + static_cast<int>(agent.agentType);
    return key;
}

double AgentRegistry::bucketScore(int bucket, const RoutingRequest &request)
{
    const BucketParts p = decode(bucket);
    double score = RoutingWeight::Tier * tierScore(p.tier) + RoutingWeight::Capability
                   + RoutingWeight::Load * loadScore(p.load) + (p.available ? RoutingWeight::Available : 0.0);
    if (request.preferredType && *request.preferredType == p.type)
        score += RoutingWeight::PreferredType;
    return std::min(score, 1.0);
}

bool AgentRegistry::bucketEligible(int bucket, const RoutingRequest &request) const
{
    const BucketParts p = decode(bucket);
    if (request.forDispatch && !p.acceptsWork)
        return false;
    if (request.minTier && tierRank(p.tier) < tierRank(*request.minTier))
        return false;
    return true;
}

void AgentRegistry::index(Entry &entry)
{
    entry.bucket = bucketOf(entry.agent);
    if (entry.bucket < 0)
        return;
    entry.key = OrderKey{entry.agent.currentTasks, entry.agent.maxConcurrentTasks, entry.order, &entry};
    auto &bucket = m_buckets[size_t(entry.bucket)];
    if (!bucket) {
        bucket = std::make_unique<Bucket>();
        m_activeBuckets.push_back(entry.bucket);
    }
    bucket->all.insert(entry.key);
    for (Capability c : entry.agent.capabilities.toList()) {
        auto &set = bucket->byCapability[size_t(c)];
        if (!set)
            set = std::make_unique<OrderedSet>();
        set->insert(entry.key);
    }
}

void AgentRegistry::unindex(Entry &entry)
{
    if (entry.bucket < 0)
        return;
    auto &bucket = m_buckets[size_t(entry.bucket)];
    bucket->all.erase(entry.key);
    for (Capability c : entry.agent.capabilities.toList()) {
        auto &set = bucket->byCapability[size_t(c)];
        set->erase(entry.key);
        if (set->empty())
            set.reset();
    }
    if (bucket->all.empty()) {
        bucket.reset();
        std::erase(m_activeBuckets, entry.bucket);
    }
    entry.bucket = -1;
}

bool AgentRegistry::upsert(const Agent &agent)
{
    if (Entry *byName = m_byName.value(agent.name); byName && byName->agent.id != agent.id)
        return false;
    if (Entry *existing = m_entries.value(agent.id)) {
        unindex(*existing);
        if (existing->agent.name != agent.name) {
            m_byName.remove(existing->agent.name);
            m_byName.insert(agent.name, existing);
        }
        existing->agent = agent;
        index(*existing);
        return true;
    }
    auto entry = std::make_unique<Entry>();
    entry->agent = agent;
    entry->order = m_nextOrder++;
    Entry *raw = entry.get();
    m_entryStore.emplace(raw->order, std::move(entry));
    m_entries.insert(agent.id, raw);
    m_byName.insert(agent.name, raw);
    index(*raw);
    return true;
}

bool AgentRegistry::remove(const QUuid &id)
{
    Entry *entry = m_entries.take(id);
    if (!entry)
        return false;
    unindex(*entry);
    m_byName.remove(entry->agent.name);
    m_entryStore.erase(entry->order);
    return true;
}

bool AgentRegistry::update(const QUuid &id, const std::function<void(Agent &)> &change)
{
    Entry *entry = m_entries.value(id);
    if (!entry)
        return false;
    unindex(*entry);
    const QString oldName = entry->agent.name;
    change(entry->agent);
    entry->agent.id = id;
    if (entry->agent.name != oldName) {
        m_byName.remove(oldName);
        m_byName.insert(entry->agent.name, entry);
    }
    index(*entry);
    return true;
}

const Agent *AgentRegistry::find(const QUuid &id) const
{
    const Entry *entry = m_entries.value(id);
    return entry ? &entry->agent : nullptr;
}

const Agent *AgentRegistry::findByName(const QString &name) const
{
    const Entry *entry = m_byName.value(name);
    return entry ? &entry->agent : nullptr;
}

QList<const Agent *> AgentRegistry::agents() const
{
    QList<const Agent *> list;
    list.reserve(qsizetype(m_entryStore.size()));
    for (const auto &[order, entry] : m_entryStore)
        list.append(&entry->agent);
    return list;
}

QList<const Agent *> AgentRegistry::withCapability(Capability capability) const
{
    QList<const Agent *> list;
    for (const auto &[order, entry] : m_entryStore) {
        if (entry->agent.capabilities.contains(capability))
            list.append(&entry->agent);
    }
    return list;
}

std::vector<AgentRegistry::Candidate> AgentRegistry::streamMatchAll(const RoutingRequest &request, size_t wanted,
                                                                    const std::vector<const Entry *> &skip) const
{
    struct ScoredBucket
    {
        qint64 key;
        double score;
        int bucket;
    };
    std::vector<ScoredBucket> buckets;
    buckets.reserve(m_activeBuckets.size());
    for (int b : m_activeBuckets) {
        if (bucketEligible(b, request)) {
            const double score = bucketScore(b, request);
            buckets.push_back({scoreKey(score), score, b});
        }
    }
    std::sort(buckets.begin(), buckets.end(), [](const ScoredBucket &a, const ScoredBucket &b) {
        return a.key > b.key || (a.key == b.key && a.bucket < b.bucket);
    });

    const QList<Capability> required = request.required.toList();
    std::vector<Candidate> result;
    struct Cursor
    {
        OrderedSet::const_iterator it;
        OrderedSet::const_iterator end;
    };
    std::vector<Cursor> cursors;
    size_t groupStart = 0;
    while (groupStart < buckets.size() && result.size() < wanted) {
        size_t groupEnd = groupStart;
        cursors.clear();
        // One group = buckets with the same score; merged by (utilisation, registration order).
        while (groupEnd < buckets.size() && buckets[groupEnd].key == buckets[groupStart].key) {
            const Bucket &bucket = *m_buckets[size_t(buckets[groupEnd].bucket)];
            const OrderedSet *set = &bucket.all;
            for (Capability c : required) {
                const OrderedSet *candidate = bucket.setFor(c);
                if (!candidate) {
                    set = nullptr;
                    break;
                }
                if (candidate->size() < set->size())
                    set = candidate;
            }
            if (set)
                cursors.push_back({set->begin(), set->end()});
            ++groupEnd;
        }
        const double score = buckets[groupStart].score;
        while (result.size() < wanted) {
            Cursor *best = nullptr;
            for (Cursor &cursor : cursors) {
                if (cursor.it != cursor.end && (!best || *cursor.it < *best->it))
                    best = &cursor;
            }
            if (!best)
                break;
            const Entry *entry = best->it->entry;
            ++best->it;
            if (!entry->agent.capabilities.containsAll(request.required))
                continue;
            if (std::find(skip.begin(), skip.end(), entry) != skip.end())
                continue;
            result.push_back({score, entry});
        }
        groupStart = groupEnd;
    }
    return result;
}

std::vector<AgentRegistry::Candidate> AgentRegistry::scanPartial(const RoutingRequest &request) const
{
    std::vector<Candidate> result;
    QSet<const Entry *> seen;
    const QList<Capability> required = request.required.toList();
    for (int b : m_activeBuckets) {
        if (!bucketEligible(b, request))
            continue;
        const Bucket &bucket = *m_buckets[size_t(b)];
        for (Capability c : required) {
            const OrderedSet *set = bucket.setFor(c);
            if (!set)
                continue;
            for (const OrderKey &key : *set) {
                if (seen.contains(key.entry))
                    continue;
                seen.insert(key.entry);
                result.push_back({routingScore(key.entry->agent, request), key.entry});
            }
        }
    }
    return result;
}

std::optional<RoutingDecision> AgentRegistry::route(const RoutingRequest &request) const
{
    const size_t wanted = size_t(std::max(request.alternatives, 0)) + 1;
    const auto before = [](const Candidate &a, const Candidate &b) {
        return ranksBefore(a.score, a.entry->agent.currentTasks, a.entry->agent.maxConcurrentTasks, a.entry->order,
                           b.score, b.entry->agent.currentTasks, b.entry->agent.maxConcurrentTasks, b.entry->order);
    };

    std::vector<Candidate> candidates;
    std::vector<const Entry *> preferred;
    for (const QUuid &id : request.preferredAgentIds) {
        const Entry *entry = m_entries.value(id);
        if (entry && qualifies(entry->agent, request)
            && std::find(preferred.begin(), preferred.end(), entry) == preferred.end()) {
            preferred.push_back(entry);
            candidates.push_back({routingScore(entry->agent, request), entry});
        }
    }
    if (request.matchAll || request.required.isEmpty()) {
        auto streamed = streamMatchAll(request, wanted, preferred);
        candidates.insert(candidates.end(), streamed.begin(), streamed.end());
    } else {
        candidates = scanPartial(request); // preferred ids are scored inside the scan
    }
    if (candidates.empty())
        return std::nullopt;

    const size_t keep = std::min(wanted, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + qsizetype(keep), candidates.end(), before);

    RoutingDecision decision;
    const Agent &selected = candidates.front().entry->agent;
    decision.selected = {selected.id, candidates.front().score};
    for (size_t i = 1; i < keep; ++i)
        decision.alternatives.append({candidates[i].entry->agent.id, candidates[i].score});
    decision.reason = routingReason(selected, request, candidates.front().score);
    return decision;
}

std::optional<RoutingDecision> AgentRegistry::routeAndReserve(RoutingRequest request)
{
    request.forDispatch = true;
    auto decision = route(request);
    if (decision && !reserve(decision->selected.agentId))
        return std::nullopt; // cannot happen: routing only returns agents that accept work
    return decision;
}

bool AgentRegistry::reserve(const QUuid &id)
{
    Entry *entry = m_entries.value(id);
    if (!entry || !entry->agent.acceptsWork())
        return false;
    unindex(*entry);
    ++entry->agent.currentTasks;
    index(*entry);
    return true;
}

bool AgentRegistry::release(const QUuid &id)
{
    Entry *entry = m_entries.value(id);
    if (!entry || entry->agent.currentTasks <= 0)
        return false;
    unindex(*entry);
    --entry->agent.currentTasks;
    index(*entry);
    return true;
}

} // namespace Orc::Domain
