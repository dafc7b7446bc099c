#pragma once

#include "application/agentservice.h"
#include "application/ports/agentrunner.h"
#include "application/ports/eventbus.h"
#include "application/sessionservice.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <optional>

namespace Orc::Application {

struct SchedulerOptions
{
    // External agents heartbeat this often; after MissedHeartbeats intervals without one they are offline.
    std::chrono::seconds heartbeatInterval{30};
    static constexpr int MissedHeartbeats = 3;
    // How long a degraded session waits for its agent before it moves to another one.
    std::chrono::seconds redispatchGrace{60};
    // Liveness, time limits and the queue are checked this often (CONTRACT §11: at most 5 s).
    std::chrono::milliseconds checkInterval{5000};
    // Where agents report (the API's base URL); dispatches name their result URL under it.
    QUrl callbackBase;
};

// One dispatch of a session to an agent, as the orchestrator follows it.
struct TaskRecord
{
    QUuid taskId;
    QUuid sessionId;
    QUuid agentId;
    QString status = QStringLiteral("dispatching"); // accepted, then how it ended
    QDateTime dispatchedAt;
    QDateTime finishedAt;
    QDateTime deadline;   // started_at + max_duration_seconds
    QDateTime degradedAt; // while the session waits for its lost agent
    double progress = 0.0;
    bool finished = false;
};
QJsonObject toJson(const TaskRecord &task);

struct AgentDiagnostics
{
    Domain::Agent agent;
    HealthProbe probe;
    QList<TaskRecord> recentTasks; // newest first
};

// Runs sessions: dispatches every session that starts running to its agent's runner, follows the
// task to its result, sends cancels, pauses and resumes, drains the queue in priority-then-FIFO
// order as capacity frees, and watches time: missed heartbeats (agent offline, its sessions
// degraded, then moved to another agent after the grace period), session time limits (timeout and
// a cancel). It reacts to stored events, so every path that starts or ends a session (API, GUI,
// recovery) is covered. At most one dispatch per session is live at a time.
class Scheduler final
    : public QObject
    , public IRunnerListener
{
    Q_OBJECT

public:
    static constexpr int RecentTasksPerAgent = 20;
    static constexpr std::chrono::milliseconds ResultRetryInterval{1000};

    Scheduler(IClock &clock, SessionService &sessions, AgentService &agents, IEventBus &bus,
              SchedulerOptions options = {}, QObject *parent = nullptr);
    ~Scheduler() override;

    // Runners are not owned; one per agent kind.
    void addRunner(IAgentRunner *runner);
    const SchedulerOptions &options() const { return m_options; }
    void setCallbackBase(const QUrl &url) { m_options.callbackBase = url; }

    // Starts watching events and time, and dispatches what is already queued.
    void start();
    void stop();

    // EAP, agent-facing (the caller has authenticated the agent): NOT_FOUND for an unknown task,
    // FORBIDDEN for another agent's task, CONFLICT once the task has ended.
    QCoro::Task<Domain::Status> reportProgress(QUuid agentId, QUuid taskId, RunnerProgress progress);
    QCoro::Task<Domain::Status> reportResult(QUuid agentId, QUuid taskId, RunnerResult result);
    // A health probe through the agent's runner (measured round trip), load and recent tasks.
    QCoro::Task<Domain::Result<AgentDiagnostics>> diagnostics(QUuid agentId);

    std::optional<TaskRecord> task(const QUuid &taskId) const;
    // The live dispatch of a session, if any.
    std::optional<TaskRecord> taskOfSession(const QUuid &sessionId) const;

    // One pass of the time checks (the timer runs it; tests with a manual clock call it).
    QCoro::Task<> check();

    // IRunnerListener (internal runners report here)
    void progressReported(const QUuid &taskId, const RunnerProgress &progress) override;
    void resultReported(const QUuid &taskId, const RunnerResult &result) override;
    void agentStatusReported(const QUuid &agentId, Domain::AgentStatus status, const QString &detail) override;

    // The questions the agent of a session's live task waits on (OpenCode permissions), and the
    // operator's answer (once, always or reject): VALIDATION_ERROR for another reply, CONFLICT when
    // the session has no live task, NOT_FOUND for an unknown question.
    QJsonArray permissions(const QUuid &sessionId) const;
    QCoro::Task<Domain::Status> answerPermission(QUuid sessionId, QString permissionId, QString reply);

signals:
    // From the decision to the agent's acknowledgement (for /metrics and benchmarks).
    void dispatched(const QUuid &taskId, double seconds);

private:
    void onEvent(const Domain::Event &event);
    void onSessionStatus(const Domain::Event &event);
    void onHeartbeat(const Domain::Event &event);
    QCoro::Task<> dispatch(QUuid sessionId, QUuid agentId);
    QCoro::Task<Domain::Status> finish(QUuid taskId, RunnerResult result);
    // An internal runner's result, retried while the database is away.
    QCoro::Task<> deliverResult(QUuid taskId, RunnerResult result);
    QCoro::Task<> failDispatch(QUuid taskId, QString code, QString message);
    QCoro::Task<> tellAgent(QUuid taskId, QString what);
    QCoro::Task<> reportAgentStatus(QUuid agentId, Domain::AgentStatus status,
                                    QString detail); // cancel, pause, resume (best effort, logged)
    QCoro::Task<> drainQueue();
    void requestDrain();
    QCoro::Task<> degradeSessionsOf(QUuid agentId, QString reason);
    QCoro::Task<> recoverSessionsOf(QUuid agentId);
    QCoro::Task<> markOffline(QUuid agentId);
    TaskRecord *liveRecord(const QUuid &sessionId);
    void endRecord(TaskRecord &record, const QString &status);
    void reopenRecord(const QUuid &taskId);
    Domain::Status checkOwner(const QUuid &agentId, const QUuid &taskId, const TaskRecord **record) const;
    QDateTime heartbeatDeadline(const Domain::Agent &agent) const;

    IClock &m_clock;
    SessionService &m_sessions;
    AgentService &m_agents;
    IEventBus &m_bus;
    SchedulerOptions m_options;
    QHash<int, IAgentRunner *> m_runners;     // by AgentKind
    QHash<QUuid, TaskRecord> m_tasks;         // live and recently ended tasks
    QHash<QUuid, QUuid> m_bySession;          // session -> its live task
    QHash<QUuid, std::deque<QUuid>> m_recent; // agent -> its recent task ids, newest last
    std::deque<QUuid> m_ended;                // ended task ids, oldest first (bounded)
    QTimer m_timer;
    QTimer m_drainTimer; // coalesces drain requests
    QMetaObject::Connection m_subscription;
    bool m_draining = false;
    bool m_drainAgain = false;
    bool m_checking = false;
};

} // namespace Orc::Application
