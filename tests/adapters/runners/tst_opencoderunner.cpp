// The OpenCode runner's parts that need no real server: its message ids, the supervisor's restarts
// of a server that dies or never gets ready, and what a server that accepts connections but never
// answers does to the agent's status and to a dispatch. (tests/runtime/tst_opencode.cpp drives a
// real `opencode serve`.)

#include "adapters/runners/opencode/opencoderunner.h"
#include "adapters/runners/opencode/opencodeserver.h"

#include "domain/identifiers.h"
#include "support/gate.h"
#include "support/manualclock.h"

#include <qcorotask.h>

#include <QFile>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace Orc;
using namespace Orc::Adapters::Runners;
using namespace Orc::Testing;

namespace {

class Listener final : public Application::IRunnerListener
{
public:
    void progressReported(const QUuid &, const Application::RunnerProgress &) override {}
    void resultReported(const QUuid &, const Application::RunnerResult &) override {}
    void agentStatusReported(const QUuid &, Domain::AgentStatus status, const QString &detail) override
    {
        statuses.append(status);
        details.append(detail);
    }
    QList<Domain::AgentStatus> statuses;
    QStringList details;
};

QString script(const QTemporaryDir &dir, const QString &name, const QString &body)
{
    QFile file(dir.filePath(name));
    file.open(QIODevice::WriteOnly);
    file.write(QString(u"#!/bin/sh\n"_s + body + u"\n"_s).toUtf8());
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return file.fileName();
}

} // namespace

TEST(OpenCodeMessageIds, HaveOpenCodesFormatAndSortInTheOrderTheyWereMade)
{
    static const QRegularExpression format(u"^msg_[0-9a-f]{12}[0-9A-Za-z]{14}$"_s);
    QString previous;
    for (int i = 0; i < 1000; ++i) {
        const QString id = newOpenCodeMessageId();
        ASSERT_TRUE(format.match(id).hasMatch()) << id.toStdString();
        // The time-and-counter part orders them (the random tail does not).
        if (!previous.isEmpty()) {
            EXPECT_GT(id.mid(4, 12), previous.mid(4, 12)) << previous.toStdString() << " then " << id.toStdString();
        }
        previous = id;
    }
}

TEST(OpenCodeServer, AServerThatExitsIsStartedAgainWithGrowingBackoffUntilStopped)
{
    QTemporaryDir dir;
    OpenCodeServer::Options options;
    options.program = script(dir, u"dies"_s, u"echo 'something broke' >&2; exit 3"_s);
    options.firstBackoff = std::chrono::milliseconds(20);
    options.maxBackoff = std::chrono::milliseconds(80);
    OpenCodeServer server(options);
    QStringList downs;
    QObject::connect(&server, &OpenCodeServer::down, &server, [&](const QString &reason) { downs.append(reason); });
    server.start();
    ASSERT_TRUE(waitUntil([&] { return server.restarts() >= 4; }, 10000));
    EXPECT_TRUE(downs.first().contains(u"exited with code 3: something broke"_s)) << downs.first().toStdString();
    EXPECT_EQ(server.describe().value(u"restarts"_s).toInt(), server.restarts());
    server.stop();
    const int restarts = server.restarts();
    EXPECT_EQ(server.state(), OpenCodeServer::State::Stopped);
    EXPECT_FALSE(waitUntil([&] { return server.restarts() > restarts; }, 300)) << "stopped means stopped";
}

TEST(OpenCodeServer, AServerThatNeverAnswersItsHealthCheckIsKilledAndStartedAgain)
{
    QTemporaryDir dir;
    // It says it listens, on a port where something accepts and never answers.
    QTcpServer silent;
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> held;
    QObject::connect(&silent, &QTcpServer::newConnection, &silent,
                     [&] { held.append(silent.nextPendingConnection()); });
    OpenCodeServer::Options options;
    options.program
        = script(dir, u"hangs"_s,
                 u"echo 'opencode server listening on http://127.0.0.1:%1'; exec sleep 60"_s.arg(silent.serverPort()));
    options.readyTimeout = std::chrono::milliseconds(600);
    options.healthTimeout = std::chrono::milliseconds(100);
    options.firstBackoff = std::chrono::milliseconds(20);
    OpenCodeServer server(options);
    bool ready = false;
    QObject::connect(&server, &OpenCodeServer::ready, &server, [&] { ready = true; });
    server.start();
    ASSERT_TRUE(waitUntil([&] { return server.restarts() >= 1; }, 10000));
    EXPECT_FALSE(ready);
    EXPECT_FALSE(held.isEmpty()) << "its health was polled";
    EXPECT_TRUE(server.lastError().contains(u"not ready within"_s)) << server.lastError().toStdString();
    server.stop();
}

TEST(OpenCodeRunner, AServerThatAcceptsButNeverAnswersIsOfflineAndADispatchFailsClearly)
{
    QTcpServer silent;
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> held;
    QObject::connect(&silent, &QTcpServer::newConnection, &silent,
                     [&] { held.append(silent.nextPendingConnection()); });

    ManualClock clock;
    OpenCodeRunner::Options options;
    options.healthTimeout = std::chrono::milliseconds(100);
    options.checkInterval = std::chrono::milliseconds(100);
    options.readyTimeout = std::chrono::milliseconds(800);
    OpenCodeRunner runner(clock, options);
    Listener listener;
    runner.setListener(&listener);

    Domain::Agent agent;
    agent.id = Domain::newId();
    agent.name = u"silent-opencode"_s;
    agent.kind = Domain::AgentKind::Opencode;
    agent.config = QJsonObject{{u"url"_s, u"http://127.0.0.1:%1"_s.arg(silent.serverPort())},
                               {u"provider_id"_s, u"p"_s},
                               {u"model_id"_s, u"m"_s},
                               {u"directory"_s, QDir::tempPath()}};
    runner.watch(agent);
    // Each check has its own time limit: three unanswered in a row and the agent is offline.
    ASSERT_TRUE(waitUntil([&] { return listener.statuses.contains(Domain::AgentStatus::Offline); }, 5000));
    EXPECT_TRUE(listener.details.last().contains(u"no answer"_s)) << listener.details.last().toStdString();

    Application::DispatchRequest request;
    request.taskId = Domain::newId();
    request.sessionId = Domain::newId();
    request.prompt = u"hello"_s;
    const auto dispatched = QCoro::waitFor(runner.dispatch(agent, request));
    ASSERT_FALSE(dispatched.ok());
    EXPECT_TRUE(dispatched.error().message.contains(u"is not ready after 0.8 s"_s))
        << dispatched.error().message.toStdString();
    EXPECT_EQ(runner.running(), 0);

    const auto probe = QCoro::waitFor(runner.probe(agent));
    ASSERT_TRUE(probe.ok());
    EXPECT_FALSE(probe->ok);
    EXPECT_TRUE(probe->error.contains(u"no answer"_s)) << probe->error.toStdString();
    EXPECT_EQ(probe->details.value(u"event_stream"_s).toString(), u"disconnected"_s);
}
