#pragma once

#include "application/ports/agentrunner.h"

#include <QList>

#include <optional>

namespace Orc::Testing {

// A runner that records what the scheduler asks of it and answers as the test says: accepted
// (202), a result at once (200), or a dispatch error.
class FakeRunner final : public Application::IAgentRunner
{
public:
    struct Dispatch
    {
        QUuid agentId;
        Application::DispatchRequest request;
    };
    struct Control
    {
        QString action; // cancel, pause, resume
        QUuid agentId;
        QUuid taskId;
    };

    explicit FakeRunner(Domain::AgentKind kind) : m_kind(kind) {}

    Domain::AgentKind kind() const override { return m_kind; }
    void setListener(Application::IRunnerListener *l) override { listener = l; }

    QCoro::Task<Domain::Result<Application::DispatchAck>> dispatch(Domain::Agent agent,
                                                                   Application::DispatchRequest request) override
    {
        dispatches.append({agent.id, request});
        if (failDispatch)
            co_return Domain::Error::unavailable(*failDispatch);
        co_return Application::DispatchAck{syncResult};
    }
    QCoro::Task<Domain::Status> cancel(Domain::Agent agent, QUuid taskId) override
    {
        controls.append({QStringLiteral("cancel"), agent.id, taskId});
        co_return Domain::Status();
    }
    QCoro::Task<Domain::Status> pause(Domain::Agent agent, QUuid taskId) override
    {
        controls.append({QStringLiteral("pause"), agent.id, taskId});
        co_return Domain::Status();
    }
    QCoro::Task<Domain::Status> resume(Domain::Agent agent, QUuid taskId) override
    {
        controls.append({QStringLiteral("resume"), agent.id, taskId});
        co_return Domain::Status();
    }
    QCoro::Task<Domain::Result<Application::HealthProbe>> probe(Domain::Agent) override
    {
        ++probes;
        Application::HealthProbe probe;
        probe.ok = true;
        probe.roundTripMs = 1.5;
        co_return probe;
    }

    int dispatchesTo(const QUuid &agentId) const
    {
        int n = 0;
        for (const Dispatch &d : dispatches)
            n += d.agentId == agentId ? 1 : 0;
        return n;
    }
    QStringList actionsFor(const QUuid &taskId) const
    {
        QStringList actions;
        for (const Control &c : controls) {
            if (c.taskId == taskId)
                actions.append(c.action);
        }
        return actions;
    }

    QList<Dispatch> dispatches;
    QList<Control> controls;
    std::optional<Application::RunnerResult> syncResult;
    std::optional<QString> failDispatch;
    Application::IRunnerListener *listener = nullptr; // the scheduler, once added
    int probes = 0;

private:
    Domain::AgentKind m_kind;
};

} // namespace Orc::Testing
