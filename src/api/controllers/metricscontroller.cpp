#include "api/controllers/metricscontroller.h"

#include "domain/agent.h"
#include "domain/session.h"

namespace Orc::Api {

using namespace Qt::StringLiterals;

MetricsController::MetricsController(Metrics &metrics, Application::SessionService &sessions,
                                     Application::AgentService &agents, std::function<int()> websocketConnections)
    : m_metrics(metrics)
    , m_sessions(sessions)
    , m_agents(agents)
    , m_websocketConnections(std::move(websocketConnections))
{}

void MetricsController::addRoutes(Router &router)
{
    router.add("GET", u"/metrics"_s, [this](HttpRequest) { return metrics(); });
}

QCoro::Task<HttpResponse> MetricsController::metrics()
{
    Metrics::Gauges gauges;
    QByteArray note;
    const auto stats = co_await m_sessions.stats();
    if (stats) {
        for (const QString &name : Domain::sessionStatusNames())
            gauges.sessionsByStatus.insert(name, 0);
        for (auto it = stats->byStatus.cbegin(); it != stats->byStatus.cend(); ++it)
            gauges.sessionsByStatus.insert(Domain::sessionStatusName(it.key()), it.value());
    } else {
        note = "# orchestrator_sessions left out: " + stats.error().message.toUtf8().replace('\n', ' ') + '\n';
    }
    const Application::AgentStats agents = m_agents.stats();
    for (const QString &name : Domain::agentStatusNames())
        gauges.agentsByStatus.insert(name, 0);
    for (auto it = agents.byStatus.cbegin(); it != agents.byStatus.cend(); ++it)
        gauges.agentsByStatus.insert(Domain::agentStatusName(it.key()), it.value());
    gauges.websocketConnections = m_websocketConnections ? m_websocketConnections() : 0;
    co_return HttpResponse::text(200, note + m_metrics.render(gauges), "text/plain; version=0.0.4; charset=utf-8");
}

} // namespace Orc::Api
