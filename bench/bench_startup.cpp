// Start-up with a large database (issue: "100,000 sessions, 1,000 of them running: ready in <= 2 s").
//
// Populates a database once (a golden copy), then for each run restores the copy, launches the real
// orchestrator-headless on it and measures from launch until GET /health/ready answers 200. The
// process recovers the interrupted sessions before it listens (running -> orphaned -> pending), which
// changes the database: hence the fresh copy per run. The median of the runs is the figure.
//
// The running sessions are created through the services (create with autoStart, then a checkpoint),
// so they hold agent capacity as a live process leaves them; the other sessions, the history, are
// written in large ChangeSets straight through SqlStore::commit.

#include "storagebench.h"

#include "domain/identifiers.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>

#ifndef ORC_HEADLESS_BINARY
#define ORC_HEADLESS_BINARY ""
#endif

using namespace Orc;
using namespace Orc::Bench;
using Adapters::Storage::Backend;
using Adapters::Storage::DatabaseSettings;
using Domain::Session;
using Domain::SessionStatus;

namespace {

constexpr int HistoryInFlight = 4; // ChangeSets queued at once (the storage thread groups them)
constexpr int RunningWriters = 64; // concurrent service writers creating the running sessions
constexpr int ReadyTimeoutMs = 120000;

struct Options
{
    QString headless;
    QString workDir;
    QString postgresUrl;
    int sessions = 100000;
    int running = 1000;
    int runs = 3;
    QString out;
    bool sqlite = true;
};

// ---------------------------------------------------------------------------------------------
// Populating.

struct RunningPlan
{
    int total = 0;
    int next = 0;
    QString error;
};

// Creates and starts sessions (one write), then checkpoints each: what a live process leaves behind.
QCoro::Task<> runningWriter(Services &services, RunningPlan &plan, int writer)
{
    while (plan.next < plan.total && plan.error.isEmpty()) {
        const int serial = plan.next++;
        const Domain::SessionSpec spec = benchSessionSpec(writer, serial);
        auto started = co_await services.sessions.create(spec, true);
        if (!started.ok() || started->status() != SessionStatus::Running) {
            plan.error = started.ok() ? u"a session was not started (no agent capacity?)"_s : started.error().message;
            co_return;
        }
        const QUuid id = started->id();
        const QJsonObject data = benchCheckpointData(serial);
        const QJsonObject metadata;
        auto checkpoint = co_await services.sessions.addCheckpoint(id, data, metadata);
        if (!checkpoint.ok())
            plan.error = checkpoint.error().message;
    }
}

QCoro::Task<QString> populateAll(Services &services, const Options &options)
{
    RunningPlan running{options.running, 0, {}};
    std::vector<QCoro::Task<>> writers;
    for (int i = 0; i < std::min(RunningWriters, options.running); ++i)
        writers.push_back(runningWriter(services, running, i));
    for (QCoro::Task<> &writer : writers)
        co_await writer;
    if (!running.error.isEmpty())
        co_return running.error;

    HistoryPlan history;
    history.total = options.sessions - options.running;
    history.now = QDateTime::currentDateTimeUtc();
    for (const Domain::Agent &agent : services.agents.list())
        history.agentIds.append(agent.id);
    std::vector<QCoro::Task<QString>> chunks;
    for (int i = 0; i < HistoryInFlight; ++i)
        chunks.push_back(historyWriter(services, history));
    QString error;
    for (QCoro::Task<QString> &chunk : chunks) {
        const QString failed = co_await chunk;
        if (error.isEmpty())
            error = failed;
    }
    co_return error;
}

// Writes the golden database; the seconds it took go into `figure`.
QString populate(const DatabaseSettings &settings, const Options &options, QJsonObject &figure)
{
    QElapsedTimer clock;
    clock.start();
    Services services(settings);
    QString error = services.open();
    if (error.isEmpty())
        error = services.registerAgents(agentsFor(options.running), Domain::Agent::MaxConcurrentTasksLimit);
    if (error.isEmpty())
        error = QCoro::waitFor(populateAll(services, options));
    figure.insert(u"populate_s"_s, double(clock.elapsed()) / 1000.0);
    return error;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: the golden database is a template, each run gets a fresh copy of it.

QString postgresAdmin(const DatabaseSettings &settings, const QStringList &statements)
{
    DatabaseSettings admin = settings;
    admin.name = u"postgres"_s;
    return withConnection(admin, u"bench-admin"_s, [&statements](QSqlDatabase &db) {
        for (const QString &sql : statements) {
            if (QString error = execute(db, sql); !error.isEmpty())
                return error;
        }
        return QString();
    });
}

QString postgresUrlFor(const DatabaseSettings &settings, const QString &database)
{
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setHost(settings.host);
    url.setPort(settings.port);
    url.setUserName(settings.user);
    url.setPassword(settings.password);
    url.setPath(u"/"_s + database);
    return url.toString();
}

// ---------------------------------------------------------------------------------------------
// One start of the real binary.

// "2024-05-01T10:00:00.123 info orc.runtime: message": milliseconds since `launchedAtMs`.
std::optional<qint64> logOffsetMs(const QString &line, qint64 launchedAtMs)
{
    const QDateTime at = QDateTime::fromString(line.section(QLatin1Char(' '), 0, 0), u"yyyy-MM-ddThh:mm:ss.zzz"_s);
    if (!at.isValid())
        return std::nullopt;
    return at.toMSecsSinceEpoch() - launchedAtMs;
}

// GET /health/ready until 200; the status code of the last answer (0 when none).
int askReady(const QUrl &api, const QElapsedTimer &clock)
{
    int status = 0;
    while (status != 200 && clock.elapsed() < ReadyTimeoutMs) {
        QTcpSocket socket;
        socket.connectToHost(api.host(), quint16(api.port()));
        if (!socket.waitForConnected(5000))
            continue;
        socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket.write("GET /health/ready HTTP/1.1\r\nHost: " + api.authority().toLatin1()
                     + "\r\nConnection: close\r\n\r\n");
        QByteArray answer;
        while (!answer.contains("\r\n") && socket.waitForReadyRead(5000))
            answer += socket.readAll();
        status = answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
    }
    return status;
}

QJsonObject startOnce(const Options &options, const QString &databaseUrl, const QString &dataDir)
{
    QJsonObject figure;
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &key : environment.keys()) {
        if (key.startsWith(u"ORC_"_s))
            environment.remove(key);
    }
    // No user configuration file, and a token from the environment (no file to create on the first run).
    environment.insert(u"XDG_CONFIG_HOME"_s, dataDir + u"/config"_s);
    environment.insert(u"ORC_API_TOKEN"_s, u"bench-startup-token"_s);
    process.setProcessEnvironment(environment);
    process.setProgram(options.headless);
    process.setArguments({u"--database"_s, databaseUrl, u"--data-dir"_s, dataDir, u"--listen"_s, u"127.0.0.1:0"_s});

    QElapsedTimer clock;
    const qint64 launchedAtMs = QDateTime::currentMSecsSinceEpoch();
    clock.start();
    process.start();
    QByteArray stdoutText;
    QUrl api;
    static const QRegularExpression listening(u"listening on (\\S+)"_s);
    while (api.isEmpty() && clock.elapsed() < ReadyTimeoutMs && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(1000);
        stdoutText += process.readAllStandardOutput();
        if (const auto match = listening.match(QString::fromUtf8(stdoutText)); match.hasMatch())
            api = QUrl(match.captured(1));
    }
    const double listeningMs = double(clock.nsecsElapsed()) / 1e6;
    const int status = api.isEmpty() ? 0 : askReady(api, clock);
    const double readyMs = double(clock.nsecsElapsed()) / 1e6;

    process.terminate();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(5000);
    }
    const QStringList log = QString::fromUtf8(process.readAllStandardError()).split(QLatin1Char('\n'));
    if (status != 200) {
        figure.insert(u"error"_s, u"no 200 from /health/ready (status %1); log: %2"_s.arg(status).arg(
                                      log.mid(std::max<qsizetype>(0, log.size() - 5)).join(u" | "_s)));
        return figure;
    }
    figure.insert(u"listening_ms"_s, listeningMs);
    figure.insert(u"ready_ms"_s, readyMs);

    // Where the time went, from the log's timestamps (millisecond resolution).
    static const QRegularExpression recovery(u"recovery: (\\d+) interrupted session\\(s\\) orphaned, (\\d+) back to "
                                             "pending.*, (\\d+) agent reservation"_s);
    const QList<std::pair<QString, QString>> phases{{u"connected to "_s, u"storage_connected_ms"_s},
                                                    {u"orc.runtime: storage: "_s, u"storage_open_ms"_s},
                                                    {u"recovery: "_s, u"recovered_ms"_s},
                                                    {u"orc.runtime: listening on"_s, u"listening_log_ms"_s}};
    for (const QString &line : log) {
        for (const auto &[marker, key] : phases) {
            if (line.contains(marker) && !figure.contains(key)) {
                if (const auto offset = logOffsetMs(line, launchedAtMs))
                    figure.insert(key, double(*offset));
            }
        }
        if (const auto match = recovery.match(line); match.hasMatch()) {
            figure.insert(u"orphaned"_s, match.captured(1).toInt());
            figure.insert(u"resumed"_s, match.captured(2).toInt());
            figure.insert(u"released"_s, match.captured(3).toInt());
        }
    }
    if (options.running > 0 && !figure.contains(u"orphaned"_s))
        figure.insert(u"error"_s, u"no recovery logged: the process did not open the populated database"_s);
    return figure;
}

// ---------------------------------------------------------------------------------------------

void removeSqlite(const QString &path)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s, u".lock"_s})
        QFile::remove(path + suffix);
}

void benchSqlite(const Options &options)
{
    const QString golden = options.workDir + u"/golden.db"_s;
    const QString run = options.workDir + u"/run.db"_s;
    removeSqlite(golden);
    printLine(u"sqlite: populating %1 sessions (%2 running)"_s.arg(options.sessions).arg(options.running));
    QJsonObject base{{u"part"_s, u"startup"_s},
                     {u"backend"_s, u"sqlite"_s},
                     {u"sessions"_s, options.sessions},
                     {u"running"_s, options.running}};
    if (const QString error = populate(sqliteSettings(golden), options, base); !error.isEmpty()) {
        base.insert(u"error"_s, QString(u"populate: "_s + error));
        record(options.out, base);
        return;
    }
    base.insert(u"database_mb"_s, double(QFileInfo(golden).size()) / 1e6);
    for (int i = 1; i <= options.runs; ++i) {
        removeSqlite(run);
        QFile::copy(golden, run);
        QUrl url(u"sqlite://"_s);
        url.setPath(run);
        QJsonObject figure = startOnce(options, url.toString(), options.workDir + u"/data"_s);
        for (auto it = base.constBegin(); it != base.constEnd(); ++it)
            figure.insert(it.key(), it.value());
        figure.insert(u"run"_s, i);
        record(options.out, figure);
    }
    removeSqlite(run);
    removeSqlite(golden);
}

void benchPostgres(const Options &options)
{
    auto parsed = DatabaseSettings::fromUrl(QUrl(options.postgresUrl));
    if (!parsed.ok()) {
        printLine(u"postgresql: "_s + parsed.error().message);
        return;
    }
    const DatabaseSettings settings = parsed.value();
    const QString golden = u"orc_bench_golden"_s;
    const QString run = u"orc_bench_run"_s;
    QJsonObject base{{u"part"_s, u"startup"_s},
                     {u"backend"_s, u"postgresql"_s},
                     {u"sessions"_s, options.sessions},
                     {u"running"_s, options.running}};
    const QString dropAll = u"DROP DATABASE IF EXISTS %1"_s;
    if (const QString error
        = postgresAdmin(settings, {dropAll.arg(run), dropAll.arg(golden), u"CREATE DATABASE %1"_s.arg(golden)});
        !error.isEmpty()) {
        // Copying a database needs CREATEDB (bench/run grants it to its throwaway server's user).
        base.insert(u"skipped"_s, QString(u"cannot create databases: "_s + error));
        record(options.out, base);
        return;
    }
    printLine(u"postgresql: populating %1 sessions (%2 running)"_s.arg(options.sessions).arg(options.running));
    DatabaseSettings goldenSettings = settings;
    goldenSettings.name = golden;
    if (const QString error = populate(goldenSettings, options, base); !error.isEmpty()) {
        base.insert(u"error"_s, QString(u"populate: "_s + error));
        record(options.out, base);
        return;
    }
    for (int i = 1; i <= options.runs; ++i) {
        QJsonObject figure;
        if (const QString error
            = postgresAdmin(settings, {dropAll.arg(run), u"CREATE DATABASE %1 TEMPLATE %2"_s.arg(run, golden)});
            !error.isEmpty()) {
            figure.insert(u"error"_s, error);
        } else {
            figure = startOnce(options, postgresUrlFor(settings, run), options.workDir + u"/data"_s);
        }
        for (auto it = base.constBegin(); it != base.constEnd(); ++it)
            figure.insert(it.key(), it.value());
        figure.insert(u"run"_s, i);
        record(options.out, figure);
    }
    postgresAdmin(settings, {dropAll.arg(run), dropAll.arg(golden)});
}

std::optional<Options> parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Start-up time of orchestrator-headless over a large database."_s);
    parser.addHelpOption();
    const QCommandLineOption headless(u"headless"_s,
                                      u"The orchestrator-headless binary (default: the one built "
                                      "with this benchmark)."_s,
                                      u"PATH"_s);
    const QCommandLineOption workDir(u"work-dir"_s, u"Directory for the databases (default: a temporary one)."_s,
                                     u"DIR"_s);
    const QCommandLineOption postgres(u"postgres"_s, u"PostgreSQL URL (needs CREATEDB); skipped without it."_s,
                                      u"URL"_s);
    const QCommandLineOption sessions(u"sessions"_s, u"Sessions in the database (default 100000)."_s, u"N"_s);
    const QCommandLineOption running(u"running"_s, u"Of which running (default 1000)."_s, u"N"_s);
    const QCommandLineOption runs(u"runs"_s, u"Starts measured (default 3; the median is the figure)."_s, u"N"_s);
    const QCommandLineOption out(u"out"_s, u"Append the figures to this file as JSON lines."_s, u"FILE"_s);
    const QCommandLineOption noSqlite(u"no-sqlite"_s, u"Skip SQLite."_s);
    parser.addOptions({headless, workDir, postgres, sessions, running, runs, out, noSqlite});
    parser.process(arguments);

    Options options;
    options.headless = parser.isSet(headless) ? parser.value(headless) : QString::fromUtf8(ORC_HEADLESS_BINARY);
    options.workDir = parser.value(workDir);
    options.postgresUrl = parser.value(postgres);
    options.sessions = parser.isSet(sessions) ? parser.value(sessions).toInt() : options.sessions;
    options.running = parser.isSet(running) ? parser.value(running).toInt() : options.running;
    options.runs = parser.isSet(runs) ? parser.value(runs).toInt() : options.runs;
    options.out = parser.value(out);
    options.sqlite = !parser.isSet(noSqlite);
    if (options.running < 0 || options.sessions < options.running || options.runs < 1
        || !QFileInfo(options.headless).isExecutable())
        return std::nullopt;
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    auto options = parse(app.arguments());
    if (!options) {
        printLine(u"bench_startup: needs an executable --headless and 0 <= --running <= --sessions, --runs >= 1"_s);
        return 2;
    }
    QTemporaryDir temporary;
    // Absolute: a relative path would read as a URL's host in sqlite://path.
    options->workDir = QDir(options->workDir.isEmpty() ? temporary.path() : options->workDir).absolutePath();
    QDir().mkpath(options->workDir);
    if (options->sqlite)
        benchSqlite(*options);
    if (!options->postgresUrl.isEmpty())
        benchPostgres(*options);
    else
        printLine(u"postgresql: skipped (no --postgres URL; bench/run starts a throwaway server)"_s);
    return 0;
}
