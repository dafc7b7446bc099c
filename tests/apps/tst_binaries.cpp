// The binaries as users run them: real processes, real sockets, real signals.

#include "support/httpclient.h"
#include "support/qtprinters.h"
#include "support/running.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>

using Orc::Testing::HttpClient;
using Orc::Testing::Running;

namespace {

struct Binary
{
    const char *name;
    const char *path;
};

// The service, and the desktop application (offscreen) which embeds the same core.
const Binary Binaries[] = {
    {"headless", ORC_HEADLESS_BINARY},
#ifdef ORC_GUI_BINARY
    {"gui", ORC_GUI_BINARY},
#endif
};

void PrintTo(const Binary &binary, std::ostream *os)
{
    *os << binary.name;
}

struct Finished
{
    int exitCode = -1;
    QString out;
    QString err;
};

Finished runToEnd(const char *program, const QStringList &arguments)
{
    QTemporaryDir home;
    Running running(QString::fromLocal8Bit(program), arguments, home);
    Finished finished;
    if (!running.process().waitForFinished(30000))
        return finished;
    finished.exitCode = running.process().exitCode();
    finished.out = QString::fromUtf8(running.process().readAllStandardOutput());
    finished.err = QString::fromUtf8(running.process().readAllStandardError());
    return finished;
}

// A config file asking for `port`, which the tests hold: a binary that obeys it cannot start.
void writeConfigListeningOn(QFile &file, quint16 port)
{
    QDir().mkpath(QFileInfo(file).absolutePath());
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("listen=127.0.0.1:" + QByteArray::number(port) + "\ndatabase=memory:\n");
    file.close();
}

class BinaryTest : public ::testing::TestWithParam<Binary>
{
protected:
    QString program() const { return QString::fromLocal8Bit(GetParam().path); }
};

} // namespace

TEST_P(BinaryTest, HelpExplainsEveryCoreOption)
{
    const Finished result = runToEnd(GetParam().path, {QStringLiteral("--help")});
    EXPECT_EQ(result.exitCode, 0);
    for (const char *option : {"--data-dir", "--listen", "--database", "--redis", "--config", "--show-token",
                               "--open-registration", "--version", "ORC_API_TOKEN", "Exit codes"})
        EXPECT_TRUE(result.out.contains(QLatin1String(option))) << option;
}

TEST_P(BinaryTest, VersionPrintsTheVersion)
{
    const Finished result = runToEnd(GetParam().path, {QStringLiteral("--version")});
    EXPECT_EQ(result.exitCode, 0);
    EXPECT_TRUE(QRegularExpression(QStringLiteral("\\d+\\.\\d+\\.\\d+")).match(result.out).hasMatch())
        << result.out.toStdString();
}

TEST_P(BinaryTest, UnknownOptionExitsTwoNamingIt)
{
    const Finished result = runToEnd(GetParam().path, {QStringLiteral("--no-such-option")});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains(QLatin1String("no-such-option"))) << result.err.toStdString();
}

TEST_P(BinaryTest, BadListenValueExitsTwoNamingTheOption)
{
    const Finished result = runToEnd(GetParam().path, {QStringLiteral("--listen"), QStringLiteral("nowhere")});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains(QLatin1String("--listen"))) << result.err.toStdString();
}

TEST_P(BinaryTest, AnOccupiedPortExitsTwoNamingListen)
{
    QTcpServer occupier;
    ASSERT_TRUE(occupier.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const Finished result = runToEnd(GetParam().path, {QStringLiteral("--database"), QStringLiteral("memory:"),
                                                       QStringLiteral("--listen"),
                                                       QStringLiteral("127.0.0.1:%1").arg(occupier.serverPort())});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains(QLatin1String("--listen"))) << result.err.toStdString();
}

TEST_P(BinaryTest, ServesHealthOnAFreePortAndStopsCleanlyOnSigterm)
{
    QTemporaryDir home;
    Running running(program(),
                    {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data-dir"),
                     home.filePath(QStringLiteral("d")), QStringLiteral("--database"), QStringLiteral("memory:")},
                    home);
    const QString url = running.waitForListening();
    ASSERT_FALSE(url.isEmpty()) << running.stdoutText().toStdString();
    EXPECT_TRUE(url.startsWith(QLatin1String("http://127.0.0.1:")));
    EXPECT_FALSE(url.endsWith(QLatin1String(":0")));

    HttpClient client;
    const auto health = client.get(QUrl(url + QStringLiteral("/health")));
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    EXPECT_FALSE(health.json().value(QStringLiteral("version")).toString().isEmpty());
    EXPECT_EQ(client.get(QUrl(url + QStringLiteral("/health/live"))).status, 200);
    EXPECT_EQ(client.get(QUrl(url + QStringLiteral("/no/such/path"))).status, 404);

    EXPECT_EQ(running.terminate(SIGTERM), 0);
    // The port is free again: nothing was left listening.
    QTcpServer again;
    EXPECT_TRUE(again.listen(QHostAddress(QHostAddress::LocalHost), QUrl(url).port()));
}

TEST_P(BinaryTest, StopsCleanlyOnSigint)
{
    QTemporaryDir home;
    Running running(program(),
                    {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--database"),
                     QStringLiteral("memory:")},
                    home);
    ASSERT_FALSE(running.waitForListening().isEmpty());
    EXPECT_EQ(running.terminate(SIGINT), 0);
}

// The config file asks for a port the test holds, which the binary cannot bind: starting at all
// proves the higher source won.
TEST_P(BinaryTest, FlagOverridesTheConfigFile)
{
    QTemporaryDir home;
    QTcpServer occupier;
    ASSERT_TRUE(occupier.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QFile conf(home.filePath(QStringLiteral("orc.conf")));
    writeConfigListeningOn(conf, occupier.serverPort());
    Running running(
        program(),
        {QStringLiteral("--config"), conf.fileName(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}, home);
    ASSERT_FALSE(running.waitForListening().isEmpty()) << running.process().readAllStandardError().toStdString();
    EXPECT_EQ(running.terminate(SIGTERM), 0);
}

TEST_P(BinaryTest, EnvironmentOverridesTheConfigFile)
{
    QTemporaryDir home;
    QTcpServer occupier;
    ASSERT_TRUE(occupier.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QFile conf(home.filePath(QStringLiteral("orc.conf")));
    writeConfigListeningOn(conf, occupier.serverPort());
    Running running(program(), {}, home,
                    {{QStringLiteral("ORC_CONFIG"), conf.fileName()},
                     {QStringLiteral("ORC_LISTEN"), QStringLiteral("127.0.0.1:0")}});
    ASSERT_FALSE(running.waitForListening().isEmpty()) << running.process().readAllStandardError().toStdString();
    EXPECT_EQ(running.terminate(SIGTERM), 0);
}

TEST_P(BinaryTest, TheConfigFileIsReadWhenNothingOverridesIt)
{
    QTemporaryDir home;
    QTcpServer occupier;
    ASSERT_TRUE(occupier.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QFile conf(home.filePath(QStringLiteral("orc.conf")));
    writeConfigListeningOn(conf, occupier.serverPort());
    const Finished result = runToEnd(GetParam().path, {QStringLiteral("--config"), conf.fileName()});
    EXPECT_EQ(result.exitCode, 2);
    EXPECT_TRUE(result.err.contains(QStringLiteral("127.0.0.1:%1").arg(occupier.serverPort())))
        << result.err.toStdString();
}

// With no --config, the per-user config file is read (XDG_CONFIG_HOME points into the test's home).
TEST_P(BinaryTest, TheUsersConfigFileIsFoundWithoutBeingNamed)
{
    QTemporaryDir home;
    QTcpServer occupier;
    ASSERT_TRUE(occupier.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QFile conf(home.filePath(QStringLiteral("config/industrial-orchestrator/orchestrator.conf")));
    writeConfigListeningOn(conf, occupier.serverPort());
    Running running(program(), {}, home);
    ASSERT_TRUE(running.process().waitForFinished(30000));
    EXPECT_EQ(running.process().exitCode(), 2);
    EXPECT_TRUE(QString::fromUtf8(running.process().readAllStandardError())
                    .contains(QStringLiteral("127.0.0.1:%1").arg(occupier.serverPort())));
}

TEST_P(BinaryTest, AnUnopenableDatabaseExitsThreeNamingIt)
{
    QTemporaryDir home;
    QFile blocker(home.filePath(QStringLiteral("blocker")));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString url = QStringLiteral("sqlite://") + home.filePath(QStringLiteral("blocker/sub/orc.db"));
    const Finished result = runToEnd(GetParam().path, {QStringLiteral("--database"), url, QStringLiteral("--listen"),
                                                       QStringLiteral("127.0.0.1:0")});
    EXPECT_EQ(result.exitCode, 3);
    EXPECT_TRUE(result.err.contains(home.filePath(QStringLiteral("blocker/sub/orc.db")))) << result.err.toStdString();
}

INSTANTIATE_TEST_SUITE_P(Binaries, BinaryTest, ::testing::ValuesIn(Binaries),
                         [](const auto &info) { return std::string(info.param.name); });

TEST(Headless, ShowTokenCreatesAnOwnerOnlyTokenFileAndPrintsIt)
{
    QTemporaryDir home;
    const QString dataDir = home.filePath(QStringLiteral("data"));
    const Finished first
        = runToEnd(ORC_HEADLESS_BINARY, {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--show-token")});
    EXPECT_EQ(first.exitCode, 0);
    QFile file(dataDir + QStringLiteral("/api-token"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(first.out.trimmed(), QString::fromUtf8(file.readAll()).trimmed());
    EXPECT_EQ(file.permissions() & ~(QFile::ReadUser | QFile::WriteUser), QFile::ReadOwner | QFile::WriteOwner);

    const Finished second
        = runToEnd(ORC_HEADLESS_BINARY, {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--show-token")});
    EXPECT_EQ(second.out, first.out);
}

TEST(Headless, ShowTokenPrefersTheEnvironment)
{
    QTemporaryDir home;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ORC_API_TOKEN"), QStringLiteral("env-token-1"));
    process.setProcessEnvironment(env);
    process.start(QString::fromLocal8Bit(ORC_HEADLESS_BINARY),
                  {QStringLiteral("--data-dir"), home.path(), QStringLiteral("--show-token")});
    ASSERT_TRUE(process.waitForFinished(30000));
    EXPECT_EQ(process.exitCode(), 0);
    EXPECT_EQ(process.readAllStandardOutput().trimmed(), QByteArray("env-token-1"));
    EXPECT_FALSE(QFile::exists(home.filePath(QStringLiteral("api-token"))));
}
