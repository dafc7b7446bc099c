#pragma once

// What the storage and start-up benchmarks share: the services wired over a SQL store as the runtime
// wires them, the session a benchmark writes, and one JSON line per figure for bench/summarize_storage.py.

#include "adapters/storage/database.h"
#include "adapters/storage/sqlstore.h"
#include "application/agentservice.h"
#include "application/localeventbus.h"
#include "application/ports/clock.h"
#include "application/sessionservice.h"
#include "domain/identifiers.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUrl>

#include <qcorotask.h>

#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>

#include <cstdio>
#include <functional>
#include <vector>

namespace Orc::Bench {

using namespace Qt::StringLiterals;

// The services over a SQL store, wired as runtime/orchestrator.cpp wires them (system clock,
// in-process event bus, the store as every repository and the unit of work).
struct Services
{
    Application::SystemClock clock;
    Application::LocalEventBus bus;
    Adapters::Storage::SqlStore store;
    Application::AgentService agents{clock, store, store};
    Application::SessionService sessions{clock, store, store, agents};

    explicit Services(const Adapters::Storage::DatabaseSettings &settings) : store(settings, bus) {}

    // Opens (migrates) the store and loads the agents; the error message on failure.
    QString open()
    {
        const Domain::Status opened = QCoro::waitFor(store.open());
        if (!opened.ok())
            return opened.error().message;
        const Domain::Status loaded = QCoro::waitFor(agents.load());
        return loaded.ok() ? QString() : loaded.error().message;
    }

    // Process agents with every capability, `capacity` concurrent tasks each (the domain allows at
    // most Agent::MaxConcurrentTasksLimit, hence several agents for many writers).
    QString registerAgents(int count, int capacity)
    {
        for (int i = 0; i < count; ++i) {
            Application::AgentRegistration registration;
            registration.name = u"bench-agent-%1"_s.arg(i + 1);
            registration.kind = Domain::AgentKind::Process;
            registration.config = QJsonObject{{u"command"_s, QJsonArray{u"true"_s}}}; // never run: no scheduler here
            registration.maxConcurrentTasks = capacity;
            for (int c = 0; c < Domain::CapabilityCount; ++c)
                registration.capabilities.insert(static_cast<Domain::Capability>(c));
            auto agent = QCoro::waitFor(agents.registerInternal(registration));
            if (!agent.ok())
                return agent.error().message;
        }
        return {};
    }
};

inline int agentsFor(int concurrentTasks)
{
    return (concurrentTasks + Domain::Agent::MaxConcurrentTasksLimit - 1) / Domain::Agent::MaxConcurrentTasksLimit;
}

// A session as a client creates one: a title, a prompt of a few lines, two tags (written with the
// session when it is created), no agent constraint (routing picks any).
inline Domain::SessionSpec benchSessionSpec(int writer, int serial)
{
    Domain::SessionSpec spec;
    spec.title = u"bench session %1-%2"_s.arg(writer).arg(serial);
    spec.description = u"Durable-write benchmark: create, start, checkpoint, complete."_s;
    spec.initialPrompt = u"Fix the failing build in module %1, run the unit tests and report what changed.\n"
                         "Keep the public API stable; add a regression test for the bug."_s.arg(serial % 97);
    spec.modelIdentifier = u"bench/model"_s;
    spec.tags = QStringList{u"bench"_s, u"storage"_s};
    return spec;
}

// The size of a typical agent checkpoint (a cursor into the conversation and a few counters).
inline QJsonObject benchCheckpointData(int serial)
{
    return QJsonObject{{u"step"_s, 3},
                       {u"messages"_s, 12},
                       {u"cursor"_s, u"msg-%1"_s.arg(serial)},
                       {u"tokens"_s, 1234},
                       {u"files"_s, u"src/module.cpp,tests/module_test.cpp"_s}};
}

// Nearest-rank percentile of nanosecond samples, in milliseconds (sorts the samples).
inline double percentileMs(std::vector<qint64> &samples, double q)
{
    if (samples.empty())
        return 0.0;
    std::sort(samples.begin(), samples.end());
    const size_t rank = std::min(samples.size() - 1, size_t(q * double(samples.size())));
    return double(samples[rank]) / 1e6;
}

inline void printLine(const QString &text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stderr);
    std::fflush(stderr);
}

// One figure as a JSON line appended to `path` (bench/summarize_storage.py reads them), echoed on stderr.
inline void record(const QString &path, const QJsonObject &figure)
{
    const QByteArray line = QJsonDocument(figure).toJson(QJsonDocument::Compact);
    printLine(u"  "_s + QString::fromUtf8(line));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Append))
        file.write(line + '\n');
}

inline QString backendName(Adapters::Storage::Backend backend)
{
    return backend == Adapters::Storage::Backend::Sqlite ? u"sqlite"_s : u"postgresql"_s;
}

inline Adapters::Storage::DatabaseSettings sqliteSettings(const QString &path)
{
    QUrl url(u"sqlite://"_s);
    url.setPath(path);
    return Adapters::Storage::DatabaseSettings::fromUrl(url).value();
}

// Runs one statement; the error text, empty on success.
inline QString execute(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    return query.exec(sql) ? QString() : u"%1: %2"_s.arg(sql.left(60), query.lastError().text());
}

// Opens a connection as the store does, under `name`, runs `work` on it, then closes and removes it.
// The error text (of the connection or of `work`), empty on success.
inline QString withConnection(const Adapters::Storage::DatabaseSettings &settings, const QString &name,
                              const std::function<QString(QSqlDatabase &)> &work)
{
    QString error;
    {
        auto opened = Adapters::Storage::openConnection(settings, name);
        if (!opened.ok()) {
            error = opened.error().message;
        } else {
            QSqlDatabase db = opened.value();
            error = work(db);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

// ---------------------------------------------------------------------------------------------
// A large history of sessions, written in large ChangeSets straight through SqlStore::commit.

constexpr int HistorySessionsPerWrite = 500;

// A finished or waiting session of the history, built with the domain's own transitions; the
// mix is most completed, some failed, cancelled and pending, created over the last few weeks.
inline Domain::Result<Domain::Session> historicSession(int serial, int total, const QList<QUuid> &agentIds,
                                                       const QDateTime &now)
{
    const QDateTime createdAt = now.addSecs(-qint64(total - serial) * 25);
    auto created = Domain::Session::create(benchSessionSpec(-1, serial), Domain::newId(), createdAt);
    if (!created.ok())
        return created;
    Domain::Session session = std::move(created).value();
    const QDateTime endedAt = createdAt.addSecs(600);
    const QUuid agent = agentIds.at(serial % agentIds.size());
    Domain::Status status;
    switch (serial % 10) {
    case 0: break; // pending
    case 1: status = session.transitionTo(Domain::SessionStatus::Cancelled, endedAt, u"cancelled by request"_s); break;
    case 2:
        status = session.startOn(agent, createdAt);
        if (status.ok())
            status = session.fail(Domain::SessionStatus::Failed,
                                  Domain::SessionError{u"failed"_s, u"tests still failing"_s, QJsonObject{}}, endedAt);
        break;
    default:
        status = session.startOn(agent, createdAt);
        if (status.ok())
            status = session.complete(Domain::SessionStatus::Completed, QJsonObject{{u"summary"_s, u"fixed"_s}}, 1.0,
                                      0.9, 0.8, endedAt);
    }
    if (!status.ok())
        return status.error();
    return session;
}

struct HistoryPlan
{
    int total = 0;
    int nextChunk = 0;
    QList<QUuid> agentIds;
    QDateTime now;
};

inline QCoro::Task<QString> historyWriter(Services &services, HistoryPlan &plan)
{
    while (plan.nextChunk * HistorySessionsPerWrite < plan.total) {
        const int first = plan.nextChunk++ * HistorySessionsPerWrite;
        Application::ChangeSet changes;
        for (int serial = first; serial < std::min(plan.total, first + HistorySessionsPerWrite); ++serial) {
            auto session = historicSession(serial, plan.total, plan.agentIds, plan.now);
            if (!session.ok())
                co_return session.error().message;
            changes.events.append(session->takeEvents());
            changes.sessions.append(session.value());
        }
        auto committed = co_await services.store.commit(std::move(changes));
        if (!committed.ok())
            co_return committed.error().message;
    }
    co_return QString();
}

} // namespace Orc::Bench
