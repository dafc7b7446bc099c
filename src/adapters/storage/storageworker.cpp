#include "adapters/storage/storageworker.h"

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
}

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
    disconnect();
    auto db = openConnection(m_settings, m_connectionName);
    if (!db.ok())
        return db.error();
    c.db = db.value();
    if (m_prepare) {
        if (Status prepared = m_prepare(c); !prepared) {
            disconnect();
            return prepared;
        }
    }
    m_connected = true;
    qCInfo(lcStorage).noquote() << "connected to" << m_settings.describe();
    return {};
}

Status StorageWorker::open(const std::function<Status(Connection &)> &prepare)
{
    m_prepare = prepare;
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
        const Error error = sqlError(u"storage: begin a transaction"_s, c.db.lastError());
        if (error.code == Domain::ErrorCode::Unavailable)
            disconnect();
        failAll(error);
        return;
    }
    QSqlQuery savepoint(c.db);
    std::vector<Status> results;
    results.reserve(group.size());
    for (Job &job : group) {
        const qint64 seqMark = c.lastSeq;
        savepoint.exec(u"SAVEPOINT orc_write"_s);
        Status result = job.write.apply(c);
        if (!result) {
            savepoint.exec(u"ROLLBACK TO SAVEPOINT orc_write"_s);
            c.lastSeq = seqMark;
        }
        savepoint.exec(u"RELEASE SAVEPOINT orc_write"_s);
        results.push_back(std::move(result));
    }
    if (!c.db.commit()) {
        const Error error = sqlError(u"storage: commit"_s, c.db.lastError());
        c.db.rollback();
        c.lastSeq = seqBefore;
        c.lastOrder = orderBefore;
        if (error.code == Domain::ErrorCode::Unavailable)
            disconnect();
        qCWarning(lcStorage).noquote() << error.message;
        failAll(error);
        return;
    }
    for (size_t i = 0; i < group.size(); ++i)
        group[i].write.done(results[i]);
}

} // namespace Orc::Adapters::Storage
