#pragma once

#include "api/http/router.h"

#include "application/agentservice.h"

namespace Orc::Api {

// /api/v1/agents: internal agents (process runner, OpenCode) registered by clients, and the list
// and detail every client reads. The agent-facing EAP endpoints live elsewhere.
class AgentController
{
public:
    explicit AgentController(Application::AgentService &agents) : m_agents(agents) {}
    void addRoutes(Router &router);

private:
    QCoro::Task<HttpResponse> create(HttpRequest request);
    QCoro::Task<HttpResponse> list(HttpRequest request);
    QCoro::Task<HttpResponse> get(HttpRequest request);
    QCoro::Task<HttpResponse> remove(HttpRequest request);

    Application::AgentService &m_agents;
};

} // namespace Orc::Api
