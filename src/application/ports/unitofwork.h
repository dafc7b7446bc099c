#pragma once

#include "domain/agent.h"
#include "domain/context.h"
#include "domain/event.h"
#include "domain/result.h"
#include "domain/session.h"
#include "domain/task.h"

#include <QList>
#include <QUuid>

#include <qcorotask.h>

namespace Orc::Application {

struct ContextHistoryEntry
{
    QUuid contextId;
    Domain::ContextChange change;
};

// One logical transaction: entity writes and the events that announce them.
//  - sessions, tasks, contexts are version-checked: the stored version must be version - 1
//    (version 1 inserts); otherwise the whole commit fails with VERSION_MISMATCH and changes nothing;
//  - checkpoints are inserted with a unique (session, sequence) and only the newest 100 are kept;
//  - agents are upserted (the agent registry is their single writer);
//  - events are appended in order, each given the next global seq.
struct ChangeSet
{
    QList<Domain::Session> sessions;
    QList<Domain::Checkpoint> checkpoints;
    QList<Domain::Agent> agents;
    QList<QUuid> removedAgents;
    QList<Domain::Task> tasks;
    QList<QUuid> removedTasks;
    QList<Domain::Context> contexts;
    QList<QUuid> removedContexts;
    QList<ContextHistoryEntry> contextHistory;
    Domain::Events events;

    bool isEmpty() const
    {
        return sessions.isEmpty() && checkpoints.isEmpty() && agents.isEmpty() && removedAgents.isEmpty()
               && tasks.isEmpty() && removedTasks.isEmpty() && contexts.isEmpty() && removedContexts.isEmpty()
               && contextHistory.isEmpty() && events.isEmpty();
    }
};

class IUnitOfWork
{
public:
    virtual ~IUnitOfWork() = default;
    // Applies everything or nothing. On success the stored events (with their seq) are returned
    // and have been handed to the event bus, in seq order.
    virtual QCoro::Task<Domain::Result<Domain::Events>> commit(ChangeSet changes) = 0;
};

} // namespace Orc::Application
