#include "adapters/runners/process/processrunner.h"

#include "application/agentservice.h"
#include "domain/identifiers.h"

#include <qcoroprocess.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QStandardPaths>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace Orc::Domain;
using namespace Orc::Application;

namespace Orc::Adapters::Runners {

namespace {

Q_LOGGING_CATEGORY(lcProcess, "orc.runner.process")

constexpr int FlushIntervalMs = 50;
constexpr qsizetype FlushLines = 200;
constexpr qsizetype MaxLineBytes = 16 * 1024; // a longer "line" is cut into pieces
constexpr int KeptErrorLines = 5;

QStringList commandOf(const QJsonObject &config)
{
    QStringList argv;
    for (const QJsonValue &v : config.value(u"command"_s).toArray())
        argv.append(v.toString());
    return argv;
}

} // namespace

ProcessRunner::ProcessRunner(IClock &clock, QObject *parent) : QObject(parent), m_clock(clock) {}

ProcessRunner::~ProcessRunner()
{
    // Nothing outlives the orchestrator: every group is killed and reaped.
    const QList<QUuid> tasks = m_runs.keys();
    for (const QUuid &taskId : tasks) {
        Run &run = m_runs[taskId];
        run.cancelled = true;
        QProcess *process = run.process;
        process->disconnect(this);
        killGroup(run, SIGKILL);
        process->waitForFinished(2000);
        delete process;
    }
    m_runs.clear();
}

QCoro::Task<Result<DispatchAck>> ProcessRunner::dispatch(Agent agent, DispatchRequest request)
{
    const QPointer<ProcessRunner> self(this);
    const QJsonObject &config = agent.config;
    const QStringList argv = commandOf(config);
    if (argv.isEmpty())
        co_return Error::unavailable(u"agent %1 has no command configured"_s.arg(agent.name));
    const QString workingDirectory = config.value(u"working_directory"_s).toString(QDir::currentPath());
    const QString program = Application::findExecutable(argv.constFirst(), workingDirectory);
    if (program.isEmpty())
        co_return Error::unavailable(u"agent %1: %2 is not an executable program"_s.arg(agent.name, argv.constFirst()));
    const bool promptOnStdin = config.value(u"prompt_mode"_s).toString(u"stdin"_s) == u"stdin";

    auto *process = new QProcess(this);
    process->setProgram(program);
    QStringList arguments = argv.mid(1);
    if (!promptOnStdin)
        arguments.append(request.prompt);
    process->setArguments(arguments);
    process->setWorkingDirectory(workingDirectory);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QJsonObject env = config.value(u"env"_s).toObject();
    for (auto it = env.begin(); it != env.end(); ++it)
        environment.insert(it.key(), it.value().toString());
    environment.insert(u"ORC_SESSION_ID"_s, idString(request.sessionId));
    environment.insert(u"ORC_TASK_ID"_s, idString(request.taskId));
    if (request.resumeFrom)
        environment.insert(u"ORC_RESUME_FROM"_s,
                           QString::fromUtf8(QJsonDocument(*request.resumeFrom).toJson(QJsonDocument::Compact)));
    process->setProcessEnvironment(environment);
    process->setChildProcessModifier([] {
        ::setsid();                         // its own process group: a kill reaches its children too
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // and it dies with the orchestrator
    });
    process->setInputChannelMode(QProcess::ManagedInputChannel);

    const QUuid taskId = request.taskId;
    Run run;
    run.taskId = taskId;
    run.process = process;
    run.flush = new QTimer(process);
    run.flush->setSingleShot(true);
    run.flush->setInterval(FlushIntervalMs);
    run.limit = new QTimer(process);
    run.limit->setSingleShot(true);
    run.limit->setInterval(std::chrono::seconds(qint64(request.timeoutSeconds) + KillGraceSeconds));
    m_runs.insert(taskId, run);

    connect(run.flush, &QTimer::timeout, this, [this, taskId] {
        if (const auto it = m_runs.find(taskId); it != m_runs.end())
            flush(*it);
    });
    connect(run.limit, &QTimer::timeout, this, [this, taskId] {
        if (const auto it = m_runs.find(taskId); it != m_runs.end()) {
            qCWarning(lcProcess).noquote() << "task" << idString(taskId) << "outlived its time limit: killed";
            killGroup(*it, SIGKILL);
        }
    });
    connect(process, &QProcess::readyReadStandardOutput, this, [this, taskId] {
        if (const auto it = m_runs.find(taskId); it != m_runs.end())
            read(*it, QProcess::StandardOutput);
    });
    connect(process, &QProcess::readyReadStandardError, this, [this, taskId] {
        if (const auto it = m_runs.find(taskId); it != m_runs.end())
            read(*it, QProcess::StandardError);
    });
    connect(process, &QProcess::finished, this,
            [this, taskId](int exitCode, QProcess::ExitStatus status) { finished(taskId, exitCode, status); });

    m_runs[taskId].elapsed.start();
    process->start();
    const bool started = co_await qCoro(process).waitForStarted(std::chrono::seconds(30));
    if (!self)
        co_return Error::unavailable(u"shutting down"_s);
    if (!started) {
        const QString why = process->errorString();
        process->disconnect(this);
        m_runs.remove(taskId);
        process->deleteLater();
        co_return Error::unavailable(u"agent %1 could not start %2: %3"_s.arg(agent.name, program, why));
    }
    const auto current = m_runs.find(taskId);
    if (current == m_runs.end())
        co_return DispatchAck{}; // it already ended, and its result has been reported
    current->pid = process->processId();
    current->limit->start();
    if (promptOnStdin) {
        process->write(request.prompt.toUtf8());
        process->closeWriteChannel();
    }
    co_return DispatchAck{};
}

void ProcessRunner::read(Run &run, QProcess::ProcessChannel channel)
{
    const bool isOut = channel == QProcess::StandardOutput;
    run.process->setReadChannel(channel);
    QByteArray &tail = isOut ? run.stdoutTail : run.stderrTail;
    tail += run.process->readAll();
    QStringList &lines = isOut ? run.stdoutLines : run.stderrLines;
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = tail.indexOf('\n', start);
        if (end < 0)
            break;
        lines.append(QString::fromUtf8(tail.constData() + start, end - start).remove(u'\r'));
        start = end + 1;
    }
    tail.remove(0, start);
    while (tail.size() > MaxLineBytes) { // a very long line without a newline
        lines.append(QString::fromUtf8(tail.left(MaxLineBytes)));
        tail.remove(0, MaxLineBytes);
    }
    if (!isOut) {
        for (const QString &line : std::as_const(run.stderrLines)) {
            run.lastErrors.append(line);
            if (run.lastErrors.size() > KeptErrorLines)
                run.lastErrors.removeFirst();
        }
    }
    if (run.stdoutLines.size() + run.stderrLines.size() >= FlushLines)
        flush(run);
    else if (!run.flush->isActive())
        run.flush->start();
}

void ProcessRunner::flush(Run &run)
{
    run.flush->stop();
    if (!m_listener || run.cancelled) {
        run.stdoutLines.clear();
        run.stderrLines.clear();
        return;
    }
    if (!run.stdoutLines.isEmpty()) {
        RunnerProgress progress;
        progress.log = std::exchange(run.stdoutLines, {});
        progress.logStream = u"stdout"_s;
        m_listener->progressReported(run.taskId, progress);
    }
    if (!run.stderrLines.isEmpty()) {
        RunnerProgress progress;
        progress.log = std::exchange(run.stderrLines, {});
        progress.logStream = u"stderr"_s;
        m_listener->progressReported(run.taskId, progress);
    }
}

void ProcessRunner::finished(const QUuid &taskId, int exitCode, QProcess::ExitStatus status)
{
    const auto it = m_runs.find(taskId);
    if (it == m_runs.end())
        return;
    // Whatever is left in the pipes, and a last line without a newline.
    read(*it, QProcess::StandardOutput);
    read(*it, QProcess::StandardError);
    if (!it->stdoutTail.isEmpty())
        it->stdoutLines.append(QString::fromUtf8(std::exchange(it->stdoutTail, {})));
    if (!it->stderrTail.isEmpty()) {
        const QString line = QString::fromUtf8(std::exchange(it->stderrTail, {}));
        it->stderrLines.append(line);
        it->lastErrors.append(line);
    }
    flush(*it);
    Run run = *it;
    m_runs.erase(it);
    run.process->deleteLater();
    // What the process left running in its group ends with it.
    killGroup(run, SIGKILL);
    if (run.cancelled || !m_listener)
        return;

    RunnerResult result;
    result.executionTimeMs = run.elapsed.elapsed();
    if (status == QProcess::NormalExit && exitCode == 0) {
        result.status = OutcomeStatus::Completed;
    } else {
        result.status = OutcomeStatus::Failed;
        result.errorMessage = status == QProcess::CrashExit ? u"the process crashed or was killed"_s
                                                            : u"the process exited with code %1"_s.arg(exitCode);
        if (!run.lastErrors.isEmpty())
            result.errorMessage += u": "_s + run.lastErrors.join(u" | "_s);
    }
    result.output = QJsonObject{{u"exit_code"_s, exitCode},
                                {u"exit_status"_s, status == QProcess::NormalExit ? u"normal"_s : u"crashed"_s}};
    m_listener->resultReported(taskId, result);
}

bool ProcessRunner::killGroup(Run &run, int signal)
{
    // The group; its leader's pid is its id (setsid).
    return run.pid > 0 && ::kill(-pid_t(run.pid), signal) == 0;
}

QCoro::Task<Status> ProcessRunner::cancel(Agent, QUuid taskId)
{
    const auto it = m_runs.find(taskId);
    if (it == m_runs.end())
        co_return Status(); // already over
    it->cancelled = true;
    killGroup(*it, SIGCONT); // a paused group must be able to die
    killGroup(*it, SIGTERM);
    QPointer<QProcess> process = it->process;
    QTimer::singleShot(TermGraceMs, this, [this, taskId, process] {
        if (!process)
            return;
        if (const auto run = m_runs.find(taskId); run != m_runs.end())
            killGroup(*run, SIGKILL);
    });
    co_return Status();
}

QCoro::Task<Status> ProcessRunner::pause(Agent, QUuid taskId)
{
    const auto it = m_runs.find(taskId);
    if (it == m_runs.end() || !killGroup(*it, SIGSTOP))
        co_return Error::unavailable(u"task %1 is not running here"_s.arg(idString(taskId)));
    it->limit->stop(); // paused time does not count towards the runner's own kill
    co_return Status();
}

QCoro::Task<Status> ProcessRunner::resume(Agent, QUuid taskId)
{
    const auto it = m_runs.find(taskId);
    if (it == m_runs.end() || !killGroup(*it, SIGCONT))
        co_return Error::unavailable(u"task %1 is not running here"_s.arg(idString(taskId)));
    it->limit->start();
    co_return Status();
}

QCoro::Task<Result<HealthProbe>> ProcessRunner::probe(Agent agent)
{
    HealthProbe probe;
    probe.checkedAt = m_clock.now();
    QElapsedTimer elapsed;
    elapsed.start();
    const QStringList argv = commandOf(agent.config);
    const QString cwd = agent.config.value(u"working_directory"_s).toString(QDir::currentPath());
    if (argv.isEmpty())
        probe.error = u"no command configured"_s;
    else if (!QFileInfo(cwd).isDir())
        probe.error = u"working directory %1 is gone"_s.arg(cwd);
    else if (Application::findExecutable(argv.constFirst(), cwd).isEmpty())
        probe.error = u"%1 is not an executable program"_s.arg(argv.constFirst());
    else
        probe.ok = true;
    probe.roundTripMs = double(elapsed.nsecsElapsed()) / 1e6;
    co_return probe;
}

} // namespace Orc::Adapters::Runners
