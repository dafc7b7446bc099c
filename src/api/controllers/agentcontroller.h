#pragma once

#include "api/http/router.h"

#include "application/agentservice.h"

namespace Orc::Application {
class Scheduler;
}

namespace Orc::Api {

class JsonBody;

// The fields every agent registration reads, internal (POST /api/v1/agents) or external (EAP):
// name, version, agent_type, capabilities, max_concurrent_tasks, features, preferred_technologies,
// metadata.
void readRegistration(JsonBody &body, Application::AgentRegistration &registration);

// /api/v1/agents: internal agents (process runner, OpenCode) registered by clients, the list,
// detail, statistics and routing every client reads, and the operator's actions (edit, maintenance,
// performance reports, reset, token rotation). The agent-facing EAP endpoints live elsewhere.
class AgentController
{
public:
    AgentController(Application::AgentService &agents, Application::Scheduler &scheduler)
        : m_agents(agents), m_scheduler(scheduler)
    {}
    void addRoutes(Router &router);

private:
    QCoro::Task<HttpResponse> create(HttpRequest request);
    QCoro::Task<HttpResponse> list(HttpRequest request);
    QCoro::Task<HttpResponse> get(HttpRequest request);
    QCoro::Task<HttpResponse> remove(HttpRequest request);
    QCoro::Task<HttpResponse> patch(HttpRequest request);
    QCoro::Task<HttpResponse> stats(HttpRequest request);
    QCoro::Task<HttpResponse> byCapability(HttpRequest request);
    QCoro::Task<HttpResponse> route(HttpRequest request);
    QCoro::Task<HttpResponse> performance(HttpRequest request);
    QCoro::Task<HttpResponse> reportPerformance(HttpRequest request);
    QCoro::Task<HttpResponse> resetMetrics(HttpRequest request);
    QCoro::Task<HttpResponse> rotateToken(HttpRequest request);
    QCoro::Task<HttpResponse> diagnostics(HttpRequest request);

    Application::AgentService &m_agents;
    Application::Scheduler &m_scheduler;
};

} // namespace Orc::Api
