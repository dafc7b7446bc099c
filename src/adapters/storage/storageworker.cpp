#include "adapters/storage/storageworker.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace Orc::Adapters::Storage {

using namespace Qt::StringLiterals;
using Domain::Error;
using Domain::Status;

namespace {
Q_LOGGING_CATEGORY(lcStorage, "orc.storage")

constexpr qint64 FirstRetryMs = 100;
constexpr qint64 MaxRetryMs = 1000;

qint64 steadyNowMs()
{
    return QDeadlineTimer::current().deadline();
}
} // namespace

StorageWorker::StorageWorker(DatabaseSettings settings)
    : m_settings(std::move(settings))
    , m_connectionName(u"orc-storage-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_connection.backend = m_settings.backend;
}

StorageWorker::~StorageWorker()
{
    disconnect();
}

void StorageWorker::disconnect()
{
    m_connection.statements.clear(); // they belong to the connection being closed
    if (m_connection.db.isValid()) {
        m_connection.db.close();
        m_connection.db = QSqlDatabase();
    }
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
    m_connected = false;
}

Status StorageWorker::ensureConnected(Connection &c)
{
    if (m_connected && c.db.isOpen())
        return {};
    const qint64 now = steadyNowMs();
    if (now < m_retryAtMs) {
        return Error::unavailable(
            u"%1 (next connection attempt in %2 ms)"_s.arg(m_lastConnectError).arg(m_retryAtMs - now));
    }
    disconnect();
    auto failed = [&](Error error) -> Status {
        disconnect();
        m_backoffMs = m_backoffMs == 0 ? FirstRetryMs : std::min(m_backoffMs * 2, MaxRetryMs);
        m_retryAtMs = steadyNowMs() + m_backoffMs;
        if (m_lastConnectError != error.message)
            qCWarning(lcStorage).noquote() << error.message;
        m_lastConnectError = error.message;
        return error;
    };
    {
        auto db = openConnection(m_settings, m_connectionName);
        if (!db.ok())
            return failed(db.error());
        c.db = db.value(); // the only handle left once this scope ends, so disconnect() can remove it
    }
    if (m_prepare) {
        if (Status prepared = m_prepare(c); !prepared)
            return failed(classify(c, prepared.error()));
    }
    m_connected = true;
    m_backoffMs = 0;
    m_retryAtMs = 0;
    m_lastConnectError.clear();
    qCInfo(lcStorage).noquote() << "connected to" << m_settings.describe();
    return {};
}

Error StorageWorker::classify(Connection &c, Error error)
{
    if (error.code == Domain::ErrorCode::Unavailable) {
        disconnect();
        return error;
    }
    // Our own answers (version conflicts, unknown ids) say nothing about the connection.
    if (error.code != Domain::ErrorCode::Internal || c.backend != Backend::Postgres || !c.db.isValid())
        return error;
    // libpq does not always say that the server went away (a statement fails with no SQLSTATE):
    // ask the connection itself.
    {
        QSqlQuery probe(c.db);
        if (probe.exec(u"SELECT 1"_s))
            return error;
    }
    disconnect();
    return Error::unavailable(u"%1 (the connection to the database was lost)"_s.arg(error.message));
}

Status StorageWorker::open(const std::function<Status(Connection &)> &prepare)
{
    m_prepare = prepare;
    m_retryAtMs = 0; // an explicit open always tries
    return ensureConnected(m_connection);
}

void StorageWorker::post(Read read)
{
    QMutexLocker lock(&m_mutex);
    m_queue.push_back(Job{std::move(read), {}, false});
    schedule();
}

void StorageWorker::post(Write write)
{
    QMutexLocker lock(&m_mutex);
    m_queue.push_back(Job{{}, std::move(write), true});
    schedule();
}

void StorageWorker::schedule()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &StorageWorker::drain, Qt::QueuedConnection);
}

void StorageWorker::drain()
{
    std::deque<Job> jobs;
    {
        QMutexLocker lock(&m_mutex);
        jobs.swap(m_queue);
        m_scheduled = false;
    }
    while (!jobs.empty()) {
        if (!jobs.front().isWrite) {
            Job job = std::move(jobs.front());
            jobs.pop_front();
            job.read(m_connection);
            continue;
        }
        std::vector<Job> group;
        while (!jobs.empty() && jobs.front().isWrite && group.size() < size_t(MaxGroup)) {
            group.push_back(std::move(jobs.front()));
            jobs.pop_front();
        }
        commitGroup(group);
    }
}

std::vector<Status> StorageWorker::applyAll(std::vector<Job> &group, bool savepoints)
{
    Connection &c = m_connection;
    std::vector<Status> results;
    results.reserve(group.size());
    QSqlQuery savepoint(c.db);
    for (Job &job : group) {
        const qint64 seqMark = c.lastSeq;
        if (savepoints)
            savepoint.exec(u"SAVEPOINT orc_write"_s);
        Status result = job.write.apply(c);
        const bool failed = !result;
        results.push_back(std::move(result));
        if (!savepoints) {
            if (failed)
                break; // the caller rolls back and runs the group again with savepoints
            continue;
        }
        if (failed) {
            savepoint.exec(u"ROLLBACK TO SAVEPOINT orc_write"_s);
            c.lastSeq = seqMark;
        }
        savepoint.exec(u"RELEASE SAVEPOINT orc_write"_s);
    }
    return results;
}

void StorageWorker::commitGroup(std::vector<Job> &group)
{
    Connection &c = m_connection;
    auto failAll = [&group](const Error &error) {
        for (Job &job : group)
            job.write.done(error);
    };
    if (Status connected = ensureConnected(c); !connected) {
        failAll(connected.error());
        return;
    }

    const qint64 seqBefore = c.lastSeq;
    const qint64 orderBefore = c.lastOrder;
    if (!c.db.transaction()) {
        const Error error = classify(c, sqlError(u"storage: begin a transaction"_s, c.db.lastError()));
        failAll(error);
        return;
    }
    // Nothing of the group is kept: roll back, rewind the counters, tell every writer why.
    auto abandon = [&](const Error &error) {
        c.db.rollback();
        c.lastSeq = seqBefore;
        c.lastOrder = orderBefore;
        failAll(classify(c, error));
    };
    // First without savepoints: writes rarely fail, and a savepoint costs statements (round trips on
    // PostgreSQL) per write. When one does fail in a group, the group is rolled back and run again
    // with a savepoint per write, so that the failed write is rolled back alone. A write alone in
    // its group needs none: if it fails, the whole transaction is rolled back.
    std::vector<Status> results = applyAll(group, false);
    if (group.size() > 1 && results.size() < group.size()) {
        c.db.rollback();
        c.lastSeq = seqBefore;
        c.lastOrder = orderBefore;
        const Error error = classify(c, results.back().error());
        if (error.code == Domain::ErrorCode::Unavailable) { // the connection is gone (and dropped)
            failAll(error);
            return;
        }
        if (!c.db.transaction()) {
            failAll(classify(c, sqlError(u"storage: begin a transaction"_s, c.db.lastError())));
            return;
        }
        results = applyAll(group, true);
    }
    if (group.size() == 1 && !results.front()) {
        abandon(results.front().error());
        return;
    }
    if (!c.db.commit()) {
        // After a lost connection the commit may or may not have happened: nothing is acknowledged,
        // and the counters are read again from the database when it reconnects.
        const Error error = sqlError(u"storage: commit"_s, c.db.lastError());
        qCWarning(lcStorage).noquote() << error.message;
        abandon(error);
        return;
    }
    for (size_t i = 0; i < group.size(); ++i)
        group[i].write.done(results[i]);
}

} // namespace Orc::Adapters::Storage
