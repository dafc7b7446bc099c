// Prompt-to-completed latency on a real OpenCode server, through the orchestrator and directly, in
// the same run and on the same server (bench/run opencode):
//   direct   a client of OpenCode's own API alone: POST /session, POST /session/{id}/prompt_async
//            with its own messageID, then the global event stream until the assistant message
//            answering it has completed and the session is idle again;
//   ours     POST /api/v1/sessions (auto_start) to the orchestrator's REST API, which runs it on the
//            same server through its opencode runner, until the session's completion is stored
//            (its session.status_changed event).
// Rounds alternate between the two, after warm-up rounds (the server's first prompt loads its
// providers). The model is the fake one of the tests (answers at once), so the figures are the
// cost of everything but a model. The overhead is the difference of the medians (target <= 10 ms).
//   bench_opencode --opencode BIN --fake-llm PY --seed-home SH --config JSON --dir DIR
//                  [--rounds 40] [--warmup 3] [--out FILE]

#include "adapters/runners/opencode/opencoderunner.h"
#include "runtime/orchestrator.h"

#include "application/localeventbus.h"
#include "domain/event.h"
#include "domain/identifiers.h"

#include <qcorotask.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <numeric>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Orc;

namespace {

const QString Password = u"bench-password"_s;

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer elapsed;
    elapsed.start();
    while (!done()) {
        if (elapsed.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : (v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2.0);
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

// OpenCode's API straight: one session and one prompt per round, completion from the event stream.
class DirectClient
{
public:
    DirectClient(QUrl base, QString directory) : m_base(std::move(base)), m_directory(std::move(directory))
    {
        m_auth = "Basic " + (u"opencode:"_s + Password).toUtf8().toBase64();
        QNetworkRequest request(url(u"/global/event"_s, false));
        request.setRawHeader("Authorization", m_auth);
        request.setRawHeader("Accept", "text/event-stream");
        m_stream = m_network.get(request);
        QObject::connect(m_stream, &QNetworkReply::readyRead, m_stream, [this] { read(); });
    }
    bool connected() const { return m_connected; }

    // One round; the milliseconds from the first request to the idle after the answer (-1: failed).
    double round(const QString &prompt)
    {
        QElapsedTimer elapsed;
        elapsed.start();
        // The same session the runner creates: a title and autonomous permissions.
        const QJsonObject session{
            {u"title"_s, u"bench"_s},
            {u"permission"_s,
             QJsonArray{QJsonObject{{u"permission"_s, u"*"_s}, {u"pattern"_s, u"*"_s}, {u"action"_s, u"allow"_s}}}}};
        const QByteArray created = post(u"/session"_s, session);
        m_session = QJsonDocument::fromJson(created).object().value(u"id"_s).toString();
        if (m_session.isEmpty())
            return -1;
        m_message = Adapters::Runners::newOpenCodeMessageId();
        m_answered = false;
        m_done = false;
        post(u"/session/%1/prompt_async"_s.arg(m_session),
             QJsonObject{{u"messageID"_s, m_message},
                         {u"parts"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, prompt}}}},
                         {u"model"_s, QJsonObject{{u"providerID"_s, u"fake"_s}, {u"modelID"_s, u"fake-model"_s}}}});
        if (!waitFor([this] { return m_done; }, 30000))
            return -1;
        return double(elapsed.nsecsElapsed()) / 1e6;
    }

private:
    QUrl url(const QString &path, bool withDirectory = true) const
    {
        QUrl u = m_base;
        u.setPath(path);
        if (withDirectory)
            u.setQuery(u"directory="_s + QString::fromLatin1(QUrl::toPercentEncoding(m_directory, "/")),
                       QUrl::StrictMode);
        return u;
    }
    QByteArray post(const QString &path, const QJsonObject &body)
    {
        QNetworkRequest request(url(path));
        request.setRawHeader("Authorization", m_auth);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply = m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        waitFor([reply] { return reply->isFinished(); }, 10000);
        const QByteArray answer = reply->readAll();
        reply->deleteLater();
        return answer;
    }
    void read()
    {
        m_buffer += m_stream->readAll();
        m_connected = true;
        qsizetype newline;
        while ((newline = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(newline).trimmed();
            m_buffer.remove(0, newline + 1);
            if (!line.startsWith("data:"))
                continue;
            const QJsonObject payload = QJsonDocument::fromJson(line.mid(5)).object().value(u"payload"_s).toObject();
            const QString type = payload.value(u"type"_s).toString();
            const QJsonObject properties = payload.value(u"properties"_s).toObject();
            if (type == u"message.updated") {
                const QJsonObject info = properties.value(u"info"_s).toObject();
                if (info.value(u"parentID"_s).toString() == m_message
                    && info.value(u"time"_s).toObject().contains(u"completed"_s)
                    && info.value(u"finish"_s).toString() != u"tool-calls")
                    m_answered = true;
            } else if (type == u"session.idle" && properties.value(u"sessionID"_s).toString() == m_session
                       && m_answered) {
                m_done = true;
            }
        }
    }

    QUrl m_base;
    QString m_directory;
    QByteArray m_auth;
    QNetworkAccessManager m_network;
    QNetworkReply *m_stream = nullptr;
    QByteArray m_buffer;
    bool m_connected = false;
    QString m_session;
    QString m_message;
    bool m_answered = false;
    bool m_done = false;
};

int fail(const QString &message)
{
    std::fprintf(stderr, "bench_opencode: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Prompt-to-completed latency on OpenCode: through the orchestrator and directly."_s);
    parser.addHelpOption();
    const QCommandLineOption opencode(u"opencode"_s, u"The opencode binary."_s, u"BIN"_s);
    const QCommandLineOption fakeLlm(u"fake-llm"_s, u"The fake model (tests/support/opencode/fake_llm.py)."_s, u"PY"_s);
    const QCommandLineOption seedHome(u"seed-home"_s, u"The home seeding script."_s, u"SH"_s);
    const QCommandLineOption configTemplate(u"config"_s, u"OpenCode's config ({{LLM_PORT}} filled in)."_s, u"JSON"_s);
    const QCommandLineOption workDir(u"dir"_s, u"A scratch directory."_s, u"DIR"_s);
    const QCommandLineOption roundsOption(u"rounds"_s, u"Measured rounds of each (default 40)."_s, u"N"_s, u"40"_s);
    const QCommandLineOption warmupOption(u"warmup"_s, u"Unmeasured rounds first (default 3)."_s, u"N"_s, u"3"_s);
    const QCommandLineOption outOption(u"out"_s, u"Append the figure as a JSON line here."_s, u"FILE"_s);
    const QCommandLineOption pauseOption(u"pause-ms"_s,
                                         u"Pause after each round, so the server's after-work "
                                         u"(session summaries) does not overlap the next (default 250)."_s,
                                         u"MS"_s, u"250"_s);
    parser.addOptions(
        {opencode, fakeLlm, seedHome, configTemplate, workDir, roundsOption, warmupOption, outOption, pauseOption});
    parser.process(app);
    for (const auto &required : {opencode, fakeLlm, seedHome, configTemplate, workDir}) {
        if (!parser.isSet(required))
            return fail(u"--%1 is required (see --help)"_s.arg(required.names().constFirst()));
    }
    const int rounds = parser.value(roundsOption).toInt();
    const int warmup = parser.value(warmupOption).toInt();
    const int pauseMs = parser.value(pauseOption).toInt();
    const QDir dir(QFileInfo(parser.value(workDir)).absoluteFilePath()); // OpenCode wants absolute paths
    dir.mkpath(u"project"_s);
    const QString project = dir.filePath(u"project"_s);

    // The fake model (killed on every way out).
    QProcess model;
    const auto stopModel = qScopeGuard([&model] {
        model.kill();
        model.waitForFinished(2000);
    });
    model.setProgram(u"/usr/bin/python3"_s);
    model.setArguments({parser.value(fakeLlm), u"--port"_s, u"0"_s});
    model.start();
    QByteArray modelOutput;
    static const QRegularExpression listening(u"FAKE_LLM_LISTENING (\\d+)"_s);
    if (!waitFor(
            [&] {
                modelOutput += model.readAllStandardOutput();
                return listening.match(QString::fromUtf8(modelOutput)).hasMatch();
            },
            10000))
        return fail(u"the fake model did not start"_s);
    const QString modelPort = listening.match(QString::fromUtf8(modelOutput)).captured(1);

    const QString home = dir.filePath(u"home"_s);
    if (QProcess::execute(u"bash"_s, {parser.value(seedHome), home}) != 0)
        return fail(u"could not seed %1"_s.arg(home));
    QFile templateFile(parser.value(configTemplate));
    if (!templateFile.open(QIODevice::ReadOnly))
        return fail(u"cannot read %1"_s.arg(templateFile.fileName()));
    const QString config = QString::fromUtf8(templateFile.readAll()).replace(u"{{LLM_PORT}}"_s, modelPort);
    QJsonObject env{{u"HOME"_s, home},
                    {u"XDG_CONFIG_HOME"_s, QString(home + u"/.config"_s)},
                    {u"XDG_DATA_HOME"_s, QString(home + u"/.local/share"_s)},
                    {u"XDG_CACHE_HOME"_s, QString(home + u"/.cache"_s)},
                    {u"XDG_STATE_HOME"_s, QString(home + u"/.local/state"_s)},
                    {u"OPENCODE_CONFIG_CONTENT"_s, config}};
    for (const char *flag :
         {"OPENCODE_DISABLE_AUTOUPDATE", "OPENCODE_DISABLE_MODELS_FETCH", "OPENCODE_DISABLE_LSP_DOWNLOAD",
          "OPENCODE_DISABLE_DEFAULT_PLUGINS", "OPENCODE_PURE", "OPENCODE_DISABLE_SHARE", "OPENCODE_DISABLE_CLAUDE_CODE",
          "OPENCODE_DISABLE_EXTERNAL_SKILLS"})
        env.insert(QLatin1String(flag), u"1"_s);

    // The orchestrator, on its embedded SQLite default (every write durable), supervising the server.
    Runtime::Config orcConfig;
    orcConfig.dataDir = dir.path();
    orcConfig.listenPort = 0;
    orcConfig.database = QUrl(u"sqlite://"_s + dir.filePath(u"orc.db"_s));
    Runtime::Orchestrator orchestrator(orcConfig);
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    if (!started)
        return fail(started.error().message);
    QNetworkAccessManager network;
    const QByteArray bearer = "Bearer " + orchestrator.apiToken().toUtf8();
    auto api = [&](const QByteArray &method, const QString &path, const QJsonObject &body) {
        QNetworkRequest request(QUrl(orchestrator.apiUrl() + path));
        request.setRawHeader("Authorization", bearer);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply
            = network.sendCustomRequest(request, method, QJsonDocument(body).toJson(QJsonDocument::Compact));
        waitFor([reply] { return reply->isFinished(); }, 10000);
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return answer;
    };
    const QJsonObject agent = api("POST", u"/api/v1/agents"_s,
                                  QJsonObject{{u"name"_s, u"bench-opencode"_s},
                                              {u"kind"_s, u"opencode"_s},
                                              {u"capabilities"_s, QJsonArray{u"code_generation"_s}},
                                              {u"config"_s, QJsonObject{{u"binary"_s, parser.value(opencode)},
                                                                        {u"password"_s, Password},
                                                                        {u"provider_id"_s, u"fake"_s},
                                                                        {u"model_id"_s, u"fake-model"_s},
                                                                        {u"directory"_s, project},
                                                                        {u"env"_s, env}}}});
    const auto agentId = Domain::parseId(agent.value(u"id"_s).toString());
    if (!agentId)
        return fail(u"the agent was not registered: %1"_s.arg(QString::fromUtf8(QJsonDocument(agent).toJson())));
    const Adapters::Runners::OpenCodeServer *server = orchestrator.openCodeRunner().server(*agentId);
    if (!waitFor([&] { return server && server->state() == Adapters::Runners::OpenCodeServer::State::Ready; }, 60000))
        return fail(u"opencode serve did not start: %1"_s.arg(server ? server->lastError() : QString()));
    std::fprintf(stderr, "bench_opencode: opencode serve ready at %s\n", qPrintable(server->url().toString()));

    DirectClient direct(server->url(), project);
    if (!waitFor([&] { return direct.connected(); }, 10000))
        return fail(u"the direct client's event stream did not connect"_s);

    // Completion through the orchestrator: the stored event, as the API and the WebSocket see it.
    QString waitingFor;
    bool completed = false;
    QElapsedTimer roundClock;
    double runningAt = 0;
    double lastLogAt = 0;
    std::vector<double> apiMs;
    std::vector<double> runningMs;
    std::vector<double> lastLogToDoneMs;
    QObject::connect(
        &orchestrator.eventBus(), &Application::IEventBus::published, &orchestrator, [&](const Domain::Event &event) {
            if (event.type == Domain::EventType::SessionLog
                && event.payload.value(u"session_id"_s).toString() == waitingFor) {
                lastLogAt = double(roundClock.nsecsElapsed()) / 1e6;
            }
            if (event.type == Domain::EventType::SessionStatusChanged
                && (event.payload.value(u"session_id"_s).toString() == waitingFor || waitingFor.isEmpty())) {
                const QString to = event.payload.value(u"new_status"_s).toString();
                if (to == u"running"_s)
                    runningAt = double(roundClock.nsecsElapsed()) / 1e6;
                completed = completed || to == u"completed"_s || to == u"failed"_s;
            }
        });
    double runnerMs = 0; // the runner's own time for the last round (from its dispatch to the result)
    auto throughOrchestrator = [&](const QString &prompt) -> double {
        QElapsedTimer &elapsed = roundClock;
        elapsed.start();
        completed = false;
        waitingFor.clear();
        runningAt = lastLogAt = 0;
        const QJsonObject created
            = api("POST", u"/api/v1/sessions"_s,
                  QJsonObject{{u"title"_s, u"bench"_s},
                              {u"initial_prompt"_s, prompt},
                              {u"agent_config"_s, QJsonObject{{u"agent_id"_s, Domain::idString(*agentId)}}},
                              {u"auto_start"_s, true}});
        const double answered = double(elapsed.nsecsElapsed()) / 1e6;
        waitingFor = created.value(u"id"_s).toString();
        if (waitingFor.isEmpty() || !waitFor([&] { return completed; }, 30000))
            return -1;
        const double total = double(elapsed.nsecsElapsed()) / 1e6;
        apiMs.push_back(answered);
        runningMs.push_back(runningAt);
        lastLogToDoneMs.push_back(total - lastLogAt);
        const QJsonObject done = api("GET", u"/api/v1/sessions/"_s + waitingFor, QJsonObject());
        runnerMs = done.value(u"metrics"_s)
                       .toObject()
                       .value(u"result"_s)
                       .toObject()
                       .value(u"execution_time_ms"_s)
                       .toDouble();
        return total;
    };
    auto pause = [pauseMs] {
        QEventLoop loop;
        QTimer::singleShot(pauseMs, &loop, &QEventLoop::quit);
        loop.exec();
    };

    // Each round: direct, ours, direct again. The two direct runs around ours say how much OpenCode
    // itself varies from one turn to the next (the method's noise); ours is compared with their mean.
    std::vector<double> ours;
    std::vector<double> straight;
    std::vector<double> paired;  // ours - the mean of the direct runs around it
    std::vector<double> noise;   // the second direct run - the first
    std::vector<double> outside; // of each orchestrated round: the time outside the runner
    for (int i = 0; i < warmup + rounds; ++i) {
        const QString prompt = u"round %1"_s.arg(i);
        const double before = direct.round(prompt);
        pause();
        const double viaOrchestrator = throughOrchestrator(prompt);
        pause();
        const double after = direct.round(prompt);
        pause();
        if (before < 0 || after < 0 || viaOrchestrator < 0)
            return fail(u"round %1 did not complete (direct %2 and %3 ms, orchestrator %4 ms)"_s.arg(i)
                            .arg(before)
                            .arg(after)
                            .arg(viaOrchestrator));
        if (i >= warmup) {
            straight.push_back(before);
            straight.push_back(after);
            ours.push_back(viaOrchestrator);
            paired.push_back(viaOrchestrator - (before + after) / 2.0);
            noise.push_back(after - before);
            outside.push_back(viaOrchestrator - runnerMs);
        }
    }

    const double directMedian = median(straight);
    const double oursMedian = median(ours);
    const double overhead = oursMedian - directMedian;
    const QJsonObject figure{{u"part"_s, u"opencode"_s},
                             {u"rounds"_s, rounds},
                             {u"direct_ms_median"_s, directMedian},
                             {u"direct_ms_p90"_s, percentile(straight, 0.9)},
                             {u"ours_ms_median"_s, oursMedian},
                             {u"ours_ms_p90"_s, percentile(ours, 0.9)},
                             {u"overhead_ms_median"_s, overhead},
                             {u"paired_overhead_ms_median"_s, median(paired)},
                             {u"direct_vs_direct_ms_median"_s, median(noise)},
                             {u"outside_runner_ms_median"_s, median(outside)},
                             {u"running_after_ms_median"_s, median(runningMs)},
                             {u"last_log_to_completed_ms_median"_s, median(lastLogToDoneMs)},
                             {u"target_ms"_s, 10.0}};
    std::printf("OpenCode prompt to completed, %d rounds (direct, ours, direct; fake model, same server, same run)\n",
                rounds);
    std::printf("  directly on OpenCode's API   median %7.2f ms   p90 %7.2f ms\n", directMedian,
                percentile(straight, 0.9));
    std::printf("  through the orchestrator     median %7.2f ms   p90 %7.2f ms\n", oursMedian, percentile(ours, 0.9));
    std::printf("  overhead (median - median)   %7.2f ms   target <= 10 ms: %s (%.2fx the target)\n", overhead,
                overhead <= 10.0 ? "PASS" : "MISS", overhead / 10.0);
    std::printf("  paired: ours - the mean of the direct runs around it, median %7.2f ms (direct - direct: %.2f ms, "
                "the method's noise)\n",
                median(paired), median(noise));
    std::printf("  where ours goes (medians): running (dispatched) %.2f ms after the request, the API's answer at "
                "%.2f ms, completed %.2f ms after the last log line\n",
                median(runningMs), median(apiMs), median(lastLogToDoneMs));
    std::printf("  of each orchestrated round, the time outside the runner (API, durable writes, scheduling): "
                "median %.2f ms\n",
                median(outside));
    if (parser.isSet(outOption)) {
        QFile out(parser.value(outOption));
        if (out.open(QIODevice::Append))
            out.write(QJsonDocument(figure).toJson(QJsonDocument::Compact) + '\n');
    }
    orchestrator.stop();
    return 0;
}
