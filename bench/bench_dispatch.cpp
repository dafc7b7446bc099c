// Sessions through the scheduler to in-process agents that take no time: what the orchestrator
// itself costs per session (route and reserve, dispatch, result, completion, each durable write),
// against the 2 ms target.
//
//   serial      one session at a time, start() to its session.completed event: the overhead one
//               session pays (median, p95)
//   concurrent  N sessions started at once on 10 agents of 50 slots (the rest wait in the queue and
//               drain as results free capacity): sessions/s end to end
//
// Over the in-memory store and over SQLite (WAL, synchronous=FULL: every write durable). One JSON
// line per figure is appended to --out; bench/summarize.py prints the table.

#include "storagebench.h"

#include "application/scheduler.h"
#include "domain/identifiers.h"

#include "adapters/memory/memorystore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>

using namespace Orc;
using namespace Orc::Application;
using namespace Orc::Domain;
using namespace Qt::StringLiterals;

namespace {

// An agent that finishes every task at once (on the next turn of the event loop, as a real
// runner's report would arrive): the session's time is all the orchestrator's.
class InstantRunner final : public IAgentRunner
{
public:
    AgentKind kind() const override { return AgentKind::Process; }
    void setListener(IRunnerListener *listener) override { m_listener = listener; }
    QCoro::Task<Result<DispatchAck>> dispatch(Agent, DispatchRequest request) override
    {
        const QUuid taskId = request.taskId;
        QTimer::singleShot(0, [this, taskId] {
            RunnerResult result;
            result.status = OutcomeStatus::Completed;
            result.qualityScore = 0.9;
            m_listener->resultReported(taskId, result);
        });
        co_return DispatchAck{};
    }
    QCoro::Task<Status> cancel(Agent, QUuid) override { co_return Status(); }
    QCoro::Task<Status> pause(Agent, QUuid) override { co_return Status(); }
    QCoro::Task<Status> resume(Agent, QUuid) override { co_return Status(); }
    QCoro::Task<Result<HealthProbe>> probe(Agent) override { co_return HealthProbe{true, 0.0, {}, {}, {}}; }

private:
    IRunnerListener *m_listener = nullptr;
};

struct Wiring
{
    SystemClock clock;
    LocalEventBus bus;
    std::unique_ptr<IStore> store;
    std::unique_ptr<AgentService> agents;
    std::unique_ptr<SessionService> sessions;
    std::unique_ptr<Scheduler> scheduler;
    InstantRunner runner;
    QHash<QUuid, qint64> completedAt; // session -> ns on the timer
    QElapsedTimer timer;

    QString open(const QString &backend, const QString &dir)
    {
        if (backend == u"memory") {
            store = std::make_unique<Adapters::MemoryStore>(bus);
        } else {
            auto sql
                = std::make_unique<Adapters::Storage::SqlStore>(Bench::sqliteSettings(dir + u"/dispatch.db"_s), bus);
            const Status opened = QCoro::waitFor(sql->open());
            if (!opened.ok())
                return opened.error().message;
            store = std::move(sql);
        }
        agents = std::make_unique<AgentService>(clock, *store, *store);
        sessions = std::make_unique<SessionService>(clock, *store, *store, *agents);
        scheduler = std::make_unique<Scheduler>(clock, *sessions, *agents, bus);
        scheduler->addRunner(&runner);
        timer.start();
        QObject::connect(&bus, &IEventBus::published, &bus, [this](const Event &e) {
            if (e.type == EventType::SessionCompleted) {
                if (const auto id = parseId(e.payload.value(u"session_id"_s).toString()))
                    completedAt.insert(*id, timer.nsecsElapsed());
            }
        });
        for (int i = 0; i < 10; ++i) {
            AgentRegistration r;
            r.name = u"instant-%1"_s.arg(i);
            r.kind = AgentKind::Process;
            r.config = QJsonObject{{u"command"_s, QJsonArray{u"true"_s}}}; // never run: the runner is in-process
            r.maxConcurrentTasks = Agent::MaxConcurrentTasksLimit;
            r.capabilities.insert(Capability::CodeGeneration);
            auto agent = QCoro::waitFor(agents->registerInternal(r));
            if (!agent.ok())
                return agent.error().message;
        }
        scheduler->start();
        return {};
    }

    QUuid create(int n)
    {
        SessionSpec spec;
        spec.title = u"bench session %1"_s.arg(n);
        spec.initialPrompt = u"Fix the failing build and report what changed."_s;
        spec.agentConfig = QJsonObject{{u"required_capabilities"_s, QJsonArray{u"code_generation"_s}}};
        auto session = QCoro::waitFor(sessions->create(spec));
        return session.ok() ? session->id() : QUuid();
    }
};

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5))];
}

void report(QFile &out, const QJsonObject &line)
{
    const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact);
    out.write(bytes + '\n');
    out.flush();
    std::printf("%s\n", bytes.constData());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Sessions through the scheduler to in-process agents (see the source)."_s);
    parser.addHelpOption();
    const QCommandLineOption outOption(u"out"_s, u"JSON lines file to append to."_s, u"FILE"_s);
    const QCommandLineOption countOption(u"sessions"_s, u"Sessions in the concurrent run (default 1000)."_s, u"N"_s,
                                         u"1000"_s);
    const QCommandLineOption serialOption(u"serial"_s, u"Sessions in the serial run (default 200)."_s, u"N"_s,
                                          u"200"_s);
    parser.addOptions({outOption, countOption, serialOption});
    parser.process(app);
    QFile out(parser.value(outOption));
    if (!out.open(QIODevice::Append)) {
        std::fprintf(stderr, "bench_dispatch: cannot write --out '%s'\n", qPrintable(out.fileName()));
        return 2;
    }
    const int count = parser.value(countOption).toInt();
    const int serial = parser.value(serialOption).toInt();

    for (const QString &backend : {u"memory"_s, u"sqlite"_s}) {
        QTemporaryDir dir;
        Wiring w;
        if (const QString error = w.open(backend, dir.path()); !error.isEmpty()) {
            std::fprintf(stderr, "bench_dispatch: %s: %s\n", qPrintable(backend), qPrintable(error));
            return 1;
        }
        // Serial: one at a time, start to completed.
        std::vector<double> latencies;
        for (int i = 0; i < serial + 20; ++i) { // 20 warm-up sessions
            const QUuid id = w.create(i);
            const qint64 started = w.timer.nsecsElapsed();
            const auto ok = QCoro::waitFor(w.sessions->start(id));
            if (!ok.ok() || !waitFor([&] { return w.completedAt.contains(id); }, 10000)) {
                std::fprintf(stderr, "bench_dispatch: %s: session %d did not complete\n", qPrintable(backend), i);
                return 1;
            }
            if (i >= 20)
                latencies.push_back(double(w.completedAt.value(id) - started) / 1e6);
        }
        report(out, QJsonObject{{u"part"_s, u"dispatch"_s},
                                {u"mode"_s, u"serial"_s},
                                {u"backend"_s, backend},
                                {u"sessions"_s, serial},
                                {u"overhead_ms_median"_s, percentile(latencies, 0.5)},
                                {u"overhead_ms_p95"_s, percentile(latencies, 0.95)},
                                {u"target_ms"_s, 2.0}});

        // Concurrent: all created, then all started at once; the queue drains as results arrive.
        QList<QUuid> ids;
        for (int i = 0; i < count; ++i)
            ids.append(w.create(i));
        w.completedAt.clear();
        const qint64 begin = w.timer.nsecsElapsed();
        std::vector<QCoro::Task<Result<Session>>> starts;
        for (const QUuid &id : std::as_const(ids))
            starts.push_back(w.sessions->start(id));
        for (auto &start : starts)
            (void)QCoro::waitFor(std::move(start)); // a start that queues is fine: the queue drains
        if (!waitFor([&] { return w.completedAt.size() >= count; }, 120000)) {
            std::fprintf(stderr, "bench_dispatch: %s: only %lld of %d sessions completed\n", qPrintable(backend),
                         qlonglong(w.completedAt.size()), count);
            return 1;
        }
        qint64 last = 0;
        for (const qint64 at : std::as_const(w.completedAt))
            last = std::max(last, at);
        const double seconds = double(last - begin) / 1e9;
        report(out, QJsonObject{{u"part"_s, u"dispatch"_s},
                                {u"mode"_s, u"concurrent"_s},
                                {u"backend"_s, backend},
                                {u"sessions"_s, count},
                                {u"agents"_s, 10},
                                {u"seconds"_s, seconds},
                                {u"sessions_per_second"_s, double(count) / seconds},
                                {u"ms_per_session"_s, seconds * 1000.0 / double(count)}});
        w.scheduler->stop();
    }
    return 0;
}
