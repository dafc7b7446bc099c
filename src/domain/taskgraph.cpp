#include "domain/taskgraph.h"

#include "domain/identifiers.h"

#include <QJsonArray>

#include <algorithm>
#include <functional>
#include <queue>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

Error dependencyCycleError(const QList<QUuid> &cycle)
{
    QJsonArray ids;
    QStringList names;
    QList<FieldError> details;
    for (const QUuid &id : cycle) {
        ids.append(idString(id));
        names.append(idString(id));
        details.append({u"cycle"_s, idString(id)});
    }
    if (!cycle.isEmpty())
        names.append(idString(cycle.first()));
    Error error = Error::conflict(ErrorCode::DependencyCycle,
                                  u"dependency would create a cycle: %1"_s.arg(names.join(u" -> "_s)),
                                  QJsonObject{{u"cycle"_s, ids}});
    error.details = details;
    return error;
}

int TaskGraph::indexOf(const QUuid &id)
{
    if (const auto it = m_index.constFind(id); it != m_index.constEnd())
        return *it;
    addNode(id, 0.0);
    return m_index.value(id);
}

void TaskGraph::addNode(const QUuid &id, double hours)
{
    if (const auto it = m_index.constFind(id); it != m_index.constEnd()) {
        m_hours[*it] = hours;
        return;
    }
    m_index.insert(id, int(m_ids.size()));
    m_ids.append(id);
    m_hours.append(hours);
    m_prerequisites.append(QList<int>());
    m_dependents.append(QList<int>());
}

void TaskGraph::addEdge(const QUuid &dependent, const QUuid &prerequisite)
{
    const int d = indexOf(dependent);
    const int p = indexOf(prerequisite);
    if (!m_prerequisites[d].contains(p)) {
        m_prerequisites[d].append(p);
        m_dependents[p].append(d);
    }
}

QList<QUuid> TaskGraph::cycleIfAdded(const QUuid &dependent, const QUuid &prerequisite) const
{
    if (dependent == prerequisite)
        return {dependent};
    const auto d = m_index.constFind(dependent);
    const auto p = m_index.constFind(prerequisite);
    if (d == m_index.constEnd() || p == m_index.constEnd())
        return {};
    // Breadth-first from the prerequisite along "depends on" edges: the shortest way back.
    QList<int> parent(m_ids.size(), -1);
    QList<bool> seen(m_ids.size(), false);
    std::queue<int> queue;
    queue.push(*p);
    seen[*p] = true;
    while (!queue.empty()) {
        const int node = queue.front();
        queue.pop();
        if (node == *d) {
            QList<QUuid> path; // prerequisite ... dependent
            for (int n = node; n != -1; n = parent[n])
                path.prepend(m_ids[n]);
            path.removeLast();
            path.prepend(dependent);
            return path; // dependent -> prerequisite -> ... -> (depends on dependent)
        }
        for (int next : m_prerequisites[node]) {
            if (!seen[next]) {
                seen[next] = true;
                parent[next] = node;
                queue.push(next);
            }
        }
    }
    return {};
}

QList<QUuid> TaskGraph::findCycle() const
{
    enum Colour { White, Grey, Black };
    QList<Colour> colour(m_ids.size(), White);
    QList<int> stack;
    // Iterative depth-first search over "depends on" edges.
    for (int start = 0; start < m_ids.size(); ++start) {
        if (colour[start] != White)
            continue;
        QList<std::pair<int, int>> frames{{start, 0}};
        colour[start] = Grey;
        stack = {start};
        while (!frames.isEmpty()) {
            auto &[node, next] = frames.last();
            if (next < m_prerequisites[node].size()) {
                const int child = m_prerequisites[node][next++];
                if (colour[child] == Grey) {
                    QList<QUuid> cycle;
                    for (qsizetype i = stack.indexOf(child); i < stack.size(); ++i)
                        cycle.append(m_ids[stack[i]]);
                    return cycle;
                }
                if (colour[child] == White) {
                    colour[child] = Grey;
                    stack.append(child);
                    frames.append({child, 0});
                }
            } else {
                colour[node] = Black;
                stack.removeLast();
                frames.removeLast();
            }
        }
    }
    return {};
}

Result<QList<QUuid>> TaskGraph::executionOrder() const
{
    QList<int> remaining(m_ids.size());
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (int i = 0; i < m_ids.size(); ++i) {
        remaining[i] = int(m_prerequisites[i].size());
        if (remaining[i] == 0)
            ready.push(i);
    }
    QList<QUuid> order;
    order.reserve(m_ids.size());
    while (!ready.empty()) {
        const int node = ready.top();
        ready.pop();
        order.append(m_ids[node]);
        for (int dependent : m_dependents[node]) {
            if (--remaining[dependent] == 0)
                ready.push(dependent);
        }
    }
    if (order.size() != m_ids.size())
        return dependencyCycleError(findCycle());
    return order;
}

Result<TaskGraph::CriticalPath> TaskGraph::criticalPath() const
{
    auto order = executionOrder();
    if (!order)
        return std::move(order).error();
    QList<double> finish(m_ids.size(), 0.0);
    QList<int> previous(m_ids.size(), -1);
    int end = -1;
    for (const QUuid &id : order.value()) {
        const int node = m_index.value(id);
        int latest = -1; // the prerequisite that finishes last (earliest added on a tie)
        for (int p : m_prerequisites[node]) {
            if (latest == -1 || finish[p] > finish[latest] || (finish[p] == finish[latest] && p < latest))
                latest = p;
        }
        previous[node] = latest;
        finish[node] = (latest == -1 ? 0.0 : finish[latest]) + m_hours[node];
        if (end == -1 || finish[node] > finish[end] || (finish[node] == finish[end] && node < end))
            end = node;
    }
    CriticalPath path;
    if (end == -1)
        return path;
    path.hours = finish[end];
    for (int n = end; n != -1; n = previous[n])
        path.tasks.prepend(m_ids[n]);
    return path;
}

double TaskGraph::totalHours() const
{
    double total = 0.0;
    for (double h : m_hours)
        total += h;
    return total;
}

} // namespace Orc::Domain
