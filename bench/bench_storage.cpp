// Durable writes per second through the service layer, next to the raw limit of the same database
// measured in the same run (issue: ">= 3x the raw one-transaction-per-write limit at 64 concurrent
// writers thanks to group commit, >= 0.8x at 1 writer").
//
//   raw      single-row INSERT, one transaction each, through QtSql on a connection opened exactly as
//            the store opens its own (rawlimit.h); N writers = N threads with a connection each. For
//            PostgreSQL, bench/run also runs pgbench with the same INSERT (bench/sql/pg_insert.sql):
//            that is the limit.
//   service  N coroutines, each repeating SessionService create -> start -> addCheckpoint -> complete
//            over SqlStore (its storage thread and group commit). Each call is one acknowledged durable
//            write; a workflow is the four.
//   samesql  the statements of those four writes, rows of the same sizes, as plain SQL on one
//            connection and thread, a transaction per write (samesql.h): the database's own cost of
//            the service's writes, without the service.
//   prepare  the cost of preparing a statement on every call (what the store's run() does) against
//            binding a statement prepared once, per statement, inside one transaction (no fsync).
//
// Every figure is one JSON line appended to --out; bench/summarize_storage.py prints the table.

#include "rawlimit.h"
#include "samesql.h"
#include "storagebench.h"

#include "domain/identifiers.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

using namespace Orc;
using namespace Orc::Bench;
using Adapters::Storage::Backend;
using Adapters::Storage::DatabaseSettings;

namespace {

struct Options
{
    QString sqliteDir;
    QString postgresUrl;
    QList<int> writers{1, 64};
    double warmupSeconds = 1.0;
    double seconds = 5.0;
    int round = 1;
    QString out;
    QStringList parts{u"raw"_s, u"service"_s, u"samesql"_s, u"prepare"_s};
};

// Warm-up first, then the measured seconds.
Window windowFor(const Options &options)
{
    const auto start = qint64(options.warmupSeconds * 1e9);
    return {start, start + qint64(options.seconds * 1e9)};
}

// ---------------------------------------------------------------------------------------------
// Through the service layer.

struct ServiceTally
{
    QElapsedTimer clock;
    Window window;
    qint64 writes = 0;    // acknowledged inside the window
    qint64 workflows = 0; // whose last write was acknowledged inside the window
    qint64 allWrites = 0; // acknowledged at any time (for writes per fsync)
    qint64 errors = 0;
    QString firstError;
    std::vector<qint64> latencies;

    bool expired() const { return clock.nsecsElapsed() >= window.endNs; }

    // Counts one acknowledged write; false (and the error noted) when the call failed.
    template<typename T>
    bool count(qint64 beganNs, const Domain::Result<T> &result)
    {
        if (!result.ok()) {
            if (errors++ == 0)
                firstError = result.error().message;
            return false;
        }
        const qint64 now = clock.nsecsElapsed();
        ++allWrites;
        if (window.contains(now)) {
            ++writes;
            latencies.push_back(now - beganNs);
        }
        return true;
    }
};

QCoro::Task<> serviceWriter(Services &services, ServiceTally &tally, int index)
{
    Application::SessionService &sessions = services.sessions;
    for (int serial = 1; !tally.expired(); ++serial) {
        const Domain::SessionSpec spec = benchSessionSpec(index, serial);
        qint64 began = tally.clock.nsecsElapsed();
        auto created = co_await sessions.create(spec, false);
        if (!tally.count(began, created) || tally.expired())
            continue;
        const QUuid id = created->id();

        began = tally.clock.nsecsElapsed();
        auto started = co_await sessions.start(id);
        if (!tally.count(began, started) || tally.expired())
            continue;
        if (started->status() != Domain::SessionStatus::Running) {
            // Queued: no agent had capacity, which would make this a different workload.
            if (tally.errors++ == 0)
                tally.firstError = u"start left the session %1"_s.arg(Domain::sessionStatusName(started->status()));
            continue;
        }

        const QJsonObject data = benchCheckpointData(serial);
        const QJsonObject metadata{{u"writer"_s, index}};
        began = tally.clock.nsecsElapsed();
        auto checkpoint = co_await sessions.addCheckpoint(id, data, metadata);
        if (!tally.count(began, checkpoint) || tally.expired())
            continue;

        Application::CompletionReport report;
        report.successRate = 1.0;
        began = tally.clock.nsecsElapsed();
        auto completed = co_await sessions.complete(id, report);
        if (tally.count(began, completed) && tally.window.contains(tally.clock.nsecsElapsed()))
            ++tally.workflows;
    }
}

QCoro::Task<> runWriters(Services &services, ServiceTally &tally, int writers)
{
    std::vector<QCoro::Task<>> running;
    running.reserve(size_t(writers));
    tally.clock.start();
    for (int i = 0; i < writers; ++i)
        running.push_back(serviceWriter(services, tally, i));
    for (QCoro::Task<> &task : running)
        co_await task;
}

// PostgreSQL's count of WAL fsyncs (every process), to see how many writes each commit carried.
qint64 postgresWalSyncs(const DatabaseSettings &settings)
{
    qint64 syncs = -1;
    withConnection(settings, u"bench-stats"_s, [&syncs](QSqlDatabase &db) {
        QSqlQuery query(db);
        if (query.exec(u"SELECT wal_sync FROM pg_stat_wal"_s) && query.next())
            syncs = query.value(0).toLongLong();
        return QString();
    });
    return syncs;
}

// PostgreSQL: drop the store's tables (everything but raw_sessions), so every run migrates a fresh schema.
QString resetStoreTables(const DatabaseSettings &settings)
{
    return withConnection(settings, u"bench-reset-store"_s, [](QSqlDatabase &db) {
        for (const QString &table : db.tables()) {
            if (table == u"raw_sessions"_s)
                continue;
            if (QString error = execute(db, u"DROP TABLE IF EXISTS %1 CASCADE"_s.arg(table)); !error.isEmpty())
                return error;
        }
        return QString();
    });
}

QJsonObject measureService(const DatabaseSettings &settings, int writers, const Options &options)
{
    QJsonObject figure{{u"part"_s, u"writes"_s},
                       {u"kind"_s, u"service"_s},
                       {u"backend"_s, backendName(settings.backend)},
                       {u"writers"_s, writers}};
    if (settings.backend == Backend::Sqlite) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u".lock"_s})
            QFile::remove(settings.path + suffix);
    } else if (const QString error = resetStoreTables(settings); !error.isEmpty()) {
        figure.insert(u"error"_s, error);
        return figure;
    }
    ServiceTally tally;
    tally.window = windowFor(options);
    qint64 syncsBefore = -1;
    {
        Services services(settings);
        QString error = services.open();
        if (error.isEmpty())
            error = services.registerAgents(agentsFor(writers), Domain::Agent::MaxConcurrentTasksLimit);
        if (!error.isEmpty()) {
            figure.insert(u"error"_s, error);
            return figure;
        }
        if (settings.backend == Backend::Postgres)
            syncsBefore = postgresWalSyncs(settings);
        QCoro::waitFor(runWriters(services, tally, writers));
    } // the store's connection closes here, so PostgreSQL has flushed its statistics when read below
    figure.insert(u"writes_per_s"_s, double(tally.writes) / options.seconds);
    figure.insert(u"workflows_per_s"_s, double(tally.workflows) / options.seconds);
    figure.insert(u"p50_ms"_s, percentileMs(tally.latencies, 0.50));
    figure.insert(u"p99_ms"_s, percentileMs(tally.latencies, 0.99));
    figure.insert(u"errors"_s, tally.errors);
    if (!tally.firstError.isEmpty())
        figure.insert(u"error"_s, tally.firstError);
    if (syncsBefore >= 0) {
        QThread::msleep(300); // the backend reports its statistics as it exits
        const qint64 syncs = postgresWalSyncs(settings) - syncsBefore;
        if (syncs > 0)
            figure.insert(u"writes_per_fsync"_s, double(tally.allWrites) / double(syncs));
    }
    return figure;
}

// ---------------------------------------------------------------------------------------------

std::optional<Options> parse(const QStringList &arguments, QString &command)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Durable writes/s through the service layer next to the raw single-transaction limit.\n"
        "Commands: run (default) | reset-raw (re-create the raw table, before each pgbench run)."_s);
    parser.addHelpOption();
    const QCommandLineOption sqliteDir(u"sqlite-dir"_s, u"Directory for the SQLite files (default: a temporary one)."_s,
                                       u"DIR"_s);
    const QCommandLineOption postgres(u"postgres"_s, u"PostgreSQL URL; PostgreSQL is skipped without it."_s, u"URL"_s);
    const QCommandLineOption writers(u"writers"_s, u"Concurrent writers, comma-separated (default 1,64)."_s, u"N,M"_s);
    const QCommandLineOption seconds(u"seconds"_s, u"Measured seconds per figure (default 5)."_s, u"S"_s);
    const QCommandLineOption warmup(u"warmup"_s, u"Warm-up seconds before each measurement (default 1)."_s, u"S"_s);
    const QCommandLineOption round(u"round"_s, u"Round number written into each figure."_s, u"N"_s);
    const QCommandLineOption out(u"out"_s, u"Append the figures to this file as JSON lines."_s, u"FILE"_s);
    const QCommandLineOption parts(u"parts"_s, u"Any of raw,service,samesql,prepare (default all)."_s, u"LIST"_s);
    const QCommandLineOption noSqlite(u"no-sqlite"_s, u"Skip SQLite."_s);
    parser.addOptions({sqliteDir, postgres, writers, seconds, warmup, round, out, parts, noSqlite});
    parser.addPositionalArgument(u"command"_s, u"run or reset-raw"_s);
    parser.process(arguments);

    Options options;
    command = parser.positionalArguments().value(0, u"run"_s);
    options.sqliteDir = parser.isSet(noSqlite) ? QString() : parser.value(sqliteDir);
    if (!parser.isSet(noSqlite) && options.sqliteDir.isEmpty())
        options.sqliteDir = u"-"_s; // a temporary directory
    options.postgresUrl = parser.value(postgres);
    if (parser.isSet(writers)) {
        options.writers.clear();
        for (const QString &n : parser.value(writers).split(QLatin1Char(',')))
            options.writers.append(n.toInt());
    }
    if (parser.isSet(seconds))
        options.seconds = parser.value(seconds).toDouble();
    if (parser.isSet(warmup))
        options.warmupSeconds = parser.value(warmup).toDouble();
    if (parser.isSet(round))
        options.round = parser.value(round).toInt();
    if (parser.isSet(parts))
        options.parts = parser.value(parts).split(QLatin1Char(','));
    options.out = parser.value(out);
    if (options.seconds <= 0 || options.warmupSeconds < 0)
        return std::nullopt;
    return options;
}

QJsonObject withRound(QJsonObject figure, const Options &options)
{
    figure.insert(u"round"_s, options.round);
    figure.insert(u"seconds"_s, options.seconds);
    return figure;
}

void runBackend(const DatabaseSettings &serviceDb, const DatabaseSettings &rawDb, const Options &options)
{
    const QString backend = backendName(serviceDb.backend);
    if (options.parts.contains(u"prepare"_s)) {
        printLine(u"%1: statement preparation cost"_s.arg(backend));
        record(options.out, withRound(measurePrepare(rawDb), options));
    }
    for (int writers : options.writers) {
        if (options.parts.contains(u"raw"_s)) {
            printLine(u"%1: raw single-row INSERT transactions, %2 writer(s)"_s.arg(backend).arg(writers));
            record(options.out, withRound(measureRaw(rawDb, writers, windowFor(options), options.seconds), options));
        }
        if (options.parts.contains(u"service"_s)) {
            printLine(u"%1: service layer create/start/checkpoint/complete, %2 writer(s)"_s.arg(backend).arg(writers));
            record(options.out, withRound(measureService(serviceDb, writers, options), options));
        }
        if (writers == 1 && options.parts.contains(u"samesql"_s)) {
            printLine(u"%1: the same writes as plain SQL, one connection, no service layer"_s.arg(backend));
            record(options.out, withRound(measureSameSql(rawDb, windowFor(options), options.seconds), options));
        }
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QString command;
    const auto options = parse(app.arguments(), command);
    if (!options) {
        printLine(u"bench_storage: --seconds must be > 0 and --warmup >= 0"_s);
        return 2;
    }

    std::optional<DatabaseSettings> postgres;
    if (!options->postgresUrl.isEmpty()) {
        auto settings = DatabaseSettings::fromUrl(QUrl(options->postgresUrl));
        if (!settings.ok()) {
            printLine(u"bench_storage: --postgres: "_s + settings.error().message);
            return 2;
        }
        postgres = settings.value();
    }

    if (command == u"reset-raw"_s) {
        if (!postgres) {
            printLine(u"bench_storage reset-raw: needs --postgres URL"_s);
            return 2;
        }
        const QString error = resetRawTable(*postgres);
        if (!error.isEmpty())
            printLine(u"bench_storage reset-raw: "_s + error);
        return error.isEmpty() ? 0 : 1;
    }
    if (command != u"run"_s) {
        printLine(u"bench_storage: unknown command '%1' (run, reset-raw)"_s.arg(command));
        return 2;
    }

    if (!options->sqliteDir.isEmpty()) {
        QTemporaryDir temporary;
        // Absolute: a relative path would read as a URL's host in sqlite://path.
        const QString dir = QDir(options->sqliteDir == u"-"_s ? temporary.path() : options->sqliteDir).absolutePath();
        QDir().mkpath(dir);
        // The raw table and the store in separate files: the store's file is re-created per run.
        runBackend(sqliteSettings(dir + u"/service.db"_s), sqliteSettings(dir + u"/raw.db"_s), *options);
    }
    if (postgres)
        runBackend(*postgres, *postgres, *options);
    else
        printLine(u"postgresql: skipped (no --postgres URL; bench/run starts a throwaway server)"_s);
    return 0;
}
