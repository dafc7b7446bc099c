// The raw durable-write limit through QtSql, and the cost of preparing statements (see rawlimit.h).

#include "rawlimit.h"

#include "storagebench.h"

#include "domain/identifiers.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <chrono>
#include <latch>
#include <optional>
#include <thread>

namespace Orc::Bench {

using Adapters::Storage::Backend;
using Adapters::Storage::DatabaseSettings;

namespace {

const QString RawConfig = u"{\"model\":\"m\",\"max_steps\":10,\"tools\":[\"shell\",\"editor\"],\"temperature\":0.2}"_s;
const QString RawInsert
    = u"INSERT INTO raw_sessions (id, title, status, config, created_at) VALUES (?, ?, 'pending', ?, ?)"_s;

} // namespace

QString resetRawTable(const DatabaseSettings &settings)
{
    return withConnection(settings, u"bench-reset"_s, [&settings](QSqlDatabase &db) {
        QString error;
        for (const QString &sql : {u"DROP TABLE IF EXISTS raw_sessions"_s,
                                   u"CREATE TABLE raw_sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, status TEXT "
                                   "NOT NULL, config TEXT NOT NULL, created_at TEXT NOT NULL)"_s}) {
            if (error = execute(db, sql); !error.isEmpty())
                break;
        }
        if (error.isEmpty() && db.transaction()) {
            QSqlQuery insert(db);
            insert.prepare(RawInsert);
            const QString now = Domain::isoTime(QDateTime::currentDateTimeUtc());
            for (int i = 1; i <= 10000 && error.isEmpty(); ++i) {
                insert.addBindValue(u"00000000-0000-4000-8000-%1"_s.arg(i, 12, 10, QLatin1Char('0')));
                insert.addBindValue(u"seed %1"_s.arg(i));
                insert.addBindValue(RawConfig);
                insert.addBindValue(now);
                if (!insert.exec())
                    error = insert.lastError().text();
            }
            insert.finish();
            if (!db.commit() && error.isEmpty())
                error = db.lastError().text();
        }
        // Start from a clean log, as the reference scripts do; CHECKPOINT needs pg_checkpoint
        // (bench/run grants it), so a refusal is not an error.
        if (error.isEmpty() && settings.backend == Backend::Sqlite)
            error = execute(db, u"PRAGMA wal_checkpoint(TRUNCATE)"_s);
        if (error.isEmpty() && settings.backend == Backend::Postgres) {
            error = execute(db, u"VACUUM ANALYZE raw_sessions"_s);
            execute(db, u"CHECKPOINT"_s);
        }
        return error;
    });
}

namespace {

qint64 steadyNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

bool isBusy(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == u"5"_s || code == u"6"_s || code == u"517"_s; // BUSY, LOCKED, BUSY_SNAPSHOT
}

struct RawTally
{
    qint64 busyRetries = 0;
    qint64 count = 0;
    std::vector<qint64> latencies;
    QString error;
};

void rawWriter(const DatabaseSettings &settings, int index, const Window &window, std::latch &connected, std::latch &go,
               const std::atomic<qint64> &epochNs, RawTally &tally)
{
    const QString name = u"bench-raw-%1"_s.arg(index);
    {
        auto opened = Adapters::Storage::openConnection(settings, name);
        QSqlDatabase db = opened.ok() ? opened.value() : QSqlDatabase();
        std::optional<QSqlQuery> statement(std::in_place, db); // gone before the connection closes
        QSqlQuery &insert = *statement;
        if (!opened.ok())
            tally.error = opened.error().message;
        else if (!insert.prepare(RawInsert))
            tally.error = insert.lastError().text();
        connected.count_down();
        go.wait();
        const auto now = [&epochNs] { return steadyNs() - epochNs.load(); };
        const QString config = RawConfig;
        int serial = 0;
        while (tally.error.isEmpty() && now() < window.endNs) {
            insert.addBindValue(Domain::idString(Domain::newId()));
            insert.addBindValue(u"session %1-%2"_s.arg(index).arg(++serial));
            insert.addBindValue(config);
            insert.addBindValue(Domain::isoTime(QDateTime::currentDateTimeUtc()));
            const qint64 begin = now();
            // SQLite has one writer: a connection whose snapshot is stale gets SQLITE_BUSY at once,
            // without waiting in the busy handler. The write is retried, as a client would.
            bool written = insert.exec();
            while (!written && isBusy(insert.lastError()) && now() < window.endNs) {
                ++tally.busyRetries;
                written = insert.exec();
            }
            if (!written) {
                if (!isBusy(insert.lastError()))
                    tally.error = insert.lastError().text();
                break;
            }
            const qint64 end = now();
            if (window.contains(end)) {
                ++tally.count;
                tally.latencies.push_back(end - begin);
            }
        }
        statement.reset();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

QJsonObject measureRaw(const DatabaseSettings &settings, int writers, const Window &window, double seconds)
{
    QJsonObject figure{{u"part"_s, u"writes"_s},
                       {u"kind"_s, u"raw"_s},
                       {u"tool"_s, u"qtsql"_s},
                       {u"backend"_s, backendName(settings.backend)},
                       {u"writers"_s, writers}};
    if (const QString error = resetRawTable(settings); !error.isEmpty()) {
        figure.insert(u"error"_s, error);
        return figure;
    }
    std::latch connected(writers);
    std::latch go(1);
    std::atomic<qint64> epochNs{0};
    std::vector<RawTally> tallies(static_cast<size_t>(writers));
    std::vector<std::thread> threads;
    for (int i = 0; i < writers; ++i) {
        threads.emplace_back(rawWriter, std::cref(settings), i, std::cref(window), std::ref(connected), std::ref(go),
                             std::cref(epochNs), std::ref(tallies[size_t(i)]));
    }
    connected.wait();
    epochNs = steadyNs();
    go.count_down();
    for (std::thread &thread : threads)
        thread.join();

    qint64 count = 0;
    qint64 busyRetries = 0;
    std::vector<qint64> latencies;
    for (const RawTally &tally : tallies) {
        if (!tally.error.isEmpty() && !figure.contains(u"error"_s))
            figure.insert(u"error"_s, tally.error);
        count += tally.count;
        busyRetries += tally.busyRetries;
        latencies.insert(latencies.end(), tally.latencies.begin(), tally.latencies.end());
    }
    figure.insert(u"tx_per_s"_s, double(count) / seconds);
    if (busyRetries > 0)
        figure.insert(u"busy_retries"_s, busyRetries);
    figure.insert(u"p50_ms"_s, percentileMs(latencies, 0.50));
    figure.insert(u"p99_ms"_s, percentileMs(latencies, 0.99));
    return figure;
}

// ---------------------------------------------------------------------------------------------

QJsonObject measurePrepare(const DatabaseSettings &settings)
{
    QJsonObject figure{{u"part"_s, u"prepare"_s}, {u"backend"_s, backendName(settings.backend)}};
    if (const QString error = resetRawTable(settings); !error.isEmpty()) {
        figure.insert(u"error"_s, error);
        return figure;
    }
    const int n = settings.backend == Backend::Sqlite ? 20000 : 3000;
    const QString error = withConnection(settings, u"bench-prepare"_s, [&](QSqlDatabase &db) {
        const QString select = u"SELECT config FROM raw_sessions WHERE id = ?"_s;
        auto seedId
            = [](int i) { return u"00000000-0000-4000-8000-%1"_s.arg(1 + i % 10000, 12, 10, QLatin1Char('0')); };
        auto insertArgs = [](int i) {
            return QVariantList{Domain::idString(Domain::newId()), u"prepared %1"_s.arg(i), RawConfig,
                                Domain::isoTime(QDateTime::currentDateTimeUtc())};
        };
        // Microseconds per statement; `everyCall` re-prepares (a fresh QSqlQuery and prepare() before
        // each statement), as the store did before its statement cache.
        auto time = [&](const QString &sql, bool everyCall, const std::function<QVariantList(int)> &args,
                        bool fetch) -> double {
            db.transaction();
            QSqlQuery reused(db);
            reused.setForwardOnly(true);
            reused.prepare(sql);
            QElapsedTimer clock;
            clock.start();
            for (int i = 0; i < n; ++i) {
                std::optional<QSqlQuery> fresh;
                if (everyCall) {
                    fresh.emplace(db);
                    fresh->setForwardOnly(true);
                    fresh->prepare(sql);
                }
                QSqlQuery &query = everyCall ? *fresh : reused;
                for (const QVariant &arg : args(i))
                    query.addBindValue(arg);
                if (!query.exec())
                    figure.insert(u"error"_s, query.lastError().text());
                if (fetch)
                    query.next();
            }
            const double us = double(clock.nsecsElapsed()) / 1e3 / n;
            reused.finish();
            db.rollback();
            return us;
        };
        auto selectArgs = [&seedId](int i) { return QVariantList{seedId(i * 7919)}; };
        figure.insert(u"insert_prepare_each_us"_s, time(RawInsert, true, insertArgs, false));
        figure.insert(u"insert_prepared_once_us"_s, time(RawInsert, false, insertArgs, false));
        figure.insert(u"select_prepare_each_us"_s, time(select, true, selectArgs, true));
        figure.insert(u"select_prepared_once_us"_s, time(select, false, selectArgs, true));
        figure.insert(u"statements"_s, n);
        return QString();
    });
    if (!error.isEmpty())
        figure.insert(u"error"_s, error);
    return figure;
}

} // namespace Orc::Bench
