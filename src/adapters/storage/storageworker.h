#pragma once

#include "adapters/storage/database.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSqlQuery>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace Orc::Adapters::Storage {

// A statement prepared once per connection and run many times.
struct PreparedStatement
{
    QSqlQuery query;
    bool busy = false; // a Query is reading its results
};

// What the worker thread owns: the connection and the counters only its single writer advances.
struct Connection
{
    static constexpr int MaxStatements = 256;

    QSqlDatabase db;
    // By SQL text. SQLite then compiles each statement once, PostgreSQL keeps it prepared on the
    // server: one round trip per execution instead of prepare, execute and deallocate.
    QHash<QString, std::shared_ptr<PreparedStatement>> statements;
    Backend backend = Backend::Sqlite;
    qint64 lastSeq = 0;   // the newest event's seq: the log is gapless because only we append
    qint64 lastOrder = 0; // creation order of rows (ties within one millisecond)
};

// The storage thread: owns the SQL connection; every request is queued to it and answered
// through its callback. Consecutive writes are group-committed: one transaction and one fsync for
// all of them, so durable throughput grows with the number of writers waiting. A write that fails
// fails alone: its group is then run again with a savepoint per write.
class StorageWorker : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxGroup = 256;

    using Read = std::function<void(Connection &)>;
    struct Write
    {
        std::function<Domain::Status(Connection &)> apply;
        std::function<void(Domain::Status)> done; // called after the transaction ended
    };

    explicit StorageWorker(DatabaseSettings settings);
    ~StorageWorker() override;

    // Thread-safe: queue a request for the worker thread.
    void post(Read read);
    void post(Write write);

    // Worker thread only: connect if not connected. Reads call it before touching the connection.
    // After a failed attempt, requests fail at once with UNAVAILABLE until the next attempt is due
    // (100 ms, doubling up to 1 s), so an outage answers fast and the service reconnects by itself
    // within a second of the database returning.
    Domain::Status ensureConnected(Connection &c);
    // Worker thread only: what a failed request's error means for the connection. A lost
    // connection (reported as such, or a PostgreSQL connection that no longer answers) is dropped,
    // to be reopened by the next request, and the error becomes UNAVAILABLE.
    Domain::Error classify(Connection &c, Domain::Error error);

    // Worker thread only (through post): the first connection, the migrations and the counters.
    // `migrate` is called on the fresh connection.
    Domain::Status open(const std::function<Domain::Status(Connection &)> &prepare);

    Connection &connection() { return m_connection; }

    // Worker thread only: runs everything queued so far (used at shutdown, so that requests
    // already accepted are written before the thread ends).
    void flush() { drain(); }

private:
    struct Job
    {
        Read read;
        Write write;
        bool isWrite = false;
    };

    void schedule();
    void drain();
    void commitGroup(std::vector<Job> &group);
    // Applies the group's writes in order. Without savepoints it stops at the first failure (the
    // last result); with them a failed write is rolled back alone and the others go on.
    std::vector<Domain::Status> applyAll(std::vector<Job> &group, bool savepoints);
    void disconnect();

    DatabaseSettings m_settings;
    QString m_connectionName;
    Connection m_connection;
    bool m_connected = false;
    qint64 m_retryAtMs = 0; // steady clock: no connection attempt before this
    qint64 m_backoffMs = 0;
    QString m_lastConnectError;
    std::function<Domain::Status(Connection &)> m_prepare;

    QMutex m_mutex;
    std::deque<Job> m_queue;
    bool m_scheduled = false;
};

} // namespace Orc::Adapters::Storage
