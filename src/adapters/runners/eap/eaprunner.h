#pragma once

#include "application/ports/agentrunner.h"
#include "application/ports/clock.h"

#include <QNetworkAccessManager>
#include <QObject>

#include <chrono>

namespace Orc::Adapters::Runners {

// External agents over the External Agent Protocol (CONTRACT §8): signed dispatch, cancel, pause,
// resume and health probe over HTTP. Connection failures and 5xx answers are retried (3 attempts
// in all, backoff 0.5 s then 1 s with jitter); the dispatch's HTTP timeout is the session's own
// time limit, so an agent that answers synchronously may take as long as the session may.
// Results and progress of accepted tasks arrive through the API, not through this runner.
class EapRunner final
    : public QObject
    , public Application::IAgentRunner
{
    Q_OBJECT

public:
    struct Options
    {
        int attempts = 3;
        std::chrono::milliseconds firstBackoff{500};
        std::chrono::milliseconds controlTimeout{10000}; // cancel, pause, resume, health
    };

    explicit EapRunner(Application::IClock &clock, QObject *parent = nullptr);
    EapRunner(Application::IClock &clock, Options options, QObject *parent = nullptr);
    ~EapRunner() override;

    Domain::AgentKind kind() const override { return Domain::AgentKind::External; }
    void setListener(Application::IRunnerListener *) override {}
    QCoro::Task<Domain::Result<Application::DispatchAck>> dispatch(Domain::Agent agent,
                                                                   Application::DispatchRequest request) override;
    QCoro::Task<Domain::Status> cancel(Domain::Agent agent, QUuid taskId) override;
    QCoro::Task<Domain::Status> pause(Domain::Agent agent, QUuid taskId) override;
    QCoro::Task<Domain::Status> resume(Domain::Agent agent, QUuid taskId) override;
    QCoro::Task<Domain::Result<Application::HealthProbe>> probe(Domain::Agent agent) override;

private:
    struct Answer
    {
        int status = 0;
        QByteArray body;
    };
    // One signed request, retried on connection errors and 5xx. Errors name the agent and URL.
    QCoro::Task<Domain::Result<Answer>> send(Domain::Agent agent, QByteArray method, QString path, QByteArray body,
                                             QUuid taskId, std::chrono::milliseconds timeout, int attempts);
    QCoro::Task<Domain::Status> control(Domain::Agent agent, QUuid taskId, QString action);

    Application::IClock &m_clock;
    Options m_options;
    QNetworkAccessManager m_network;
};

} // namespace Orc::Adapters::Runners
