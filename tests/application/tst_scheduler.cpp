// The scheduler over the in-memory store, a manual clock and fake runners: dispatch, results,
// the queue, cancel, pause, time limits and liveness, each checked from its events and records.

#include "application/harness.h"
#include "support/fakerunner.h"
#include "support/gate.h"

#include "domain/identifiers.h"

#include <QTimer>

using namespace Qt::StringLiterals;
using namespace Orc;
using namespace Orc::Application;
using namespace Orc::Domain;
using namespace Orc::Testing;

namespace {

class SchedulerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        h.scheduler.addRunner(&processes);
        h.scheduler.addRunner(&externals);
        h.scheduler.start();
    }

    Agent externalAgent(const QString &name, int maxTasks = 5)
    {
        AgentRegistration r;
        r.name = name;
        r.kind = AgentKind::External;
        r.capabilities = CapabilitySet::fromNames({u"code_generation"_s});
        r.endpointUrl = QUrl(u"http://127.0.0.1:9/"_s);
        r.maxConcurrentTasks = maxTasks;
        auto registered = await(h.agents.registerExternal(r));
        EXPECT_TRUE(registered.ok());
        return registered->agent;
    }

    Session sessionStatus(const QUuid &id) { return await(h.sessions.get(id)).value(); }
    SessionStatus statusOf(const QUuid &id) { return sessionStatus(id).status(); }

    RunnerResult completed(qint64 tokens = 0, double cost = 0.0)
    {
        RunnerResult result;
        result.status = OutcomeStatus::Completed;
        result.output = QJsonObject{{u"summary"_s, u"done"_s}};
        result.tokensUsed = tokens;
        result.costUsd = cost;
        result.qualityScore = 0.9;
        result.executionTimeMs = 1200;
        return result;
    }

    Harness h;
    FakeRunner processes{AgentKind::Process};
    FakeRunner externals{AgentKind::External};
};

TEST_F(SchedulerTest, AStartedSessionIsDispatchedOnceAndItsResultCompletesIt)
{
    const Agent agent = h.addAgent(u"runner"_s, CapabilitySet::fromNames({u"testing"_s}));
    EXPECT_TRUE(agent.supports(u"pause")) << "process agents pause by SIGSTOP, declared or not";
    Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return processes.dispatches.size() == 1; }));
    const FakeRunner::Dispatch dispatch = processes.dispatches.constFirst();
    EXPECT_EQ(dispatch.agentId, agent.id);
    EXPECT_EQ(dispatch.request.sessionId, session.id());
    EXPECT_EQ(dispatch.request.prompt, u"Make the tests pass"_s);
    EXPECT_EQ(dispatch.request.timeoutSeconds, 3600);
    EXPECT_EQ(dispatch.request.context.value(u"title"_s).toString(), u"Fix the build"_s);
    const auto task = h.scheduler.taskOfSession(session.id());
    ASSERT_TRUE(task.has_value());
    EXPECT_EQ(task->taskId, dispatch.request.taskId);
    EXPECT_EQ(task->status, u"accepted"_s);

    const Status reported = await(h.scheduler.reportResult(agent.id, task->taskId, completed(1500, 0.25)));
    ASSERT_TRUE(reported.ok()) << reported.error().message.toStdString();
    const Session done = sessionStatus(session.id());
    EXPECT_EQ(done.status(), SessionStatus::Completed);
    EXPECT_EQ(done.metrics().totalTokensUsed, 1500);
    EXPECT_DOUBLE_EQ(done.metrics().estimatedCostUsd, 0.25);
    EXPECT_EQ(done.metrics().result->value(u"output_data"_s).toObject().value(u"summary"_s).toString(), u"done"_s);
    const Agent after = h.agents.agent(agent.id).value();
    EXPECT_EQ(after.currentTasks, 0) << "the reservation is given back";
    EXPECT_EQ(after.performance.tasksSucceeded, 1);
    EXPECT_EQ(after.performance.totalTokens, 1500);
    EXPECT_EQ(processes.dispatches.size(), 1) << "dispatched exactly once";
    EXPECT_TRUE(processes.actionsFor(task->taskId).isEmpty()) << "nothing to cancel after the agent's own result";

    const Status second = await(h.scheduler.reportResult(agent.id, task->taskId, completed()));
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ErrorCode::Conflict);
}

TEST_F(SchedulerTest, OnlyTheAgentGivenATaskMayReportIt)
{
    const Agent agent = h.addAgent(u"runner"_s, CapabilitySet::fromNames({u"testing"_s}), 1);
    const Agent other = h.addAgent(u"other"_s, CapabilitySet::fromNames({u"testing"_s}));
    const Session session = h.addSession(u"Pinned"_s, QJsonObject{{u"agent_id"_s, idString(agent.id)}});
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return h.scheduler.taskOfSession(session.id()).has_value(); }));
    const QUuid taskId = h.scheduler.taskOfSession(session.id())->taskId;

    const Status foreign = await(h.scheduler.reportResult(other.id, taskId, completed()));
    ASSERT_FALSE(foreign.ok());
    EXPECT_EQ(foreign.error().code, ErrorCode::Forbidden);
    RunnerProgress progress;
    progress.progress = 0.5;
    EXPECT_EQ(await(h.scheduler.reportProgress(other.id, taskId, progress)).error().code, ErrorCode::Forbidden);
    EXPECT_EQ(await(h.scheduler.reportResult(agent.id, newId(), completed())).error().code, ErrorCode::NotFound);
    EXPECT_EQ(statusOf(session.id()), SessionStatus::Running) << "nothing changed";
}

TEST_F(SchedulerTest, AResultThatCannotBeStoredLeavesTheTaskOpenForTheAgentsRetry)
{
    const Agent agent = h.addAgent(u"runner"_s, CapabilitySet::fromNames({u"testing"_s}));
    const Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return h.scheduler.taskOfSession(session.id()).has_value(); }));
    const QUuid taskId = h.scheduler.taskOfSession(session.id())->taskId;
    h.store.setFailure(Error::unavailable(u"the database is away"_s));
    const Status lost = await(h.scheduler.reportResult(agent.id, taskId, completed()));
    ASSERT_FALSE(lost.ok());
    EXPECT_EQ(lost.error().code, ErrorCode::Unavailable);
    h.store.setFailure(std::nullopt);
    ASSERT_TRUE(h.scheduler.taskOfSession(session.id()).has_value()) << "still open";
    const Status retried = await(h.scheduler.reportResult(agent.id, taskId, completed()));
    ASSERT_TRUE(retried.ok()) << retried.error().message.toStdString();
    EXPECT_EQ(statusOf(session.id()), SessionStatus::Completed);
}

TEST_F(SchedulerTest, AnInternalRunnersResultIsRetriedUntilTheDatabaseIsBack)
{
    h.addAgent(u"runner"_s, CapabilitySet::fromNames({u"testing"_s}));
    const Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return processes.dispatches.size() == 1; }));
    const QUuid taskId = processes.dispatches.constFirst().request.taskId;
    h.store.setFailure(Error::unavailable(u"the database is away"_s));
    processes.listener->resultReported(taskId, completed()); // as a finished process reports it
    QTimer::singleShot(300, [this] { h.store.setFailure(std::nullopt); });
    EXPECT_TRUE(waitUntil(
        [&] {
            const auto now = await(h.sessions.get(session.id())); // fails while the store is away
            return now.ok() && now->status() == SessionStatus::Completed;
        },
        10000));
}

TEST_F(SchedulerTest, ASynchronousResultCompletesAtOnceAndADispatchErrorFailsTheSessionRetryably)
{
    h.addAgent(u"runner"_s, CapabilitySet::fromNames({u"testing"_s}));
    processes.syncResult = completed(10);
    const Session quick = h.addSession(u"Quick"_s);
    ASSERT_TRUE(await(h.sessions.start(quick.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return statusOf(quick.id()) == SessionStatus::Completed; }));

    processes.syncResult.reset();
    processes.failDispatch = u"agent runner at http://127.0.0.1:9: Connection refused"_s;
    const Session broken = h.addSession(u"Broken"_s);
    ASSERT_TRUE(await(h.sessions.start(broken.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return statusOf(broken.id()) == SessionStatus::Failed; }));
    const Session failed = sessionStatus(broken.id());
    EXPECT_EQ(failed.metrics().error->type, u"dispatch_failed"_s);
    EXPECT_TRUE(failed.metrics().error->message.contains(u"Connection refused"_s));
    EXPECT_TRUE(failed.hasRetriesLeft());
    EXPECT_EQ(h.agents.agent(failed.assignedAgentId())->currentTasks, 0);
}

TEST_F(SchedulerTest, AFullAgentQueuesSessionsAndDrainsThemInPriorityThenArrivalOrder)
{
    const Agent agent = h.addAgent(u"single"_s, CapabilitySet::fromNames({u"testing"_s}), 1);
    const Session first = h.addSession(u"first"_s, {}, SessionPriority::Low);
    ASSERT_TRUE(await(h.sessions.start(first.id())).ok());
    QList<QUuid> waiting;
    const QList<std::pair<QString, SessionPriority>> queue{{u"low-a"_s, SessionPriority::Low},
                                                           {u"critical"_s, SessionPriority::Critical},
                                                           {u"medium"_s, SessionPriority::Medium},
                                                           {u"low-b"_s, SessionPriority::Low}};
    for (const auto &[title, priority] : queue) {
        h.clock.advance(1000);
        const Session s = h.addSession(title, {}, priority);
        ASSERT_TRUE(await(h.sessions.start(s.id())).ok());
        EXPECT_EQ(statusOf(s.id()), SessionStatus::Queued);
        waiting.append(s.id());
    }
    QStringList order;
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(waitUntil([&] { return processes.dispatches.size() == i + 1; })) << "dispatch " << i;
        const QUuid sessionId = processes.dispatches.at(i).request.sessionId;
        order.append(sessionStatus(sessionId).spec().title);
        EXPECT_EQ(h.agents.agent(agent.id)->currentTasks, 1) << "never more than its capacity";
        const QUuid taskId = h.scheduler.taskOfSession(sessionId)->taskId;
        ASSERT_TRUE(await(h.scheduler.reportResult(agent.id, taskId, completed())).ok());
    }
    EXPECT_EQ(order, (QStringList{u"first"_s, u"critical"_s, u"medium"_s, u"low-a"_s, u"low-b"_s}));
}

TEST_F(SchedulerTest, CancelStopAndAnOperatorsCompleteTellTheAgentToStop)
{
    const Agent agent = h.addAgent(u"runner"_s, CapabilitySet::fromNames({u"testing"_s}), 5, {u"pause"_s});
    QList<QUuid> tasks;
    QList<QUuid> sessions;
    for (int i = 0; i < 3; ++i) {
        const Session s = h.addSession(u"s%1"_s.arg(i));
        ASSERT_TRUE(await(h.sessions.start(s.id())).ok());
        ASSERT_TRUE(waitUntil([&] { return h.scheduler.taskOfSession(s.id()).has_value(); }));
        tasks.append(h.scheduler.taskOfSession(s.id())->taskId);
        sessions.append(s.id());
    }
    ASSERT_TRUE(await(h.sessions.pause(sessions[0])).ok());
    ASSERT_TRUE(await(h.sessions.resume(sessions[0])).ok());
    ASSERT_TRUE(await(h.sessions.cancel(sessions[0])).ok());
    ASSERT_TRUE(await(h.sessions.stop(sessions[1])).ok());
    ASSERT_TRUE(await(h.sessions.complete(sessions[2], CompletionReport{})).ok());
    ASSERT_TRUE(waitUntil([&] { return processes.controls.size() == 5; }));
    EXPECT_EQ(processes.actionsFor(tasks[0]), (QStringList{u"pause"_s, u"resume"_s, u"cancel"_s}));
    EXPECT_EQ(processes.actionsFor(tasks[1]), QStringList{u"cancel"_s});
    EXPECT_EQ(processes.actionsFor(tasks[2]), QStringList{u"cancel"_s});
    EXPECT_EQ(h.agents.agent(agent.id)->currentTasks, 0);
    // A result that arrives after the cancel changes nothing.
    const Status late = await(h.scheduler.reportResult(agent.id, tasks[0], completed()));
    EXPECT_EQ(late.error().code, ErrorCode::Conflict);
    EXPECT_EQ(statusOf(sessions[0]), SessionStatus::Cancelled);
}

TEST_F(SchedulerTest, ASessionPastItsTimeLimitTimesOutAndTheAgentIsToldToCancel)
{
    h.addAgent(u"runner"_s, CapabilitySet::fromNames({u"testing"_s}));
    Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.update(session.id(), [](SessionSpec &spec) { spec.maxDurationSeconds = 60; })).ok());
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return h.scheduler.taskOfSession(session.id()).has_value(); }));
    const QUuid taskId = h.scheduler.taskOfSession(session.id())->taskId;

    h.clock.advance(59'000);
    await(h.scheduler.check());
    EXPECT_EQ(statusOf(session.id()), SessionStatus::Running);
    h.clock.advance(2'000);
    await(h.scheduler.check());
    ASSERT_TRUE(waitUntil([&] { return statusOf(session.id()) == SessionStatus::Timeout; }));
    EXPECT_TRUE(sessionStatus(session.id()).metrics().error->message.contains(u"60 s"_s));
    ASSERT_TRUE(waitUntil([&] { return processes.actionsFor(taskId) == QStringList{u"cancel"_s}; }));
}

TEST_F(SchedulerTest, ASilentAgentGoesOfflineAndItsSessionMovesToAnotherAgentAfterTheGrace)
{
    const Agent first = externalAgent(u"first"_s);
    const Session session
        = h.addSession(u"Moves"_s, QJsonObject{{u"required_capabilities"_s, QJsonArray{u"code_generation"_s}}});
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return externals.dispatchesTo(first.id) == 1; }));
    const QUuid firstTask = h.scheduler.taskOfSession(session.id())->taskId;
    const Agent second = externalAgent(u"second"_s);
    // The second agent keeps heartbeating; the first one falls silent.
    for (int t = 0; t < 3; ++t) {
        h.clock.advance(30'000);
        ASSERT_TRUE(await(h.agents.heartbeat(second.id, Heartbeat{})).ok());
        await(h.scheduler.check());
    }
    h.clock.advance(1'000);
    await(h.scheduler.check());
    EXPECT_EQ(h.agents.agent(first.id)->status, AgentStatus::Offline);
    ASSERT_TRUE(waitUntil([&] { return statusOf(session.id()) == SessionStatus::Degraded; }));
    EXPECT_EQ(externals.dispatchesTo(second.id), 0) << "not before the grace period";

    h.clock.advance(30'000);
    ASSERT_TRUE(await(h.agents.heartbeat(second.id, Heartbeat{})).ok());
    await(h.scheduler.check());
    EXPECT_EQ(statusOf(session.id()), SessionStatus::Degraded);
    h.clock.advance(31'000);
    ASSERT_TRUE(await(h.agents.heartbeat(second.id, Heartbeat{})).ok());
    await(h.scheduler.check());
    ASSERT_TRUE(waitUntil([&] { return externals.dispatchesTo(second.id) == 1; }));
    const Session moved = sessionStatus(session.id());
    EXPECT_EQ(moved.status(), SessionStatus::Running);
    EXPECT_EQ(moved.assignedAgentId(), second.id);
    EXPECT_EQ(h.agents.agent(first.id)->currentTasks, 0);
    EXPECT_EQ(h.agents.agent(second.id)->currentTasks, 1);
    EXPECT_EQ(externals.dispatchesTo(first.id), 1) << "each session runs on one agent at a time";
    EXPECT_EQ(externals.actionsFor(firstTask), QStringList{u"cancel"_s}) << "the lost agent is told to stop";
    // The first agent's late result is refused; the second one's completes the session.
    EXPECT_EQ(await(h.scheduler.reportResult(first.id, firstTask, completed())).error().code, ErrorCode::Conflict);
    const QUuid secondTask = h.scheduler.taskOfSession(session.id())->taskId;
    ASSERT_TRUE(await(h.scheduler.reportResult(second.id, secondTask, completed())).ok());
    EXPECT_EQ(statusOf(session.id()), SessionStatus::Completed);
}

TEST_F(SchedulerTest, AnyAuthenticatedCallFromAnAgentCountsAsASignOfLife)
{
    const Agent agent = externalAgent(u"reporting"_s);
    const QString token = await(h.agents.rotateToken(agent.id)).value();
    h.clock.advance(80'000);
    ASSERT_TRUE(h.agents.authenticate(agent.id, token).ok()); // e.g. a progress report whose write is slow
    h.clock.advance(20'000);
    await(h.scheduler.check());
    EXPECT_EQ(h.agents.agent(agent.id)->status, AgentStatus::Online) << "100 s since registration, 20 s since contact";
    EXPECT_FALSE(h.agents.authenticate(agent.id, u"wrong"_s).ok());
    h.clock.advance(71'000);
    await(h.scheduler.check());
    EXPECT_EQ(h.agents.agent(agent.id)->status, AgentStatus::Offline) << "a wrong token is no sign of life";
}

TEST_F(SchedulerTest, ADegradedSessionWhoseAgentComesBackRunsOnWithoutASecondDispatch)
{
    const Agent agent = externalAgent(u"flaky"_s);
    const Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return externals.dispatches.size() == 1; }));
    Heartbeat degraded;
    degraded.status = HeartbeatStatus::Degraded;
    ASSERT_TRUE(await(h.agents.heartbeat(agent.id, degraded)).ok());
    ASSERT_TRUE(waitUntil([&] { return statusOf(session.id()) == SessionStatus::Degraded; }));
    h.clock.advance(30'000);
    ASSERT_TRUE(await(h.agents.heartbeat(agent.id, Heartbeat{})).ok());
    ASSERT_TRUE(waitUntil([&] { return statusOf(session.id()) == SessionStatus::Running; }));
    h.clock.advance(60'000);
    await(h.scheduler.check());
    EXPECT_EQ(statusOf(session.id()), SessionStatus::Running);
    EXPECT_EQ(externals.dispatches.size(), 1);
}

TEST_F(SchedulerTest, ALostSessionWithNoOtherAgentFailsRetryably)
{
    const Agent only = externalAgent(u"only"_s);
    const Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return externals.dispatches.size() == 1; }));
    h.clock.advance(91'000);
    await(h.scheduler.check());
    h.clock.advance(61'000);
    await(h.scheduler.check());
    ASSERT_TRUE(waitUntil([&] { return statusOf(session.id()) == SessionStatus::Failed; }));
    const Session failed = sessionStatus(session.id());
    EXPECT_EQ(failed.metrics().error->type, u"agent_lost"_s);
    EXPECT_TRUE(failed.hasRetriesLeft());
    EXPECT_EQ(h.agents.agent(only.id)->currentTasks, 0);
}

TEST_F(SchedulerTest, ProgressLogsLinesAndTakesCheckpointsThatTheNextDispatchResumesFrom)
{
    const Agent agent = h.addAgent(u"runner"_s, CapabilitySet::fromNames({u"testing"_s}));
    const Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return processes.dispatches.size() == 1; }));
    EXPECT_FALSE(processes.dispatches.constFirst().request.resumeFrom.has_value());
    const QUuid taskId = h.scheduler.taskOfSession(session.id())->taskId;
    RunnerProgress progress;
    progress.progress = 0.4;
    progress.message = u"tests written"_s;
    progress.log = QStringList{u"line one"_s, u"line two"_s};
    progress.checkpoint = QJsonObject{{u"step"_s, 2}};
    ASSERT_TRUE(await(h.scheduler.reportProgress(agent.id, taskId, progress)).ok());
    EXPECT_DOUBLE_EQ(h.scheduler.task(taskId)->progress, 0.4);
    QStringList lines;
    for (const Event &e : h.published) {
        if (e.type == EventType::SessionLog)
            lines.append(e.payload.value(u"line"_s).toString());
    }
    EXPECT_EQ(lines, (QStringList{u"[40%] tests written"_s, u"line one"_s, u"line two"_s}));
    progress.progress = 1.5;
    EXPECT_EQ(await(h.scheduler.reportProgress(agent.id, taskId, progress)).error().code, ErrorCode::ValidationError);

    RunnerResult failed;
    failed.status = OutcomeStatus::Failed;
    failed.errorMessage = u"compiler crashed"_s;
    ASSERT_TRUE(await(h.scheduler.reportResult(agent.id, taskId, failed)).ok());
    EXPECT_EQ(sessionStatus(session.id()).metrics().error->message, u"compiler crashed"_s);
    EXPECT_EQ(h.agents.agent(agent.id)->performance.tasksFailed, 1);
    ASSERT_TRUE(await(h.sessions.retry(session.id())).ok());
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(waitUntil([&] { return processes.dispatches.size() == 2; }));
    const auto resumeFrom = processes.dispatches.at(1).request.resumeFrom;
    ASSERT_TRUE(resumeFrom.has_value());
    EXPECT_EQ(resumeFrom->value(u"step"_s).toInt(), 2);
    EXPECT_NE(processes.dispatches.at(1).request.taskId, taskId) << "every dispatch is a new task";
}

TEST_F(SchedulerTest, DiagnosticsProbeTheAgentAndListItsRecentTasksNewestFirst)
{
    const Agent agent = h.addAgent(u"runner"_s, CapabilitySet::fromNames({u"testing"_s}));
    QList<QUuid> sessions;
    for (int i = 0; i < 2; ++i) {
        const Session s = h.addSession(u"s%1"_s.arg(i));
        ASSERT_TRUE(await(h.sessions.start(s.id())).ok());
        sessions.append(s.id());
    }
    ASSERT_TRUE(waitUntil([&] { return processes.dispatches.size() == 2; }));
    const auto diagnostics = await(h.scheduler.diagnostics(agent.id));
    ASSERT_TRUE(diagnostics.ok());
    EXPECT_TRUE(diagnostics->probe.ok);
    EXPECT_EQ(processes.probes, 1);
    ASSERT_EQ(diagnostics->recentTasks.size(), 2);
    EXPECT_EQ(diagnostics->recentTasks.at(0).sessionId, sessions.at(1));
    EXPECT_EQ(diagnostics->agent.currentTasks, 2);
    EXPECT_EQ(await(h.scheduler.diagnostics(newId())).error().code, ErrorCode::NotFound);
}

} // namespace
