#include "api/controllers/agentcontroller.h"

#include "api/controllers/common.h"

#include "domain/agentjson.h"
#include "domain/identifiers.h"

using namespace Qt::StringLiterals;

namespace Orc::Api {

using namespace Orc::Domain;

namespace {
const QString Agents = u"/api/v1/agents"_s;
}

void AgentController::addRoutes(Router &router)
{
    router.add("POST", Agents, [this](HttpRequest r) { return create(std::move(r)); });
    router.add("GET", Agents, [this](HttpRequest r) { return list(std::move(r)); });
    router.add("GET", Agents + u"/{id}"_s, [this](HttpRequest r) { return get(std::move(r)); });
    router.add("DELETE", Agents + u"/{id}"_s, [this](HttpRequest r) { return remove(std::move(r)); });
}

QCoro::Task<HttpResponse> AgentController::create(HttpRequest request)
{
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    Application::AgentRegistration registration;
    registration.kind = AgentKind::Process; // this endpoint registers internal agents only
    body.require(u"name"_s);
    body.require(u"kind"_s);
    registration.name = body.string(u"name"_s).value_or(QString());
    if (auto kind = body.string(u"kind"_s)) {
        const auto parsedKind = agentKindFromName(*kind);
        if (!parsedKind || *parsedKind == AgentKind::External)
            body.invalid(u"kind"_s, u"must be process or opencode (external agents register through EAP)"_s);
        else
            registration.kind = *parsedKind;
    }
    if (auto type = body.choice(u"agent_type"_s, &agentTypeFromName, agentTypeNames()))
        registration.agentType = *type;
    if (auto names = body.strings(u"capabilities"_s)) {
        QStringList unknown;
        registration.capabilities = CapabilitySet::fromNames(*names, &unknown);
        if (!unknown.isEmpty())
            body.invalid(u"capabilities"_s,
                         u"unknown: %1 (known: %2)"_s.arg(unknown.join(u", "_s), capabilityNames().join(u", "_s)));
    }
    if (auto max = body.integer(u"max_concurrent_tasks"_s))
        registration.maxConcurrentTasks = *max;
    registration.features = body.strings(u"features"_s).value_or(QStringList());
    registration.preferredTechnologies = body.strings(u"preferred_technologies"_s).value_or(QStringList());
    registration.version = body.string(u"version"_s).value_or(QString());
    registration.metadata = body.object(u"metadata"_s).value_or(QJsonObject());
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
    const auto agent = m_agents.find(id.value());
    if (!agent)
        co_return HttpResponse::error(agent.error());
    co_return HttpResponse::json(200, toJson(agent.value()));
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

} // namespace Orc::Api
