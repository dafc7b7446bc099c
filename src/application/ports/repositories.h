#pragma once

#include "domain/agent.h"
#include "domain/context.h"
#include "domain/event.h"
#include "domain/result.h"
#include "domain/session.h"
#include "domain/task.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QUuid>

#include <qcorotask.h>

#include <optional>

namespace Orc::Application {

using Domain::Result;

struct PageRequest
{
    static constexpr int DefaultPageSize = 50;
    static constexpr int MaxPageSize = 200;
    int page = 1;
    int pageSize = DefaultPageSize;
};

template<typename T>
struct Page
{
    QList<T> items;
    qint64 total = 0;
    int page = 1;
    int pageSize = PageRequest::DefaultPageSize;
    int totalPages() const { return pageSize > 0 ? int((total + pageSize - 1) / pageSize) : 0; }
};

struct SessionQuery
{
    std::optional<Domain::SessionStatus> status;
    std::optional<Domain::SessionType> type;
    std::optional<Domain::SessionPriority> priority;
    QString tag;
    std::optional<QUuid> parentId;
    QString text; // case-insensitive, in title and description
    bool includeDeleted = false;
    PageRequest page;
};

struct SessionStats
{
    qint64 total = 0; // not deleted
    qint64 deleted = 0;
    QMap<Domain::SessionStatus, qint64> byStatus;
    QMap<Domain::SessionType, qint64> byType;
};

struct TaskQuery
{
    std::optional<QUuid> sessionId;
    std::optional<Domain::TaskStatus> status;
    std::optional<QUuid> parentTaskId;
    PageRequest page;
};

struct TaskStats
{
    qint64 total = 0;
    QMap<Domain::TaskStatus, qint64> byStatus;
    double totalEstimatedHours = 0.0;
};

struct ContextQuery
{
    std::optional<Domain::ContextScope> scope;
    std::optional<QUuid> sessionId;
    std::optional<QUuid> agentId;
};

struct EventQuery
{
    static constexpr int DefaultLimit = 100;
    static constexpr int MaxLimit = 1000;
    qint64 afterSeq = 0;
    int limit = DefaultLimit;
    std::optional<QUuid> sessionId; // events whose payload names this session
};

// Reads. Writes go through IUnitOfWork so every change and its events land in one transaction.
// A store that cannot be reached answers UNAVAILABLE.
class ISessionRepository
{
public:
    virtual ~ISessionRepository() = default;
    // Soft-deleted sessions included; NOT_FOUND when there is none.
    virtual QCoro::Task<Result<Domain::Session>> session(QUuid id) = 0;
    // Newest first.
    virtual QCoro::Task<Result<Page<Domain::Session>>> sessions(SessionQuery query) = 0;
    // The children (not deleted, oldest first) of each parent, in one query; a parent without
    // children is absent.
    virtual QCoro::Task<Result<QHash<QUuid, QList<QUuid>>>> childIds(QList<QUuid> parentIds) = 0;
    // Every session (soft-deleted ones included) in one of `statuses`, oldest first: what start-up
    // recovery looks for. Unpaged: only the sessions at work, never the whole history.
    virtual QCoro::Task<Result<QList<Domain::Session>>> sessionsInStatus(QList<Domain::SessionStatus> statuses) = 0;
    // Kept checkpoints, oldest first.
    virtual QCoro::Task<Result<QList<Domain::Checkpoint>>> checkpoints(QUuid sessionId) = 0;
    virtual QCoro::Task<Result<Domain::Checkpoint>> checkpoint(QUuid sessionId, int sequence) = 0;
    virtual QCoro::Task<Result<SessionStats>> sessionStats() = 0;
};

class IAgentRepository
{
public:
    virtual ~IAgentRepository() = default;
    // Every agent, in registration order.
    virtual QCoro::Task<Result<QList<Domain::Agent>>> agents() = 0;
};

class ITaskRepository
{
public:
    virtual ~ITaskRepository() = default;
    virtual QCoro::Task<Result<Domain::Task>> task(QUuid id) = 0;
    // Oldest first.
    virtual QCoro::Task<Result<Page<Domain::Task>>> tasks(TaskQuery query) = 0;
    virtual QCoro::Task<Result<QList<Domain::Task>>> children(QUuid parentTaskId) = 0;
    // Tasks that depend on `id`.
    virtual QCoro::Task<Result<QList<Domain::Task>>> dependents(QUuid id) = 0;
    // The seeds and every task connected to them by dependencies, in either direction.
    virtual QCoro::Task<Result<QList<Domain::Task>>> connected(QList<QUuid> seeds) = 0;
    virtual QCoro::Task<Result<TaskStats>> taskStats(std::optional<QUuid> sessionId) = 0;
};

class IContextRepository
{
public:
    virtual ~IContextRepository() = default;
    virtual QCoro::Task<Result<Domain::Context>> context(QUuid id) = 0;
    virtual QCoro::Task<Result<QList<Domain::Context>>> contexts(ContextQuery query) = 0;
    // Newest first.
    virtual QCoro::Task<Result<QList<Domain::ContextChange>>> history(QUuid contextId, int limit) = 0;
    virtual QCoro::Task<Result<QList<QUuid>>> expiredContexts(QDateTime now) = 0;
};

class IEventLog
{
public:
    virtual ~IEventLog() = default;
    // In seq order, seq > afterSeq, at most limit.
    virtual QCoro::Task<Result<Domain::Events>> events(EventQuery query) = 0;
};

} // namespace Orc::Application
