#include "runtime/orchestrator.h"

#include "application/agentservice.h"

#include "support/httpclient.h"
#include "support/qtprinters.h"

#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Orc;

namespace {

Runtime::Config testConfig(const QTemporaryDir &dir)
{
    Runtime::Config config;
    config.dataDir = dir.path();
    config.listenPort = 0;
    config.database = QUrl(QStringLiteral("memory:"));
    return config;
}

} // namespace

TEST(Orchestrator, StartsOnAFreePortAndServesHealth)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    ASSERT_TRUE(started.ok()) << started.error().message.toStdString();
    ASSERT_NE(orchestrator.port(), 0);
    EXPECT_EQ(orchestrator.apiUrl(), QStringLiteral("http://127.0.0.1:%1").arg(orchestrator.port()));
    EXPECT_FALSE(orchestrator.apiToken().isEmpty());

    Testing::HttpClient client;
    const auto health = client.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/health")));
    EXPECT_EQ(health.status, 200);
    const QJsonObject components = health.json().value(QStringLiteral("components")).toObject();
    for (const char *name : {"database", "lock", "event_bus", "agents"})
        EXPECT_TRUE(components.contains(QLatin1String(name))) << name;
    EXPECT_EQ(client.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/health/ready"))).status, 200);
}

TEST(Orchestrator, HealthCountsRegisteredAgents)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
    Application::AgentRegistration registration;
    registration.name = QStringLiteral("worker");
    registration.kind = Domain::AgentKind::Process;
    registration.maxConcurrentTasks = 3;
    ASSERT_TRUE(QCoro::waitFor(orchestrator.agents().registerInternal(registration)).ok());

    Testing::HttpClient client;
    const auto health = client.get(QUrl(orchestrator.apiUrl() + QStringLiteral("/health")));
    const QJsonObject agents
        = health.json().value(QStringLiteral("components")).toObject().value(QStringLiteral("agents")).toObject();
    EXPECT_EQ(agents.value(QStringLiteral("total")).toInt(), 1);
    EXPECT_EQ(agents.value(QStringLiteral("capacity")).toInt(), 3);
}

TEST(Orchestrator, APortInUseIsABadConfigErrorNamingListen)
{
    QTcpServer occupier;
    ASSERT_TRUE(occupier.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QTemporaryDir dir;
    Runtime::Config config = testConfig(dir);
    config.listenPort = occupier.serverPort();
    Runtime::Orchestrator orchestrator(config);
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    ASSERT_FALSE(started.ok());
    EXPECT_TRUE(started.error().message.contains(QLatin1String("--listen")));
    EXPECT_EQ(started.error().extra.value(QStringLiteral("exit_code")).toInt(), Runtime::ExitBadConfig);
    EXPECT_FALSE(orchestrator.isRunning());
}

TEST(Orchestrator, StopReleasesThePort)
{
    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator(testConfig(dir));
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
    const quint16 port = orchestrator.port();
    orchestrator.stop();
    orchestrator.stop(); // idempotent
    EXPECT_FALSE(orchestrator.isRunning());
    QTcpServer again;
    EXPECT_TRUE(again.listen(QHostAddress(QHostAddress::LocalHost), port));
}
