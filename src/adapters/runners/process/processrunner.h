#pragma once

#include "application/ports/agentrunner.h"
#include "application/ports/clock.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QTimer>

namespace Orc::Adapters::Runners {

// The process runner (CONTRACT §9): runs an agent's configured command line in its working
// directory, the prompt on stdin or as the last argument. Output lines become session.log events
// (batched), exit code 0 completes the session and anything else fails it with the last lines of
// stderr. Each run is its own process group: cancel, the time limit and shutdown kill the whole
// group (children too); pause and resume are SIGSTOP and SIGCONT to the group.
class ProcessRunner final
    : public QObject
    , public Application::IAgentRunner
{
    Q_OBJECT

public:
    // Extra time past the session's limit before the runner kills on its own (the scheduler's
    // timeout normally cancels first).
    static constexpr int KillGraceSeconds = 10;
    static constexpr int TermGraceMs = 2000; // SIGTERM, then SIGKILL

    explicit ProcessRunner(Application::IClock &clock, QObject *parent = nullptr);
    ~ProcessRunner() override;

    Domain::AgentKind kind() const override { return Domain::AgentKind::Process; }
    void setListener(Application::IRunnerListener *listener) override { m_listener = listener; }
    QCoro::Task<Domain::Result<Application::DispatchAck>> dispatch(Domain::Agent agent,
                                                                   Application::DispatchRequest request) override;
    QCoro::Task<Domain::Status> cancel(Domain::Agent agent, QUuid taskId) override;
    QCoro::Task<Domain::Status> pause(Domain::Agent agent, QUuid taskId) override;
    QCoro::Task<Domain::Status> resume(Domain::Agent agent, QUuid taskId) override;
    QCoro::Task<Domain::Result<Application::HealthProbe>> probe(Domain::Agent agent) override;

    int running() const { return int(m_runs.size()); }

private:
    struct Run
    {
        QUuid taskId;
        QProcess *process = nullptr;
        qint64 pid = 0;        // also the process group's id
        QByteArray stdoutTail; // a line not yet complete
        QByteArray stderrTail;
        QStringList stdoutLines; // complete lines not yet reported
        QStringList stderrLines;
        QStringList lastErrors; // the last stderr lines, for the failure message
        QElapsedTimer elapsed;
        QTimer *flush = nullptr;
        QTimer *limit = nullptr;
        bool cancelled = false;
    };

    void read(Run &run, QProcess::ProcessChannel channel);
    void flush(Run &run);
    void finished(const QUuid &taskId, int exitCode, QProcess::ExitStatus status);
    // Signals the run's whole process group; false when it has none (any more).
    bool killGroup(Run &run, int signal);

    Application::IClock &m_clock;
    Application::IRunnerListener *m_listener = nullptr;
    QHash<QUuid, Run> m_runs;
};

} // namespace Orc::Adapters::Runners
