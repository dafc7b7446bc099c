#include "harness.h"

#include "domain/identifiers.h"

#include <QJsonArray>

using namespace Orc;
using namespace Orc::Domain;
using namespace Orc::Application;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

Task addTask(Harness &h, const QString &title, double hours = 1.0, QUuid parent = {})
{
    TaskSpec spec;
    spec.title = title;
    spec.estimate = Estimate::single(hours);
    spec.parentTaskId = parent;
    auto task = await(h.tasks.create(spec));
    EXPECT_TRUE(task.ok()) << (task.ok() ? std::string() : task.error().message.toStdString());
    return task.value();
}

Dependency on(const Task &task, DependencyType type = DependencyType::FinishToStart)
{
    return Dependency{task.id(), type, true, {}};
}

} // namespace

TEST(TaskService, CreateChecksReferences)
{
    Harness h;
    TaskSpec spec;
    spec.title = u"orphan"_s;
    spec.sessionId = newId();
    spec.parentTaskId = newId();
    auto task = await(h.tasks.create(spec));
    ASSERT_FALSE(task.ok());
    EXPECT_EQ(task.error().details.size(), 2);

    const Session session = h.addSession();
    TaskSpec root;
    root.title = u"root"_s;
    root.sessionId = session.id();
    const Task parent = await(h.tasks.create(root)).value();
    const Task child = addTask(h, u"child"_s, 1.0, parent.id());
    EXPECT_EQ(child.spec().sessionId, session.id()) << "a subtask belongs to its parent's session";
}

TEST(TaskService, ADependencyThatClosesACycleIsRefusedNamingIt)
{
    Harness h;
    const Task a = addTask(h, u"a"_s), b = addTask(h, u"b"_s), c = addTask(h, u"c"_s);
    ASSERT_TRUE(await(h.tasks.addDependency(a.id(), on(b))).ok());
    ASSERT_TRUE(await(h.tasks.addDependency(b.id(), on(c))).ok());
    auto cycle = await(h.tasks.addDependency(c.id(), on(a)));
    ASSERT_FALSE(cycle.ok());
    EXPECT_EQ(cycle.error().code, ErrorCode::DependencyCycle);
    const QJsonArray ids = cycle.error().extra.value(u"cycle"_s).toArray();
    EXPECT_EQ(ids, (QJsonArray{idString(c.id()), idString(a.id()), idString(b.id())}));
    EXPECT_TRUE(await(h.tasks.get(c.id()))->dependencies().isEmpty()) << "nothing was written";

    EXPECT_EQ(await(h.tasks.addDependency(a.id(), on(a))).error().code, ErrorCode::ValidationError);
    EXPECT_EQ(await(h.tasks.addDependency(a.id(), on(b))).error().code, ErrorCode::ValidationError) << "duplicate";
    EXPECT_EQ(
        await(h.tasks.addDependency(a.id(), Dependency{newId(), DependencyType::FinishToStart, true, {}})).error().code,
        ErrorCode::ValidationError);
    EXPECT_EQ(h.locks.snapshot().size(), 0) << "the graph lock is released after every edit";
}

TEST(TaskService, FinishingAPrerequisiteMakesPendingDependentsReady)
{
    Harness h;
    const Agent agent = h.addAgent(u"worker"_s, {Capability::Testing});
    const Task build = addTask(h, u"build"_s), test = addTask(h, u"test"_s);
    ASSERT_TRUE(await(h.tasks.addDependency(test.id(), on(build))).ok());
    ASSERT_TRUE(await(h.tasks.assign(test.id(), agent.id)).ok());
    auto blocked = await(h.tasks.start(test.id()));
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.error().code, ErrorCode::Conflict);
    EXPECT_FALSE(await(h.tasks.facts(await(h.tasks.get(test.id())).value()))->canStart);

    const Task lint = addTask(h, u"lint"_s);
    ASSERT_TRUE(await(h.tasks.addDependency(lint.id(), on(build))).ok());
    ASSERT_TRUE(await(h.tasks.assign(build.id(), agent.id)).ok());
    ASSERT_TRUE(await(h.tasks.start(build.id())).ok());
    ASSERT_TRUE(await(h.tasks.complete(build.id(), QJsonObject{{u"ok"_s, true}})).ok());
    EXPECT_EQ(await(h.tasks.get(lint.id()))->status(), TaskStatus::Ready);
    EXPECT_TRUE(h.publishedTypes().contains(u"task.dependency_satisfied"_s));
    EXPECT_TRUE(await(h.tasks.start(test.id())).ok());
    EXPECT_EQ(await(h.tasks.assign(test.id(), newId())).error().code, ErrorCode::ValidationError);
}

TEST(TaskService, DecompositionPersistsSubtasksAndDependencies)
{
    Harness h;
    TaskSpec spec;
    spec.title = u"Improve the parser"_s;
    spec.estimate = Estimate::single(3.0);
    const Task root = await(h.tasks.create(spec)).value();
    auto outcome = await(h.tasks.decompose(root.id(), {1, 50}));
    ASSERT_TRUE(outcome.ok());
    EXPECT_EQ(outcome->created.size(), 5);
    EXPECT_EQ(outcome->rulesApplied, QStringList{u"temporal"_s});
    EXPECT_NEAR(outcome->totalEstimatedHours, 3.0, 1e-9);
    auto children = await(h.tasks.subtasks(root.id(), false));
    ASSERT_EQ(children->size(), 5);
    EXPECT_EQ(children->at(1).dependencies().size(), 1);
    EXPECT_EQ(children->at(1).dependencies()[0].dependsOn, children->at(0).id());
    EXPECT_EQ(h.published.last().type, EventType::TaskDecomposed);
    EXPECT_EQ(h.published.last().payload.value(u"subtasks_created"_s).toInt(), 5);
    EXPECT_EQ(await(h.tasks.decompose(root.id(), {1, 50})).error().code, ErrorCode::Conflict);
    EXPECT_EQ(await(h.tasks.decompose(root.id(), {1, 501})).error().code, ErrorCode::ValidationError);
}

TEST(TaskService, GraphHasTopologicalOrderAndADurationWeightedCriticalPath)
{
    Harness h;
    const Task root = addTask(h, u"release"_s, 0.5);
    const Task shortA = addTask(h, u"short a"_s, 1.0, root.id());
    const Task shortB = addTask(h, u"short b"_s, 1.0, root.id());
    const Task shortC = addTask(h, u"short c"_s, 1.0, root.id());
    const Task longOne = addTask(h, u"long"_s, 10.0, root.id());
    const Task outside = addTask(h, u"outside prerequisite"_s, 2.0);
    ASSERT_TRUE(await(h.tasks.addDependency(shortB.id(), on(shortA))).ok());
    ASSERT_TRUE(await(h.tasks.addDependency(shortC.id(), on(shortB))).ok());
    ASSERT_TRUE(await(h.tasks.addDependency(longOne.id(), on(outside))).ok());
    auto graph = await(h.tasks.graph(root.id()));
    ASSERT_TRUE(graph.ok());
    EXPECT_EQ(graph->nodes.size(), 6) << "the task, its subtasks, and what they depend on";
    EXPECT_EQ(graph->edges.size(), 3);
    EXPECT_EQ(graph->criticalPath, (QList<QUuid>{outside.id(), longOne.id()}));
    EXPECT_DOUBLE_EQ(graph->criticalPathHours, 12.0);
    EXPECT_DOUBLE_EQ(graph->totalEstimatedHours, 15.5);
    EXPECT_LT(graph->executionOrder.indexOf(shortA.id()), graph->executionOrder.indexOf(shortC.id()));
}

TEST(TaskService, DeletingATaskTakesItsSubtasksAndTheDependenciesOnThem)
{
    Harness h;
    const Task parent = addTask(h, u"parent"_s);
    const Task child = addTask(h, u"child"_s, 1.0, parent.id());
    const Task other = addTask(h, u"other"_s);
    ASSERT_TRUE(await(h.tasks.addDependency(other.id(), on(child))).ok());
    ASSERT_TRUE(await(h.tasks.remove(parent.id())).ok());
    EXPECT_EQ(await(h.tasks.get(child.id())).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(await(h.tasks.get(other.id()))->dependencies().isEmpty());
    EXPECT_EQ(await(h.tasks.remove(parent.id())).error().code, ErrorCode::NotFound);
}

TEST(TaskService, InvalidStatusMovesAreRefused)
{
    Harness h;
    const Task task = addTask(h, u"t"_s);
    EXPECT_EQ(await(h.tasks.complete(task.id(), std::nullopt)).error().code, ErrorCode::InvalidTransition);
    EXPECT_EQ(await(h.tasks.fail(task.id(), {})).error().code, ErrorCode::ValidationError);
    ASSERT_TRUE(await(h.tasks.transition(task.id(), TaskStatus::Skipped)).ok());
    EXPECT_EQ(await(h.tasks.transition(task.id(), TaskStatus::Ready)).error().code, ErrorCode::InvalidTransition);
}
