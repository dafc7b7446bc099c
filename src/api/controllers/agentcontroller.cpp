#include "api/controllers/agentcontroller.h"

#include "api/controllers/common.h"

#include "application/scheduler.h"
#include "domain/agentjson.h"
#include "domain/identifiers.h"
#include "domain/jsonutil.h"
#include "domain/routing.h"

#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Orc::Api {

using namespace Orc::Domain;

namespace {

const QString Agents = u"/api/v1/agents"_s;

// The agent a use case yields, or its error.
HttpResponse agentAnswer(const Result<Agent> &result, int status = 200)
{
    return result ? HttpResponse::json(status, toJson(result.value())) : HttpResponse::error(result.error());
}

// {name: 0, ...} for every name, then the counts.
template<typename Key>
QJsonObject countsJson(const QStringList &names, const QMap<Key, int> &counts, QString (*name)(Key))
{
    QJsonObject object;
    for (const QString &n : names)
        object.insert(n, 0);
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        object.insert(name(it.key()), it.value());
    return object;
}

} // namespace

void readRegistration(JsonBody &body, Application::AgentRegistration &registration)
{
    body.require(u"name"_s);
    registration.name = body.string(u"name"_s).value_or(QString());
    registration.version = body.string(u"version"_s).value_or(QString());
    if (auto type = body.choice(u"agent_type"_s, &agentTypeFromName, agentTypeNames()))
        registration.agentType = *type;
    if (auto set = body.capabilities(u"capabilities"_s))
        registration.capabilities = *set;
    if (auto max = body.integer(u"max_concurrent_tasks"_s))
        registration.maxConcurrentTasks = *max;
    registration.features = body.strings(u"features"_s).value_or(QStringList());
    registration.preferredTechnologies = body.strings(u"preferred_technologies"_s).value_or(QStringList());
    registration.metadata = body.object(u"metadata"_s).value_or(QJsonObject());
}

void AgentController::addRoutes(Router &router)
{
    router.add("POST", Agents, [this](HttpRequest r) { return create(std::move(r)); });
    router.add("GET", Agents, [this](HttpRequest r) { return list(std::move(r)); });
    router.add("GET", Agents + u"/{id}"_s, [this](HttpRequest r) { return get(std::move(r)); });
    router.add("DELETE", Agents + u"/{id}"_s, [this](HttpRequest r) { return remove(std::move(r)); });
    router.add("PATCH", Agents + u"/{id}"_s, [this](HttpRequest r) { return patch(std::move(r)); });
    router.add("GET", Agents + u"/stats"_s, [this](HttpRequest r) { return stats(std::move(r)); });
    router.add("GET", Agents + u"/by-capability/{capability}"_s,
               [this](HttpRequest r) { return byCapability(std::move(r)); });
    router.add("POST", Agents + u"/route"_s, [this](HttpRequest r) { return route(std::move(r)); });
    router.add("GET", Agents + u"/{id}/performance"_s, [this](HttpRequest r) { return performance(std::move(r)); });
    router.add("POST", Agents + u"/{id}/performance"_s,
               [this](HttpRequest r) { return reportPerformance(std::move(r)); });
    router.add("POST", Agents + u"/{id}/reset-metrics"_s, [this](HttpRequest r) { return resetMetrics(std::move(r)); });
    router.add("POST", Agents + u"/{id}/rotate-token"_s, [this](HttpRequest r) { return rotateToken(std::move(r)); });
    router.add("GET", Agents + u"/{id}/diagnostics"_s, [this](HttpRequest r) { return diagnostics(std::move(r)); });
}

QCoro::Task<HttpResponse> AgentController::create(HttpRequest request)
{
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    Application::AgentRegistration registration;
    registration.kind = AgentKind::Process; // this endpoint registers internal agents only
    readRegistration(body, registration);
    body.require(u"kind"_s);
    if (auto kind = body.string(u"kind"_s)) {
        const auto parsedKind = agentKindFromName(*kind);
        if (!parsedKind || *parsedKind == AgentKind::External)
            body.invalid(u"kind"_s, u"must be process or opencode (external agents register through EAP)"_s);
        else
            registration.kind = *parsedKind;
    }
    registration.config = body.object(u"config"_s).value_or(QJsonObject());
    if (Status checked = body.finish(Application::validate(registration)); !checked)
        co_return HttpResponse::error(checked.error());

    auto agent = co_await m_agents.registerInternal(registration);
    if (!agent)
        co_return HttpResponse::error(agent.error());
    HttpResponse response = HttpResponse::json(201, toJson(agent.value()));
    co_return response.withHeader("Location", (Agents + u"/"_s + idString(agent->id)).toUtf8());
}

QCoro::Task<HttpResponse> AgentController::list(HttpRequest request)
{
    QueryParams params(request.query);
    Application::AgentFilter filter;
    filter.type = params.choice(u"agent_type"_s, &agentTypeFromName, agentTypeNames());
    filter.capability = params.choice(u"capability"_s, &capabilityFromName, capabilityNames());
    filter.tier = params.choice(u"tier"_s, &tierFromName, tierNames());
    filter.status = params.choice(u"status"_s, &agentStatusFromName, agentStatusNames());
    filter.availableOnly = params.flag(u"available_only"_s);
    const Application::PageRequest page = pageRequest(params);
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const QList<Agent> agents = m_agents.list(filter);
    QJsonArray items;
    const qsizetype first = qsizetype(page.page - 1) * page.pageSize;
    for (qsizetype i = first; i < agents.size() && i < first + page.pageSize; ++i)
        items.append(toJson(agents.at(i)));
    const int totalPages = int((agents.size() + page.pageSize - 1) / page.pageSize);
    co_return HttpResponse::json(200, pageJson(items, agents.size(), page.page, page.pageSize, totalPages));
}

QCoro::Task<HttpResponse> AgentController::get(HttpRequest request)
{
    const auto id = idArg(request, u"agent"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    co_return agentAnswer(m_agents.find(id.value()));
}

QCoro::Task<HttpResponse> AgentController::remove(HttpRequest request)
{
    const auto id = idArg(request, u"agent"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const Status removed = co_await m_agents.deregister(id.value());
    if (!removed)
        co_return HttpResponse::error(removed.error());
    co_return HttpResponse::noContent();
}

QCoro::Task<HttpResponse> AgentController::patch(HttpRequest request)
{
    auto in = idAndBody(request, u"agent"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.forbid({u"id"_s, u"name"_s, u"kind"_s, u"endpoint_url"_s, u"current_tasks"_s, u"performance"_s},
                u"cannot be changed here"_s);
    const auto type = body.choice(u"agent_type"_s, &agentTypeFromName, agentTypeNames());
    const auto capabilitySet = body.capabilities(u"capabilities"_s);
    const auto max = body.integer(u"max_concurrent_tasks"_s);
    QList<FieldError> rules;
    if (max)
        rules = validateMaxConcurrentTasks(*max);
    // Liveness sets the other statuses; the operator takes an agent out of service and back.
    const auto status = body.choice(u"status"_s, &agentStatusFromName, agentStatusNames());
    if (status && *status != AgentStatus::Maintenance && *status != AgentStatus::Online)
        body.invalid(u"status"_s, u"must be maintenance or online (the other statuses follow the agent's liveness)"_s);
    const auto features = body.strings(u"features"_s);
    if (features) {
        for (const QString &feature : *features) {
            if (feature != u"pause"_s)
                body.invalid(u"features"_s, u"unknown feature '%1' (known: pause)"_s.arg(feature));
        }
    }
    const auto technologies = body.strings(u"preferred_technologies"_s);
    const auto metadata = body.object(u"metadata"_s);
    const auto config = body.object(u"config"_s);
    if (Status checked = body.finish(rules); !checked)
        co_return HttpResponse::error(checked.error());
    const std::function<Status(Agent &)> change = [=](Agent &agent) -> Status {
        if (config && agent.kind == AgentKind::External)
            return Error::validation({{u"config"_s, u"external agents configure themselves"_s}});
        if (type)
            agent.agentType = *type;
        if (capabilitySet)
            agent.capabilities = *capabilitySet;
        if (max)
            agent.maxConcurrentTasks = *max;
        if (status)
            agent.status = *status;
        if (features)
            agent.features = *features;
        if (technologies)
            agent.preferredTechnologies = *technologies;
        if (metadata)
            agent.metadata = *metadata;
        if (config) {
            // The runner's rules hold for a changed config too; masked secrets keep their values.
            const QJsonObject next = unmaskConfig(*config, agent.config);
            const QList<FieldError> errors = agent.kind == AgentKind::Process ? Application::validateProcessConfig(next)
                                             : agent.kind == AgentKind::Opencode
                                                 ? Application::validateOpenCodeConfig(next)
                                                 : QList<FieldError>();
            if (!errors.isEmpty())
                return Error::validation(errors);
            agent.config = next;
        }
        return {};
    };
    const auto updated = co_await m_agents.update(id, change);
    co_return agentAnswer(updated);
}

QCoro::Task<HttpResponse> AgentController::stats(HttpRequest)
{
    const Application::AgentStats stats = m_agents.stats();
    co_return HttpResponse::json(
        200, QJsonObject{{u"total"_s, stats.total},
                         {u"available"_s, stats.available},
                         {u"current_tasks"_s, stats.currentTasks},
                         {u"capacity"_s, stats.capacity},
                         {u"by_status"_s, countsJson(agentStatusNames(), stats.byStatus, &agentStatusName)},
                         {u"by_tier"_s, countsJson(tierNames(), stats.byTier, &tierName)},
                         {u"by_type"_s, countsJson(agentTypeNames(), stats.byType, &agentTypeName)}});
}

QCoro::Task<HttpResponse> AgentController::byCapability(HttpRequest request)
{
    const QString name = request.pathArg(u"capability"_s);
    const auto capability = capabilityFromName(name);
    if (!capability) {
        co_return HttpResponse::error(Error::validation(
            {{u"capability"_s, u"unknown: %1 (known: %2)"_s.arg(name, capabilityNames().join(u", "_s))}}));
    }
    Application::AgentFilter filter;
    filter.capability = *capability;
    QJsonArray items;
    for (const Agent &agent : m_agents.list(filter))
        items.append(toJson(agent));
    co_return HttpResponse::json(200, QJsonObject{{u"items"_s, items}, {u"total"_s, items.size()}});
}

QCoro::Task<HttpResponse> AgentController::route(HttpRequest request)
{
    auto parsed = JsonBody::parse(request.body, true);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    RoutingRequest routing;
    if (auto set = body.capabilities(u"required_capabilities"_s))
        routing.required = *set;
    if (auto v = body.boolean(u"match_all"_s))
        routing.matchAll = *v;
    routing.minTier = body.choice(u"min_performance_tier"_s, &tierFromName, tierNames());
    routing.preferredType = body.choice(u"preferred_agent_type"_s, &agentTypeFromName, agentTypeNames());
    if (auto ids = body.strings(u"preferred_agent_ids"_s)) {
        for (const QString &text : *ids) {
            if (const auto id = parseId(text))
                routing.preferredAgentIds.append(*id);
            else
                body.invalid(u"preferred_agent_ids"_s, u"'%1' is not a UUID"_s.arg(text));
        }
    }
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto decision = m_agents.route(routing);
    if (!decision)
        co_return HttpResponse::error(decision.error());
    auto scored = [this](const ScoredAgent &s) {
        const auto agent = m_agents.agent(s.agentId);
        return QJsonObject{{u"agent"_s, agent ? QJsonValue(toJson(*agent)) : QJsonValue()},
                           {u"routing_score"_s, s.score}};
    };
    QJsonArray alternatives;
    for (const ScoredAgent &alternative : decision->alternatives)
        alternatives.append(scored(alternative));
    const QJsonObject selected = scored(decision->selected);
    co_return HttpResponse::json(200, QJsonObject{{u"selected_agent"_s, selected.value(u"agent"_s)},
                                                  {u"routing_score"_s, selected.value(u"routing_score"_s)},
                                                  {u"alternatives"_s, alternatives},
                                                  {u"routing_reason"_s, decision->reason}});
}

QCoro::Task<HttpResponse> AgentController::performance(HttpRequest request)
{
    const auto id = idArg(request, u"agent"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const auto agent = m_agents.find(id.value());
    if (!agent)
        co_return HttpResponse::error(agent.error());
    co_return HttpResponse::json(200, QJsonObject{{u"agent_id"_s, idString(agent->id)},
                                                  {u"performance_tier"_s, tierName(agent->tier())},
                                                  {u"performance"_s, toJson(agent->performance)}});
}

QCoro::Task<HttpResponse> AgentController::reportPerformance(HttpRequest request)
{
    auto in = idAndBody(request, u"agent"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.require(u"task_success"_s);
    TaskOutcome outcome;
    const bool success = body.boolean(u"task_success"_s).value_or(false);
    const bool partial = body.boolean(u"partial_success"_s).value_or(false);
    outcome.status = success ? (partial ? OutcomeStatus::PartiallyCompleted : OutcomeStatus::Completed)
                             : (partial ? OutcomeStatus::PartiallyCompleted : OutcomeStatus::Failed);
    outcome.qualityScore = body.number(u"quality_score"_s);
    if (outcome.qualityScore && (*outcome.qualityScore < 0.0 || *outcome.qualityScore > 1.0))
        body.invalid(u"quality_score"_s, u"must be between 0 and 1"_s);
    outcome.executionSeconds = body.number(u"execution_time_seconds"_s);
    if (outcome.executionSeconds && *outcome.executionSeconds < 0.0)
        body.invalid(u"execution_time_seconds"_s, u"must be 0 or more"_s);
    if (auto tokens = body.number(u"tokens_used"_s)) {
        if (*tokens < 0 || *tokens != std::floor(*tokens))
            body.invalid(u"tokens_used"_s, u"must be a whole number, 0 or more"_s);
        else
            outcome.tokensUsed = qint64(*tokens);
    }
    outcome.costUsd = body.number(u"cost_usd"_s).value_or(0.0);
    if (outcome.costUsd < 0.0)
        body.invalid(u"cost_usd"_s, u"must be 0 or more"_s);
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto updated = co_await m_agents.recordOutcome(id, outcome);
    co_return agentAnswer(updated);
}

QCoro::Task<HttpResponse> AgentController::resetMetrics(HttpRequest request)
{
    auto in = idAndBody(request, u"agent"_s, true);
    if (!in)
        co_return HttpResponse::error(in.error());
    const auto updated = co_await m_agents.resetMetrics(in->id);
    co_return agentAnswer(updated);
}

QCoro::Task<HttpResponse> AgentController::rotateToken(HttpRequest request)
{
    auto in = idAndBody(request, u"agent"_s, true);
    if (!in)
        co_return HttpResponse::error(in.error());
    const auto token = co_await m_agents.rotateToken(in->id);
    if (!token)
        co_return HttpResponse::error(token.error());
    // Shown once: only its hash is kept.
    co_return HttpResponse::json(200, QJsonObject{{u"agent_id"_s, idString(in->id)}, {u"auth_token"_s, token.value()}});
}

QCoro::Task<HttpResponse> AgentController::diagnostics(HttpRequest request)
{
    const auto id = idArg(request, u"agent"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const auto found = co_await m_scheduler.diagnostics(id.value());
    if (!found)
        co_return HttpResponse::error(found.error());
    const Application::AgentDiagnostics &d = found.value();
    QJsonObject probe{{u"ok"_s, d.probe.ok},
                      {u"round_trip_ms"_s, d.probe.roundTripMs},
                      {u"checked_at"_s, Json::time(d.probe.checkedAt)}};
    if (!d.probe.error.isEmpty())
        probe.insert(u"error"_s, d.probe.error);
    if (!d.probe.details.isEmpty())
        probe.insert(u"details"_s, d.probe.details);
    QJsonArray recent;
    for (const Application::TaskRecord &task : d.recentTasks)
        recent.append(Application::toJson(task));
    co_return HttpResponse::json(
        200, QJsonObject{{u"agent_id"_s, idString(d.agent.id)},
                         {u"status"_s, agentStatusName(d.agent.status)},
                         {u"health_probe"_s, probe},
                         {u"recent_tasks"_s, recent},
                         {u"load"_s, QJsonObject{{u"current_tasks"_s, d.agent.currentTasks},
                                                 {u"max_concurrent_tasks"_s, d.agent.maxConcurrentTasks},
                                                 {u"load_level"_s, loadLevelName(d.agent.loadLevel())},
                                                 {u"reported_load"_s, d.agent.reportedLoad}}},
                         {u"performance"_s, toJson(d.agent.performance)}});
}

} // namespace Orc::Api
