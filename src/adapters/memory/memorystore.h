#pragma once

#include "application/ports/eventbus.h"
#include "application/ports/store.h"

#include <QHash>
#include <QList>
#include <QMap>

#include <map>
#include <optional>

namespace Orc::Adapters {

// Every repository port and the unit of work over plain containers. Commits are atomic (checked
// first, then applied), version-checked like the SQL stores, and hand their events to the bus in
// seq order. Nothing survives the process.
class MemoryStore final : public Application::IStore
{
public:
    // The newest events kept for replay; older ones are dropped (the SQL stores keep them all).
    static constexpr int EventsKept = 200000;

    explicit MemoryStore(Application::IEventBus &bus);

    // Makes every call fail with `error` (UNAVAILABLE, say) until cleared: a store that went away.
    void setFailure(std::optional<Domain::Error> error) { m_failure = std::move(error); }
    qint64 lastSeq() const { return m_lastSeq; }
    int commitCount() const { return m_commits; }

    QCoro::Task<Domain::Result<Domain::Events>> commit(Application::ChangeSet changes) override;

    QCoro::Task<Domain::Result<Domain::Session>> session(QUuid id) override;
    QCoro::Task<Domain::Result<Application::Page<Domain::Session>>> sessions(Application::SessionQuery query) override;
    QCoro::Task<Domain::Result<QHash<QUuid, QList<QUuid>>>> childIds(QList<QUuid> parentIds) override;
    QCoro::Task<Domain::Result<QList<Domain::Session>>>
    sessionsInStatus(QList<Domain::SessionStatus> statuses) override;
    QCoro::Task<Domain::Result<QList<Domain::Checkpoint>>> checkpoints(QUuid sessionId) override;
    QCoro::Task<Domain::Result<Domain::Checkpoint>> checkpoint(QUuid sessionId, int sequence) override;
    QCoro::Task<Domain::Result<Application::SessionStats>> sessionStats() override;

    QCoro::Task<Domain::Result<QList<Domain::Agent>>> agents() override;

    QCoro::Task<Domain::Result<Domain::Task>> task(QUuid id) override;
    QCoro::Task<Domain::Result<Application::Page<Domain::Task>>> tasks(Application::TaskQuery query) override;
    QCoro::Task<Domain::Result<QList<Domain::Task>>> children(QUuid parentTaskId) override;
    QCoro::Task<Domain::Result<QList<Domain::Task>>> dependents(QUuid id) override;
    QCoro::Task<Domain::Result<QList<Domain::Task>>> connected(QList<QUuid> seeds) override;
    QCoro::Task<Domain::Result<Application::TaskStats>> taskStats(std::optional<QUuid> sessionId) override;

    QCoro::Task<Domain::Result<Domain::Context>> context(QUuid id) override;
    QCoro::Task<Domain::Result<QList<Domain::Context>>> contexts(Application::ContextQuery query) override;
    QCoro::Task<Domain::Result<QList<Domain::ContextChange>>> history(QUuid contextId, int limit) override;
    QCoro::Task<Domain::Result<QList<QUuid>>> expiredContexts(QDateTime now) override;

    QCoro::Task<Domain::Result<Domain::Events>> events(Application::EventQuery query) override;

private:
    Domain::Status check(const Application::ChangeSet &changes) const;
    quint64 orderOf(const QUuid &id) const { return m_insertionOrder.value(id); }
    template<typename Entity>
    void sortByCreation(QList<Entity> &list, bool newestFirst = false) const;
    void apply(const Application::ChangeSet &changes);

    Application::IEventBus &m_bus;
    std::optional<Domain::Error> m_failure;
    QHash<QUuid, Domain::Session> m_sessions;
    QHash<QUuid, QMap<int, Domain::Checkpoint>> m_checkpoints;
    std::map<QDateTime, QList<QUuid>> m_agentOrder; // registration order
    QHash<QUuid, Domain::Agent> m_agents;
    QHash<QUuid, Domain::Task> m_tasks;
    QHash<QUuid, Domain::Context> m_contexts;
    QHash<QUuid, QList<Domain::ContextChange>> m_history; // newest first
    // Insertion order breaks ties between rows created in the same millisecond (a serial key in SQL).
    QHash<QUuid, quint64> m_insertionOrder;
    quint64 m_nextInsertion = 0;
    QList<Domain::Event> m_events;
    qint64 m_lastSeq = 0;
    int m_commits = 0;
};

} // namespace Orc::Adapters
