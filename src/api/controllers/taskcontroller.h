#pragma once

#include "api/http/router.h"

#include "application/taskservice.h"

namespace Orc::Api {

class JsonBody;

// /api/v1/tasks: the task resource of CONTRACT §3 and §6, its status actions, decomposition,
// subtasks, tree and dependency graph. Bodies are checked field by field (every invalid field in
// one 422) before the domain's own rules run.
class TaskController
{
public:
    explicit TaskController(Application::TaskService &tasks);

    void addRoutes(Router &router);

private:
    QCoro::Task<HttpResponse> create(HttpRequest request);
    QCoro::Task<HttpResponse> list(HttpRequest request);
    QCoro::Task<HttpResponse> stats(HttpRequest request);
    QCoro::Task<HttpResponse> get(HttpRequest request);
    QCoro::Task<HttpResponse> patch(HttpRequest request);
    QCoro::Task<HttpResponse> remove(HttpRequest request);
    QCoro::Task<HttpResponse> setStatus(HttpRequest request);
    QCoro::Task<HttpResponse> assign(HttpRequest request);
    QCoro::Task<HttpResponse> start(HttpRequest request);
    QCoro::Task<HttpResponse> complete(HttpRequest request);
    QCoro::Task<HttpResponse> fail(HttpRequest request);
    QCoro::Task<HttpResponse> decompose(HttpRequest request);
    QCoro::Task<HttpResponse> subtasks(HttpRequest request);
    QCoro::Task<HttpResponse> tree(HttpRequest request);
    QCoro::Task<HttpResponse> addDependency(HttpRequest request);
    QCoro::Task<HttpResponse> removeDependency(HttpRequest request);
    QCoro::Task<HttpResponse> graph(HttpRequest request);

    // The task object with its computed fields (is_leaf, can_start, subtask ids).
    QCoro::Task<Domain::Result<QJsonObject>> render(Domain::Task task);
    QCoro::Task<Domain::Result<QJsonArray>> render(QList<Domain::Task> tasks);
    QCoro::Task<Domain::Result<QJsonObject>> render(Application::TaskTree tree);
    // The answer of a use case that yields a task. Awaited at once by every caller.
    QCoro::Task<HttpResponse> respond(const Domain::Result<Domain::Task> &result, int status = 200);

    Application::TaskService &m_tasks;
};

} // namespace Orc::Api
