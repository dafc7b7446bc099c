#pragma once

#include "domain/agent.h"
#include "domain/result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>
#include <QUuid>

#include <qcorotask.h>

#include <optional>

namespace Orc::Application {

// What a runner is given to execute one session on one agent (the EAP dispatch body).
struct DispatchRequest
{
    QUuid taskId;
    QUuid sessionId;
    QString prompt;
    QJsonObject context; // title, session_type, priority, agent_config, tags, metadata
    QStringList requirements;
    int timeoutSeconds = 3600;
    std::optional<QJsonObject> resumeFrom; // the checkpoint data to continue from
    QUrl callbackUrl;
};

struct RunnerProgress
{
    double progress = 0.0;
    QString message;
    QStringList log;
    QString logStream = QStringLiteral("agent"); // stdout/stderr for processes
    QString logLevel = QStringLiteral("info");   // info, warning, error
    std::optional<QJsonObject> checkpoint;
};

struct RunnerResult
{
    Domain::OutcomeStatus status = Domain::OutcomeStatus::Completed;
    QJsonArray artifacts;
    QJsonObject output;
    QString errorMessage;
    qint64 executionTimeMs = 0;
    qint64 tokensUsed = 0;
    double costUsd = 0.0;
    int apiCalls = 0;  // model requests the agent made (when it knows)
    int apiErrors = 0; // of which failed
    std::optional<double> qualityScore;
    // Last log lines (info) and checkpoint, written with the result in one transaction.
    QStringList log;
    QString logStream = QStringLiteral("agent");
    std::optional<QJsonObject> checkpoint;
};

// A dispatch either finished at once (the synchronous path) or was accepted and reports later.
struct DispatchAck
{
    std::optional<RunnerResult> result;
};

struct HealthProbe
{
    bool ok = false;
    double roundTripMs = 0.0;
    QDateTime checkedAt;
    QString error;
    QJsonObject details; // runner specifics (a supervised server's pid, restarts, ...)
};

// Progress and results a runner reports for the tasks it was given.
class IRunnerListener
{
public:
    virtual ~IRunnerListener() = default;
    virtual void progressReported(const QUuid &taskId, const RunnerProgress &progress) = 0;
    virtual void resultReported(const QUuid &taskId, const RunnerResult &result) = 0;
    // Runners that watch their agents' liveness themselves (an OpenCode server's health and event
    // stream) report it here: online, degraded or offline. Called on changes and now and then.
    virtual void agentStatusReported(const QUuid &agentId, Domain::AgentStatus status, const QString &detail)
    {
        Q_UNUSED(agentId);
        Q_UNUSED(status);
        Q_UNUSED(detail);
    }
};

// Executes sessions on one kind of agent: external EAP agents over HTTP, OpenCode servers, local
// processes, or a fake in tests.
class IAgentRunner
{
public:
    virtual ~IAgentRunner() = default;
    virtual Domain::AgentKind kind() const = 0;
    virtual void setListener(IRunnerListener *listener) = 0;
    virtual QCoro::Task<Domain::Result<DispatchAck>> dispatch(Domain::Agent agent, DispatchRequest request) = 0;
    virtual QCoro::Task<Domain::Status> cancel(Domain::Agent agent, QUuid taskId) = 0;
    // Only for agents whose features include "pause".
    virtual QCoro::Task<Domain::Status> pause(Domain::Agent agent, QUuid taskId) = 0;
    virtual QCoro::Task<Domain::Status> resume(Domain::Agent agent, QUuid taskId) = 0;
    virtual QCoro::Task<Domain::Result<HealthProbe>> probe(Domain::Agent agent) = 0;

    // The agents of this runner's kind, as they are registered, changed and removed: a runner that
    // keeps a connection (or a server process) per agent starts, updates or stops it here.
    virtual void watch(const Domain::Agent &agent) { Q_UNUSED(agent); }
    virtual void forget(const QUuid &agentId) { Q_UNUSED(agentId); }

    // Questions the agent asks an operator for a task (an OpenCode permission), newest last.
    virtual QJsonArray permissions(const QUuid &taskId) const
    {
        Q_UNUSED(taskId);
        return {};
    }
    // The operator's answer: "once", "always" or "reject". NOT_FOUND for an unknown question.
    virtual QCoro::Task<Domain::Status> answerPermission(Domain::Agent agent, QUuid taskId, QString permissionId,
                                                         QString reply);
};

inline QCoro::Task<Domain::Status> IAgentRunner::answerPermission(Domain::Agent, QUuid, QString permissionId, QString)
{
    co_return Domain::Error::notFound(QStringLiteral("permission"), permissionId);
}

} // namespace Orc::Application
