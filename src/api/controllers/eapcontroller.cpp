#include "api/controllers/eapcontroller.h"

#include "api/controllers/agentcontroller.h"
#include "api/controllers/common.h"

#include "application/eapwire.h"
#include "application/scheduler.h"
#include "domain/identifiers.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Orc::Api {

using namespace Orc::Domain;

namespace {

const QString External = u"/api/v1/agents/external"_s;

} // namespace

void EapController::addRoutes(Router &router)
{
    router.add("POST", External + u"/register"_s, [this](HttpRequest r) { return registerAgent(std::move(r)); });
    router.add("POST", External + u"/{id}/heartbeat"_s, [this](HttpRequest r) { return heartbeat(std::move(r)); });
    router.add("POST", External + u"/{id}/tasks/{task_id}/progress"_s,
               [this](HttpRequest r) { return progress(std::move(r)); });
    router.add("POST", External + u"/{id}/tasks/{task_id}/result"_s,
               [this](HttpRequest r) { return result(std::move(r)); });
}

Result<QUuid> EapController::authenticate(const HttpRequest &request) const
{
    const auto id = idArg(request, u"agent"_s);
    if (!id)
        return id;
    const QString token = QString::fromUtf8(request.header("X-Agent-Token"));
    if (const auto agent = m_agents.authenticate(id.value(), token); !agent) {
        if (agent.error().code == ErrorCode::NotFound)
            return agent.error();
        return Error{ErrorCode::Unauthorized, u"The agent token (X-Agent-Token) is missing or not valid"_s, {}, {}};
    }
    return id;
}

Result<EapController::TaskReport> EapController::taskReport(const HttpRequest &request) const
{
    const auto agentId = authenticate(request);
    if (!agentId)
        return agentId.error();
    const auto taskId = idArg(request, u"task"_s, u"task_id"_s);
    if (!taskId)
        return taskId.error();
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        return parsed.error();
    return TaskReport{agentId.value(), taskId.value(), parsed->object()};
}

QCoro::Task<HttpResponse> EapController::progress(HttpRequest request)
{
    const auto in = taskReport(request);
    if (!in)
        co_return HttpResponse::error(in.error());
    auto report = Application::Eap::progressFromJson(in->body);
    if (!report)
        co_return HttpResponse::error(report.error());
    const Status accepted = co_await m_scheduler.reportProgress(in->agentId, in->taskId, std::move(report).value());
    if (!accepted)
        co_return HttpResponse::error(accepted.error());
    co_return HttpResponse::noContent();
}

QCoro::Task<HttpResponse> EapController::result(HttpRequest request)
{
    const auto in = taskReport(request);
    if (!in)
        co_return HttpResponse::error(in.error());
    auto report = Application::Eap::resultFromJson(in->body);
    if (!report)
        co_return HttpResponse::error(report.error());
    if (const auto named = parseId(in->body.value(u"task_id"_s).toString()); named && *named != in->taskId)
        co_return HttpResponse::error(Error::validation({{u"task_id"_s, u"does not match the task in the path"_s}}));
    const Status accepted = co_await m_scheduler.reportResult(in->agentId, in->taskId, std::move(report).value());
    if (!accepted)
        co_return HttpResponse::error(accepted.error());
    co_return HttpResponse::noContent();
}

QCoro::Task<HttpResponse> EapController::registerAgent(HttpRequest request)
{
    if (!m_openRegistration && !isApiToken(bearerToken(request.header("Authorization")), m_apiToken))
        co_return HttpResponse::unauthorized(u"Registration needs the API token (Authorization: Bearer <token>)"_s);
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    body.require(u"protocol_version"_s);
    body.require(u"endpoint_url"_s);
    if (auto version = body.string(u"protocol_version"_s); version && !version->startsWith(u"1."_s))
        body.invalid(u"protocol_version"_s, u"this orchestrator speaks EAP 1.x"_s);
    Application::AgentRegistration registration;
    readRegistration(body, registration);
    if (auto url = body.string(u"endpoint_url"_s))
        registration.endpointUrl = QUrl(*url, QUrl::StrictMode);
    if (Status checked = body.finish(Application::validate(registration)); !checked)
        co_return HttpResponse::error(checked.error());

    auto registered = co_await m_agents.registerExternal(registration);
    if (!registered)
        co_return HttpResponse::error(registered.error());
    const QString id = idString(registered->agent.id);
    // Both secrets are shown once: only the token's hash is kept.
    HttpResponse response = HttpResponse::json(
        201, QJsonObject{{u"agent_id"_s, id},
                         {u"status"_s, u"registered"_s},
                         {u"auth_token"_s, registered->authToken},
                         {u"dispatch_secret"_s, registered->dispatchSecret},
                         {u"heartbeat_interval_seconds"_s, qint64(m_scheduler.options().heartbeatInterval.count())}});
    co_return response.withHeader("Location", (u"/api/v1/agents/"_s + id).toUtf8());
}

QCoro::Task<HttpResponse> EapController::heartbeat(HttpRequest request)
{
    const auto id = authenticate(request);
    if (!id)
        co_return HttpResponse::error(id.error());
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    body.require(u"status"_s);
    Application::Heartbeat beat;
    if (auto status = body.choice(u"status"_s, &Application::heartbeatStatusFromName,
                                  {u"healthy"_s, u"degraded"_s, u"busy"_s, u"offline"_s}))
        beat.status = *status;
    if (auto load = body.number(u"current_load"_s)) {
        if (*load < 0.0 || *load > 1.0)
            body.invalid(u"current_load"_s, u"must be between 0 and 1"_s);
        beat.currentLoad = *load;
    }
    if (auto tasks = body.integer(u"tasks_in_progress"_s)) {
        if (*tasks < 0)
            body.invalid(u"tasks_in_progress"_s, u"must not be negative"_s);
        beat.tasksInProgress = *tasks;
    }
    beat.metrics = body.object(u"metrics"_s).value_or(QJsonObject());
    body.string(u"timestamp"_s); // the agent's clock; ours is what counts
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto updated = co_await m_agents.heartbeat(id.value(), beat);
    if (!updated)
        co_return HttpResponse::error(updated.error());
    co_return HttpResponse::noContent();
}

} // namespace Orc::Api
