#pragma once

#include "adapters/storage/database.h"
#include "application/ports/eventbus.h"
#include "application/ports/store.h"

#include <QCache>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThread>

class QLockFile;

#include <coroutine>
#include <memory>
#include <optional>

namespace Orc::Adapters::Storage {

class StorageWorker;
struct Connection;

// Every repository port and the unit of work over SQLite or PostgreSQL. All SQL runs on the storage
// thread; callers on the event loop await the answer and never block. A commit's events are
// published on the bus (in seq order) before the committing coroutine resumes.
class SqlStore final
    : public QObject
    , public Application::IStore
{
    Q_OBJECT

public:
    SqlStore(DatabaseSettings settings, Application::IEventBus &bus, QObject *parent = nullptr);
    ~SqlStore() override;

    // Connects, migrates and reads the counters. UNAVAILABLE naming the database and step on failure,
    // and when another orchestrator process already uses the database (one owner: start-up
    // recovery takes every session at work for interrupted). SQLite: a lock file beside the
    // database, released by the system if the process dies; PostgreSQL: a session advisory lock,
    // held by the storage connection.
    QCoro::Task<Domain::Status> open();
    QString describe() const { return m_settings.describe(); }
    Backend backend() const { return m_settings.backend; }
    // A round trip to the database (SELECT 1), for health checks.
    QCoro::Task<Domain::Status> ping();

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
    // An answer from the storage thread, delivered on the event loop.
    template<typename T>
    struct Pending
    {
        std::optional<T> value;
        std::coroutine_handle<> waiter;
    };
    template<typename T>
    struct Awaiter
    {
        std::shared_ptr<Pending<T>> pending;
        bool await_ready() const noexcept { return pending->value.has_value(); }
        void await_suspend(std::coroutine_handle<> handle) noexcept { pending->waiter = handle; }
        T await_resume() { return std::move(*pending->value); }
    };
    template<typename T>
    void deliver(const std::shared_ptr<Pending<T>> &pending, T value, std::function<void()> before = {});

    // Runs `query` on the storage thread and awaits its result.
    template<typename T>
    QCoro::Task<Domain::Result<T>> read(std::function<Domain::Result<T>(Connection &)> query);

    // Sessions as last committed, so a read-modify-write reads without a trip to the storage thread.
    // Coherent because this store is the database's only writer (open() makes sure of it) and it
    // is updated, on the event loop, in the order the storage thread answered.
    static constexpr int CachedSessions = 4096;
    void remember(const QList<Domain::Session> &sessions);
    void forget(const QList<Domain::Session> &sessions, const Domain::Error &why);

    // Every session's children (not deleted), in creation order, so a session is shown with its
    // child ids without a trip to the storage thread. Read at open(), kept up to date by commits as
    // they are answered (in order), read again after a commit whose fate is unknown.
    struct ChildEntry
    {
        QUuid id;
        QDateTime createdAt;
    };
    QCoro::Task<Domain::Status> loadChildIndex();
    void indexChildren(const QList<Domain::Session> &committed);
    QHash<QUuid, QList<ChildEntry>> m_children;
    bool m_childIndexReady = false;

    DatabaseSettings m_settings;
    Application::IEventBus &m_bus;
    QCache<QUuid, Domain::Session> m_sessionCache{CachedSessions};
    QThread m_thread;
    StorageWorker *m_worker = nullptr;
    std::unique_ptr<QLockFile> m_lockFile;
};

} // namespace Orc::Adapters::Storage
