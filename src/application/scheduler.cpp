#include "application/scheduler.h"

#include "domain/agentjson.h"
#include "domain/identifiers.h"
#include "domain/jsonutil.h"

#include <qcorotimer.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace Orc::Domain;

namespace Orc::Application {

namespace {

Q_LOGGING_CATEGORY(lcScheduler, "orc.scheduler")

constexpr qsizetype MaxEndedTasks = 10000; // ended tasks remembered (a late second result is 409, not 404)

QString outcomeName(OutcomeStatus status)
{
    switch (status) {
    case OutcomeStatus::Completed: return u"completed"_s;
    case OutcomeStatus::PartiallyCompleted: return u"partially_completed"_s;
    case OutcomeStatus::Failed: return u"failed"_s;
    }
    return u"failed"_s;
}

} // namespace

QJsonObject toJson(const TaskRecord &task)
{
    return QJsonObject{{u"task_id"_s, idString(task.taskId)},
                       {u"session_id"_s, idString(task.sessionId)},
                       {u"agent_id"_s, idString(task.agentId)},
                       {u"status"_s, task.status},
                       {u"progress"_s, task.progress},
                       {u"dispatched_at"_s, Json::time(task.dispatchedAt)},
                       {u"finished_at"_s, Json::time(task.finishedAt)}};
}

Scheduler::Scheduler(IClock &clock, SessionService &sessions, AgentService &agents, IEventBus &bus,
                     SchedulerOptions options, QObject *parent)
    : QObject(parent), m_clock(clock), m_sessions(sessions), m_agents(agents), m_bus(bus), m_options(std::move(options))
{
    m_timer.setInterval(m_options.checkInterval);
    connect(&m_timer, &QTimer::timeout, this, [this] { check(); });
    m_drainTimer.setSingleShot(true);
    m_drainTimer.setInterval(0);
    connect(&m_drainTimer, &QTimer::timeout, this, [this] { drainQueue(); });
}

Scheduler::~Scheduler()
{
    stop();
}

void Scheduler::addRunner(IAgentRunner *runner)
{
    m_runners.insert(int(runner->kind()), runner);
    runner->setListener(this);
}

void Scheduler::start()
{
    if (m_subscription)
        return;
    m_subscription = connect(&m_bus, &IEventBus::published, this, &Scheduler::onEvent);
    const QList<Agent> agents = m_agents.list();
    for (const Agent &agent : agents) {
        if (IAgentRunner *runner = m_runners.value(int(agent.kind)))
            runner->watch(agent);
    }
    m_timer.start();
    requestDrain();
}

void Scheduler::stop()
{
    disconnect(m_subscription);
    m_subscription = {};
    m_timer.stop();
    m_drainTimer.stop();
}

std::optional<TaskRecord> Scheduler::task(const QUuid &taskId) const
{
    const auto it = m_tasks.constFind(taskId);
    return it == m_tasks.cend() ? std::nullopt : std::optional<TaskRecord>(*it);
}

std::optional<TaskRecord> Scheduler::taskOfSession(const QUuid &sessionId) const
{
    const auto it = m_bySession.constFind(sessionId);
    return it == m_bySession.cend() ? std::nullopt : task(*it);
}

TaskRecord *Scheduler::liveRecord(const QUuid &sessionId)
{
    const auto it = m_bySession.constFind(sessionId);
    if (it == m_bySession.cend())
        return nullptr;
    const auto record = m_tasks.find(*it);
    return record == m_tasks.end() || record->finished ? nullptr : &*record;
}

void Scheduler::endRecord(TaskRecord &record, const QString &status)
{
    if (record.finished)
        return;
    record.finished = true;
    record.status = status;
    record.finishedAt = m_clock.now();
    if (m_bySession.value(record.sessionId) == record.taskId)
        m_bySession.remove(record.sessionId);
    m_ended.push_back(record.taskId);
    while (qsizetype(m_ended.size()) > MaxEndedTasks) {
        const QUuid oldest = m_ended.front();
        m_ended.pop_front();
        m_tasks.remove(oldest);
    }
}

void Scheduler::reopenRecord(const QUuid &taskId)
{
    const auto it = m_tasks.find(taskId);
    if (it == m_tasks.end() || !it->finished || m_bySession.contains(it->sessionId))
        return; // gone, open, or its session has moved on to another task
    it->finished = false;
    it->status = u"accepted"_s;
    it->finishedAt = {};
    m_bySession.insert(it->sessionId, taskId);
    if (const auto ended = std::find(m_ended.begin(), m_ended.end(), taskId); ended != m_ended.end())
        m_ended.erase(ended);
}

// ---- events ----------------------------------------------------------------------------------

void Scheduler::onEvent(const Event &event)
{
    if (event.type == EventType::SessionStatusChanged) {
        onSessionStatus(event);
    } else if (event.type == EventType::AgentHeartbeat) {
        onHeartbeat(event);
    } else if (event.type == EventType::AgentTaskCompleted || event.type == EventType::AgentRegistered
               || event.type == EventType::AgentUpdated || event.type == EventType::AgentPerformanceUpdated) {
        if (event.type == EventType::AgentRegistered || event.type == EventType::AgentUpdated) {
            const auto agentId = parseId(event.payload.value(u"agent_id"_s).toString());
            const auto agent = agentId ? m_agents.agent(*agentId) : std::nullopt;
            if (IAgentRunner *runner = agent ? m_runners.value(int(agent->kind)) : nullptr)
                runner->watch(*agent);
        }
        requestDrain(); // capacity may have freed, or a new agent may take queued work
    } else if (event.type == EventType::AgentDeregistered) {
        const auto agentId = parseId(event.payload.value(u"agent_id"_s).toString());
        if (agentId) {
            for (IAgentRunner *runner : std::as_const(m_runners))
                runner->forget(*agentId);
            degradeSessionsOf(*agentId, u"agent was deregistered"_s);
        }
    }
}

void Scheduler::onSessionStatus(const Event &event)
{
    const QJsonObject &p = event.payload;
    const auto sessionId = parseId(p.value(u"session_id"_s).toString());
    const auto from = sessionStatusFromName(p.value(u"old_status"_s).toString());
    const auto to = sessionStatusFromName(p.value(u"new_status"_s).toString());
    if (!sessionId || !from || !to)
        return;
    const QUuid agentId = parseId(p.value(u"agent_id"_s).toString()).value_or(QUuid());
    TaskRecord *live = liveRecord(*sessionId);
    switch (*to) {
    case SessionStatus::Running:
        if (*from == SessionStatus::Paused) {
            if (live)
                tellAgent(live->taskId, u"resume"_s);
        } else if (*from == SessionStatus::Degraded && live && live->agentId == agentId) {
            live->degradedAt = {}; // its agent is back
        } else if (!agentId.isNull()) {
            dispatch(*sessionId, agentId); // a new start, or the move to another agent
        }
        break;
    case SessionStatus::Paused:
        if (live)
            tellAgent(live->taskId, u"pause"_s);
        break;
    case SessionStatus::Degraded:
        if (live && !live->degradedAt.isValid())
            live->degradedAt = m_clock.now();
        break;
    case SessionStatus::Cancelled:
    case SessionStatus::Stopped:
    case SessionStatus::Timeout:
    case SessionStatus::Completed:
    case SessionStatus::PartiallyCompleted:
    case SessionStatus::Failed:
    case SessionStatus::Orphaned:
        // A task still live here was ended by someone else than its agent (a result ends the task
        // before the session is written): the agent is told to stop working on it.
        if (live) {
            const QUuid taskId = live->taskId;
            endRecord(*live, sessionStatusName(*to));
            tellAgent(taskId, u"cancel"_s);
        }
        break;
    default: break;
    }
}

void Scheduler::onHeartbeat(const Event &event)
{
    const auto agentId = parseId(event.payload.value(u"agent_id"_s).toString());
    if (!agentId)
        return;
    const QString status = event.payload.value(u"status"_s).toString();
    if (status == agentStatusName(AgentStatus::Degraded) || status == agentStatusName(AgentStatus::Offline)) {
        degradeSessionsOf(*agentId, u"agent reported %1"_s.arg(status));
    } else if (status == agentStatusName(AgentStatus::Online) || status == agentStatusName(AgentStatus::Busy)) {
        recoverSessionsOf(*agentId);
        requestDrain();
    }
}

// ---- dispatch --------------------------------------------------------------------------------

QCoro::Task<> Scheduler::dispatch(QUuid sessionId, QUuid agentId)
{
    const QPointer<Scheduler> self(this);
    if (TaskRecord *previous = liveRecord(sessionId)) {
        // The session moved to another agent: the first one is told to stop.
        const QUuid previousTask = previous->taskId;
        endRecord(*previous, u"reassigned"_s);
        tellAgent(previousTask, u"cancel"_s);
    }
    const QDateTime now = m_clock.now();
    TaskRecord record;
    record.taskId = newId();
    record.sessionId = sessionId;
    record.agentId = agentId;
    record.dispatchedAt = now;
    const QUuid taskId = record.taskId;
    m_tasks.insert(taskId, record);
    m_bySession.insert(sessionId, taskId);
    std::deque<QUuid> &recent = m_recent[agentId];
    recent.push_back(taskId);
    while (recent.size() > RecentTasksPerAgent)
        recent.pop_front();

    QElapsedTimer elapsed;
    elapsed.start();
    auto loaded = co_await m_sessions.get(sessionId);
    if (!self)
        co_return;
    TaskRecord *live = liveRecord(sessionId);
    if (!live || live->taskId != taskId)
        co_return; // ended while we read the session
    if (!loaded || loaded->status() != SessionStatus::Running || loaded->assignedAgentId() != agentId) {
        endRecord(*live, u"abandoned"_s);
        co_return;
    }
    const Session session = std::move(loaded).value();
    const QDateTime started = session.metrics().startedAt.isValid() ? session.metrics().startedAt : now;
    live->deadline = started.addSecs(session.spec().maxDurationSeconds);

    const auto agent = m_agents.agent(agentId);
    IAgentRunner *runner = agent ? m_runners.value(int(agent->kind)) : nullptr;
    if (!runner) {
        // Named locals, never temporaries of a conditional inside co_await: GCC 12 destroys those twice.
        const QString code = u"dispatch_failed"_s;
        const QString message = agent ? u"no runner for %1 agents"_s.arg(agentKindName(agent->kind))
                                      : u"agent %1 is gone"_s.arg(idString(agentId));
        co_await failDispatch(taskId, code, message);
        co_return;
    }

    DispatchRequest request;
    request.taskId = taskId;
    request.sessionId = sessionId;
    request.prompt = session.spec().initialPrompt;
    request.context = QJsonObject{{u"title"_s, session.spec().title},
                                  {u"session_type"_s, sessionTypeName(session.spec().type)},
                                  {u"priority"_s, int(session.spec().priority)},
                                  {u"agent_config"_s, session.spec().agentConfig},
                                  {u"tags"_s, Json::strings(session.spec().tags)},
                                  {u"metadata"_s, session.spec().metadata}};
    for (const QJsonValue &v : session.spec().agentConfig.value(u"required_capabilities"_s).toArray())
        request.requirements.append(v.toString());
    request.timeoutSeconds = session.spec().maxDurationSeconds;
    if (m_options.callbackBase.isValid()) {
        request.callbackUrl = m_options.callbackBase.resolved(
            QUrl(u"/api/v1/agents/external/%1/tasks/%2/result"_s.arg(idString(agentId), idString(taskId))));
    }
    if (const auto sequence = session.resumeFrom()) {
        auto checkpoint = co_await m_sessions.checkpoint(sessionId, *sequence);
        if (!self)
            co_return;
        if (checkpoint)
            request.resumeFrom = checkpoint->data;
    }

    auto ack = co_await runner->dispatch(*agent, request);
    if (!self)
        co_return;
    emit dispatched(taskId, double(elapsed.nsecsElapsed()) / 1e9);
    const auto current = m_tasks.constFind(taskId);
    if (current == m_tasks.cend() || current->finished)
        co_return; // cancelled, timed out or moved while the agent was being called
    if (!ack) {
        const QString code = u"dispatch_failed"_s;
        const QString message = ack.error().message;
        co_await failDispatch(taskId, code, message);
        co_return;
    }
    if (ack->result) { // the synchronous path: the result came with the answer
        co_await finish(taskId, *ack->result);
        co_return;
    }
    m_tasks[taskId].status = u"accepted"_s;
}

QCoro::Task<> Scheduler::failDispatch(QUuid taskId, QString code, QString message)
{
    const auto it = m_tasks.find(taskId);
    if (it == m_tasks.end() || it->finished)
        co_return;
    const QUuid sessionId = it->sessionId;
    const QUuid agentId = it->agentId;
    endRecord(*it, u"failed"_s);
    qCWarning(lcScheduler).noquote() << "dispatch of session" << idString(sessionId) << "to agent" << idString(agentId)
                                     << "failed:" << message;
    FailureReport report;
    report.errorCode = code;
    report.errorMessage = message;
    report.errorContext = QJsonObject{{u"task_id"_s, idString(taskId)}, {u"agent_id"_s, idString(agentId)}};
    auto failed = co_await m_sessions.fail(sessionId, report);
    if (!failed)
        qCWarning(lcScheduler).noquote() << "session" << idString(sessionId) << "not failed:" << failed.error().message;
}

QCoro::Task<Status> Scheduler::finish(QUuid taskId, RunnerResult result)
{
    const QPointer<Scheduler> self(this);
    const auto it = m_tasks.find(taskId);
    if (it == m_tasks.end())
        co_return Error::notFound(u"task"_s, idString(taskId));
    if (it->finished)
        co_return Error::conflict(ErrorCode::Conflict,
                                  u"task %1 has already ended (%2)"_s.arg(idString(taskId), it->status));
    const QUuid sessionId = it->sessionId;
    const QUuid agentId = it->agentId;
    const QDateTime dispatchedAt = it->dispatchedAt;
    if (result.status == OutcomeStatus::Completed)
        it->progress = 1.0;
    endRecord(*it, outcomeName(result.status)); // a second result is 409 from here on (`it` is stale now)

    Usage usage;
    usage.tokens = result.tokensUsed;
    usage.apiCalls = result.apiCalls;
    usage.apiErrors = result.apiErrors;
    usage.costUsd = result.costUsd;
    // The agent's performance is written with the session's end, in one write.
    TaskOutcome outcome;
    outcome.status = result.status;
    outcome.qualityScore = result.qualityScore;
    outcome.executionSeconds = result.executionTimeMs > 0 ? double(result.executionTimeMs) / 1000.0
                                                          : double(dispatchedAt.msecsTo(m_clock.now())) / 1000.0;
    outcome.tokensUsed = result.tokensUsed;
    outcome.costUsd = result.costUsd;
    LastWords last;
    last.log = result.log;
    last.logStream = result.logStream;
    last.checkpoint = result.checkpoint;
    last.checkpointMetadata = QJsonObject{{u"task_id"_s, idString(taskId)}};
    Result<Session> written = Error::internal(u"not written"_s);
    if (result.status == OutcomeStatus::Failed) {
        FailureReport report;
        report.errorCode = u"agent_failed"_s;
        report.errorMessage = result.errorMessage.isEmpty() ? u"the agent reported a failure"_s : result.errorMessage;
        report.errorContext = QJsonObject{
            {u"task_id"_s, idString(taskId)}, {u"agent_id"_s, idString(agentId)}, {u"output_data"_s, result.output}};
        report.usage = usage;
        report.agentId = agentId;
        report.outcome = outcome;
        report.last = last;
        written = co_await m_sessions.fail(sessionId, report);
    } else {
        CompletionReport report;
        report.status
            = result.status == OutcomeStatus::Completed ? SessionStatus::Completed : SessionStatus::PartiallyCompleted;
        report.result = QJsonObject{{u"task_id"_s, idString(taskId)},
                                    {u"output_data"_s, result.output},
                                    {u"artifacts"_s, result.artifacts},
                                    {u"execution_time_ms"_s, double(result.executionTimeMs)}};
        report.codeQualityScore = result.qualityScore;
        report.usage = usage;
        report.agentId = agentId;
        report.outcome = outcome;
        report.last = last;
        written = co_await m_sessions.complete(sessionId, report);
    }
    if (!self)
        co_return Status();
    if (!written) {
        // Not stored because the database is away: the task stays open, so the agent's retry of
        // the same report is taken. (A session that cannot end, e.g. cancelled meanwhile, is 409.)
        if (written.error().code == ErrorCode::Unavailable)
            reopenRecord(taskId);
        co_return std::move(written).error();
    }

    co_return Status();
}

QCoro::Task<> Scheduler::tellAgent(QUuid taskId, QString what)
{
    const QPointer<Scheduler> self(this);
    const auto record = task(taskId);
    if (!record)
        co_return;
    const auto agent = m_agents.agent(record->agentId);
    IAgentRunner *runner = agent ? m_runners.value(int(agent->kind)) : nullptr;
    if (!runner)
        co_return;
    Status told;
    if (what == u"cancel")
        told = co_await runner->cancel(*agent, taskId);
    else if (what == u"pause")
        told = co_await runner->pause(*agent, taskId);
    else
        told = co_await runner->resume(*agent, taskId);
    if (!self || told)
        co_return;
    const QString line
        = u"could not %1 task %2 on agent %3: %4"_s.arg(what, idString(taskId), agent->name, told.error().message);
    qCWarning(lcScheduler).noquote() << line;
    const QStringList lines{line};
    const QString level = u"warning"_s;
    const QString stream = u"orchestrator"_s;
    co_await m_sessions.log(record->sessionId, lines, level, stream);
}

// ---- reports from agents ---------------------------------------------------------------------

Status Scheduler::checkOwner(const QUuid &agentId, const QUuid &taskId, const TaskRecord **record) const
{
    const auto it = m_tasks.constFind(taskId);
    if (it == m_tasks.cend())
        return Error::notFound(u"task"_s, idString(taskId));
    if (it->agentId != agentId)
        return Error{ErrorCode::Forbidden, u"task %1 was not given to this agent"_s.arg(idString(taskId)), {}, {}};
    if (it->finished)
        return Error::conflict(ErrorCode::Conflict,
                               u"task %1 has already ended (%2)"_s.arg(idString(taskId), it->status));
    *record = &*it;
    return {};
}

QCoro::Task<Status> Scheduler::reportProgress(QUuid agentId, QUuid taskId, RunnerProgress progress)
{
    const TaskRecord *record = nullptr;
    if (Status owned = checkOwner(agentId, taskId, &record); !owned)
        co_return owned;
    if (!(progress.progress >= 0.0 && progress.progress <= 1.0))
        co_return Error::validation({{u"progress"_s, u"must be between 0 and 1"_s}});
    const QUuid sessionId = record->sessionId;
    m_tasks[taskId].progress = progress.progress;
    QStringList lines = progress.log;
    if (!progress.message.isEmpty())
        lines.prepend(u"[%1%] %2"_s.arg(qRound(progress.progress * 100)).arg(progress.message));
    if (lines.isEmpty() && !progress.checkpoint)
        co_return Status();
    const QJsonObject metadata{{u"task_id"_s, idString(taskId)}, {u"progress"_s, progress.progress}};
    // The lines and the checkpoint in one write.
    const Status written = co_await m_sessions.progress(sessionId, lines, progress.logStream, progress.checkpoint,
                                                        metadata, progress.logLevel);
    if (!written)
        co_return written;
    co_return Status();
}

QCoro::Task<Status> Scheduler::reportResult(QUuid agentId, QUuid taskId, RunnerResult result)
{
    const TaskRecord *record = nullptr;
    if (Status owned = checkOwner(agentId, taskId, &record); !owned)
        co_return owned;
    co_return co_await finish(taskId, std::move(result));
}

void Scheduler::progressReported(const QUuid &taskId, const RunnerProgress &progress)
{
    const auto record = task(taskId);
    if (record)
        reportProgress(record->agentId, taskId, progress);
}

void Scheduler::resultReported(const QUuid &taskId, const RunnerResult &result)
{
    deliverResult(taskId, result);
}

void Scheduler::agentStatusReported(const QUuid &agentId, AgentStatus status, const QString &detail)
{
    reportAgentStatus(agentId, status, detail);
}

QCoro::Task<> Scheduler::reportAgentStatus(QUuid agentId, AgentStatus status, QString detail)
{
    const auto agent = m_agents.agent(agentId);
    if (!agent)
        co_return;
    if (agent->status != status)
        qCInfo(lcScheduler).noquote() << u"agent %1 is %2%3"_s.arg(
            agent->name, agentStatusName(status), detail.isEmpty() ? QString() : u" (%1)"_s.arg(detail));
    Heartbeat heartbeat;
    switch (status) {
    case AgentStatus::Online: heartbeat.status = HeartbeatStatus::Healthy; break;
    case AgentStatus::Busy: heartbeat.status = HeartbeatStatus::Busy; break;
    case AgentStatus::Degraded: heartbeat.status = HeartbeatStatus::Degraded; break;
    case AgentStatus::Offline:
    case AgentStatus::Maintenance: heartbeat.status = HeartbeatStatus::Offline; break;
    }
    heartbeat.tasksInProgress = agent->currentTasks;
    heartbeat.currentLoad = agent->maxConcurrentTasks > 0
                                ? std::clamp(double(agent->currentTasks) / agent->maxConcurrentTasks, 0.0, 1.0)
                                : 0.0;
    if (!detail.isEmpty())
        heartbeat.metrics = QJsonObject{{u"detail"_s, detail}};
    auto written = co_await m_agents.heartbeat(agentId, heartbeat);
    if (!written)
        qCWarning(lcScheduler).noquote() << "status of agent" << idString(agentId)
                                         << "not stored:" << written.error().message;
}

QJsonArray Scheduler::permissions(const QUuid &sessionId) const
{
    const auto record = taskOfSession(sessionId);
    if (!record || record->finished)
        return {};
    const auto agent = m_agents.agent(record->agentId);
    IAgentRunner *runner = agent ? m_runners.value(int(agent->kind)) : nullptr;
    return runner ? runner->permissions(record->taskId) : QJsonArray();
}

QCoro::Task<Status> Scheduler::answerPermission(QUuid sessionId, QString permissionId, QString reply)
{
    if (reply != u"once" && reply != u"always" && reply != u"reject")
        co_return Error::validation({{u"reply"_s, u"must be once, always or reject"_s}});
    const auto record = taskOfSession(sessionId);
    if (!record || record->finished)
        co_return Error::conflict(ErrorCode::Conflict,
                                  u"session %1 has no task running on an agent"_s.arg(idString(sessionId)));
    const auto agent = m_agents.agent(record->agentId);
    IAgentRunner *runner = agent ? m_runners.value(int(agent->kind)) : nullptr;
    if (!runner)
        co_return Error::notFound(u"permission"_s, permissionId);
    co_return co_await runner->answerPermission(*agent, record->taskId, permissionId, reply);
}

QCoro::Task<> Scheduler::deliverResult(QUuid taskId, RunnerResult result)
{
    // An internal runner has no one to retry for it: while the database is away, try again every
    // ResultRetryInterval until the session's own deadline.
    const QPointer<Scheduler> self(this);
    for (;;) {
        const auto record = task(taskId);
        if (!record)
            co_return;
        const Status delivered = co_await reportResult(record->agentId, taskId, result);
        if (!self || delivered || delivered.error().code != ErrorCode::Unavailable)
            co_return;
        const auto open = task(taskId);
        if (!open || open->finished || (open->deadline.isValid() && open->deadline <= m_clock.now()))
            co_return;
        qCWarning(lcScheduler).noquote() << "result of task" << idString(taskId)
                                         << "not stored, retrying:" << delivered.error().message;
        co_await QCoro::sleepFor(ResultRetryInterval);
        if (!self)
            co_return;
    }
}

QCoro::Task<Result<AgentDiagnostics>> Scheduler::diagnostics(QUuid agentId)
{
    const QPointer<Scheduler> self(this);
    auto agent = m_agents.find(agentId);
    if (!agent)
        co_return std::move(agent).error();
    AgentDiagnostics diagnostics;
    diagnostics.agent = agent.value();
    if (IAgentRunner *runner = m_runners.value(int(agent->kind))) {
        auto probe = co_await runner->probe(agent.value());
        if (!self)
            co_return Error::unavailable(u"shutting down"_s);
        if (probe) {
            diagnostics.probe = probe.value();
        } else {
            diagnostics.probe.checkedAt = m_clock.now();
            diagnostics.probe.error = probe.error().message;
        }
    } else {
        diagnostics.probe.checkedAt = m_clock.now();
        diagnostics.probe.error = u"no runner for %1 agents"_s.arg(agentKindName(agent->kind));
    }
    if (const auto current = m_agents.agent(agentId)) // the probe took time; show the load as it is now
        diagnostics.agent = *current;
    const std::deque<QUuid> recent = m_recent.value(agentId);
    for (auto it = recent.rbegin(); it != recent.rend(); ++it) {
        if (const auto record = task(*it))
            diagnostics.recentTasks.append(*record);
    }
    co_return diagnostics;
}

// ---- the queue -------------------------------------------------------------------------------

void Scheduler::requestDrain()
{
    if (!m_subscription)
        return;
    if (m_draining) {
        m_drainAgain = true;
        return;
    }
    // On the next turn of the event loop: the events of one write (a session's end, its agent's
    // release and performance) ask for one drain, not one each.
    m_drainTimer.start();
}

QCoro::Task<> Scheduler::drainQueue()
{
    const QPointer<Scheduler> self(this);
    m_draining = true;
    do {
        m_drainAgain = false;
        if (!m_agents.anyAvailable())
            break; // nobody takes work now: the queue is not even read (capacity freeing drains again)
        auto queued = co_await m_sessions.queued();
        if (!self)
            co_return;
        if (!queued) {
            qCWarning(lcScheduler).noquote() << "queue not read:" << queued.error().message;
            break;
        }
        for (const Session &session : std::as_const(queued.value())) {
            if (!m_sessions.canStartNow(session))
                continue; // others behind it may need other agents
            auto started = co_await m_sessions.start(session.id());
            if (!self)
                co_return;
            if (!started && started.error().code != ErrorCode::InvalidTransition)
                qCWarning(lcScheduler).noquote()
                    << "queued session" << idString(session.id()) << "not started:" << started.error().message;
            if (!m_agents.anyAvailable())
                break; // that start took the last free unit
        }
    } while (m_drainAgain);
    m_draining = false;
}

// ---- time ------------------------------------------------------------------------------------

QDateTime Scheduler::heartbeatDeadline(const Agent &agent) const
{
    QDateTime last = agent.lastHeartbeatAt.isValid() ? agent.lastHeartbeatAt : agent.registeredAt;
    if (const QDateTime contact = m_agents.lastContact(agent.id); contact.isValid() && contact > last)
        last = contact; // a heartbeat (or report) still being stored counts from when it arrived
    return last.addSecs(qint64(m_options.heartbeatInterval.count()) * SchedulerOptions::MissedHeartbeats);
}

QCoro::Task<> Scheduler::markOffline(QUuid agentId)
{
    const std::function<Status(Agent &)> change = [](Agent &agent) -> Status {
        agent.status = AgentStatus::Offline;
        return {};
    };
    auto marked = co_await m_agents.update(agentId, change);
    if (!marked)
        qCWarning(lcScheduler).noquote() << "agent" << idString(agentId)
                                         << "not marked offline:" << marked.error().message;
}

QCoro::Task<> Scheduler::degradeSessionsOf(QUuid agentId, QString reason)
{
    const QPointer<Scheduler> self(this);
    QList<QUuid> sessions;
    for (const TaskRecord &record : std::as_const(m_tasks)) {
        if (!record.finished && record.agentId == agentId)
            sessions.append(record.sessionId);
    }
    for (const QUuid &sessionId : std::as_const(sessions)) {
        auto moved = co_await m_sessions.transition(sessionId, SessionStatus::Degraded, reason);
        if (!self)
            co_return;
        if (!moved && moved.error().code != ErrorCode::InvalidTransition) // paused or already degraded
            qCWarning(lcScheduler).noquote()
                << "session" << idString(sessionId) << "not degraded:" << moved.error().message;
    }
}

QCoro::Task<> Scheduler::recoverSessionsOf(QUuid agentId)
{
    const QPointer<Scheduler> self(this);
    QList<QUuid> sessions;
    for (const TaskRecord &record : std::as_const(m_tasks)) {
        if (!record.finished && record.agentId == agentId && record.degradedAt.isValid())
            sessions.append(record.sessionId);
    }
    for (const QUuid &sessionId : std::as_const(sessions)) {
        const QString reason = u"agent is healthy again"_s;
        auto back = co_await m_sessions.transition(sessionId, SessionStatus::Running, reason);
        if (!self)
            co_return;
        if (!back && back.error().code != ErrorCode::InvalidTransition)
            qCWarning(lcScheduler).noquote()
                << "session" << idString(sessionId) << "not resumed:" << back.error().message;
    }
}

QCoro::Task<> Scheduler::check()
{
    if (m_checking)
        co_return;
    const QPointer<Scheduler> self(this);
    m_checking = true;
    const QDateTime now = m_clock.now();

    // Liveness: external agents that stopped heartbeating are offline and their sessions degraded.
    const QList<Agent> agents = m_agents.list(); // a named copy: the loop awaits
    for (const Agent &agent : agents) {
        if (agent.kind != AgentKind::External || agent.status == AgentStatus::Offline
            || agent.status == AgentStatus::Maintenance || heartbeatDeadline(agent) > now)
            continue;
        qCInfo(lcScheduler).noquote() << "agent" << agent.name << "missed its heartbeats (nothing for"
                                      << heartbeatDeadline(agent).secsTo(now)
                                             + qint64(m_options.heartbeatInterval.count())
                                                   * SchedulerOptions::MissedHeartbeats
                                      << "s): offline";
        co_await markOffline(agent.id);
        if (!self)
            co_return;
        const QString reason
            = u"agent %1 missed %2 heartbeats"_s.arg(agent.name).arg(SchedulerOptions::MissedHeartbeats);
        co_await degradeSessionsOf(agent.id, reason);
        if (!self)
            co_return;
    }

    // Degraded past the grace period: move to another agent (or fail); running past the limit: timeout.
    QList<QUuid> lost;
    QList<QUuid> late;
    for (const TaskRecord &record : std::as_const(m_tasks)) {
        if (record.finished)
            continue;
        if (record.degradedAt.isValid() && record.degradedAt.addSecs(qint64(m_options.redispatchGrace.count())) <= now)
            lost.append(record.sessionId);
        else if (record.deadline.isValid() && record.deadline <= now)
            late.append(record.sessionId);
    }
    for (const QUuid &sessionId : std::as_const(lost)) {
        const auto record = taskOfSession(sessionId);
        const auto agent = record ? m_agents.agent(record->agentId) : std::nullopt;
        const QString reason
            = u"agent %1 was lost for %2 s"_s.arg(agent ? agent->name : u"?"_s).arg(m_options.redispatchGrace.count());
        auto moved = co_await m_sessions.moveToAnotherAgent(sessionId, reason);
        if (!self)
            co_return;
        if (!moved && moved.error().code != ErrorCode::InvalidTransition)
            qCWarning(lcScheduler).noquote()
                << "session" << idString(sessionId) << "not moved:" << moved.error().message;
    }
    for (const QUuid &sessionId : std::as_const(late)) {
        auto loaded = co_await m_sessions.get(sessionId);
        if (!self)
            co_return;
        if (!loaded || loaded->status() != SessionStatus::Running)
            continue; // paused or degraded sessions time out once they run again
        FailureReport report;
        report.status = SessionStatus::Timeout;
        report.errorCode = u"timeout"_s;
        report.errorMessage = u"ran longer than max_duration_seconds (%1 s)"_s.arg(loaded->spec().maxDurationSeconds);
        auto timedOut = co_await m_sessions.fail(sessionId, report);
        if (!self)
            co_return;
        if (!timedOut && timedOut.error().code != ErrorCode::InvalidTransition)
            qCWarning(lcScheduler).noquote()
                << "session" << idString(sessionId) << "not timed out:" << timedOut.error().message;
    }
    m_checking = false;
    requestDrain();
}

} // namespace Orc::Application
