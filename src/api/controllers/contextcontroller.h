#pragma once

#include "api/http/router.h"

#include "application/agentservice.h"
#include "application/contextservice.h"
#include "application/sessionservice.h"

namespace Orc::Api {

// /api/v1/contexts: the shared contexts of CONTRACT §4 and §11, their dot-notation keys, the lists
// by owner and the merge, share, diff and history operations. Bodies are checked field by field
// (every invalid field in one 422) before the domain's own rules run. The session and agent
// services only answer whether a list's owner exists (404 otherwise).
class ContextController
{
public:
    ContextController(Application::ContextService &contexts, Application::SessionService &sessions,
                      Application::AgentService &agents);

    void addRoutes(Router &router);

private:
    QCoro::Task<HttpResponse> create(HttpRequest request);
    QCoro::Task<HttpResponse> get(HttpRequest request);
    QCoro::Task<HttpResponse> patch(HttpRequest request);
    QCoro::Task<HttpResponse> remove(HttpRequest request);
    QCoro::Task<HttpResponse> getKey(HttpRequest request);
    QCoro::Task<HttpResponse> putKey(HttpRequest request);
    QCoro::Task<HttpResponse> deleteKey(HttpRequest request);
    QCoro::Task<HttpResponse> bySession(HttpRequest request);
    QCoro::Task<HttpResponse> sessionSummary(HttpRequest request);
    QCoro::Task<HttpResponse> byAgent(HttpRequest request);
    QCoro::Task<HttpResponse> global(HttpRequest request);
    QCoro::Task<HttpResponse> promote(HttpRequest request);
    QCoro::Task<HttpResponse> share(HttpRequest request);
    QCoro::Task<HttpResponse> merge(HttpRequest request);
    QCoro::Task<HttpResponse> diff(HttpRequest request);
    QCoro::Task<HttpResponse> history(HttpRequest request);

    Application::ContextService &m_contexts;
    Application::SessionService &m_sessions;
    Application::AgentService &m_agents;
};

} // namespace Orc::Api
