#include "adapters/runners/opencode/opencodeserver.h"

#include <qcoronetworkreply.h>
#include <qcorosignal.h>
#include <qcorotimer.h>

#include <QLoggingCategory>
#include <QNetworkReply>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpServer>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Orc::Adapters::Runners {

namespace {

Q_LOGGING_CATEGORY(lcServer, "orc.runner.opencode.server")

constexpr qsizetype KeptStderrLines = 20;
constexpr std::chrono::milliseconds HealthPollInterval{200};
constexpr std::chrono::seconds StableAfter{60}; // up this long: the backoff starts over

QString stateName(OpenCodeServer::State state)
{
    switch (state) {
    case OpenCodeServer::State::Stopped: return u"stopped"_s;
    case OpenCodeServer::State::Starting: return u"starting"_s;
    case OpenCodeServer::State::Ready: return u"ready"_s;
    case OpenCodeServer::State::Waiting: return u"waiting to restart"_s;
    }
    return {};
}

// A port free on loopback now (the server binds it a moment later).
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0; // let the server choose
    return probe.serverPort();
}

} // namespace

OpenCodeServer::OpenCodeServer(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_backoff(m_options.firstBackoff)
{
    m_network.setAutoDeleteReplies(true);
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, &OpenCodeServer::launch);
}

OpenCodeServer::~OpenCodeServer()
{
    stop();
}

QJsonObject OpenCodeServer::describe() const
{
    QJsonObject o{{u"state"_s, stateName(m_state)},
                  {u"url"_s, m_url.toString()},
                  {u"pid"_s, double(pid())},
                  {u"restarts"_s, m_restarts}};
    if (!m_lastError.isEmpty())
        o.insert(u"last_error"_s, m_lastError);
    if (m_state == State::Waiting)
        o.insert(u"restart_in_ms"_s, m_restartTimer.remainingTime());
    return o;
}

void OpenCodeServer::start()
{
    if (m_state != State::Stopped)
        return;
    m_backoff = m_options.firstBackoff;
    launch();
}

void OpenCodeServer::stop()
{
    m_restartTimer.stop();
    m_state = State::Stopped;
    ++m_generation;
    if (!m_process)
        return;
    QProcess *process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    if (process->state() != QProcess::NotRunning) {
        // The whole group (the tools it runs too): OpenCode ends cleanly on SIGTERM in about 1.5 s.
        const pid_t group = pid_t(process->processId());
        if (group > 0)
            ::kill(-group, SIGTERM);
        if (!process->waitForFinished(3000)) {
            if (group > 0)
                ::kill(-group, SIGKILL);
            process->kill();
            process->waitForFinished(2000);
        }
    }
    delete process;
    m_url.clear();
}

void OpenCodeServer::launch()
{
    if (m_process) { // a restart: the old one is gone already
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    ++m_generation;
    m_state = State::Starting;
    m_url.clear();
    m_stdout.clear();
    m_stderrTail.clear();
    m_launchedAt.start();
    m_readySince.invalidate();

    // A port of our choosing (unless configured), kept across restarts so the URL stays the same;
    // a new one when the last launch never got ready (the port may be taken). OpenCode's own
    // choice for port 0 starts at 4096, which servers starting at once would race for.
    if (m_options.port != 0)
        m_port = m_options.port;
    else if (m_port == 0 || !m_everReady)
        m_port = freePort();
    m_everReady = false;
    auto *process = new QProcess(this);
    m_process = process;
    process->setProgram(m_options.program);
    process->setArguments({u"serve"_s, u"--hostname"_s, u"127.0.0.1"_s, u"--port"_s, QString::number(m_port)});
    QProcessEnvironment environment = m_options.environment;
    if (!m_options.password.isEmpty())
        environment.insert(u"OPENCODE_SERVER_PASSWORD"_s, m_options.password);
    process->setProcessEnvironment(environment);
    process->setChildProcessModifier([] {
        ::setsid();                         // its own process group: stop() reaches its children too
        ::prctl(PR_SET_PDEATHSIG, SIGTERM); // and it goes with the orchestrator
    });
    connect(process, &QProcess::readyReadStandardOutput, this, &OpenCodeServer::readOutput);
    connect(process, &QProcess::readyReadStandardError, this, [this] {
        if (!m_process)
            return;
        const QStringList lines = QString::fromUtf8(m_process->readAllStandardError()).split(u'\n', Qt::SkipEmptyParts);
        m_stderrTail += lines;
        if (m_stderrTail.size() > KeptStderrLines)
            m_stderrTail = m_stderrTail.mid(m_stderrTail.size() - KeptStderrLines);
    });
    connect(process, &QProcess::finished, this, &OpenCodeServer::finished);
    connect(process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart && m_process)
            finished(-1, QProcess::CrashExit);
    });
    qCInfo(lcServer).noquote() << "starting" << m_options.program << "serve";
    process->start();
    m_pid = process->processId();

    // Not listening within the time limit: killed, and started again after the backoff.
    const quint64 generation = m_generation;
    QTimer::singleShot(m_options.readyTimeout, this, [this, generation] {
        if (generation == m_generation && m_state == State::Starting && m_process) {
            m_lastError = u"not ready within %1 s"_s.arg(m_options.readyTimeout.count() / 1000.0);
            m_process->kill();
        }
    });
}

void OpenCodeServer::readOutput()
{
    if (!m_process)
        return;
    m_stdout += m_process->readAllStandardOutput();
    if (m_state != State::Starting || !m_url.isEmpty()) {
        if (m_stdout.size() > 64 * 1024)
            m_stdout = m_stdout.right(4096);
        return;
    }
    static const QRegularExpression listening(u"listening on (https?://\\S+)"_s);
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_stdout));
    if (!match.hasMatch())
        return;
    m_url = QUrl(match.captured(1));
    awaitHealthy(m_generation);
}

QCoro::Task<> OpenCodeServer::awaitHealthy(quint64 generation)
{
    const QPointer<OpenCodeServer> self(this);
    QNetworkRequest request(m_url.resolved(QUrl(u"/global/health"_s)));
    request.setTransferTimeout(int(m_options.healthTimeout.count()));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!m_options.password.isEmpty())
        request.setRawHeader("Authorization", "Basic " + (u"opencode:"_s + m_options.password).toUtf8().toBase64());
    for (;;) {
        QNetworkReply *reply = m_network.get(request);
        if (!reply->isFinished())
            co_await qCoro(reply, &QNetworkReply::finished);
        if (!self || generation != m_generation)
            co_return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200)
            break;
        m_lastError = status ? u"health check answered HTTP %1"_s.arg(status) : reply->errorString();
        co_await QCoro::sleepFor(HealthPollInterval);
        if (!self || generation != m_generation)
            co_return;
    }
    m_state = State::Ready;
    m_everReady = true;
    m_readySince.start();
    m_lastError.clear();
    qCInfo(lcServer).noquote() << "opencode serve is ready at" << m_url.toString() << "after" << m_launchedAt.elapsed()
                               << "ms";
    emit ready(m_url);
}

void OpenCodeServer::finished(int exitCode, QProcess::ExitStatus status)
{
    if (m_state == State::Stopped)
        return;
    // What it started (tools, a tracer's tracee) goes with it, so the next one starts clean.
    if (m_pid > 0)
        ::kill(-pid_t(m_pid), SIGKILL);
    const bool wasReady = m_state == State::Ready;
    QString reason = status == QProcess::CrashExit
                         ? (m_process && m_process->error() == QProcess::FailedToStart
                                ? u"%1 could not be started: %2"_s.arg(m_options.program, m_process->errorString())
                                : u"opencode serve was killed"_s)
                         : u"opencode serve exited with code %1"_s.arg(exitCode);
    if (!m_stderrTail.isEmpty())
        reason += u": "_s + m_stderrTail.constLast().left(300);
    else if (!m_lastError.isEmpty() && !wasReady)
        reason += u" ("_s + m_lastError + u")"_s;
    fail(reason);
}

void OpenCodeServer::fail(const QString &reason)
{
    if (m_readySince.isValid() && m_readySince.elapsed() >= std::chrono::milliseconds(StableAfter).count())
        m_backoff = m_options.firstBackoff; // it ran well for a while: this is a new problem
    m_lastError = reason;
    m_state = State::Waiting;
    m_url.clear();
    ++m_restarts;
    ++m_generation;
    qCWarning(lcServer).noquote() << reason << "- restarting in" << m_backoff.count() << "ms";
    m_restartTimer.start(m_backoff);
    m_backoff = std::min(m_backoff * 2, m_options.maxBackoff);
    emit down(reason);
}

} // namespace Orc::Adapters::Runners
