#include "domain/identifiers.h"
#include "domain/taskgraph.h"
#include "support/qtprinters.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using namespace Orc::Domain;
using namespace Qt::StringLiterals;

TEST(TaskGraphCycles, AnEdgeClosingAThreeTaskCycleIsNamedInOrder)
{
    TaskGraph graph;
    const QUuid a = newId(), b = newId(), c = newId();
    graph.addNode(a, 1);
    graph.addNode(b, 1);
    graph.addNode(c, 1);
    graph.addEdge(a, b); // a depends on b
    graph.addEdge(b, c); // b depends on c
    EXPECT_TRUE(graph.cycleIfAdded(a, c).isEmpty()) << "a shortcut is not a cycle";
    const QList<QUuid> cycle = graph.cycleIfAdded(c, a); // c depends on a would close c -> a -> b -> c
    EXPECT_EQ(cycle, (QList<QUuid>{c, a, b}));
    const Error error = dependencyCycleError(cycle);
    EXPECT_EQ(error.code, ErrorCode::DependencyCycle);
    ASSERT_EQ(error.details.size(), 3);
    EXPECT_EQ(error.details[0].message, idString(c));
    EXPECT_EQ(error.extra.value(u"cycle"_s).toArray().size(), 3);
    EXPECT_TRUE(error.message.contains(idString(b)));
}

TEST(TaskGraphCycles, SelfDependencyIsACycleOfOne)
{
    TaskGraph graph;
    const QUuid a = newId();
    graph.addNode(a, 1);
    EXPECT_EQ(graph.cycleIfAdded(a, a), QList<QUuid>{a});
}

TEST(TaskGraphCycles, AnExistingCycleIsFoundAndBlocksTheOrder)
{
    TaskGraph graph;
    const QUuid a = newId(), b = newId(), c = newId(), d = newId();
    graph.addNode(d, 1);
    graph.addEdge(a, b);
    graph.addEdge(b, c);
    graph.addEdge(c, a);
    const QList<QUuid> cycle = graph.findCycle();
    EXPECT_EQ(cycle.size(), 3);
    EXPECT_TRUE(cycle.contains(a) && cycle.contains(b) && cycle.contains(c));
    const auto order = graph.executionOrder();
    ASSERT_FALSE(order.ok());
    EXPECT_EQ(order.error().code, ErrorCode::DependencyCycle);
}

TEST(TaskGraphOrder, PrerequisitesComeFirstAndTiesKeepInsertionOrder)
{
    TaskGraph graph;
    const QUuid test = newId(), build = newId(), design = newId(), docs = newId();
    graph.addNode(test, 1);
    graph.addNode(build, 1);
    graph.addNode(design, 1);
    graph.addNode(docs, 1);
    graph.addEdge(test, build);
    graph.addEdge(build, design);
    const auto order = graph.executionOrder();
    ASSERT_TRUE(order.ok());
    EXPECT_EQ(order.value(), (QList<QUuid>{design, build, test, docs}));
}

// One long task (10 h) beats a chain of three short ones (3 x 1 h): the path is weighted by hours.
TEST(TaskGraphCriticalPath, OneLongTaskBeatsAChainOfShortOnes)
{
    TaskGraph graph;
    const QUuid a = newId(), b = newId(), c = newId(), longTask = newId(), end = newId();
    graph.addNode(a, 1);
    graph.addNode(b, 1);
    graph.addNode(c, 1);
    graph.addNode(longTask, 10);
    graph.addNode(end, 2);
    graph.addEdge(b, a);
    graph.addEdge(c, b);
    graph.addEdge(end, c);
    graph.addEdge(end, longTask);
    const auto path = graph.criticalPath();
    ASSERT_TRUE(path.ok());
    EXPECT_EQ(path->tasks, (QList<QUuid>{longTask, end}));
    EXPECT_DOUBLE_EQ(path->hours, 12.0);
    EXPECT_DOUBLE_EQ(graph.totalHours(), 15.0);
}

TEST(TaskGraphCriticalPath, ALongChainBeatsAShortSingleTask)
{
    TaskGraph graph;
    const QUuid a = newId(), b = newId(), c = newId(), single = newId();
    graph.addNode(single, 2.5);
    graph.addNode(a, 1);
    graph.addNode(b, 1);
    graph.addNode(c, 1);
    graph.addEdge(b, a);
    graph.addEdge(c, b);
    const auto path = graph.criticalPath();
    ASSERT_TRUE(path.ok());
    EXPECT_EQ(path->tasks, (QList<QUuid>{a, b, c}));
    EXPECT_DOUBLE_EQ(path->hours, 3.0);
}

TEST(TaskGraphCriticalPath, EmptyGraphHasAnEmptyPath)
{
    TaskGraph graph;
    const auto path = graph.criticalPath();
    ASSERT_TRUE(path.ok());
    EXPECT_TRUE(path->tasks.isEmpty());
    EXPECT_DOUBLE_EQ(path->hours, 0.0);
}
