#include "api/controllers/taskcontroller.h"

#include "api/controllers/common.h"
#include "api/http/jsonbody.h"

#include "domain/identifiers.h"
#include "domain/taskjson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Orc::Api {

using namespace Orc::Domain;

namespace {

const QString Tasks = u"/api/v1/tasks"_s;

// `estimate: {optimistic_hours, likely_hours, pessimistic_hours, confidence?}` or
// `estimated_hours` (o = l = p); the domain checks the values.
void readEstimate(JsonBody &body, std::optional<Estimate> &estimate)
{
    if (auto hours = body.number(u"estimated_hours"_s)) {
        if (body.has(u"estimate"_s))
            body.invalid(u"estimated_hours"_s, u"give either estimate or estimated_hours"_s);
        estimate = Estimate::single(*hours);
    }
    const auto object = body.object(u"estimate"_s);
    if (!object)
        return;
    JsonBody fields(*object);
    Estimate e;
    const auto o = fields.number(u"optimistic_hours"_s);
    const auto l = fields.number(u"likely_hours"_s);
    const auto p = fields.number(u"pessimistic_hours"_s);
    const auto confidence = fields.number(u"confidence"_s);
    for (const QString &name : {u"optimistic_hours"_s, u"likely_hours"_s, u"pessimistic_hours"_s})
        fields.require(name);
    for (const FieldError &error : fields.errors())
        body.invalid(u"estimate."_s + error.field, error.message);
    if (!o || !l || !p)
        return;
    e.optimisticHours = *o;
    e.likelyHours = *l;
    e.pessimisticHours = *p;
    if (confidence)
        e.confidence = *confidence;
    estimate = e;
}

// The editable fields of a task from a body (create and PATCH share them).
void readSpecFields(JsonBody &body, TaskSpec &spec)
{
    if (auto v = body.string(u"title"_s))
        spec.title = *v;
    if (auto v = body.string(u"description"_s))
        spec.description = *v;
    if (auto v = body.string(u"task_type"_s))
        spec.taskType = *v;
    if (auto v = body.choice(u"priority"_s, &taskPriorityFromName, taskPriorityNames()))
        spec.priority = *v;
    if (auto set = body.capabilities(u"required_capabilities"_s))
        spec.requiredCapabilities = *set;
    readEstimate(body, spec.estimate);
    if (auto v = body.strings(u"tags"_s))
        spec.tags = *v;
    if (auto v = body.object(u"metadata"_s))
        spec.metadata = *v;
}

QJsonObject outcomeJson(const Application::DecompositionOutcome &outcome, const QJsonArray &subtasks)
{
    return {{u"subtasks_created"_s, int(outcome.created.size())},
            {u"max_depth_reached"_s, outcome.maxDepthReached},
            {u"rules_applied"_s, QJsonArray::fromStringList(outcome.rulesApplied)},
            {u"total_estimated_hours"_s, outcome.totalEstimatedHours},
            {u"warnings"_s, QJsonArray::fromStringList(outcome.warnings)},
            {u"subtasks"_s, subtasks}};
}

QJsonArray idsJson(const QList<QUuid> &ids)
{
    QJsonArray array;
    for (const QUuid &id : ids)
        array.append(idString(id));
    return array;
}

} // namespace

TaskController::TaskController(Application::TaskService &tasks) : m_tasks(tasks) {}

void TaskController::addRoutes(Router &router)
{
    auto bind = [this](auto member) { return [this, member](HttpRequest r) { return (this->*member)(std::move(r)); }; };
    router.add("POST", Tasks, bind(&TaskController::create));
    router.add("GET", Tasks, bind(&TaskController::list));
    router.add("GET", Tasks + u"/stats"_s, bind(&TaskController::stats));
    router.add("GET", Tasks + u"/{id}"_s, bind(&TaskController::get));
    router.add("PATCH", Tasks + u"/{id}"_s, bind(&TaskController::patch));
    router.add("DELETE", Tasks + u"/{id}"_s, bind(&TaskController::remove));
    router.add("POST", Tasks + u"/{id}/status"_s, bind(&TaskController::setStatus));
    router.add("POST", Tasks + u"/{id}/assign"_s, bind(&TaskController::assign));
    router.add("POST", Tasks + u"/{id}/start"_s, bind(&TaskController::start));
    router.add("POST", Tasks + u"/{id}/complete"_s, bind(&TaskController::complete));
    router.add("POST", Tasks + u"/{id}/fail"_s, bind(&TaskController::fail));
    router.add("POST", Tasks + u"/{id}/decompose"_s, bind(&TaskController::decompose));
    router.add("GET", Tasks + u"/{id}/subtasks"_s, bind(&TaskController::subtasks));
    router.add("GET", Tasks + u"/{id}/tree"_s, bind(&TaskController::tree));
    router.add("POST", Tasks + u"/{id}/dependencies"_s, bind(&TaskController::addDependency));
    router.add("DELETE", Tasks + u"/{id}/dependencies/{dep_id}"_s, bind(&TaskController::removeDependency));
    router.add("GET", Tasks + u"/{id}/dependencies/graph"_s, bind(&TaskController::graph));
}

QCoro::Task<Result<QJsonObject>> TaskController::render(Task task)
{
    auto facts = co_await m_tasks.facts(task);
    if (!facts)
        co_return std::move(facts).error();
    co_return toJson(task, facts.value());
}

QCoro::Task<Result<QJsonArray>> TaskController::render(QList<Task> tasks)
{
    QJsonArray items;
    for (const Task &task : tasks) {
        auto rendered = co_await render(task);
        if (!rendered)
            co_return std::move(rendered).error();
        items.append(rendered.value());
    }
    co_return items;
}

QCoro::Task<Result<QJsonObject>> TaskController::render(Application::TaskTree tree)
{
    auto node = co_await render(tree.task);
    if (!node)
        co_return node;
    QJsonArray children;
    for (const Application::TaskTree &child : std::as_const(tree.children)) {
        auto rendered = co_await render(child);
        if (!rendered)
            co_return rendered;
        children.append(rendered.value());
    }
    QJsonObject object = std::move(node).value();
    object.insert(u"children"_s, children);
    co_return object;
}

QCoro::Task<HttpResponse> TaskController::respond(const Result<Task> &result, int status)
{
    if (!result)
        co_return HttpResponse::error(result.error());
    auto rendered = co_await render(result.value());
    if (!rendered)
        co_return HttpResponse::error(rendered.error());
    co_return HttpResponse::json(status, rendered.value());
}

QCoro::Task<HttpResponse> TaskController::create(HttpRequest request)
{
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    body.require(u"title"_s);
    TaskSpec spec;
    readSpecFields(body, spec);
    if (auto v = body.id(u"session_id"_s))
        spec.sessionId = *v;
    if (auto v = body.id(u"parent_task_id"_s))
        spec.parentTaskId = *v;
    if (Status checked = body.finish(validate(spec)); !checked)
        co_return HttpResponse::error(checked.error());
    const auto created = co_await m_tasks.create(spec);
    HttpResponse response = co_await respond(created, 201);
    if (created)
        response.withHeader("Location", (Tasks + u"/"_s + idString(created->id())).toUtf8());
    co_return response;
}

QCoro::Task<HttpResponse> TaskController::list(HttpRequest request)
{
    QueryParams params(request.query);
    Application::TaskQuery query;
    for (auto [name, target] :
         {std::pair{u"session_id"_s, &query.sessionId}, std::pair{u"parent_task_id"_s, &query.parentTaskId}}) {
        if (const QString text = params.string(name); !text.isEmpty()) {
            *target = parseId(text);
            if (!*target)
                params.invalid(name, u"must be a UUID"_s);
        }
    }
    query.status = params.choice(u"status"_s, &taskStatusFromName, taskStatusNames());
    query.page = pageRequest(params);
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    auto page = co_await m_tasks.list(query);
    if (!page)
        co_return HttpResponse::error(page.error());
    const Application::Page<Task> found = std::move(page).value();
    auto items = co_await render(found.items);
    if (!items)
        co_return HttpResponse::error(items.error());
    co_return HttpResponse::json(200,
                                 pageJson(items.value(), found.total, found.page, found.pageSize, found.totalPages()));
}

QCoro::Task<HttpResponse> TaskController::stats(HttpRequest request)
{
    QueryParams params(request.query);
    std::optional<QUuid> sessionId;
    if (const QString text = params.string(u"session_id"_s); !text.isEmpty()) {
        sessionId = parseId(text);
        if (!sessionId)
            params.invalid(u"session_id"_s, u"must be a UUID"_s);
    }
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    auto stats = co_await m_tasks.stats(sessionId);
    if (!stats)
        co_return HttpResponse::error(stats.error());
    QJsonObject byStatus;
    for (const QString &name : taskStatusNames())
        byStatus.insert(name, 0);
    for (auto it = stats->byStatus.cbegin(); it != stats->byStatus.cend(); ++it)
        byStatus.insert(taskStatusName(it.key()), it.value());
    co_return HttpResponse::json(200, QJsonObject{{u"total"_s, stats->total},
                                                  {u"by_status"_s, byStatus},
                                                  {u"total_estimated_hours"_s, stats->totalEstimatedHours}});
}

QCoro::Task<HttpResponse> TaskController::get(HttpRequest request)
{
    const auto id = idArg(request, u"task"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const auto task = co_await m_tasks.get(id.value());
    co_return co_await respond(task);
}

QCoro::Task<HttpResponse> TaskController::patch(HttpRequest request)
{
    auto in = idAndBody(request, u"task"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.forbid({u"session_id"_s, u"parent_task_id"_s, u"status"_s}, u"cannot be changed here"_s);
    TaskSpec changes; // the fields given, read once; applied to the stored spec below
    readSpecFields(body, changes);
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const QJsonObject given = body.object();
    auto apply = [given, changes](TaskSpec &spec) {
        if (given.contains(u"title"_s))
            spec.title = changes.title;
        if (given.contains(u"description"_s))
            spec.description = changes.description;
        if (given.contains(u"task_type"_s))
            spec.taskType = changes.taskType;
        if (given.contains(u"priority"_s))
            spec.priority = changes.priority;
        if (given.contains(u"required_capabilities"_s))
            spec.requiredCapabilities = changes.requiredCapabilities;
        if (given.contains(u"estimate"_s) || given.contains(u"estimated_hours"_s))
            spec.estimate = changes.estimate;
        if (given.contains(u"tags"_s))
            spec.tags = changes.tags;
        if (given.contains(u"metadata"_s))
            spec.metadata = changes.metadata;
    };
    const std::function<void(TaskSpec &)> patchSpec = apply;
    const auto updated = co_await m_tasks.update(id, patchSpec);
    co_return co_await respond(updated);
}

QCoro::Task<HttpResponse> TaskController::remove(HttpRequest request)
{
    const auto id = idArg(request, u"task"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const Status removed = co_await m_tasks.remove(id.value());
    if (!removed)
        co_return HttpResponse::error(removed.error());
    co_return HttpResponse::noContent();
}

QCoro::Task<HttpResponse> TaskController::setStatus(HttpRequest request)
{
    auto in = idAndBody(request, u"task"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.require(u"status"_s);
    const auto status = body.choice(u"status"_s, &taskStatusFromName, taskStatusNames());
    const auto result = body.object(u"result"_s);
    const QString error = body.string(u"error_message"_s).value_or(QString());
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto done = co_await m_tasks.transition(id, *status, result, error);
    co_return co_await respond(done);
}

QCoro::Task<HttpResponse> TaskController::assign(HttpRequest request)
{
    auto in = idAndBody(request, u"task"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.require(u"agent_id"_s);
    const auto agentId = body.id(u"agent_id"_s);
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto done = co_await m_tasks.assign(id, *agentId);
    co_return co_await respond(done);
}

QCoro::Task<HttpResponse> TaskController::start(HttpRequest request)
{
    const auto id = idArg(request, u"task"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    if (auto parsed = JsonBody::parse(request.body, true); !parsed)
        co_return HttpResponse::error(parsed.error());
    const auto done = co_await m_tasks.start(id.value());
    co_return co_await respond(done);
}

QCoro::Task<HttpResponse> TaskController::complete(HttpRequest request)
{
    auto in = idAndBody(request, u"task"_s, true);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    const auto result = body.object(u"result"_s);
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto done = co_await m_tasks.complete(id, result);
    co_return co_await respond(done);
}

QCoro::Task<HttpResponse> TaskController::fail(HttpRequest request)
{
    auto in = idAndBody(request, u"task"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.require(u"error_message"_s);
    const QString message = body.string(u"error_message"_s).value_or(QString());
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto done = co_await m_tasks.fail(id, message);
    co_return co_await respond(done);
}

QCoro::Task<HttpResponse> TaskController::decompose(HttpRequest request)
{
    auto in = idAndBody(request, u"task"_s, true);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    DecompositionOptions options;
    if (auto v = body.integer(u"max_depth"_s))
        options.maxDepth = *v;
    if (auto v = body.integer(u"max_subtasks"_s))
        options.maxSubtasks = *v;
    if (Status checked = body.finish(validate(options)); !checked)
        co_return HttpResponse::error(checked.error());
    auto outcome = co_await m_tasks.decompose(id, options);
    if (!outcome)
        co_return HttpResponse::error(outcome.error());
    auto subtasks = co_await render(outcome->created);
    if (!subtasks)
        co_return HttpResponse::error(subtasks.error());
    co_return HttpResponse::json(200, outcomeJson(outcome.value(), subtasks.value()));
}

QCoro::Task<HttpResponse> TaskController::subtasks(HttpRequest request)
{
    const auto id = idArg(request, u"task"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    QueryParams params(request.query);
    const bool recursive = params.flag(u"recursive"_s);
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    auto found = co_await m_tasks.subtasks(id.value(), recursive);
    if (!found)
        co_return HttpResponse::error(found.error());
    auto items = co_await render(found.value());
    if (!items)
        co_return HttpResponse::error(items.error());
    co_return HttpResponse::json(200, QJsonObject{{u"items"_s, items.value()}, {u"total"_s, items->size()}});
}

QCoro::Task<HttpResponse> TaskController::tree(HttpRequest request)
{
    const auto id = idArg(request, u"task"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    auto found = co_await m_tasks.tree(id.value());
    if (!found)
        co_return HttpResponse::error(found.error());
    auto rendered = co_await render(found.value());
    if (!rendered)
        co_return HttpResponse::error(rendered.error());
    co_return HttpResponse::json(200, rendered.value());
}

QCoro::Task<HttpResponse> TaskController::addDependency(HttpRequest request)
{
    auto in = idAndBody(request, u"task"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.require(u"depends_on_task_id"_s);
    Dependency dependency;
    if (auto v = body.id(u"depends_on_task_id"_s))
        dependency.dependsOn = *v;
    if (auto v = body.choice(u"dependency_type"_s, &dependencyTypeFromName, dependencyTypeNames()))
        dependency.type = *v;
    if (auto v = body.boolean(u"is_required"_s))
        dependency.isRequired = *v;
    if (auto v = body.string(u"description"_s))
        dependency.description = *v;
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto done = co_await m_tasks.addDependency(id, dependency);
    co_return co_await respond(done, 201);
}

QCoro::Task<HttpResponse> TaskController::removeDependency(HttpRequest request)
{
    const auto id = idArg(request, u"task"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const auto other = idArg(request, u"dependency"_s, u"dep_id"_s);
    if (!other)
        co_return HttpResponse::error(other.error());
    const auto done = co_await m_tasks.removeDependency(id.value(), other.value());
    if (!done)
        co_return HttpResponse::error(done.error());
    co_return HttpResponse::noContent();
}

QCoro::Task<HttpResponse> TaskController::graph(HttpRequest request)
{
    const auto id = idArg(request, u"task"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    auto view = co_await m_tasks.graph(id.value());
    if (!view)
        co_return HttpResponse::error(view.error());
    auto nodes = co_await render(view->nodes);
    if (!nodes)
        co_return HttpResponse::error(nodes.error());
    QJsonArray edges;
    for (const auto &[dependent, dependency] : std::as_const(view->edges)) {
        QJsonObject edge = toJson(dependency);
        edge.insert(u"task_id"_s, idString(dependent));
        edges.append(edge);
    }
    co_return HttpResponse::json(200, QJsonObject{{u"nodes"_s, nodes.value()},
                                                  {u"edges"_s, edges},
                                                  {u"execution_order"_s, idsJson(view->executionOrder)},
                                                  {u"critical_path"_s, idsJson(view->criticalPath)},
                                                  {u"critical_path_hours"_s, view->criticalPathHours},
                                                  {u"total_estimated_hours"_s, view->totalEstimatedHours}});
}

} // namespace Orc::Api
