// Routing among 100 … 100,000 agents, and decomposition of a large task.
//
// Every routing figure is printed next to the cost of the obvious alternative measured in the
// same run: scoring every agent (a full scan). The target (CONTRACT §2, issue acceptance) is a
// median route of at most 20 µs at 10,000 agents, growing sub-linearly with the agent count.

#include "domain/agentregistry.h"
#include "domain/decomposition.h"
#include "domain/identifiers.h"
#include "domain/routing.h"
#include "support/agentfixtures.h"

#include <QRandomGenerator>

#include <benchmark/benchmark.h>

#include <map>
#include <memory>

using namespace Orc::Domain;

namespace {

CapabilitySet randomCapabilities(QRandomGenerator &random, int count)
{
    CapabilitySet set;
    for (int i = 0; i < count; ++i)
        set.insert(static_cast<Capability>(random.bounded(CapabilityCount)));
    return set;
}

// A realistic population: 3-6 capabilities each, mixed tiers, types, loads and statuses.
struct Population
{
    AgentRegistry registry;
    QList<Agent> agents;
    std::vector<RoutingRequest> requests;
};

Population &population(int size)
{
    static std::map<int, std::unique_ptr<Population>> cache;
    auto &slot = cache[size];
    if (slot)
        return *slot;
    slot = std::make_unique<Population>();
    QRandomGenerator random(quint32(size) * 7919u);
    for (int i = 0; i < size; ++i) {
        Agent agent;
        agent.id = newId();
        agent.name = QStringLiteral("agent-%1").arg(i);
        agent.capabilities = randomCapabilities(random, 3 + int(random.bounded(4)));
        agent.agentType = static_cast<AgentType>(random.bounded(8));
        agent.maxConcurrentTasks = 1 + int(random.bounded(10));
        agent.currentTasks = int(random.bounded(agent.maxConcurrentTasks + 1));
        agent.status = random.bounded(20) == 0 ? AgentStatus::Offline : AgentStatus::Online;
        agent.reportedLoad = random.bounded(10) == 0 ? 0.95 : 0.2;
        Orc::Testing::setTier(agent, static_cast<PerformanceTier>(random.bounded(5)));
        slot->agents.append(agent);
        slot->registry.upsert(agent);
    }
    for (int i = 0; i < 256; ++i) {
        RoutingRequest request;
        request.required = randomCapabilities(random, 1 + int(random.bounded(2)));
        request.forDispatch = true;
        if (random.bounded(4) == 0)
            request.preferredType = static_cast<AgentType>(random.bounded(8));
        slot->requests.push_back(request);
    }
    return *slot;
}

void BM_Route(benchmark::State &state)
{
    Population &p = population(int(state.range(0)));
    size_t i = 0;
    for (auto _ : state) {
        auto decision = p.registry.route(p.requests[i++ % p.requests.size()]);
        benchmark::DoNotOptimize(decision);
    }
    state.counters["agents"] = double(state.range(0));
}

// Route, reserve the chosen agent and give the reservation back: the dispatch path.
void BM_RouteAndReserve(benchmark::State &state)
{
    Population &p = population(int(state.range(0)));
    size_t i = 0;
    for (auto _ : state) {
        auto decision = p.registry.routeAndReserve(p.requests[i++ % p.requests.size()]);
        if (decision)
            p.registry.release(decision->selected.agentId);
        benchmark::DoNotOptimize(decision);
    }
}

// The reference: score every qualifying agent and keep the best.
void BM_RouteFullScan(benchmark::State &state)
{
    Population &p = population(int(state.range(0)));
    size_t i = 0;
    for (auto _ : state) {
        const RoutingRequest &request = p.requests[i++ % p.requests.size()];
        double best = -1.0;
        const Agent *chosen = nullptr;
        for (const Agent &agent : std::as_const(p.agents)) {
            if (!qualifies(agent, request))
                continue;
            const double score = routingScore(agent, request);
            if (score > best) {
                best = score;
                chosen = &agent;
            }
        }
        benchmark::DoNotOptimize(chosen);
    }
}

QString largeTaskText(int words)
{
    // Every rule's keywords at once, repeated into a long description.
    const QStringList vocabulary = {
        QStringLiteral("security"),
        QStringLiteral("authentication"),
        QStringLiteral("microservices"),
        QStringLiteral("distributed"),
        QStringLiteral("crud"),
        QStringLiteral("database"),
        QStringLiteral("ui"),
        QStringLiteral("frontend"),
        QStringLiteral("dashboard"),
        QStringLiteral("workflow"),
        QStringLiteral("schedule"),
        QStringLiteral("migration"),
        QStringLiteral("build"),
        QStringLiteral("require"),
        QStringLiteral("the"),
        QStringLiteral("service"),
        QStringLiteral("api"),
        QStringLiteral("tests"),
    };
    QStringList text;
    text.reserve(words);
    for (int i = 0; i < words; ++i)
        text.append(vocabulary.at(i % vocabulary.size()));
    return text.join(QLatin1Char(' '));
}

void BM_DecomposeLargeTask(benchmark::State &state)
{
    const QString description = largeTaskText(int(state.range(0)));
    DecompositionOptions options;
    options.maxDepth = DecompositionOptions::MaxDepthLimit;
    options.maxSubtasks = DecompositionOptions::MaxSubtasksLimit;
    qsizetype produced = 0;
    for (auto _ : state) {
        DecompositionPlan plan = decompose(QStringLiteral("Build a secure distributed platform"), description,
                                           std::nullopt, TaskPriority::High, options);
        produced = plan.tasks.size();
        benchmark::DoNotOptimize(plan);
    }
    state.counters["subtasks"] = double(produced);
    state.counters["words"] = double(state.range(0));
}

} // namespace

BENCHMARK(BM_Route)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);
BENCHMARK(BM_RouteAndReserve)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);
BENCHMARK(BM_RouteFullScan)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);
BENCHMARK(BM_DecomposeLargeTask)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
