#include "application/taskservice.h"

#include "application/writebatch.h"
#include "domain/identifiers.h"
#include "domain/taskgraph.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;
using namespace Orc::Domain;

namespace Orc::Application {

namespace {

constexpr int MaxWriteAttempts = 5;

double hoursOf(const Task &task)
{
    return task.spec().estimate ? task.spec().estimate->expectedHours() : 0.0;
}

} // namespace

TaskService::TaskService(IClock &clock, ITaskRepository &tasks, ISessionRepository &sessions, IUnitOfWork &unitOfWork,
                         AgentService &agents, ILockService &locks)
    : m_clock(clock), m_tasks(tasks), m_sessions(sessions), m_unitOfWork(unitOfWork), m_agents(agents), m_locks(locks)
{}

QCoro::Task<Result<Task>> TaskService::create(TaskSpec spec)
{
    QList<FieldError> references;
    if (!spec.sessionId.isNull()) {
        auto session = co_await m_sessions.session(spec.sessionId);
        if (!session && session.error().code != ErrorCode::NotFound)
            co_return std::move(session).error();
        if (!session || session->isDeleted())
            references.append({u"session_id"_s, u"no such session"_s});
    }
    if (!spec.parentTaskId.isNull()) {
        auto parent = co_await m_tasks.task(spec.parentTaskId);
        if (!parent && parent.error().code != ErrorCode::NotFound)
            co_return std::move(parent).error();
        if (!parent)
            references.append({u"parent_task_id"_s, u"no such task"_s});
        else if (spec.sessionId.isNull())
            spec.sessionId = parent->spec().sessionId; // a subtask belongs to its parent's session
    }
    auto created = Task::create(std::move(spec), newId(), m_clock.now());
    if (!created) {
        Error error = std::move(created).error();
        error.details.append(references);
        co_return error;
    }
    if (!references.isEmpty())
        co_return Error::validation(references);
    Task task = std::move(created).value();
    ChangeSet changes;
    changes.events = task.takeEvents();
    changes.tasks.append(task);
    auto committed = co_await m_unitOfWork.commit(std::move(changes));
    if (!committed)
        co_return std::move(committed).error();
    co_return task;
}

QCoro::Task<Result<Task>> TaskService::get(QUuid id)
{
    co_return co_await m_tasks.task(id);
}

QCoro::Task<Result<TaskFacts>> TaskService::facts(Task task)
{
    TaskFacts facts;
    auto children = co_await m_tasks.children(task.id());
    if (!children)
        co_return std::move(children).error();
    for (const Task &child : children.value())
        facts.subtaskIds.append(child.id());
    facts.isLeaf = facts.subtaskIds.isEmpty();
    QHash<QUuid, TaskStatus> statuses;
    for (const Dependency &d : task.dependencies()) {
        auto prerequisite = co_await m_tasks.task(d.dependsOn);
        if (prerequisite)
            statuses.insert(d.dependsOn, prerequisite->status());
    }
    facts.canStart = task.canStart([&statuses](const QUuid &id) -> std::optional<TaskStatus> {
        const auto it = statuses.constFind(id);
        return it == statuses.constEnd() ? std::nullopt : std::optional<TaskStatus>(*it);
    });
    co_return facts;
}

QCoro::Task<Result<Page<Task>>> TaskService::list(TaskQuery query)
{
    if (query.page.page < 1 || query.page.pageSize < 1 || query.page.pageSize > PageRequest::MaxPageSize)
        co_return Error::validation(
            {{u"page_size"_s, u"page >= 1 and 1 <= page_size <= %1"_s.arg(PageRequest::MaxPageSize)}});
    co_return co_await m_tasks.tasks(query);
}

QCoro::Task<Result<TaskStats>> TaskService::stats(std::optional<QUuid> sessionId)
{
    co_return co_await m_tasks.taskStats(sessionId);
}

QCoro::Task<Result<Task>> TaskService::mutate(QUuid id, Mutation mutation)
{
    for (int attempt = 1;; ++attempt) {
        auto loaded = co_await m_tasks.task(id);
        if (!loaded)
            co_return std::move(loaded).error();
        Task task = std::move(loaded).value();
        if (Status changed = mutation(task); !changed)
            co_return std::move(changed).error();
        task.markChanged(m_clock.now());
        ChangeSet changes;
        changes.events = task.takeEvents();
        changes.tasks.append(task);
        auto committed = co_await m_unitOfWork.commit(std::move(changes));
        if (committed)
            co_return task;
        if (committed.error().code != ErrorCode::VersionMismatch || attempt >= MaxWriteAttempts)
            co_return std::move(committed).error();
    }
}

QCoro::Task<Result<Task>> TaskService::update(QUuid id, std::function<void(TaskSpec &)> patch)
{
    co_return co_await mutate(id, [this, &patch](Task &task) {
        TaskSpec spec = task.spec();
        patch(spec);
        return task.updateSpec(std::move(spec), m_clock.now());
    });
}

QCoro::Task<Result<QList<Task>>> TaskService::descendants(QUuid id)
{
    QList<Task> result;
    QList<QUuid> frontier{id};
    while (!frontier.isEmpty() && result.size() < MaxTreeNodes) {
        auto children = co_await m_tasks.children(frontier.takeFirst());
        if (!children)
            co_return std::move(children).error();
        for (const Task &child : children.value()) {
            result.append(child);
            frontier.append(child.id());
        }
    }
    co_return result;
}

QCoro::Task<Status> TaskService::remove(QUuid id)
{
    auto task = co_await m_tasks.task(id);
    if (!task)
        co_return std::move(task).error();
    auto below = co_await descendants(id);
    if (!below)
        co_return std::move(below).error();
    QSet<QUuid> removed{id};
    for (const Task &t : below.value())
        removed.insert(t.id());
    ChangeSet changes;
    const QDateTime now = m_clock.now();
    for (const QUuid &gone : std::as_const(removed)) {
        changes.removedTasks.append(gone);
        changes.events.append(makeEvent(
            EventType::TaskDeleted,
            QJsonObject{{u"task_id"_s, idString(gone)}, {u"session_id"_s, idString(task->spec().sessionId)}}, now));
        // Tasks outside the deleted subtree lose their dependencies on it.
        auto dependents = co_await m_tasks.dependents(gone);
        if (!dependents)
            co_return std::move(dependents).error();
        for (Task dependent : dependents.value()) {
            if (removed.contains(dependent.id()))
                continue;
            dependent.removeDependency(gone, now);
            dependent.markChanged(now);
            changes.events.append(dependent.takeEvents());
            changes.tasks.append(dependent);
        }
    }
    auto committed = co_await m_unitOfWork.commit(std::move(changes));
    if (!committed)
        co_return std::move(committed).error();
    co_return Status();
}

QCoro::Task<Result<Task>> TaskService::transition(QUuid id, TaskStatus to, std::optional<QJsonObject> result,
                                                  QString error)
{
    if (to == TaskStatus::InProgress)
        co_return co_await start(id);
    auto changed = co_await mutate(
        id, [this, to, &result, &error](Task &task) { return task.transitionTo(to, m_clock.now(), result, error); });
    if (changed && (to == TaskStatus::Completed || to == TaskStatus::Skipped))
        co_await promoteDependents(id);
    co_return changed;
}

QCoro::Task<Result<Task>> TaskService::assign(QUuid id, QUuid agentId)
{
    if (!m_agents.agent(agentId))
        co_return Error::validation({{u"agent_id"_s, u"no such agent"_s}});
    co_return co_await mutate(id, [this, agentId](Task &task) { return task.assign(agentId, m_clock.now()); });
}

QCoro::Task<Result<Task>> TaskService::start(QUuid id)
{
    auto task = co_await m_tasks.task(id);
    if (!task)
        co_return std::move(task).error();
    auto known = co_await facts(task.value());
    if (!known)
        co_return std::move(known).error();
    if (!known->canStart && canTransition(task->status(), TaskStatus::InProgress)) {
        co_return Error::conflict(ErrorCode::Conflict, u"a required dependency does not allow the start yet"_s,
                                  QJsonObject{{u"task_id"_s, idString(id)}});
    }
    co_return co_await mutate(id, [this](Task &t) { return t.transitionTo(TaskStatus::InProgress, m_clock.now()); });
}

QCoro::Task<Result<Task>> TaskService::complete(QUuid id, std::optional<QJsonObject> result)
{
    co_return co_await transition(id, TaskStatus::Completed, std::move(result));
}

QCoro::Task<Result<Task>> TaskService::fail(QUuid id, QString error)
{
    if (error.trimmed().isEmpty())
        co_return Error::validation({{u"error_message"_s, u"required"_s}});
    co_return co_await transition(id, TaskStatus::Failed, std::nullopt, std::move(error));
}

QCoro::Task<void> TaskService::promoteDependents(QUuid id)
{
    auto dependents = co_await m_tasks.dependents(id);
    if (!dependents)
        co_return;
    for (const Task &dependent : dependents.value()) {
        if (dependent.status() != TaskStatus::Pending)
            continue;
        auto known = co_await facts(dependent);
        if (!known || !known->canStart)
            continue;
        co_await mutate(dependent.id(), [this, id](Task &task) -> Status {
            if (task.status() != TaskStatus::Pending)
                return {};
            if (Status ready = task.transitionTo(TaskStatus::Ready, m_clock.now()); !ready)
                return ready;
            return {};
        });
        ChangeSet announce;
        announce.events.append(makeEvent(EventType::TaskDependencySatisfied,
                                         QJsonObject{{u"task_id"_s, idString(dependent.id())},
                                                     {u"session_id"_s, idString(dependent.spec().sessionId)},
                                                     {u"satisfied_by"_s, idString(id)}},
                                         m_clock.now()));
        co_await m_unitOfWork.commit(std::move(announce));
    }
}

QCoro::Task<Result<DecompositionOutcome>> TaskService::decompose(QUuid id, DecompositionOptions options)
{
    if (auto errors = validate(options); !errors.isEmpty())
        co_return Error::validation(std::move(errors));
    auto loaded = co_await m_tasks.task(id);
    if (!loaded)
        co_return std::move(loaded).error();
    const Task root = loaded.value();
    auto existing = co_await m_tasks.children(id);
    if (!existing)
        co_return std::move(existing).error();
    if (!existing->isEmpty())
        co_return Error::conflict(
            ErrorCode::Conflict,
            u"task already has %1 subtasks; delete them to decompose again"_s.arg(existing->size()));

    const DecompositionPlan plan = Domain::decompose(root.spec().title, root.spec().description, root.spec().estimate,
                                                     root.spec().priority, options);
    const QDateTime now = m_clock.now();
    DecompositionOutcome outcome;
    outcome.maxDepthReached = plan.maxDepthReached;
    outcome.rulesApplied = plan.rulesApplied;
    outcome.totalEstimatedHours = plan.totalEstimatedHours;
    outcome.warnings = plan.warnings;
    for (const PlannedTask &planned : plan.tasks) {
        TaskSpec spec;
        spec.sessionId = root.spec().sessionId;
        spec.parentTaskId = planned.parent < 0 ? id : outcome.created[planned.parent].id();
        spec.title = planned.title;
        spec.description = planned.description;
        spec.taskType = planned.taskType;
        spec.priority = planned.priority;
        spec.requiredCapabilities = planned.capabilities;
        spec.estimate = planned.estimate;
        spec.metadata = QJsonObject{{u"decomposition_rule"_s, planned.rule}, {u"depth"_s, planned.depth}};
        auto task = Task::create(spec, newId(), now);
        if (!task)
            co_return std::move(task).error();
        outcome.created.append(task.value());
    }
    for (const PlannedDependency &d : plan.dependencies) {
        Task &dependent = outcome.created[d.dependent];
        if (Status added = dependent.addDependency({outcome.created[d.prerequisite].id(), d.type, true, {}}, now);
            !added)
            co_return std::move(added).error();
    }
    ChangeSet changes;
    for (Task &task : outcome.created) {
        changes.events.append(task.takeEvents());
        changes.tasks.append(task);
    }
    changes.events.append(makeEvent(EventType::TaskDecomposed,
                                    QJsonObject{{u"task_id"_s, idString(id)},
                                                {u"session_id"_s, idString(root.spec().sessionId)},
                                                {u"subtasks_created"_s, int(outcome.created.size())},
                                                {u"max_depth_reached"_s, outcome.maxDepthReached},
                                                {u"rules_applied"_s, QJsonArray::fromStringList(outcome.rulesApplied)},
                                                {u"total_estimated_hours"_s, outcome.totalEstimatedHours},
                                                {u"warnings"_s, QJsonArray::fromStringList(outcome.warnings)}},
                                    now));
    auto committed = co_await m_unitOfWork.commit(std::move(changes));
    if (!committed)
        co_return std::move(committed).error();
    co_return outcome;
}

QCoro::Task<Result<QList<Task>>> TaskService::subtasks(QUuid id, bool recursive)
{
    auto task = co_await m_tasks.task(id);
    if (!task)
        co_return std::move(task).error();
    if (recursive)
        co_return co_await descendants(id);
    co_return co_await m_tasks.children(id);
}

QCoro::Task<Result<TaskTree>> TaskService::tree(QUuid id)
{
    auto root = co_await m_tasks.task(id);
    if (!root)
        co_return std::move(root).error();
    TaskTree tree{root.value(), {}};
    QList<TaskTree *> level{&tree};
    int nodes = 1;
    while (!level.isEmpty() && nodes < MaxTreeNodes) {
        QList<TaskTree *> next;
        for (TaskTree *node : level) {
            auto children = co_await m_tasks.children(node->task.id());
            if (!children)
                co_return std::move(children).error();
            for (const Task &child : children.value()) {
                if (++nodes > MaxTreeNodes)
                    break;
                node->children.append(TaskTree{child, {}});
            }
            for (TaskTree &child : node->children)
                next.append(&child);
        }
        level = next;
    }
    co_return tree;
}

QCoro::Task<Result<Task>> TaskService::addDependency(QUuid id, Dependency dependency)
{
    LockRequest request;
    request.resource = u"task:dependencies"_s;
    request.owner = u"task-service:"_s + idString(newId());
    auto lock = co_await m_locks.acquire(request);
    if (!lock)
        co_return std::move(lock).error();
    auto result = co_await addDependencyLocked(id, std::move(dependency));
    co_await m_locks.release(lock.value());
    co_return result;
}

QCoro::Task<Result<Task>> TaskService::addDependencyLocked(QUuid id, Dependency dependency)
{
    if (dependency.dependsOn == id)
        co_return Error::validation({{u"depends_on_task_id"_s, u"a task cannot depend on itself"_s}});
    auto prerequisite = co_await m_tasks.task(dependency.dependsOn);
    if (!prerequisite && prerequisite.error().code != ErrorCode::NotFound)
        co_return std::move(prerequisite).error();
    if (!prerequisite)
        co_return Error::validation({{u"depends_on_task_id"_s, u"no such task"_s}});
    auto dependent = co_await m_tasks.task(id);
    if (!dependent)
        co_return std::move(dependent).error();
    // Everything the prerequisite transitively depends on decides whether the edge closes a cycle.
    const QList<QUuid> seeds{id, dependency.dependsOn}; // not braced inside co_await (GCC 12)
    auto around = co_await m_tasks.connected(seeds);
    if (!around)
        co_return std::move(around).error();
    TaskGraph graph;
    for (const Task &t : around.value())
        graph.addNode(t.id(), hoursOf(t));
    for (const Task &t : around.value()) {
        for (const Dependency &d : t.dependencies())
            graph.addEdge(t.id(), d.dependsOn);
    }
    if (const QList<QUuid> cycle = graph.cycleIfAdded(id, dependency.dependsOn); !cycle.isEmpty())
        co_return dependencyCycleError(cycle);
    co_return co_await mutate(
        id, [this, &dependency](Task &task) { return task.addDependency(dependency, m_clock.now()); });
}

QCoro::Task<Result<Task>> TaskService::removeDependency(QUuid id, QUuid dependsOn)
{
    co_return co_await mutate(id, [this, dependsOn](Task &task) -> Status {
        if (!task.removeDependency(dependsOn, m_clock.now()))
            return Error::notFound(u"dependency"_s, idString(dependsOn));
        return {};
    });
}

QCoro::Task<Result<TaskGraphView>> TaskService::graph(QUuid id)
{
    auto root = co_await m_tasks.task(id);
    if (!root)
        co_return std::move(root).error();
    auto below = co_await descendants(id);
    if (!below)
        co_return std::move(below).error();
    QList<QUuid> seeds{id};
    for (const Task &t : below.value())
        seeds.append(t.id());
    auto connected = co_await m_tasks.connected(seeds);
    if (!connected)
        co_return std::move(connected).error();

    TaskGraphView view;
    view.nodes = connected.value();
    TaskGraph graph;
    QSet<QUuid> inView;
    for (const Task &t : view.nodes) {
        graph.addNode(t.id(), hoursOf(t));
        inView.insert(t.id());
    }
    for (const Task &t : view.nodes) {
        for (const Dependency &d : t.dependencies()) {
            if (!inView.contains(d.dependsOn))
                continue;
            graph.addEdge(t.id(), d.dependsOn);
            view.edges.append({t.id(), d});
        }
    }
    auto order = graph.executionOrder();
    if (!order)
        co_return std::move(order).error();
    view.executionOrder = order.value();
    auto path = graph.criticalPath();
    if (!path)
        co_return std::move(path).error();
    view.criticalPath = path->tasks;
    view.criticalPathHours = path->hours;
    view.totalEstimatedHours = graph.totalHours();
    co_return view;
}

} // namespace Orc::Application
