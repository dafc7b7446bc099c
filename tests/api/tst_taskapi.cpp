// The tasks resource over a real socket: shapes, status actions, decomposition, dependencies and
// every error code they answer with.
#include "api/controllers/taskcontroller.h"

#include "apitest.h"
#include "domain/identifiers.h"

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

const QString Unknown = UnknownId;

class TaskApi : public ApiTest
{
protected:
    void addRoutes(Api::Router &router) override { controller.addRoutes(router); }

    // A created task's JSON.
    QJsonObject create(const QJsonObject &body)
    {
        const HttpResult created = call("POST", u"/api/v1/tasks"_s, body);
        EXPECT_EQ(created.status, 201) << created.body.toStdString();
        return created.json();
    }
    QString createTask(const QString &title, double hours = 2.0)
    {
        return create({{u"title"_s, title}, {u"estimated_hours"_s, hours}}).value(u"id"_s).toString();
    }

    Api::TaskController controller{h.tasks};
};

} // namespace

TEST_F(TaskApi, ATaskIsCreatedReadListedAndCounted)
{
    const HttpResult created = call("POST", u"/api/v1/tasks"_s,
                                    QJsonObject{{u"title"_s, u"Write the parser"_s},
                                                {u"priority"_s, u"high"_s},
                                                {u"required_capabilities"_s, QJsonArray{u"code_generation"_s}},
                                                {u"estimate"_s, QJsonObject{{u"optimistic_hours"_s, 1.0},
                                                                            {u"likely_hours"_s, 2.0},
                                                                            {u"pessimistic_hours"_s, 9.0}}},
                                                {u"tags"_s, QJsonArray{u"parser"_s}}});
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    const QJsonObject task = created.json();
    const QString id = task.value(u"id"_s).toString();
    EXPECT_EQ(created.header("Location"), QString(u"/api/v1/tasks/"_s + id).toUtf8());
    EXPECT_EQ(task.value(u"status"_s).toString(), u"pending"_s);
    EXPECT_EQ(task.value(u"priority"_s).toString(), u"high"_s);
    const QJsonObject estimate = task.value(u"estimate"_s).toObject();
    EXPECT_DOUBLE_EQ(estimate.value(u"expected_hours"_s).toDouble(), 3.0); // (1 + 8 + 9) / 6
    EXPECT_EQ(estimate.value(u"complexity_level"_s).toString(), u"moderate"_s);
    EXPECT_TRUE(task.value(u"is_leaf"_s).toBool());
    EXPECT_TRUE(task.value(u"can_start"_s).toBool());

    EXPECT_EQ(call("GET", u"/api/v1/tasks/"_s + id).json(), task);
    createTask(u"Second"_s, 1.0);
    const HttpResult list = call("GET", u"/api/v1/tasks?status=pending&page_size=1"_s);
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.json().value(u"total"_s).toInt(), 2);
    EXPECT_EQ(list.json().value(u"items"_s).toArray().size(), 1);
    EXPECT_EQ(list.json().value(u"total_pages"_s).toInt(), 2);
    const HttpResult stats = call("GET", u"/api/v1/tasks/stats"_s);
    ASSERT_EQ(stats.status, 200);
    EXPECT_EQ(stats.json().value(u"total"_s).toInt(), 2);
    EXPECT_EQ(stats.json().value(u"by_status"_s).toObject().value(u"pending"_s).toInt(), 2);
    EXPECT_DOUBLE_EQ(stats.json().value(u"total_estimated_hours"_s).toDouble(), 4.0);
}

TEST_F(TaskApi, BadInputIsRejectedWithEveryFieldListed)
{
    const HttpResult invalid = call("POST", u"/api/v1/tasks"_s,
                                    QJsonObject{{u"priority"_s, u"urgent"_s},
                                                {u"required_capabilities"_s, QJsonArray{u"juggling"_s}},
                                                {u"estimate"_s, QJsonObject{{u"optimistic_hours"_s, u"one"_s}}},
                                                {u"session_id"_s, u"not-a-uuid"_s}});
    ASSERT_EQ(invalid.status, 422) << invalid.body.toStdString();
    EXPECT_EQ(errorOf(invalid), u"VALIDATION_ERROR"_s);
    for (const QString &field : {u"title"_s, u"priority"_s, u"required_capabilities"_s, u"estimate.optimistic_hours"_s,
                                 u"estimate.likely_hours"_s, u"session_id"_s})
        EXPECT_TRUE(fieldsOf(invalid).contains(field)) << field.toStdString() << " in " << invalid.body.toStdString();
    EXPECT_EQ(call("POST", u"/api/v1/tasks"_s, QByteArray("{\"title\": ")).status, 400);
    EXPECT_EQ(call("GET", u"/api/v1/tasks?status=dreaming"_s).status, 422);
    EXPECT_EQ(call("GET", u"/api/v1/tasks?session_id=x"_s).status, 422);
    EXPECT_EQ(call("GET", u"/api/v1/tasks/stats?session_id=x"_s).status, 422);
    EXPECT_EQ(call("GET", u"/api/v1/tasks/"_s + Unknown).status, 404);
    EXPECT_EQ(call("GET", u"/api/v1/tasks/not-an-id"_s).status, 404);
    EXPECT_EQ(errorOf(call("GET", u"/api/v1/tasks/"_s + Unknown)), u"NOT_FOUND"_s);
    // The domain's own rules: a title over 200 characters, an estimate out of order.
    const HttpResult rules = call("POST", u"/api/v1/tasks"_s,
                                  QJsonObject{{u"title"_s, QString(201, u'x')},
                                              {u"estimate"_s, QJsonObject{{u"optimistic_hours"_s, 5.0},
                                                                          {u"likely_hours"_s, 1.0},
                                                                          {u"pessimistic_hours"_s, 2.0}}}});
    ASSERT_EQ(rules.status, 422);
    EXPECT_TRUE(fieldsOf(rules).contains(u"title"_s)) << rules.body.toStdString();
}

TEST_F(TaskApi, PatchChangesOnlyTheFieldsGiven)
{
    const QString id = createTask(u"Original"_s, 2.0);
    const HttpResult patched
        = call("PATCH", u"/api/v1/tasks/"_s + id, QJsonObject{{u"title"_s, u"Renamed"_s}, {u"estimated_hours"_s, 6.0}});
    ASSERT_EQ(patched.status, 200) << patched.body.toStdString();
    EXPECT_EQ(patched.json().value(u"title"_s).toString(), u"Renamed"_s);
    EXPECT_DOUBLE_EQ(patched.json().value(u"estimate"_s).toObject().value(u"expected_hours"_s).toDouble(), 6.0);
    EXPECT_EQ(patched.json().value(u"priority"_s).toString(), u"normal"_s);
    const HttpResult fixed = call("PATCH", u"/api/v1/tasks/"_s + id, QJsonObject{{u"status"_s, u"completed"_s}});
    EXPECT_EQ(fixed.status, 422);
    EXPECT_TRUE(fieldsOf(fixed).contains(u"status"_s));
    EXPECT_EQ(call("PATCH", u"/api/v1/tasks/"_s + Unknown, QJsonObject{{u"title"_s, u"x"_s}}).status, 404);
    EXPECT_EQ(call("PATCH", u"/api/v1/tasks/"_s + id, QByteArray("[1]")).status, 400);
}

TEST_F(TaskApi, StatusActionsFollowTheTransitionTable)
{
    const Domain::Agent agent = h.addAgent(u"worker"_s, {Domain::Capability::CodeGeneration});
    const QString id = createTask(u"Do the work"_s);
    const QString agentId = Domain::idString(agent.id);
    // pending -> completed is not a transition.
    const HttpResult early = call("POST", u"/api/v1/tasks/%1/complete"_s.arg(id));
    EXPECT_EQ(early.status, 409);
    EXPECT_EQ(errorOf(early), u"INVALID_TRANSITION"_s);
    EXPECT_EQ(call("POST", u"/api/v1/tasks/%1/assign"_s.arg(id), QJsonObject{}).status, 422);
    const HttpResult nobody = call("POST", u"/api/v1/tasks/%1/assign"_s.arg(id), QJsonObject{{u"agent_id"_s, Unknown}});
    EXPECT_EQ(nobody.status, 422); // a body naming an agent that does not exist
    EXPECT_EQ(fieldsOf(nobody), QStringList{u"agent_id"_s});
    const HttpResult assigned
        = call("POST", u"/api/v1/tasks/%1/assign"_s.arg(id), QJsonObject{{u"agent_id"_s, agentId}});
    ASSERT_EQ(assigned.status, 200) << assigned.body.toStdString();
    EXPECT_EQ(assigned.json().value(u"status"_s).toString(), u"assigned"_s);
    EXPECT_EQ(assigned.json().value(u"assigned_agent_id"_s).toString(), agentId);
    const HttpResult started = call("POST", u"/api/v1/tasks/%1/start"_s.arg(id));
    ASSERT_EQ(started.status, 200) << started.body.toStdString();
    EXPECT_EQ(started.json().value(u"status"_s).toString(), u"in_progress"_s);
    const HttpResult paused
        = call("POST", u"/api/v1/tasks/%1/status"_s.arg(id), QJsonObject{{u"status"_s, u"paused"_s}});
    ASSERT_EQ(paused.status, 200) << paused.body.toStdString();
    EXPECT_EQ(paused.json().value(u"status"_s).toString(), u"paused"_s);
    EXPECT_EQ(call("POST", u"/api/v1/tasks/%1/status"_s.arg(id), QJsonObject{{u"status"_s, u"dreaming"_s}}).status,
              422);
    ASSERT_EQ(call("POST", u"/api/v1/tasks/%1/status"_s.arg(id), QJsonObject{{u"status"_s, u"in_progress"_s}}).status,
              200);
    const HttpResult done = call("POST", u"/api/v1/tasks/%1/complete"_s.arg(id),
                                 QJsonObject{{u"result"_s, QJsonObject{{u"files"_s, 3}}}});
    ASSERT_EQ(done.status, 200) << done.body.toStdString();
    EXPECT_EQ(done.json().value(u"status"_s).toString(), u"completed"_s);
    EXPECT_EQ(done.json().value(u"result"_s).toObject().value(u"files"_s).toInt(), 3);
    EXPECT_EQ(done.json().value(u"progress_percentage"_s).toDouble(), 100.0);

    const QString other = createTask(u"Will fail"_s);
    ASSERT_EQ(call("POST", u"/api/v1/tasks/%1/assign"_s.arg(other), QJsonObject{{u"agent_id"_s, agentId}}).status, 200);
    ASSERT_EQ(call("POST", u"/api/v1/tasks/%1/start"_s.arg(other)).status, 200);
    EXPECT_EQ(call("POST", u"/api/v1/tasks/%1/fail"_s.arg(other), QJsonObject{}).status, 422);
    const HttpResult failed
        = call("POST", u"/api/v1/tasks/%1/fail"_s.arg(other), QJsonObject{{u"error_message"_s, u"compiler crashed"_s}});
    ASSERT_EQ(failed.status, 200);
    EXPECT_EQ(failed.json().value(u"status"_s).toString(), u"failed"_s);
    EXPECT_EQ(failed.json().value(u"error"_s).toString(), u"compiler crashed"_s);
    EXPECT_EQ(call("POST", u"/api/v1/tasks/%1/start"_s.arg(Unknown)).status, 404);
}

TEST_F(TaskApi, DecompositionCreatesPersistedSubtasksShownAsTreeAndList)
{
    const QString id = create({{u"title"_s, u"Implement user authentication with a security audit"_s},
                               {u"description"_s, u"Login, tokens and password storage."_s},
                               {u"estimated_hours"_s, 40.0}})
                           .value(u"id"_s)
                           .toString();
    EXPECT_EQ(call("POST", u"/api/v1/tasks/%1/decompose"_s.arg(id), QJsonObject{{u"max_depth"_s, 9}}).status, 422);
    EXPECT_EQ(call("POST", u"/api/v1/tasks/%1/decompose"_s.arg(id), QJsonObject{{u"max_subtasks"_s, 501}}).status, 422);
    const HttpResult decomposed
        = call("POST", u"/api/v1/tasks/%1/decompose"_s.arg(id), QJsonObject{{u"max_depth"_s, 1}});
    ASSERT_EQ(decomposed.status, 200) << decomposed.body.toStdString();
    const QJsonObject outcome = decomposed.json();
    const int created = outcome.value(u"subtasks_created"_s).toInt();
    EXPECT_GE(created, 3);
    EXPECT_TRUE(outcome.value(u"rules_applied"_s).toArray().contains(u"security"_s)) << decomposed.body.toStdString();
    EXPECT_EQ(outcome.value(u"max_depth_reached"_s).toInt(), 1);
    EXPECT_EQ(outcome.value(u"subtasks"_s).toArray().size(), created);
    EXPECT_GT(outcome.value(u"total_estimated_hours"_s).toDouble(), 0.0);

    const HttpResult subtasks = call("GET", u"/api/v1/tasks/%1/subtasks?recursive=true"_s.arg(id));
    ASSERT_EQ(subtasks.status, 200);
    EXPECT_EQ(subtasks.json().value(u"total"_s).toInt(), created);
    const HttpResult tree = call("GET", u"/api/v1/tasks/%1/tree"_s.arg(id));
    ASSERT_EQ(tree.status, 200);
    EXPECT_EQ(tree.json().value(u"children"_s).toArray().size(), created);
    EXPECT_FALSE(tree.json().value(u"is_leaf"_s).toBool());
    const HttpResult parent = call("GET", u"/api/v1/tasks/"_s + id);
    EXPECT_EQ(parent.json().value(u"subtask_ids"_s).toArray().size(), created);
    EXPECT_EQ(call("GET", u"/api/v1/tasks?parent_task_id=%1"_s.arg(id)).json().value(u"total"_s).toInt(), created);
    EXPECT_EQ(call("GET", u"/api/v1/tasks/%1/tree"_s.arg(Unknown)).status, 404);
    EXPECT_EQ(call("GET", u"/api/v1/tasks/%1/subtasks?recursive=maybe"_s.arg(id)).status, 422);

    // Deleting the parent takes its subtasks with it.
    EXPECT_EQ(call("DELETE", u"/api/v1/tasks/"_s + id).status, 204);
    EXPECT_EQ(call("GET", u"/api/v1/tasks/"_s + id).status, 404);
    EXPECT_EQ(call("GET", u"/api/v1/tasks"_s).json().value(u"total"_s).toInt(), 0);
    EXPECT_EQ(call("DELETE", u"/api/v1/tasks/"_s + id).status, 404);
}

TEST_F(TaskApi, DependenciesRefuseSelfAndCyclesAndShapeTheGraph)
{
    const QString design = createTask(u"Design"_s, 3.0);
    const QString build = createTask(u"Build"_s, 5.0);
    const QString test = createTask(u"Test"_s, 1.0);
    auto depend = [this](const QString &task, const QString &on) {
        return call("POST", u"/api/v1/tasks/%1/dependencies"_s.arg(task), QJsonObject{{u"depends_on_task_id"_s, on}});
    };
    const HttpResult added = depend(build, design);
    ASSERT_EQ(added.status, 201) << added.body.toStdString();
    const QJsonArray dependencies = added.json().value(u"dependencies"_s).toArray();
    ASSERT_EQ(dependencies.size(), 1);
    EXPECT_EQ(dependencies[0].toObject().value(u"depends_on_task_id"_s).toString(), design);
    EXPECT_EQ(dependencies[0].toObject().value(u"dependency_type"_s).toString(), u"finish_to_start"_s);
    EXPECT_FALSE(added.json().value(u"can_start"_s).toBool());
    ASSERT_EQ(depend(test, build).status, 201);

    EXPECT_EQ(depend(design, design).status, 422);
    EXPECT_EQ(depend(build, design).status, 422); // a duplicate
    const HttpResult cycle = depend(design, test);
    ASSERT_EQ(cycle.status, 409) << cycle.body.toStdString();
    EXPECT_EQ(errorOf(cycle), u"DEPENDENCY_CYCLE"_s);
    EXPECT_EQ(call("POST", u"/api/v1/tasks/%1/dependencies"_s.arg(build),
                   QJsonObject{{u"depends_on_task_id"_s, design}, {u"dependency_type"_s, u"sideways"_s}})
                  .status,
              422);
    EXPECT_EQ(depend(build, Unknown).status, 422);

    const HttpResult graph = call("GET", u"/api/v1/tasks/%1/dependencies/graph"_s.arg(build));
    ASSERT_EQ(graph.status, 200) << graph.body.toStdString();
    const QJsonObject view = graph.json();
    EXPECT_EQ(view.value(u"nodes"_s).toArray().size(), 3);
    EXPECT_EQ(view.value(u"edges"_s).toArray().size(), 2);
    EXPECT_EQ(view.value(u"execution_order"_s).toArray(), (QJsonArray{design, build, test}));
    EXPECT_EQ(view.value(u"critical_path"_s).toArray(), (QJsonArray{design, build, test}));
    EXPECT_DOUBLE_EQ(view.value(u"critical_path_hours"_s).toDouble(), 9.0);
    EXPECT_DOUBLE_EQ(view.value(u"total_estimated_hours"_s).toDouble(), 9.0);

    EXPECT_EQ(call("DELETE", u"/api/v1/tasks/%1/dependencies/%2"_s.arg(test, build)).status, 204);
    EXPECT_EQ(call("GET", u"/api/v1/tasks/%1/dependencies/graph"_s.arg(test)).json().value(u"edges"_s).toArray().size(),
              0);
    EXPECT_EQ(call("DELETE", u"/api/v1/tasks/%1/dependencies/%2"_s.arg(test, Unknown)).status, 404);
}

TEST_F(TaskApi, EveryRouteNeedsTheToken)
{
    EXPECT_EQ(expectEveryRouteNeedsTheToken(), 17);
    EXPECT_EQ(call("PUT", u"/api/v1/tasks"_s).status, 405);
}
