#include "harness.h"
#include "support/gate.h"

#include "domain/identifiers.h"

#include <QDir>
#include <QJsonArray>

#include <qcorosignal.h>

using namespace Orc;
using namespace Orc::Domain;
using namespace Orc::Application;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

const CapabilitySet Coding{Capability::CodeGeneration, Capability::Testing};

QJsonObject requiring(QStringList capabilities)
{
    return QJsonObject{{u"required_capabilities"_s, QJsonArray::fromStringList(capabilities)}};
}

} // namespace

TEST(SessionService, CreatePersistsAndAnnouncesTheSession)
{
    Harness h;
    const Session session = h.addSession();
    EXPECT_EQ(session.status(), SessionStatus::Pending);
    EXPECT_EQ(session.version(), 1);
    auto loaded = await(h.sessions.get(session.id()));
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->spec().title, u"Fix the build"_s);
    ASSERT_EQ(h.published.size(), 1);
    EXPECT_EQ(h.published[0].type, EventType::SessionCreated);
    EXPECT_EQ(h.published[0].seq, 1);
}

TEST(SessionService, CreateRejectsInvalidFieldsAndUnknownParents)
{
    Harness h;
    SessionSpec spec;
    spec.initialPrompt = u"x"_s;
    auto invalid = await(h.sessions.create(spec));
    ASSERT_FALSE(invalid.ok());
    EXPECT_EQ(invalid.error().code, ErrorCode::ValidationError);
    EXPECT_EQ(invalid.error().details.first().field, u"title"_s);

    spec.title = u"child"_s;
    spec.parentId = newId();
    auto orphan = await(h.sessions.create(spec));
    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(orphan.error().details.first().field, u"parent_session_id"_s);
    EXPECT_TRUE(h.published.isEmpty()) << "nothing announced that was not stored";
}

TEST(SessionService, StartRoutesToACapableAgentAndReservesCapacityInTheSameWrite)
{
    Harness h;
    const Agent agent = h.addAgent(u"coder"_s, Coding, 2);
    const Session session = h.addSession(u"t"_s, requiring({u"code_generation"_s}));
    h.published.clear();
    const int commitsBefore = h.store.commitCount();
    auto started = await(h.sessions.start(session.id()));
    ASSERT_TRUE(started.ok()) << started.error().message.toStdString();
    EXPECT_EQ(started->status(), SessionStatus::Running);
    EXPECT_EQ(started->assignedAgentId(), agent.id);
    EXPECT_EQ(started->version(), 2);
    EXPECT_EQ(h.agents.agent(agent.id)->currentTasks, 1);
    EXPECT_EQ(h.store.commitCount(), commitsBefore + 1) << "session and reservation in one transaction";
    EXPECT_EQ(h.publishedTypes(),
              (QStringList{u"session.status_changed"_s, u"agent.load_changed"_s, u"agent.task_assigned"_s}));
    const auto stored = await(h.store.agents());
    EXPECT_EQ(stored->first().currentTasks, 1);
}

TEST(SessionService, StartWithNoCapableAgentQueuesAndSaysWhy)
{
    Harness h;
    h.addAgent(u"reviewer"_s, {Capability::CodeReview});
    const Session session = h.addSession(u"t"_s, requiring({u"database_design"_s}));
    auto started = await(h.sessions.start(session.id()));
    ASSERT_TRUE(started.ok());
    EXPECT_EQ(started->status(), SessionStatus::Queued);
    const Event &log = h.published.last();
    EXPECT_EQ(log.type, EventType::SessionLog);
    EXPECT_EQ(log.payload.value(u"level"_s).toString(), u"warning"_s);
    EXPECT_TRUE(log.payload.value(u"line"_s).toString().contains(u"database_design"_s));

    // Starting again while still nobody can take it leaves it queued.
    auto again = await(h.sessions.start(session.id()));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->status(), SessionStatus::Queued);
}

TEST(SessionService, AnAgentAtCapacityGetsNoSecondSession)
{
    Harness h;
    const Agent agent = h.addAgent(u"solo"_s, Coding, 1);
    const Session first = h.addSession(u"one"_s, QJsonObject{{u"agent_id"_s, idString(agent.id)}});
    const Session second = h.addSession(u"two"_s, QJsonObject{{u"agent_id"_s, idString(agent.id)}});
    EXPECT_EQ(await(h.sessions.start(first.id()))->status(), SessionStatus::Running);
    EXPECT_EQ(await(h.sessions.start(second.id()))->status(), SessionStatus::Queued);
    EXPECT_EQ(h.agents.agent(agent.id)->currentTasks, 1);
}

TEST(SessionService, EndingASessionGivesTheCapacityBack)
{
    Harness h;
    const Agent agent = h.addAgent(u"coder"_s, Coding, 1);
    for (auto end : {0, 1, 2, 3}) {
        const Session session = h.addSession();
        ASSERT_EQ(await(h.sessions.start(session.id()))->status(), SessionStatus::Running);
        ASSERT_EQ(h.agents.agent(agent.id)->currentTasks, 1);
        Result<Session> ended = Error::internal(u"unset"_s);
        switch (end) {
        case 0: ended = await(h.sessions.complete(session.id(), CompletionReport{})); break;
        case 1:
            ended = await(h.sessions.fail(session.id(),
                                          FailureReport{SessionStatus::Failed, u"e"_s, u"m"_s, {}, {}, {}, {}, {}}));
            break;
        case 2: ended = await(h.sessions.cancel(session.id())); break;
        case 3: ended = await(h.sessions.stop(session.id())); break;
        }
        ASSERT_TRUE(ended.ok()) << end;
        EXPECT_EQ(h.agents.agent(agent.id)->currentTasks, 0) << "end " << end;
        EXPECT_EQ(h.published.last().type, EventType::AgentTaskCompleted);
    }
}

TEST(SessionService, AFailedWriteUndoesTheReservation)
{
    Harness h;
    const Agent agent = h.addAgent(u"coder"_s, Coding, 1);
    const Session session = h.addSession();
    // Reads work, the write fails: the reservation made for it must not leak.
    struct FailingCommits final : IUnitOfWork
    {
        QCoro::Task<Result<Events>> commit(ChangeSet) override { co_return Error::unavailable(u"disk gone"_s); }
    } failing;
    SessionService service(h.clock, h.store, failing, h.agents);
    auto started = await(service.start(session.id()));
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().code, ErrorCode::Unavailable);
    EXPECT_EQ(h.agents.agent(agent.id)->currentTasks, 0);
    EXPECT_EQ(await(h.sessions.get(session.id()))->status(), SessionStatus::Pending);
}

TEST(SessionService, PauseNeedsAnAgentThatCanPause)
{
    Harness h;
    AgentRegistration opencode; // an OpenCode server cannot be paused
    opencode.name = u"plain"_s;
    opencode.kind = AgentKind::Opencode;
    opencode.capabilities = Coding;
    opencode.config = QJsonObject{{u"url"_s, u"http://127.0.0.1:4096"_s},
                                  {u"provider_id"_s, u"p"_s},
                                  {u"model_id"_s, u"m"_s},
                                  {u"directory"_s, QDir::tempPath()}};
    ASSERT_TRUE(await(h.agents.registerInternal(opencode)).ok());
    const Session plain = h.addSession();
    ASSERT_TRUE(await(h.sessions.start(plain.id())).ok());
    auto refused = await(h.sessions.pause(plain.id()));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::NotSupported);

    Harness p;
    const Agent pausable = p.addAgent(u"pausable"_s, Coding, 5, {u"pause"_s});
    const Session session = p.addSession();
    ASSERT_TRUE(await(p.sessions.start(session.id())).ok());
    auto paused = await(p.sessions.pause(session.id()));
    ASSERT_TRUE(paused.ok());
    EXPECT_EQ(paused->status(), SessionStatus::Paused);
    EXPECT_EQ(p.agents.agent(pausable.id)->currentTasks, 1) << "a paused session keeps its agent";
    EXPECT_EQ(await(p.sessions.resume(session.id()))->status(), SessionStatus::Running);
    EXPECT_EQ(await(p.sessions.resume(session.id())).error().code, ErrorCode::InvalidTransition);
}

TEST(SessionService, InvalidTransitionsAndTheRetryLimit)
{
    Harness h;
    const Session session = h.addSession();
    auto stop = await(h.sessions.stop(session.id()));
    ASSERT_FALSE(stop.ok());
    EXPECT_EQ(stop.error().code, ErrorCode::InvalidTransition);
    EXPECT_EQ(await(h.sessions.retry(session.id())).error().code, ErrorCode::InvalidTransition);
    ASSERT_TRUE(await(h.sessions.transition(session.id(), SessionStatus::Failed, u"gave up"_s)).ok());
    for (int i = 0; i < 3; ++i) {
        ASSERT_EQ(await(h.sessions.retry(session.id()))->status(), SessionStatus::Pending);
        ASSERT_TRUE(await(h.sessions.transition(session.id(), SessionStatus::Failed, u"again"_s)).ok());
    }
    auto limit = await(h.sessions.retry(session.id()));
    ASSERT_FALSE(limit.ok());
    EXPECT_EQ(limit.error().code, ErrorCode::RetryLimit);
}

TEST(SessionService, CheckpointsAreNumberedKeptAndRestorable)
{
    Harness h;
    h.addAgent(u"coder"_s, Coding);
    const Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    for (int i = 1; i <= 105; ++i) {
        auto checkpoint = await(h.sessions.addCheckpoint(session.id(), {{u"step"_s, i}}, {}));
        ASSERT_TRUE(checkpoint.ok());
        ASSERT_EQ(checkpoint->sequence, i);
    }
    auto kept = await(h.sessions.checkpoints(session.id()));
    ASSERT_EQ(kept->size(), 100) << "the newest 100 are kept";
    EXPECT_EQ(kept->first().sequence, 6);
    EXPECT_EQ(kept->last().sequence, 105);

    EXPECT_EQ(await(h.sessions.restoreCheckpoint(session.id(), 50)).error().code, ErrorCode::InvalidTransition)
        << "a running session is not recoverable";
    ASSERT_TRUE(await(h.sessions.transition(session.id(), SessionStatus::Failed, u"crash"_s)).ok());
    EXPECT_EQ(await(h.sessions.restoreCheckpoint(session.id(), 3)).error().code, ErrorCode::NotFound)
        << "checkpoint 3 is no longer kept";
    auto restored = await(h.sessions.restoreCheckpoint(session.id(), 50));
    ASSERT_TRUE(restored.ok());
    EXPECT_EQ(restored->status(), SessionStatus::Pending);
    EXPECT_EQ(restored->resumeFrom(), 50);
}

namespace {

// Holds every commit until the test opens the gate: two writers read the same version first.
class GatedUnitOfWork final : public IUnitOfWork
{
public:
    GatedUnitOfWork(IUnitOfWork &inner, Gate &gate) : m_inner(inner), m_gate(gate) {}
    int gatedCommits = 2;
    QCoro::Task<Result<Events>> commit(ChangeSet changes) override
    {
        if (gatedCommits > 0) {
            --gatedCommits;
            co_await qCoro(&m_gate, &Gate::opened);
        }
        co_return co_await m_inner.commit(std::move(changes));
    }

private:
    IUnitOfWork &m_inner;
    Gate &m_gate;
};

} // namespace

TEST(SessionService, ConcurrentCheckpointsNeverShareASequence)
{
    Harness h;
    const Session session = h.addSession();
    Gate gate;
    GatedUnitOfWork gated(h.store, gate);
    SessionService service(h.clock, h.store, gated, h.agents);
    auto first = service.addCheckpoint(session.id(), {{u"who"_s, u"first"_s}}, {});
    auto second = service.addCheckpoint(session.id(), {{u"who"_s, u"second"_s}}, {});
    ASSERT_FALSE(first.isReady());
    ASSERT_FALSE(second.isReady());
    gate.open(); // both wrote sequence 1 against version 1: one wins, the other must re-read
    const auto a = await(std::move(first));
    const auto b = await(std::move(second));
    ASSERT_TRUE(a.ok()) << a.error().message.toStdString();
    ASSERT_TRUE(b.ok()) << b.error().message.toStdString();
    EXPECT_NE(a->sequence, b->sequence);
    EXPECT_EQ(a->sequence + b->sequence, 3);
    EXPECT_EQ(await(h.sessions.get(session.id()))->metrics().checkpointCount, 2);
}

TEST(SessionService, UpdateHonoursTheExpectedVersionAndTheRules)
{
    Harness h;
    const Session session = h.addSession();
    auto stale = await(h.sessions.update(
        session.id(), [](SessionSpec &s) { s.title = u"new"_s; }, 7));
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, ErrorCode::VersionMismatch);
    auto invalid = await(h.sessions.update(
        session.id(), [](SessionSpec &s) { s.maxDurationSeconds = 5; }, 1));
    EXPECT_EQ(invalid.error().code, ErrorCode::ValidationError);
    auto updated = await(h.sessions.update(
        session.id(), [](SessionSpec &s) { s.title = u"  renamed "_s; }, 1));
    ASSERT_TRUE(updated.ok());
    EXPECT_EQ(updated->spec().title, u"renamed"_s);
    EXPECT_EQ(updated->version(), 2);
}

TEST(SessionService, DeletionIsSoft)
{
    Harness h;
    const Session session = h.addSession();
    ASSERT_TRUE(await(h.sessions.remove(session.id())).ok());
    EXPECT_EQ(await(h.sessions.get(session.id())).error().code, ErrorCode::NotFound);
    auto kept = await(h.sessions.get(session.id(), true));
    ASSERT_TRUE(kept.ok());
    EXPECT_TRUE(kept->isDeleted());
    EXPECT_EQ(await(h.sessions.remove(session.id())).error().code, ErrorCode::NotFound);
    SessionQuery query;
    EXPECT_EQ(await(h.sessions.list(query))->total, 0);
    query.includeDeleted = true;
    EXPECT_EQ(await(h.sessions.list(query))->total, 1);
}

TEST(SessionService, ListFiltersAndPages)
{
    Harness h;
    for (int i = 0; i < 7; ++i) {
        h.clock.advance(1000);
        h.addSession(u"session %1"_s.arg(i), {}, i % 2 ? SessionPriority::High : SessionPriority::Low);
    }
    SessionQuery query;
    query.page = {2, 3};
    auto page = await(h.sessions.list(query));
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 7);
    EXPECT_EQ(page->totalPages(), 3);
    ASSERT_EQ(page->items.size(), 3);
    EXPECT_EQ(page->items[0].spec().title, u"session 3"_s) << "newest first";
    query = {};
    query.priority = SessionPriority::High;
    EXPECT_EQ(await(h.sessions.list(query))->total, 3);
    query = {};
    query.text = u"SESSION 6"_s;
    EXPECT_EQ(await(h.sessions.list(query))->total, 1);
    query = {};
    query.page.pageSize = 201;
    EXPECT_EQ(await(h.sessions.list(query)).error().code, ErrorCode::ValidationError);
}

TEST(SessionService, ChildrenAndTrees)
{
    Harness h;
    const Session root = h.addSession(u"root"_s);
    SessionSpec spec;
    spec.title = u"child"_s;
    spec.initialPrompt = u"p"_s;
    spec.parentId = root.id();
    const Session child = await(h.sessions.create(spec)).value();
    spec.parentId = child.id();
    spec.title = u"grandchild"_s;
    ASSERT_TRUE(await(h.sessions.create(spec)).ok());
    EXPECT_EQ(await(h.sessions.childIds(root.id())).value(), QList<QUuid>{child.id()});
    auto tree = await(h.sessions.tree(root.id()));
    ASSERT_TRUE(tree.ok());
    ASSERT_EQ(tree->children.size(), 1);
    ASSERT_EQ(tree->children[0].children.size(), 1);
    EXPECT_EQ(tree->children[0].children[0].session.spec().title, u"grandchild"_s);
}

TEST(SessionService, LogLinesBecomeSessionLogEvents)
{
    Harness h;
    const Session session = h.addSession();
    h.published.clear();
    ASSERT_TRUE(await(h.sessions.log(session.id(), {u"compiling"_s, u"linking"_s})).ok());
    ASSERT_EQ(h.published.size(), 2);
    EXPECT_EQ(h.published[1].payload.value(u"line"_s).toString(), u"linking"_s);
    EXPECT_EQ(h.published[1].payload.value(u"session_id"_s).toString(), idString(session.id()));
    EXPECT_EQ(await(h.sessions.log(newId(), {u"x"_s})).error().code, ErrorCode::NotFound);
}

TEST(SessionService, StorageOutageIsUnavailableNotACrash)
{
    Harness h;
    const Session session = h.addSession();
    h.store.setFailure(Error::unavailable(u"database unreachable"_s));
    EXPECT_EQ(await(h.sessions.get(session.id())).error().code, ErrorCode::Unavailable);
    EXPECT_EQ(await(h.sessions.start(session.id())).error().code, ErrorCode::Unavailable);
    h.store.setFailure(std::nullopt);
    EXPECT_TRUE(await(h.sessions.get(session.id())).ok());
}

TEST(EventBus, DeliversInSeqOrderExactlyOnceEvenWhenSubscribersWrite)
{
    Harness h;
    const Session session = h.addSession();
    // A subscriber that writes in reaction to an event: its events must queue behind, not interleave.
    bool reacted = false;
    QObject::connect(&h.bus, &IEventBus::published, &h.bus, [&](const Event &e) {
        if (e.type == EventType::SessionStatusChanged && !reacted) {
            reacted = true;
            h.sessions.log(session.id(), {u"reaction"_s});
        }
    });
    h.addAgent(u"coder"_s, Coding);
    h.published.clear();
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    ASSERT_TRUE(reacted);
    QList<qint64> seqs;
    for (const Event &e : h.published)
        seqs.append(e.seq);
    for (qsizetype i = 1; i < seqs.size(); ++i)
        EXPECT_EQ(seqs[i], seqs[i - 1] + 1) << "in order, no gap, no duplicate";
    EXPECT_EQ(h.published.last().type, EventType::SessionLog);
    h.bus.publish(h.published); // a second delivery of the same events is ignored
    EXPECT_EQ(h.published.size(), seqs.size());
}

namespace {

// The services of a restarted process over the same store: the agent registry is loaded again.
struct Restarted
{
    explicit Restarted(Harness &h) : agents(h.clock, h.store, h.store), sessions(h.clock, h.store, h.store, agents)
    {
        EXPECT_TRUE(await(agents.load()).ok());
    }
    AgentService agents;
    SessionService sessions;
};

QStringList statusChangesOf(const Events &events, const QUuid &sessionId)
{
    QStringList moves;
    for (const Event &e : events) {
        if (e.type == EventType::SessionStatusChanged
            && e.payload.value(u"session_id"_s).toString() == idString(sessionId))
            moves.append(e.payload.value(u"old_status"_s).toString() + u"->"_s
                         + e.payload.value(u"new_status"_s).toString());
    }
    return moves;
}

} // namespace

TEST(SessionRecovery, InterruptedSessionsAreOrphanedAndRecoverableOnesResumeFromTheirLastCheckpoint)
{
    Harness h;
    const Agent agent = h.addAgent(u"coder"_s, Coding, 8, {u"pause"_s});
    const QJsonObject onAgent{{u"agent_id"_s, idString(agent.id)}};
    auto running = [&](const QString &title, int checkpoints) {
        const Session s = h.addSession(title, onAgent);
        EXPECT_EQ(await(h.sessions.start(s.id()))->status(), SessionStatus::Running);
        for (int i = 1; i <= checkpoints; ++i)
            EXPECT_TRUE(await(h.sessions.addCheckpoint(s.id(), QJsonObject{{u"step"_s, i}}, {})).ok());
        return s.id();
    };
    const QUuid withCheckpoints = running(u"with checkpoints"_s, 3);
    const QUuid withoutCheckpoint = running(u"no checkpoint"_s, 0);
    const QUuid paused = running(u"paused"_s, 1);
    ASSERT_TRUE(await(h.sessions.pause(paused)).ok());
    const QUuid degraded = running(u"degraded"_s, 2);
    ASSERT_TRUE(await(h.sessions.transition(degraded, SessionStatus::Degraded, u"agent silent"_s)).ok());
    const QUuid completed = running(u"completed"_s, 1);
    ASSERT_TRUE(await(h.sessions.complete(completed, CompletionReport{})).ok());
    const QUuid pending = h.addSession(u"pending"_s).id();
    ASSERT_EQ(h.agents.agent(agent.id)->currentTasks, 4);

    h.published.clear();
    Restarted process(h);
    ASSERT_EQ(process.agents.agent(agent.id)->currentTasks, 4) << "reservations are persisted";
    auto report = await(process.sessions.recoverInterrupted());
    ASSERT_TRUE(report.ok()) << report.error().message.toStdString();

    EXPECT_EQ(QSet<QUuid>(report->orphaned.cbegin(), report->orphaned.cend()),
              (QSet<QUuid>{withCheckpoints, withoutCheckpoint, paused, degraded}));
    EXPECT_EQ(QSet<QUuid>(report->resumed.cbegin(), report->resumed.cend()),
              (QSet<QUuid>{withCheckpoints, paused, degraded}));
    EXPECT_EQ(report->releasedReservations, 4);

    auto stored = [&](const QUuid &id) { return await(process.sessions.get(id, true)).value(); };
    EXPECT_EQ(stored(withCheckpoints).status(), SessionStatus::Pending);
    EXPECT_EQ(stored(withCheckpoints).resumeFrom(), 3);
    EXPECT_EQ(stored(withCheckpoints).metrics().retryCount, 1);
    EXPECT_EQ(stored(paused).resumeFrom(), 1);
    EXPECT_EQ(stored(degraded).resumeFrom(), 2);
    EXPECT_EQ(stored(withoutCheckpoint).status(), SessionStatus::Orphaned);
    EXPECT_EQ(stored(withoutCheckpoint).metrics().error->type, u"orphaned"_s);
    EXPECT_EQ(stored(completed).status(), SessionStatus::Completed);
    EXPECT_EQ(stored(pending).status(), SessionStatus::Pending);
    EXPECT_EQ(stored(pending).version(), 1);

    // Capacity: given back in memory and in storage.
    EXPECT_EQ(process.agents.agent(agent.id)->currentTasks, 0);
    Restarted again(h);
    EXPECT_EQ(again.agents.agent(agent.id)->currentTasks, 0);

    // The glass box: every move announced, in order, with the reason.
    EXPECT_EQ(statusChangesOf(h.published, withCheckpoints),
              (QStringList{u"running->orphaned"_s, u"orphaned->pending"_s}));
    EXPECT_EQ(statusChangesOf(h.published, paused), (QStringList{u"paused->orphaned"_s, u"orphaned->pending"_s}));
    EXPECT_EQ(statusChangesOf(h.published, withoutCheckpoint), QStringList{u"running->orphaned"_s});
    EXPECT_TRUE(h.publishedTypes().contains(EventType::SessionFailed));
    EXPECT_TRUE(h.publishedTypes().contains(EventType::AgentTaskCompleted));

    // A second start finds nothing to do.
    h.published.clear();
    auto second = await(again.sessions.recoverInterrupted());
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->orphaned.isEmpty());
    EXPECT_EQ(second->releasedReservations, 0);
    EXPECT_TRUE(h.published.isEmpty());
}

TEST(SessionRecovery, RetriesAreNotResumedPastTheLimitAndStaleReservationsAreReleased)
{
    Harness h;
    const Agent agent = h.addAgent(u"coder"_s, Coding, 4);
    SessionSpec spec;
    spec.title = u"no retries left"_s;
    spec.initialPrompt = u"go"_s;
    spec.maxRetries = 0;
    spec.agentConfig = QJsonObject{{u"agent_id"_s, idString(agent.id)}};
    const QUuid id = await(h.sessions.create(spec, true))->id();
    ASSERT_TRUE(await(h.sessions.addCheckpoint(id, QJsonObject{{u"step"_s, 1}}, {})).ok());
    // A reservation no session holds (its task died with the process).
    WriteBatch stale;
    ASSERT_TRUE(h.agents.reserveAgent(agent.id, stale).ok());
    ASSERT_TRUE(await(commit(h.store, stale)).ok());
    ASSERT_EQ(h.agents.agent(agent.id)->currentTasks, 2);

    Restarted process(h);
    auto report = await(process.sessions.recoverInterrupted());
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->orphaned, QList<QUuid>{id});
    EXPECT_TRUE(report->resumed.isEmpty());
    EXPECT_EQ(report->releasedReservations, 2);
    EXPECT_EQ(await(process.sessions.get(id))->status(), SessionStatus::Orphaned);
    EXPECT_EQ(process.agents.agent(agent.id)->currentTasks, 0);
}

TEST(SessionRecovery, AStorageOutageChangesNothing)
{
    Harness h;
    const Agent agent = h.addAgent(u"coder"_s, Coding, 4);
    const Session session = h.addSession(u"running"_s, QJsonObject{{u"agent_id"_s, idString(agent.id)}});
    ASSERT_TRUE(await(h.sessions.start(session.id())).ok());
    Restarted process(h);
    h.store.setFailure(Error::unavailable(u"database restarting"_s));
    auto report = await(process.sessions.recoverInterrupted());
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error().code, ErrorCode::Unavailable);
    h.store.setFailure(std::nullopt);
    EXPECT_EQ(await(process.sessions.get(session.id()))->status(), SessionStatus::Running);
    EXPECT_EQ(process.agents.agent(agent.id)->currentTasks, 1);
}
