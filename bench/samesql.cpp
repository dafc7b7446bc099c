// The service's writes as plain SQL (see samesql.h).

#include "samesql.h"

#include "storagebench.h"

#include "adapters/storage/migrations.h"
#include "domain/identifiers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <chrono>
#include <map>
#include <memory>

namespace Orc::Bench {

using Adapters::Storage::Backend;
using Adapters::Storage::DatabaseSettings;

namespace {

// Sizes of the service's rows, as its benchmark stores them (session document 1.45 kB, agent
// 1.24 kB, checkpoint 0.29 kB, session.created event 1.42 kB with the session in it, other events
// 0.10 to 0.15 kB).
constexpr int SessionDoc = 1450;
constexpr int AgentDoc = 1240;
constexpr int CheckpointDoc = 286;
constexpr int CreatedPayload = 1415;
constexpr int EventPayload = 130;

const QString SchemaName = u"bench_same_sql"_s;

// A JSON text of `size` characters that does not compress to nothing.
QString document(int size, int salt)
{
    QString pad;
    pad.reserve(size);
    for (int i = 0; pad.size() < size - 12; ++i)
        pad += QString::number((i * 7919 + salt) % 100000, 36);
    pad.truncate(size - 12);
    return u"{\"pad\":\"%1\"}"_s.arg(pad);
}

class Statements
{
public:
    explicit Statements(QSqlDatabase &db) : m_db(db) {}

    // Binds and runs `sql`, prepared on its first use.
    QString run(const QString &sql, const QVariantList &args)
    {
        auto &slot = m_prepared[sql];
        if (!slot) {
            slot = std::make_unique<QSqlQuery>(m_db);
            slot->setForwardOnly(true);
            if (!slot->prepare(sql))
                return slot->lastError().text();
        }
        for (qsizetype i = 0; i < args.size(); ++i)
            slot->bindValue(int(i), args.at(i));
        if (!slot->exec())
            return u"%1: %2"_s.arg(sql.left(40), slot->lastError().text());
        slot->finish();
        return {};
    }

    void clear() { m_prepared.clear(); }

private:
    QSqlDatabase &m_db;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_prepared;
};

QString eventsInsert(int rows)
{
    QStringList values;
    for (int i = 0; i < rows; ++i)
        values << u"(?, ?, ?, ?, ?)"_s;
    return u"INSERT INTO events (seq, type, session_id, created_at, payload) VALUES "_s + values.join(u", "_s);
}

struct Workflow
{
    Statements &sql;
    qint64 &seq;
    qint64 &order;
    QString agentId;
    QString sessionDoc;
    QString agentDoc;
    QString checkpointDoc;
    QString createdPayload;
    QString eventPayload;

    QString now() const { return Domain::isoTime(QDateTime::currentDateTimeUtc()); }

    QString events(const QString &sessionId, const QStringList &types, const QString &firstPayload = {})
    {
        QVariantList args;
        for (const QString &type : types) {
            args << ++seq << type << sessionId << now()
                 << (args.isEmpty() && !firstPayload.isEmpty() ? firstPayload : eventPayload);
        }
        return sql.run(eventsInsert(int(types.size())), args);
    }

    QString updateSession(const QString &id, const QString &status, int version)
    {
        return sql.run(u"UPDATE sessions SET status = ?, session_type = ?, priority = ?, parent_id = ?, title = ?, "
                       "description = ?, deleted = ?, version = ?, doc = ? WHERE id = ? AND version = ?"_s,
                       {status, u"execution"_s, 2, QVariant(QMetaType::fromType<QString>()), u"bench session"_s,
                        u"Durable-write benchmark."_s, 0, version, sessionDoc, id, version - 1});
    }

    QString upsertAgent()
    {
        return sql.run(u"INSERT INTO agents (id, name, registered_at, registered_order, auth_token_hash, "
                       "dispatch_secret, doc) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                       "name = excluded.name, auth_token_hash = excluded.auth_token_hash, "
                       "dispatch_secret = excluded.dispatch_secret, doc = excluded.doc"_s,
                       {agentId, u"bench-agent"_s, now(), 1, u""_s, u""_s, agentDoc});
    }

    // The four writes, each through `write` (one transaction each).
    QString run(const std::function<QString(const std::function<QString()> &)> &write)
    {
        const QString id = Domain::idString(Domain::newId());
        QString error = write([&]() -> QString {
            QString e = sql.run(
                u"INSERT INTO sessions (id, status, session_type, priority, parent_id, title, description, deleted, "
                "created_at, created_order, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING"_s,
                {id, u"pending"_s, u"execution"_s, 2, QVariant(QMetaType::fromType<QString>()), u"bench session"_s,
                 u"Durable-write benchmark."_s, 0, now(), ++order, 1, sessionDoc});
            for (const QString &tag : {u"bench"_s, u"storage"_s}) {
                if (e.isEmpty())
                    e = sql.run(u"INSERT INTO session_tags (session_id, tag) VALUES (?, ?)"_s, {id, tag});
            }
            return e.isEmpty() ? events(id, {u"session.created"_s}, createdPayload) : e;
        });
        if (error.isEmpty()) {
            error = write([&]() -> QString {
                QString e = updateSession(id, u"running"_s, 2);
                if (e.isEmpty())
                    e = upsertAgent();
                return e.isEmpty() ? events(
                           id, {u"session.status_changed"_s, u"agent.task_assigned"_s, u"agent.load_changed"_s})
                                   : e;
            });
        }
        if (error.isEmpty()) {
            error = write([&]() -> QString {
                QString e = updateSession(id, u"running"_s, 3);
                if (e.isEmpty()) {
                    e = sql.run(u"INSERT INTO checkpoints (session_id, sequence, created_at, doc) VALUES (?, ?, ?, ?) "
                                "ON CONFLICT (session_id, sequence) DO NOTHING"_s,
                                {id, 1, now(), checkpointDoc});
                }
                return e.isEmpty() ? events(id, {u"session.checkpoint_created"_s}) : e;
            });
        }
        if (error.isEmpty()) {
            error = write([&]() -> QString {
                QString e = updateSession(id, u"completed"_s, 4);
                if (e.isEmpty())
                    e = upsertAgent();
                return e.isEmpty() ? events(id, {u"session.status_changed"_s, u"session.completed"_s,
                                                 u"agent.task_completed"_s, u"agent.load_changed"_s})
                                   : e;
            });
        }
        return error;
    }
};

qint64 steadyNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

QJsonObject measureSameSql(const DatabaseSettings &settings, const Window &window, double seconds)
{
    QJsonObject figure{{u"part"_s, u"writes"_s},
                       {u"kind"_s, u"same_sql"_s},
                       {u"backend"_s, backendName(settings.backend)},
                       {u"writers"_s, 1}};
    DatabaseSettings target = settings;
    if (settings.backend == Backend::Sqlite) {
        target.path = QFileInfo(settings.path).dir().filePath(u"same-sql.db"_s);
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QFile::remove(target.path + suffix);
    }
    qint64 writes = 0;
    std::vector<qint64> latencies;
    const QString error = withConnection(target, u"bench-same-sql"_s, [&](QSqlDatabase &db) -> QString {
        if (settings.backend == Backend::Postgres) {
            for (const QString &sql :
                 {u"DROP SCHEMA IF EXISTS %1 CASCADE"_s.arg(SchemaName), u"CREATE SCHEMA %1"_s.arg(SchemaName),
                  u"SET search_path TO %1"_s.arg(SchemaName)}) {
                if (QString e = execute(db, sql); !e.isEmpty())
                    return e;
            }
        }
        // The store's tables, from its migrations (not migrate(): on PostgreSQL that would find the
        // service's schema_migrations in the public schema).
        for (const Adapters::Storage::Migration &migration : Adapters::Storage::migrations()) {
            for (const QString &step : migration.steps) {
                if (QString e = execute(db, step); !e.isEmpty())
                    return e;
            }
        }
        Statements statements(db);
        qint64 seq = 0;
        qint64 order = 0;
        Workflow workflow{statements,
                          seq,
                          order,
                          Domain::idString(Domain::newId()),
                          document(SessionDoc, 1),
                          document(AgentDoc, 2),
                          document(CheckpointDoc, 3),
                          document(CreatedPayload, 4),
                          document(EventPayload, 5)};
        QString failure = [&] {
            db.transaction();
            const QString e = workflow.upsertAgent();
            db.commit();
            return e;
        }();
        const qint64 epoch = steadyNs();
        auto write = [&](const std::function<QString()> &statementsOfWrite) -> QString {
            const qint64 begin = steadyNs() - epoch;
            if (!db.transaction())
                return db.lastError().text();
            if (QString e = statementsOfWrite(); !e.isEmpty()) {
                db.rollback();
                return e;
            }
            if (!db.commit())
                return db.lastError().text();
            const qint64 end = steadyNs() - epoch;
            if (window.contains(end)) {
                ++writes;
                latencies.push_back(end - begin);
            }
            return {};
        };
        while (failure.isEmpty() && steadyNs() - epoch < window.endNs)
            failure = workflow.run(write);
        statements.clear();
        if (settings.backend == Backend::Postgres)
            execute(db, u"DROP SCHEMA IF EXISTS %1 CASCADE"_s.arg(SchemaName));
        return failure;
    });
    if (!error.isEmpty())
        figure.insert(u"error"_s, error);
    figure.insert(u"writes_per_s"_s, double(writes) / seconds);
    figure.insert(u"p50_ms"_s, percentileMs(latencies, 0.50));
    figure.insert(u"p99_ms"_s, percentileMs(latencies, 0.99));
    return figure;
}

} // namespace Orc::Bench
