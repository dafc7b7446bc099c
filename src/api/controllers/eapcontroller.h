#pragma once

#include "api/http/router.h"

#include "application/agentservice.h"

namespace Orc::Application {
class Scheduler;
}

namespace Orc::Api {

// The agent-facing side of the External Agent Protocol (CONTRACT §8): registration (the API token,
// unless open registration is on) and heartbeats (the agent's own X-Agent-Token: an unknown agent is
// 404 before a wrong token is 401), task progress and task results (the same token; another agent's
// task is 403, a second result 409).
class EapController
{
public:
    EapController(Application::AgentService &agents, Application::Scheduler &scheduler)
        : m_agents(agents), m_scheduler(scheduler)
    {}
    void setApiToken(const QString &token) { m_apiToken = token.toUtf8(); }
    void setOpenRegistration(bool open) { m_openRegistration = open; }
    void addRoutes(Router &router);

private:
    QCoro::Task<HttpResponse> registerAgent(HttpRequest request);
    QCoro::Task<HttpResponse> heartbeat(HttpRequest request);
    QCoro::Task<HttpResponse> progress(HttpRequest request);
    QCoro::Task<HttpResponse> result(HttpRequest request);
    // The agent named by the path, authenticated by its X-Agent-Token (404, then 401).
    Domain::Result<QUuid> authenticate(const HttpRequest &request) const;
    struct TaskReport
    {
        QUuid agentId;
        QUuid taskId;
        QJsonObject body;
    };
    // A task report's agent (authenticated), task id and JSON object body (400 if malformed).
    Domain::Result<TaskReport> taskReport(const HttpRequest &request) const;

    Application::AgentService &m_agents;
    Application::Scheduler &m_scheduler;
    QByteArray m_apiToken;
    bool m_openRegistration = false;
};

} // namespace Orc::Api
