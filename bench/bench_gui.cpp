// The control room with a large history (issue: "100,000 sessions loaded, window shown in <= 1 s,
// a filter applied in <= 50 ms, 1,000 events/s for 10 s with the event loop never blocked more than
// 50 ms; RSS with 100,000 sessions <= 300 MB").
//
// Writes N sessions into a fresh SQLite file (large ChangeSets through SqlStore, as bench_startup
// does), starts the embedded orchestrator on it and measures, in this process:
//   shown      MainWindow constructed and shown (exposed) – the room does not wait for the data
//   loaded     until every session is in the Sessions table (the load runs behind the window)
//   stall      the worst gap of a 10 ms timer while loading, and while 1,000 events/s arrive for
//              10 s (session.log and session.metrics_updated on random sessions: log lines, rows
//              read again), against 50 ms
//   filter     a free-text filter and a status filter applied to every row, against 50 ms
//   rss        VmRSS with everything loaded, against 300 MB
// One JSON line per figure is appended to --out.
//   bench_gui [--sessions 100000] [--seconds 10] [--rate 1000] [--out FILE]

#include "storagebench.h"

#include "gui/docks/sessionspanel.h"
#include "gui/mainwindow.h"
#include "gui/models/eventlogmodel.h"
#include "gui/models/filterproxy.h"
#include "gui/models/sessionmodel.h"
#include "runtime/orchestrator.h"

#include "application/localeventbus.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QWindow>

using namespace Orc;
using namespace Orc::Bench;

namespace {

constexpr double ShownLimitMs = 1000;
constexpr double FilterLimitMs = 50;
constexpr double StallLimitMs = 50;
constexpr double RssLimitMb = 300;

// The worst gap between ticks of a 10 ms timer: how long the event loop was blocked at most.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0)
                m_worstMs = std::max(m_worstMs, double(now - m_last) / 1e6 - 10.0);
            m_last = now;
        });
    }
    void start()
    {
        m_worstMs = 0;
        m_last = 0;
        m_clock.start();
        m_timer.start();
    }
    double stop()
    {
        m_timer.stop();
        return std::max(0.0, m_worstMs);
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_worstMs = 0;
};

double rssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}

void report(const QString &out, QJsonObject figure)
{
    figure.insert(u"part"_s, u"gui"_s);
    printLine(QString::fromUtf8(QJsonDocument(figure).toJson(QJsonDocument::Compact)));
    if (!out.isEmpty())
        record(out, figure);
}

QString populate(const QString &path, int sessions)
{
    Services services(sqliteSettings(path));
    QString error = services.open();
    if (error.isEmpty())
        error = services.registerAgents(4, 50);
    if (!error.isEmpty())
        return error;
    HistoryPlan plan;
    plan.total = sessions;
    plan.now = QDateTime::currentDateTimeUtc();
    for (const Domain::Agent &agent : services.agents.list())
        plan.agentIds.append(agent.id);
    std::vector<QCoro::Task<QString>> writers;
    for (int i = 0; i < 4; ++i)
        writers.push_back(historyWriter(services, plan));
    for (QCoro::Task<QString> &writer : writers) {
        const QString failed = QCoro::waitFor(writer);
        if (error.isEmpty())
            error = failed;
    }
    return error;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true); // no layout or sort order left over from earlier runs
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"industrial-orchestrator-bench"_s);
    QSettings().clear();
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The control room with a large history: shown, loaded, filtered, live."_s);
    parser.addHelpOption();
    const QCommandLineOption sessionsOption(u"sessions"_s, u"Sessions in the database (default 100000)."_s, u"N"_s,
                                            u"100000"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Seconds of the event stream (default 10)."_s, u"S"_s,
                                           u"10"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Events per second (default 1000)."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption outOption(u"out"_s, u"Append the figures as JSON lines to this file."_s, u"FILE"_s);
    parser.addOptions({sessionsOption, secondsOption, rateOption, outOption});
    parser.process(app);
    const int sessions = std::max(1, parser.value(sessionsOption).toInt());
    const int seconds = std::max(1, parser.value(secondsOption).toInt());
    const int rate = std::max(1, parser.value(rateOption).toInt());
    const QString out = parser.value(outOption);

    QTemporaryDir dir;
    const QString db = dir.filePath(u"orc.db"_s);
    QElapsedTimer clock;
    clock.start();
    if (const QString error = populate(db, sessions); !error.isEmpty()) {
        std::fprintf(stderr, "bench_gui: populating failed: %s\n", qPrintable(error));
        return 1;
    }
    printLine(u"bench_gui: %1 sessions written in %2 s"_s.arg(sessions).arg(double(clock.elapsed()) / 1000.0));

    Runtime::Config config;
    config.dataDir = dir.path();
    config.listenPort = 0;
    config.database = QUrl(u"sqlite://"_s + db);
    Runtime::Orchestrator orchestrator(config);
    if (const Domain::Status started = QCoro::waitFor(orchestrator.start()); !started.ok()) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(started.error().message));
        return 1;
    }

    const double baselineMb = rssMb(); // the orchestrator, Qt and the database open, no window yet
    StallMeter stall;
    clock.restart();
    Gui::MainWindow window(orchestrator);
    window.resize(1400, 900);
    window.show();
    waitFor([&] { return window.windowHandle() && window.windowHandle()->isExposed(); }, 10000);
    const double shownMs = double(clock.nsecsElapsed()) / 1e6;
    stall.start();
    const bool loaded = waitFor([&] { return window.sessionModel().rowCount() >= sessions; }, 600000);
    const double loadedMs = double(clock.nsecsElapsed()) / 1e6;
    const double loadStallMs = stall.stop();
    report(out, QJsonObject{{u"figure"_s, u"shown"_s},
                            {u"sessions"_s, sessions},
                            {u"ms"_s, shownMs},
                            {u"limit_ms"_s, ShownLimitMs}});
    report(out, QJsonObject{{u"figure"_s, u"loaded"_s},
                            {u"sessions"_s, window.sessionModel().rowCount()},
                            {u"complete"_s, loaded},
                            {u"ms"_s, loadedMs},
                            {u"worst_stall_ms"_s, loadStallMs},
                            {u"stall_limit_ms"_s, StallLimitMs}});
    report(out, QJsonObject{{u"figure"_s, u"rss"_s},
                            {u"sessions"_s, window.sessionModel().rowCount()},
                            {u"mb"_s, rssMb()},
                            {u"before_window_mb"_s, baselineMb},
                            {u"limit_mb"_s, RssLimitMb}});

    // Filters over every row, as typed (the proxy filters synchronously).
    Gui::SessionsPanel *panel = window.sessionsPanel();
    QList<double> filterMs;
    for (const QString &text : {u"session -1-4242"_s, u"bench"_s, u"no such title"_s, QString()}) {
        QElapsedTimer t;
        t.start();
        panel->filterEdit()->setText(text);
        filterMs.append(double(t.nsecsElapsed()) / 1e6);
    }
    {
        QElapsedTimer t;
        t.start();
        panel->statusCombo()->setCurrentIndex(panel->statusCombo()->findData(u"failed"_s));
        filterMs.append(double(t.nsecsElapsed()) / 1e6);
        const int failed = panel->proxy()->rowCount();
        t.restart();
        panel->statusCombo()->setCurrentIndex(0);
        filterMs.append(double(t.nsecsElapsed()) / 1e6);
        report(out, QJsonObject{{u"figure"_s, u"filter"_s},
                                {u"sessions"_s, window.sessionModel().rowCount()},
                                {u"failed_rows"_s, failed},
                                {u"worst_ms"_s, *std::max_element(filterMs.begin(), filterMs.end())},
                                {u"each_ms"_s, QJsonArray::fromVariantList([&] {
                                     QVariantList list;
                                     for (double ms : filterMs)
                                         list.append(ms);
                                     return list;
                                 }())},
                                {u"limit_ms"_s, FilterLimitMs}});
    }

    // The same, with the table sorted by creation time (the sort done once, then each filter keeps it).
    {
        QElapsedTimer t;
        t.start();
        panel->view()->sortByColumn(Gui::SessionModel::Created, Qt::DescendingOrder);
        const double sortMs = double(t.nsecsElapsed()) / 1e6;
        QList<double> sortedMs;
        for (const QString &text : {u"session -1-4242"_s, u"bench"_s, QString()}) {
            t.restart();
            panel->filterEdit()->setText(text);
            sortedMs.append(double(t.nsecsElapsed()) / 1e6);
        }
        report(out, QJsonObject{{u"figure"_s, u"filter_sorted"_s},
                                {u"sessions"_s, window.sessionModel().rowCount()},
                                {u"sort_ms"_s, sortMs},
                                {u"worst_ms"_s, *std::max_element(sortedMs.begin(), sortedMs.end())},
                                {u"limit_ms"_s, FilterLimitMs}});
    }

    // 1,000 events/s for 10 s, in 10 ms batches, on random sessions.
    const QStringList ids = window.sessionModel().ids();
    Application::LocalEventBus &bus = orchestrator.eventBus();
    QRandomGenerator random(42);
    qint64 seq = bus.lastSeq();
    int sent = 0;
    const int total = rate * seconds;
    QTimer producer;
    producer.setTimerType(Qt::PreciseTimer);
    producer.setInterval(10);
    QElapsedTimer streamClock;
    QObject::connect(&producer, &QTimer::timeout, &producer, [&] {
        const int due = std::min(total, int(double(streamClock.elapsed()) * rate / 1000.0));
        Domain::Events batch;
        for (; sent < due; ++sent) {
            const QString id = ids.at(int(random.bounded(qsizetype(ids.size()))));
            const bool log = sent % 2 == 0;
            const QJsonObject payload = log ? QJsonObject{{u"session_id"_s, id},
                                                          {u"line"_s, u"step %1 done"_s.arg(sent)},
                                                          {u"level"_s, u"info"_s}}
                                            : QJsonObject{{u"session_id"_s, id}, {u"total_tokens_used"_s, sent}};
            batch.append(Domain::Event{++seq, log ? u"session.log"_s : u"session.metrics_updated"_s, payload,
                                       QDateTime::currentDateTimeUtc()});
        }
        if (!batch.isEmpty())
            bus.publish(batch);
        if (sent >= total)
            producer.stop();
    });
    stall.start();
    streamClock.start();
    producer.start();
    waitFor([&] { return sent >= total && !producer.isActive(); }, (seconds + 30) * 1000);
    waitFor([] { return false; }, 500); // the last rows read again
    const double streamStallMs = stall.stop();
    report(out, QJsonObject{{u"figure"_s, u"stream"_s},
                            {u"events"_s, sent},
                            {u"seconds"_s, double(streamClock.elapsed()) / 1000.0},
                            {u"worst_stall_ms"_s, streamStallMs},
                            {u"limit_ms"_s, StallLimitMs},
                            {u"event_log_rows"_s, window.eventModel().rowCount()}});
    window.close();
    orchestrator.stop();
    return 0;
}
