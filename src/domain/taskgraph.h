#pragma once

#include "domain/result.h"

#include <QHash>
#include <QList>
#include <QUuid>

namespace Orc::Domain {

// A dependency graph over tasks: an edge says "dependent depends on prerequisite". Each node carries
// its expected duration, so the critical path is the longest path by hours, not by edge count.
// Every answer is deterministic: ties break by the order nodes were added.
class TaskGraph
{
public:
    struct CriticalPath
    {
        QList<QUuid> tasks; // prerequisites first
        double hours = 0.0;
    };

    void addNode(const QUuid &id, double hours);
    bool hasNode(const QUuid &id) const { return m_index.contains(id); }
    // Adds the edge without checking it (see cycleIfAdded). Unknown ids are added with 0 hours.
    void addEdge(const QUuid &dependent, const QUuid &prerequisite);

    // The cycle that dependent -> prerequisite would close, starting at `dependent`, each task
    // depending on the next and the last depending on `dependent` again; empty if none.
    QList<QUuid> cycleIfAdded(const QUuid &dependent, const QUuid &prerequisite) const;
    // Some cycle of the graph in the same form, or empty.
    QList<QUuid> findCycle() const;

    // Prerequisites before their dependents (DEPENDENCY_CYCLE naming a cycle if there is one).
    Result<QList<QUuid>> executionOrder() const;
    Result<CriticalPath> criticalPath() const;
    double totalHours() const;

    QList<QUuid> nodes() const { return m_ids; }
    int nodeCount() const { return int(m_ids.size()); }

private:
    int indexOf(const QUuid &id);
    Error cycleError(const QList<QUuid> &cycle) const;

    QList<QUuid> m_ids;
    QHash<QUuid, int> m_index;
    QList<double> m_hours;
    QList<QList<int>> m_prerequisites; // per node
    QList<QList<int>> m_dependents;    // per node
};

// The error for a cycle: DEPENDENCY_CYCLE with the ids in order in `extra.cycle` and in `details`.
Error dependencyCycleError(const QList<QUuid> &cycle);

} // namespace Orc::Domain
