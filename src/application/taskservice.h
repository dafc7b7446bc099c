#pragma once

#include "application/agentservice.h"
#include "application/ports/clock.h"
#include "application/ports/lockservice.h"
#include "application/ports/repositories.h"
#include "application/ports/unitofwork.h"
#include "domain/decomposition.h"
#include "domain/taskjson.h"

#include <functional>

namespace Orc::Application {

struct DecompositionOutcome
{
    QList<Domain::Task> created;
    int maxDepthReached = 0;
    QStringList rulesApplied;
    double totalEstimatedHours = 0.0;
    QStringList warnings;
};

struct TaskGraphView
{
    QList<Domain::Task> nodes;
    QList<std::pair<QUuid, Domain::Dependency>> edges; // (dependent, dependency)
    QList<QUuid> executionOrder;
    QList<QUuid> criticalPath;
    double criticalPathHours = 0.0;
    double totalEstimatedHours = 0.0;
};

struct TaskTree
{
    Domain::Task task;
    QList<TaskTree> children;
};

// Tasks, their dependency graph and decomposition. Dependency edits are serialised by the lock
// "task:dependencies" so two concurrent edits can never close a cycle between them.
class TaskService
{
public:
    static constexpr int MaxTreeNodes = 5000;

    TaskService(IClock &clock, ITaskRepository &tasks, ISessionRepository &sessions, IUnitOfWork &unitOfWork,
                AgentService &agents, ILockService &locks);

    QCoro::Task<Domain::Result<Domain::Task>> create(Domain::TaskSpec spec);
    QCoro::Task<Domain::Result<Domain::Task>> get(QUuid id);
    QCoro::Task<Domain::Result<Domain::TaskFacts>> facts(Domain::Task task);
    QCoro::Task<Domain::Result<Page<Domain::Task>>> list(TaskQuery query);
    QCoro::Task<Domain::Result<TaskStats>> stats(std::optional<QUuid> sessionId);
    QCoro::Task<Domain::Result<Domain::Task>> update(QUuid id, std::function<void(Domain::TaskSpec &)> patch);
    // Deletes the task and its subtasks, and every dependency on them.
    QCoro::Task<Domain::Status> remove(QUuid id);

    QCoro::Task<Domain::Result<Domain::Task>>
    transition(QUuid id, Domain::TaskStatus to, std::optional<QJsonObject> result = std::nullopt, QString error = {});
    QCoro::Task<Domain::Result<Domain::Task>> assign(QUuid id, QUuid agentId);
    // -> in_progress; CONFLICT while a required dependency does not allow the start.
    QCoro::Task<Domain::Result<Domain::Task>> start(QUuid id);
    QCoro::Task<Domain::Result<Domain::Task>> complete(QUuid id, std::optional<QJsonObject> result);
    QCoro::Task<Domain::Result<Domain::Task>> fail(QUuid id, QString error);

    QCoro::Task<Domain::Result<DecompositionOutcome>> decompose(QUuid id, Domain::DecompositionOptions options);
    QCoro::Task<Domain::Result<QList<Domain::Task>>> subtasks(QUuid id, bool recursive);
    QCoro::Task<Domain::Result<TaskTree>> tree(QUuid id);

    // Self-dependency, duplicates, unknown task: VALIDATION_ERROR; a cycle: DEPENDENCY_CYCLE naming it.
    QCoro::Task<Domain::Result<Domain::Task>> addDependency(QUuid id, Domain::Dependency dependency);
    QCoro::Task<Domain::Result<Domain::Task>> removeDependency(QUuid id, QUuid dependsOn);
    QCoro::Task<Domain::Result<TaskGraphView>> graph(QUuid id);

private:
    using Mutation = std::function<Domain::Status(Domain::Task &)>;
    QCoro::Task<Domain::Result<Domain::Task>> mutate(QUuid id, Mutation mutation);
    // Pending dependents of a finished task whose dependencies now allow the start become ready.
    QCoro::Task<void> promoteDependents(QUuid id);
    QCoro::Task<Domain::Result<QList<Domain::Task>>> descendants(QUuid id);
    QCoro::Task<Domain::Result<Domain::Task>> addDependencyLocked(QUuid id, Domain::Dependency dependency);

    IClock &m_clock;
    ITaskRepository &m_tasks;
    ISessionRepository &m_sessions;
    IUnitOfWork &m_unitOfWork;
    AgentService &m_agents;
    ILockService &m_locks;
};

} // namespace Orc::Application
