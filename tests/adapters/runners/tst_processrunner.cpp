// The process runner with real processes: output lines streamed as they come, exit codes, the
// prompt on stdin or as an argument, and cancel, pause and the time limit acting on the whole
// process group (children included).

#include "adapters/runners/process/processrunner.h"

#include "application/ports/clock.h"
#include "domain/identifiers.h"
#include "support/await.h"
#include "support/gate.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Orc;
using namespace Orc::Application;
using namespace Orc::Domain;
using namespace Orc::Testing;

namespace {

struct Recorder final : IRunnerListener
{
    void progressReported(const QUuid &taskId, const RunnerProgress &progress) override
    {
        for (const QString &line : progress.log)
            lines.append(progress.logStream + u": "_s + line);
        ++reports;
        lastTask = taskId;
    }
    void resultReported(const QUuid &taskId, const RunnerResult &result) override
    {
        results.append(result);
        lastTask = taskId;
    }
    QStringList lines;
    QList<RunnerResult> results;
    int reports = 0;
    QUuid lastTask;
};

bool alive(qint64 pid)
{
    return ::kill(pid_t(pid), 0) == 0;
}

class ProcessRunnerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        runner.setListener(&recorder);
    }

    Agent agent(const QStringList &command, const QString &promptMode = u"stdin"_s)
    {
        Agent a;
        a.id = newId();
        a.name = u"shell"_s;
        a.kind = AgentKind::Process;
        a.config = QJsonObject{{u"command"_s, QJsonArray::fromStringList(command)},
                               {u"working_directory"_s, dir.path()},
                               {u"prompt_mode"_s, promptMode},
                               {u"env"_s, QJsonObject{{u"GREETING"_s, u"hello"_s}}}};
        return a;
    }

    DispatchRequest request(const QString &prompt = u"the prompt"_s, int timeoutSeconds = 60)
    {
        DispatchRequest r;
        r.taskId = newId();
        r.sessionId = newId();
        r.prompt = prompt;
        r.timeoutSeconds = timeoutSeconds;
        return r;
    }

    QString readFile(const QString &name)
    {
        QFile file(dir.filePath(name));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
    }

    QTemporaryDir dir;
    SystemClock clock;
    Adapters::Runners::ProcessRunner runner{clock};
    Recorder recorder;
};

TEST_F(ProcessRunnerTest, OutputLinesStreamAndExitCodeZeroCompletes)
{
    // Reads the prompt from stdin, prints in two bursts, and leaves a last line without a newline.
    const Agent a = agent({u"sh"_s, u"-c"_s,
                           u"read p; echo \"got: $p\"; echo \"$GREETING from $(pwd)\"; echo oops >&2; "
                           "sleep 0.2; printf 'last'"_s});
    const DispatchRequest r = request();
    const auto ack = await(runner.dispatch(a, r));
    ASSERT_TRUE(ack.ok()) << ack.error().message.toStdString();
    EXPECT_FALSE(ack->result.has_value()) << "processes report later";
    ASSERT_TRUE(waitUntil([&] { return recorder.results.size() == 1; }, 10000));
    EXPECT_EQ(recorder.results.constFirst().status, OutcomeStatus::Completed);
    EXPECT_EQ(recorder.lastTask, r.taskId);
    EXPECT_TRUE(recorder.lines.contains(u"stdout: got: the prompt"_s)) << recorder.lines.join(u"|"_s).toStdString();
    EXPECT_TRUE(recorder.lines.contains(u"stdout: hello from "_s + dir.path()));
    EXPECT_TRUE(recorder.lines.contains(u"stderr: oops"_s));
    EXPECT_EQ(recorder.lines.constLast(), u"stdout: last"_s) << "the last line, even without a newline";
    EXPECT_GE(recorder.reports, 2) << "output arrives while the process runs, not only at its end";
    EXPECT_EQ(runner.running(), 0);
}

TEST_F(ProcessRunnerTest, ANonZeroExitFailsWithTheLastErrorLinesAndThePromptMayBeAnArgument)
{
    const Agent a = agent({u"sh"_s, u"-c"_s, u"echo \"arg: $0\"; echo 'it broke' >&2; exit 3"_s}, u"argument"_s);
    ASSERT_TRUE(await(runner.dispatch(a, request(u"do it"_s))).ok());
    ASSERT_TRUE(waitUntil([&] { return recorder.results.size() == 1; }, 10000));
    const RunnerResult result = recorder.results.constFirst();
    EXPECT_EQ(result.status, OutcomeStatus::Failed);
    EXPECT_TRUE(result.errorMessage.contains(u"code 3"_s)) << result.errorMessage.toStdString();
    EXPECT_TRUE(result.errorMessage.contains(u"it broke"_s));
    EXPECT_EQ(result.output.value(u"exit_code"_s).toInt(), 3);
    EXPECT_TRUE(recorder.lines.contains(u"stdout: arg: do it"_s)) << recorder.lines.join(u"|"_s).toStdString();
}

TEST_F(ProcessRunnerTest, AProgramThatCannotStartIsADispatchError)
{
    Agent a = agent({u"./no-such-program"_s});
    const auto ack = await(runner.dispatch(a, request()));
    ASSERT_FALSE(ack.ok());
    EXPECT_TRUE(ack.error().message.contains(u"no-such-program"_s));
    const auto probe = await(runner.probe(a));
    EXPECT_FALSE(probe->ok);
    EXPECT_FALSE(probe->error.isEmpty());
    EXPECT_TRUE(await(runner.probe(agent({u"sh"_s}))).value().ok);
}

TEST_F(ProcessRunnerTest, CancelKillsTheWholeProcessGroupChildrenIncluded)
{
    // The child ignores SIGTERM: only the group-wide SIGKILL after the grace ends it.
    const Agent a
        = agent({u"sh"_s, u"-c"_s, u"sh -c 'trap \"\" TERM; while :; do sleep 1; done' & echo $! > child.pid; wait"_s});
    const DispatchRequest r = request();
    ASSERT_TRUE(await(runner.dispatch(a, r)).ok());
    ASSERT_TRUE(waitUntil([&] { return !readFile(u"child.pid"_s).isEmpty(); }, 10000));
    const qint64 child = readFile(u"child.pid"_s).toLongLong();
    ASSERT_GT(child, 0);
    EXPECT_TRUE(alive(child));
    ASSERT_TRUE(await(runner.cancel(a, r.taskId)).ok());
    ASSERT_TRUE(waitUntil([&] { return !alive(child) && runner.running() == 0; }, 15000)) << "child " << child;
    EXPECT_TRUE(recorder.results.isEmpty()) << "a cancelled run reports no result";
}

TEST_F(ProcessRunnerTest, PauseStopsTheGroupAndResumeContinuesIt)
{
    const Agent a
        = agent({u"sh"_s, u"-c"_s, u"i=0; while [ $i -lt 400 ]; do echo $i > count; i=$((i+1)); sleep 0.05; done"_s});
    const DispatchRequest r = request();
    ASSERT_TRUE(await(runner.dispatch(a, r)).ok());
    ASSERT_TRUE(waitUntil([&] { return readFile(u"count"_s).toInt() >= 2; }, 10000));
    ASSERT_TRUE(await(runner.pause(a, r.taskId)).ok());
    // Stopped: the counter holds still across several of its own periods.
    const QString frozen = readFile(u"count"_s);
    const int before = frozen.toInt();
    EXPECT_FALSE(waitUntil([&] { return readFile(u"count"_s).toInt() > before + 1; }, 600));
    ASSERT_TRUE(await(runner.resume(a, r.taskId)).ok());
    EXPECT_TRUE(waitUntil([&] { return readFile(u"count"_s).toInt() > before + 2; }, 10000));
    ASSERT_TRUE(await(runner.cancel(a, r.taskId)).ok());
    EXPECT_TRUE(waitUntil([&] { return runner.running() == 0; }, 10000));
    EXPECT_FALSE(await(runner.pause(a, r.taskId)).ok()) << "nothing left to pause";
}

} // namespace
