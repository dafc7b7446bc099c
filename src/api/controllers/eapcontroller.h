#pragma once

#include "api/http/router.h"

#include "application/agentservice.h"

namespace Orc::Api {

// The agent-facing side of the External Agent Protocol (CONTRACT §8): registration (the API token,
// unless open registration is on) and heartbeats (the agent's own X-Agent-Token: an unknown agent is
// 404 before a wrong token is 401). Task progress and results come with dispatch.
class EapController
{
public:
    static constexpr int HeartbeatIntervalSeconds = 30;

    explicit EapController(Application::AgentService &agents) : m_agents(agents) {}
    void setApiToken(const QString &token) { m_apiToken = token.toUtf8(); }
    void setOpenRegistration(bool open) { m_openRegistration = open; }
    void addRoutes(Router &router);

private:
    QCoro::Task<HttpResponse> registerAgent(HttpRequest request);
    QCoro::Task<HttpResponse> heartbeat(HttpRequest request);

    Application::AgentService &m_agents;
    QByteArray m_apiToken;
    bool m_openRegistration = false;
};

} // namespace Orc::Api
