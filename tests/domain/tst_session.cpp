#include "domain/identifiers.h"
#include "domain/session.h"
#include "domain/sessionjson.h"
#include "support/qtprinters.h"

#include <QJsonArray>
#include <QSet>

#include <gtest/gtest.h>

using namespace Orc::Domain;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);

SessionSpec validSpec()
{
    SessionSpec spec;
    spec.title = u"Refactor the parser"_s;
    spec.initialPrompt = u"Split parser.cpp into lexer and parser"_s;
    return spec;
}

Session sessionIn(SessionStatus status, int retryCount = 0, int checkpoints = 0)
{
    SessionState state;
    state.status = status;
    state.statusUpdatedAt = T0;
    state.createdAt = T0;
    state.updatedAt = T0;
    state.waitingSince = T0;
    state.metrics.createdAt = T0;
    state.metrics.retryCount = retryCount;
    state.metrics.checkpointCount = checkpoints;
    return Session::restore(newId(), validSpec(), state);
}

// CONTRACT.md §1, written out here independently of the implementation's table.
const QHash<QString, QStringList> &contractTable()
{
    static const QHash<QString, QStringList> table{
        {u"pending"_s, {u"queued"_s, u"running"_s, u"cancelled"_s, u"failed"_s}},
        {u"queued"_s, {u"running"_s, u"cancelled"_s, u"failed"_s}},
        {u"running"_s,
         {u"completed"_s, u"partially_completed"_s, u"failed"_s, u"timeout"_s, u"paused"_s, u"stopped"_s,
          u"cancelled"_s, u"degraded"_s, u"orphaned"_s}},
        {u"paused"_s, {u"running"_s, u"stopped"_s, u"cancelled"_s, u"orphaned"_s}},
        {u"degraded"_s, {u"running"_s, u"failed"_s, u"completed"_s, u"stopped"_s, u"cancelled"_s, u"orphaned"_s}},
        {u"failed"_s, {u"pending"_s}},
        {u"timeout"_s, {u"pending"_s}},
        {u"stopped"_s, {u"pending"_s}},
        {u"orphaned"_s, {u"pending"_s}},
        {u"completed"_s, {}},
        {u"partially_completed"_s, {}},
        {u"cancelled"_s, {}},
    };
    return table;
}

} // namespace

TEST(SessionStatusNames, AreTheContractsTwelveSnakeCaseNames)
{
    const QStringList names = sessionStatusNames();
    EXPECT_EQ(names.size(), 12);
    for (const QString &name : contractTable().keys())
        EXPECT_TRUE(names.contains(name)) << name.toStdString();
}

// Every (from, to) pair: the 30 allowed moves succeed, the other 114 are INVALID_TRANSITION naming both.
TEST(SessionTransitions, EveryPairOfTheTableIsAllowedOrRejectedAsTheContractSays)
{
    int allowed = 0;
    int rejected = 0;
    for (const QString &fromName : sessionStatusNames()) {
        for (const QString &toName : sessionStatusNames()) {
            const SessionStatus from = *sessionStatusFromName(fromName);
            const SessionStatus to = *sessionStatusFromName(toName);
            Session session = sessionIn(from);
            const bool expected = contractTable().value(fromName).contains(toName);
            EXPECT_EQ(canTransition(from, to), expected) << fromName.toStdString() << " -> " << toName.toStdString();
            const Status status = session.transitionTo(to, T0.addSecs(10));
            if (expected) {
                ++allowed;
                ASSERT_TRUE(status.ok()) << fromName.toStdString() << " -> " << toName.toStdString() << ": "
                                         << status.error().message.toStdString();
                EXPECT_EQ(session.status(), to);
                const Events events = session.takeEvents();
                ASSERT_FALSE(events.isEmpty());
                EXPECT_EQ(events.first().type, EventType::SessionStatusChanged);
                EXPECT_EQ(events.first().payload.value(u"old_status"_s).toString(), fromName);
                EXPECT_EQ(events.first().payload.value(u"new_status"_s).toString(), toName);
            } else {
                ++rejected;
                ASSERT_FALSE(status.ok()) << fromName.toStdString() << " -> " << toName.toStdString();
                EXPECT_EQ(status.error().code, ErrorCode::InvalidTransition);
                EXPECT_TRUE(status.error().message.contains(fromName));
                EXPECT_TRUE(status.error().message.contains(toName));
                EXPECT_EQ(session.status(), from) << "a rejected transition changes nothing";
                EXPECT_TRUE(session.takeEvents().isEmpty());
            }
        }
    }
    EXPECT_EQ(allowed, 30);
    EXPECT_EQ(rejected, 144 - 30);
}

TEST(SessionTransitions, TerminalStatesHaveNoWayOut)
{
    for (SessionStatus s : {SessionStatus::Completed, SessionStatus::PartiallyCompleted, SessionStatus::Cancelled}) {
        EXPECT_TRUE(isTerminal(s));
        EXPECT_TRUE(allowedTransitions(s).isEmpty());
    }
    EXPECT_FALSE(isTerminal(SessionStatus::Failed));
}

TEST(SessionRetry, AllowedWhileRetriesAreLeftThenRetryLimit)
{
    Session session = sessionIn(SessionStatus::Failed);
    for (int i = 1; i <= 3; ++i) {
        ASSERT_TRUE(session.retry(T0).ok()) << "retry " << i;
        EXPECT_EQ(session.status(), SessionStatus::Pending);
        EXPECT_EQ(session.metrics().retryCount, i);
        ASSERT_TRUE(session.startOn(newId(), T0).ok());
        ASSERT_TRUE(session.transitionTo(SessionStatus::Timeout, T0).ok());
    }
    const Status fourth = session.retry(T0);
    ASSERT_FALSE(fourth.ok());
    EXPECT_EQ(fourth.error().code, ErrorCode::RetryLimit);
    EXPECT_EQ(session.status(), SessionStatus::Timeout);
    EXPECT_EQ(session.metrics().retryCount, 3);
}

TEST(SessionRetry, ResumesFromTheNewestCheckpointAndClearsTheAgent)
{
    Session session = sessionIn(SessionStatus::Pending);
    const QUuid agent = newId();
    ASSERT_TRUE(session.startOn(agent, T0).ok());
    EXPECT_EQ(session.assignedAgentId(), agent);
    ASSERT_TRUE(session.addCheckpoint({{u"step"_s, 1}}, {}, newId(), T0).ok());
    ASSERT_TRUE(session.addCheckpoint({{u"step"_s, 2}}, {}, newId(), T0).ok());
    ASSERT_TRUE(session.fail(SessionStatus::Failed, {u"agent_error"_s, u"boom"_s, {}}, T0).ok());
    ASSERT_TRUE(session.retry(T0).ok());
    EXPECT_EQ(session.resumeFrom(), 2);
    EXPECT_TRUE(session.assignedAgentId().isNull());
    EXPECT_FALSE(session.metrics().error.has_value());
}

TEST(SessionRetry, WithoutCheckpointsResumesFromNothing)
{
    Session session = sessionIn(SessionStatus::Stopped);
    ASSERT_TRUE(session.retry(T0).ok());
    EXPECT_FALSE(session.resumeFrom().has_value());
}

TEST(SessionHealthScore, FollowsTheContract)
{
    EXPECT_DOUBLE_EQ(sessionIn(SessionStatus::Completed).healthScore(T0), 1.0);
    EXPECT_DOUBLE_EQ(sessionIn(SessionStatus::Failed).healthScore(T0), 0.0);
    for (SessionStatus s : {SessionStatus::Pending, SessionStatus::Queued, SessionStatus::Paused,
                            SessionStatus::Degraded, SessionStatus::PartiallyCompleted, SessionStatus::Timeout,
                            SessionStatus::Stopped, SessionStatus::Cancelled, SessionStatus::Orphaned})
        EXPECT_DOUBLE_EQ(sessionIn(s).healthScore(T0), 0.8) << sessionStatusName(s).toStdString();

    Session running = sessionIn(SessionStatus::Pending);
    ASSERT_TRUE(running.startOn(newId(), T0).ok());               // max duration 3600 s
    EXPECT_DOUBLE_EQ(running.healthScore(T0.addSecs(2520)), 0.9); // exactly 0.7: not above
    EXPECT_DOUBLE_EQ(running.healthScore(T0.addSecs(2521)), 0.7);
    EXPECT_DOUBLE_EQ(running.healthScore(T0.addSecs(3240)), 0.7); // exactly 0.9
    EXPECT_DOUBLE_EQ(running.healthScore(T0.addSecs(3241)), 0.3);
}

TEST(SessionRecoverability, NeedsAFailureStateACheckpointAndRetriesLeft)
{
    EXPECT_TRUE(sessionIn(SessionStatus::Failed, 0, 1).isRecoverable());
    EXPECT_TRUE(sessionIn(SessionStatus::Timeout, 2, 5).isRecoverable());
    EXPECT_TRUE(sessionIn(SessionStatus::Stopped, 0, 1).isRecoverable());
    EXPECT_TRUE(sessionIn(SessionStatus::Orphaned, 0, 1).isRecoverable());
    EXPECT_FALSE(sessionIn(SessionStatus::Failed, 0, 0).isRecoverable()) << "no checkpoint";
    EXPECT_FALSE(sessionIn(SessionStatus::Failed, 3, 1).isRecoverable()) << "no retries left";
    EXPECT_FALSE(sessionIn(SessionStatus::Cancelled, 0, 1).isRecoverable());
    EXPECT_FALSE(sessionIn(SessionStatus::Running, 0, 1).isRecoverable());
}

TEST(SessionCheckpoints, SequencesStartAtOneAndIncrease)
{
    Session session = sessionIn(SessionStatus::Running);
    for (int i = 1; i <= 5; ++i) {
        auto checkpoint = session.addCheckpoint({{u"i"_s, i}}, {}, newId(), T0.addSecs(i));
        ASSERT_TRUE(checkpoint.ok());
        EXPECT_EQ(checkpoint->sequence, i);
        EXPECT_EQ(checkpoint->sessionId, session.id());
    }
    EXPECT_EQ(session.metrics().checkpointCount, 5);
    EXPECT_EQ(session.metrics().lastCheckpointAt, T0.addSecs(5));
    const Events events = session.takeEvents();
    ASSERT_EQ(events.size(), 5);
    EXPECT_EQ(events.last().type, EventType::SessionCheckpointCreated);
    EXPECT_EQ(events.last().payload.value(u"sequence"_s).toInt(), 5);
}

TEST(SessionCheckpoints, NoneOnceTheSessionHasEnded)
{
    Session session = sessionIn(SessionStatus::Completed);
    auto checkpoint = session.addCheckpoint({}, {}, newId(), T0);
    ASSERT_FALSE(checkpoint.ok());
    EXPECT_EQ(checkpoint.error().code, ErrorCode::Conflict);
}

TEST(SessionCheckpoints, RestoreMovesARecoverableSessionToPendingResumingFromIt)
{
    Session session = sessionIn(SessionStatus::Failed, 0, 7);
    ASSERT_TRUE(session.restoreCheckpoint(4, T0).ok());
    EXPECT_EQ(session.status(), SessionStatus::Pending);
    EXPECT_EQ(session.resumeFrom(), 4);
    EXPECT_EQ(session.metrics().retryCount, 1);
}

TEST(SessionCheckpoints, RestoreOfANonRecoverableSessionIsAnInvalidTransition)
{
    Session running = sessionIn(SessionStatus::Running, 0, 3);
    EXPECT_EQ(running.restoreCheckpoint(1, T0).error().code, ErrorCode::InvalidTransition);
    Session noCheckpoint = sessionIn(SessionStatus::Failed, 0, 0);
    EXPECT_EQ(noCheckpoint.restoreCheckpoint(1, T0).error().code, ErrorCode::InvalidTransition);
    Session exhausted = sessionIn(SessionStatus::Failed, 3, 2);
    EXPECT_EQ(exhausted.restoreCheckpoint(1, T0).error().code, ErrorCode::InvalidTransition);
}

TEST(SessionCheckpoints, RestoreOfACheckpointNoLongerKeptIsNotFound)
{
    Session session = sessionIn(SessionStatus::Failed, 0, 150); // 51..150 are kept
    EXPECT_EQ(session.restoreCheckpoint(50, T0).error().code, ErrorCode::NotFound);
    EXPECT_EQ(session.restoreCheckpoint(151, T0).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(session.restoreCheckpoint(51, T0).ok());
}

TEST(SessionMetricsTiming, QueueExecutionAndTotalDurationsAreRecorded)
{
    auto created = Session::create(validSpec(), newId(), T0);
    ASSERT_TRUE(created.ok());
    Session session = created.value();
    ASSERT_TRUE(session.transitionTo(SessionStatus::Queued, T0.addSecs(1)).ok());
    ASSERT_TRUE(session.startOn(newId(), T0.addSecs(5)).ok());
    ASSERT_TRUE(
        session.complete(SessionStatus::Completed, QJsonObject{{u"ok"_s, true}}, 1.0, 0.9, 0.8, T0.addSecs(65)).ok());
    const SessionMetrics &m = session.metrics();
    EXPECT_EQ(m.startedAt, T0.addSecs(5));
    EXPECT_EQ(m.completedAt, T0.addSecs(65));
    EXPECT_DOUBLE_EQ(*m.queueDurationSeconds, 5.0);
    EXPECT_DOUBLE_EQ(*m.executionDurationSeconds, 60.0);
    EXPECT_DOUBLE_EQ(*m.totalDurationSeconds, 65.0);
    EXPECT_EQ(m.result->value(u"ok"_s).toBool(), true);
    EXPECT_DOUBLE_EQ(*m.codeQualityScore, 0.8);
}

TEST(SessionEvents, FailureAnnouncesTypeMessageAndRetryability)
{
    Session session = sessionIn(SessionStatus::Running, 2);
    ASSERT_TRUE(session.fail(SessionStatus::Failed, {u"agent_error"_s, u"compiler crashed"_s, {}}, T0).ok());
    const Events events = session.takeEvents();
    ASSERT_EQ(events.size(), 2);
    EXPECT_EQ(events[1].type, EventType::SessionFailed);
    EXPECT_EQ(events[1].payload.value(u"error_type"_s).toString(), u"agent_error"_s);
    EXPECT_EQ(events[1].payload.value(u"error_message"_s).toString(), u"compiler crashed"_s);
    EXPECT_TRUE(events[1].payload.value(u"retryable"_s).toBool());

    Session last = sessionIn(SessionStatus::Running, 3);
    ASSERT_TRUE(last.transitionTo(SessionStatus::Timeout, T0).ok());
    const Events timeoutEvents = last.takeEvents();
    EXPECT_EQ(timeoutEvents[1].payload.value(u"error_type"_s).toString(), u"timeout"_s);
    EXPECT_FALSE(timeoutEvents[1].payload.value(u"retryable"_s).toBool());
}

TEST(SessionEvents, CreationAnnouncesTheWholeSession)
{
    auto session = Session::create(validSpec(), newId(), T0);
    ASSERT_TRUE(session.ok());
    const Events events = session->takeEvents();
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].type, EventType::SessionCreated);
    EXPECT_EQ(events[0].payload.value(u"session"_s).toObject().value(u"title"_s).toString(), validSpec().title);
    EXPECT_EQ(session->version(), 1);
}

TEST(SessionValidation, AcceptsAValidSpecAndTrimsTheTitle)
{
    SessionSpec spec = validSpec();
    spec.title = u"   padded   "_s;
    auto session = Session::create(spec, newId(), T0);
    ASSERT_TRUE(session.ok());
    EXPECT_EQ(session->spec().title, u"padded"_s);
}

TEST(SessionValidation, ListsEveryInvalidField)
{
    SessionSpec spec;
    spec.title = u"   "_s;
    spec.description = QString(1001, u'd');
    spec.initialPrompt = QString();
    spec.maxDurationSeconds = 59;
    spec.cpuLimit = 8.5;
    spec.memoryLimitMb = 99;
    spec.modelIdentifier = u"no-slash"_s;
    spec.tags = QStringList(21, u"t"_s);
    spec.agentConfig = QJsonObject{{u"agent_id"_s, u"not-a-uuid"_s},
                                   {u"required_capabilities"_s, QJsonArray{u"code_generation"_s, u"juggling"_s}}};
    const QList<FieldError> errors = validate(spec);
    QSet<QString> fields;
    for (const FieldError &e : errors)
        fields.insert(e.field);
    for (const QString &f : {u"title"_s, u"description"_s, u"initial_prompt"_s, u"max_duration_seconds"_s,
                             u"cpu_limit"_s, u"memory_limit_mb"_s, u"model_identifier"_s, u"tags"_s,
                             u"agent_config.agent_id"_s, u"agent_config.required_capabilities"_s})
        EXPECT_TRUE(fields.contains(f)) << f.toStdString();
    auto created = Session::create(spec, newId(), T0);
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::ValidationError);
    EXPECT_EQ(created.error().details.size(), errors.size());
}

TEST(SessionValidation, BoundariesAreInclusive)
{
    SessionSpec spec = validSpec();
    spec.title = QString(200, u't');
    spec.description = QString(1000, u'd');
    spec.initialPrompt = QString(10000, u'p');
    spec.maxDurationSeconds = 60;
    spec.cpuLimit = 0.1;
    spec.memoryLimitMb = 8192;
    spec.tags = QStringList(20, u"t"_s);
    EXPECT_TRUE(validate(spec).isEmpty());
    spec.maxDurationSeconds = 86400;
    spec.cpuLimit = 8.0;
    spec.memoryLimitMb = 100;
    EXPECT_TRUE(validate(spec).isEmpty());
    spec.title = QString(201, u't');
    spec.initialPrompt = QString(10001, u'p');
    spec.maxDurationSeconds = 86401;
    EXPECT_EQ(validate(spec).size(), 3);
}

TEST(SessionDeletion, IsSoftAndRefusedWhileActive)
{
    Session running = sessionIn(SessionStatus::Running);
    EXPECT_EQ(running.markDeleted(T0).error().code, ErrorCode::Conflict);
    Session done = sessionIn(SessionStatus::Completed);
    ASSERT_TRUE(done.markDeleted(T0).ok());
    EXPECT_TRUE(done.isDeleted());
    EXPECT_EQ(done.state().deletedAt, T0);
}

TEST(SessionVersion, GrowsByOnePerWrite)
{
    Session session = sessionIn(SessionStatus::Pending);
    const int before = session.version();
    ASSERT_TRUE(session.startOn(newId(), T0).ok());
    session.markChanged(T0.addSecs(1));
    EXPECT_EQ(session.version(), before + 1);
    EXPECT_EQ(session.state().updatedAt, T0.addSecs(1));
}

TEST(SessionJson, RoundTripsEveryField)
{
    SessionSpec spec = validSpec();
    spec.description = u"desc"_s;
    spec.type = SessionType::Debug;
    spec.priority = SessionPriority::High;
    spec.agentConfig = QJsonObject{{u"required_capabilities"_s, QJsonArray{u"debugging"_s}}};
    spec.modelIdentifier = u"openai/gpt-4o"_s;
    spec.cpuLimit = 2.5;
    spec.memoryLimitMb = 512;
    spec.tags = {u"a"_s, u"b"_s};
    spec.metadata = QJsonObject{{u"k"_s, u"v"_s}};
    spec.parentId = newId();
    auto created = Session::create(spec, newId(), T0);
    ASSERT_TRUE(created.ok());
    Session session = created.value();
    ASSERT_TRUE(session.startOn(newId(), T0.addSecs(2)).ok());
    ASSERT_TRUE(session.addCheckpoint({{u"x"_s, 1}}, {}, newId(), T0.addSecs(3)).ok());
    session.recordUsage(1200, 3, 1, 0.25, T0.addSecs(4));
    session.addWarning({u"slow"_s, u"slow agent"_s, T0.addSecs(4), {}}, T0.addSecs(4));
    ASSERT_TRUE(session.fail(SessionStatus::Failed, {u"e"_s, u"m"_s, {{u"c"_s, 1}}}, T0.addSecs(5)).ok());
    session.markChanged(T0.addSecs(5));

    const QJsonObject json = toJson(session, T0.addSecs(6));
    EXPECT_EQ(json.value(u"status"_s).toString(), u"failed"_s);
    EXPECT_EQ(json.value(u"priority"_s).toInt(), 1);
    EXPECT_EQ(json.value(u"created_at"_s).toString(), u"2026-11-23T12:00:00.000Z"_s);
    EXPECT_TRUE(json.value(u"child_ids"_s).isArray());
    EXPECT_FALSE(json.contains(u"checkpoints"_s));
    auto parsed = sessionFromJson(json);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message.toStdString();
    EXPECT_EQ(parsed->id(), session.id());
    EXPECT_EQ(parsed->spec(), session.spec());
    EXPECT_EQ(parsed->metrics(), session.metrics());
    EXPECT_EQ(parsed->status(), session.status());
    EXPECT_EQ(parsed->version(), session.version());
    EXPECT_EQ(parsed->assignedAgentId(), session.assignedAgentId());
    EXPECT_EQ(toJson(*parsed, T0.addSecs(6)), json);
}
