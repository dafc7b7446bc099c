#include "domain/identifiers.h"
#include "domain/task.h"
#include "support/qtprinters.h"

#include <gtest/gtest.h>

using namespace Orc::Domain;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);

Task taskIn(TaskStatus status)
{
    TaskSpec spec;
    spec.title = u"Write the lexer"_s;
    TaskState state;
    state.status = status;
    state.createdAt = T0;
    return Task::restore(newId(), spec, state);
}

// CONTRACT.md §3, written out independently of the implementation.
const QHash<QString, QStringList> &contractTable()
{
    static const QHash<QString, QStringList> table{
        {u"pending"_s, {u"ready"_s, u"assigned"_s, u"cancelled"_s, u"skipped"_s}},
        {u"ready"_s, {u"assigned"_s, u"cancelled"_s, u"skipped"_s}},
        {u"assigned"_s, {u"in_progress"_s, u"cancelled"_s}},
        {u"in_progress"_s, {u"completed"_s, u"failed"_s, u"blocked"_s, u"paused"_s}},
        {u"blocked"_s, {u"in_progress"_s, u"cancelled"_s}},
        {u"paused"_s, {u"in_progress"_s, u"cancelled"_s}},
        {u"completed"_s, {}},
        {u"failed"_s, {}},
        {u"cancelled"_s, {}},
        {u"skipped"_s, {}},
    };
    return table;
}

} // namespace

TEST(TaskTransitions, EveryPairOfTheTableIsAllowedOrRejectedAsTheContractSays)
{
    ASSERT_EQ(taskStatusNames().size(), 10);
    int allowed = 0;
    for (const QString &fromName : taskStatusNames()) {
        for (const QString &toName : taskStatusNames()) {
            const TaskStatus from = *taskStatusFromName(fromName);
            const TaskStatus to = *taskStatusFromName(toName);
            Task task = taskIn(from);
            const bool expected = contractTable().value(fromName).contains(toName);
            const Status status = task.transitionTo(to, T0);
            EXPECT_EQ(status.ok(), expected) << fromName.toStdString() << " -> " << toName.toStdString();
            if (expected) {
                ++allowed;
                EXPECT_EQ(task.status(), to);
                const Events events = task.takeEvents();
                ASSERT_EQ(events.size(), 1);
                EXPECT_EQ(events[0].type, EventType::TaskStatusChanged);
                EXPECT_EQ(events[0].payload.value(u"new_status"_s).toString(), toName);
            } else {
                EXPECT_EQ(status.error().code, ErrorCode::InvalidTransition);
                EXPECT_TRUE(status.error().message.contains(fromName));
                EXPECT_TRUE(status.error().message.contains(toName));
                EXPECT_EQ(task.status(), from);
            }
        }
    }
    EXPECT_EQ(allowed, 17);
}

TEST(TaskLifecycle, RecordsStartEndResultAndProgress)
{
    Task task = taskIn(TaskStatus::Pending);
    const QUuid agent = newId();
    ASSERT_TRUE(task.assign(agent, T0).ok());
    EXPECT_EQ(task.state().assignedAgentId, agent);
    ASSERT_TRUE(task.transitionTo(TaskStatus::InProgress, T0.addSecs(1)).ok());
    ASSERT_TRUE(task.setProgress(0.5, T0.addSecs(2)).ok());
    EXPECT_DOUBLE_EQ(task.progressPercentage(), 50.0);
    EXPECT_FALSE(task.setProgress(1.5, T0).ok());
    ASSERT_TRUE(task.transitionTo(TaskStatus::Completed, T0.addSecs(3), QJsonObject{{u"ok"_s, true}}).ok());
    EXPECT_EQ(task.state().startedAt, T0.addSecs(1));
    EXPECT_EQ(task.state().completedAt, T0.addSecs(3));
    EXPECT_DOUBLE_EQ(task.progressPercentage(), 100.0);
    EXPECT_TRUE(task.state().result->value(u"ok"_s).toBool());
}

TEST(TaskAssign, FromAnInvalidStateKeepsThePreviousAgent)
{
    Task task = taskIn(TaskStatus::Completed);
    EXPECT_EQ(task.assign(newId(), T0).error().code, ErrorCode::InvalidTransition);
    EXPECT_TRUE(task.state().assignedAgentId.isNull());
}

TEST(PertEstimate, ExpectedAndStandardDeviation)
{
    const Estimate e{1.0, 4.0, 13.0, 0.8};
    EXPECT_DOUBLE_EQ(e.expectedHours(), (1.0 + 16.0 + 13.0) / 6.0); // 5
    EXPECT_DOUBLE_EQ(e.stdDevHours(), 2.0);
    EXPECT_EQ(e.complexity(), Complexity::Complex);
    EXPECT_DOUBLE_EQ(Estimate::single(3.0).expectedHours(), 3.0);
    EXPECT_DOUBLE_EQ(Estimate::single(3.0).stdDevHours(), 0.0);
    EXPECT_NEAR(Estimate::around(10.0).expectedHours(), 10.0, 1e-12);
}

TEST(PertEstimate, ComplexityThresholds)
{
    EXPECT_EQ(complexityFor(0.0), Complexity::Trivial);
    EXPECT_EQ(complexityFor(0.2499), Complexity::Trivial);
    EXPECT_EQ(complexityFor(0.25), Complexity::Simple);
    EXPECT_EQ(complexityFor(0.999), Complexity::Simple);
    EXPECT_EQ(complexityFor(1.0), Complexity::Moderate);
    EXPECT_EQ(complexityFor(3.99), Complexity::Moderate);
    EXPECT_EQ(complexityFor(4.0), Complexity::Complex);
    EXPECT_EQ(complexityFor(7.99), Complexity::Complex);
    EXPECT_EQ(complexityFor(8.0), Complexity::Expert);
    EXPECT_LT(complexityRank(Complexity::Complex), complexityRank(Complexity::Expert));
    EXPECT_LT(complexityRank(Complexity::Trivial), complexityRank(Complexity::Simple));
}

TEST(PertEstimate, RejectsUnorderedOrNegativePoints)
{
    EXPECT_TRUE(validate(Estimate{1, 2, 3, 0.5}).isEmpty());
    EXPECT_FALSE(validate(Estimate{3, 2, 1, 0.5}).isEmpty());
    EXPECT_FALSE(validate(Estimate{-1, 2, 3, 0.5}).isEmpty());
    EXPECT_FALSE(validate(Estimate{1, 2, 3, 1.5}).isEmpty());
    EXPECT_FALSE(validate(Estimate{1, 2, qInf(), 0.5}).isEmpty());
}

TEST(TaskDependencies, SelfAndDuplicateAreRejected)
{
    Task task = taskIn(TaskStatus::Pending);
    EXPECT_EQ(task.addDependency(Dependency{task.id(), DependencyType::FinishToStart, true, {}}, T0).error().code,
              ErrorCode::ValidationError);
    const QUuid other = newId();
    ASSERT_TRUE(task.addDependency(Dependency{other, DependencyType::FinishToStart, true, {}}, T0).ok());
    EXPECT_EQ(task.addDependency(Dependency{other, DependencyType::FinishToStart, true, {}}, T0).error().code,
              ErrorCode::ValidationError);
    EXPECT_TRUE(task.removeDependency(other, T0));
    EXPECT_FALSE(task.removeDependency(other, T0));
}

TEST(TaskDependencies, CanStartWhenEveryRequiredDependencyAllowsIt)
{
    Task task = taskIn(TaskStatus::Pending);
    const QUuid fs = newId();
    const QUuid ss = newId();
    const QUuid optional = newId();
    ASSERT_TRUE(task.addDependency({fs, DependencyType::FinishToStart, true, {}}, T0).ok());
    ASSERT_TRUE(task.addDependency({ss, DependencyType::StartToStart, true, {}}, T0).ok());
    ASSERT_TRUE(task.addDependency({optional, DependencyType::FinishToStart, false, {}}, T0).ok());
    QHash<QUuid, TaskStatus> statuses{
        {fs, TaskStatus::InProgress}, {ss, TaskStatus::Pending}, {optional, TaskStatus::Pending}};
    const auto statusOf = [&](const QUuid &id) -> std::optional<TaskStatus> {
        if (!statuses.contains(id))
            return std::nullopt;
        return statuses.value(id);
    };
    EXPECT_FALSE(task.canStart(statusOf));
    statuses[fs] = TaskStatus::Completed;
    EXPECT_FALSE(task.canStart(statusOf)) << "start-to-start prerequisite has not started";
    statuses[ss] = TaskStatus::InProgress;
    EXPECT_TRUE(task.canStart(statusOf)) << "optional dependencies do not block";
    statuses.remove(fs);
    EXPECT_FALSE(task.canStart(statusOf)) << "a missing prerequisite blocks";
    EXPECT_TRUE(taskIn(TaskStatus::Pending).canStart(statusOf)) << "no dependencies: can start";
}

TEST(TaskValidation, ListsEveryInvalidField)
{
    TaskSpec spec;
    spec.title = u" "_s;
    spec.description = QString(5001, u'x');
    spec.taskType = QString();
    spec.estimate = Estimate{5, 1, 2, 0.5};
    const auto errors = validate(spec);
    EXPECT_EQ(errors.size(), 4);
    EXPECT_EQ(Task::create(spec, newId(), T0).error().code, ErrorCode::ValidationError);
}
