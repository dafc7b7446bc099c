#include "runtime/config.h"

#include "support/qtprinters.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Orc::Runtime;

namespace {

struct Parsed
{
    CommandLine::Outcome outcome;
    const Config &config() const { return *outcome.config; }
};

Parsed parse(QStringList args, const QProcessEnvironment &env = QProcessEnvironment())
{
    args.prepend(QStringLiteral("orchestrator-headless"));
    CommandLine commandLine(QStringLiteral("test"));
    return Parsed{commandLine.parse(args, env)};
}

QProcessEnvironment environment(std::initializer_list<std::pair<const char *, const char *>> values)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : values)
        env.insert(QLatin1String(name), QLatin1String(value));
    return env;
}

class ConfigFile
{
public:
    explicit ConfigFile(const QByteArray &content)
    {
        QFile file(path());
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    QString path() const { return m_dir.filePath(QStringLiteral("orchestrator.conf")); }

private:
    QTemporaryDir m_dir;
};

void expectError(const Parsed &parsed, const QString &mustMention)
{
    EXPECT_FALSE(parsed.outcome.config.has_value());
    EXPECT_EQ(parsed.outcome.exitCode, ExitBadConfig);
    EXPECT_TRUE(parsed.outcome.message.contains(mustMention))
        << parsed.outcome.message.toStdString() << " should mention " << mustMention.toStdString();
}

} // namespace

TEST(Config, DefaultsListenOnLoopback8420WithSqliteInTheDataDir)
{
    const Parsed parsed = parse({QStringLiteral("--data-dir"), QStringLiteral("/tmp/orc-data")});
    ASSERT_TRUE(parsed.outcome.config);
    EXPECT_EQ(parsed.config().listenAddress, QHostAddress(QHostAddress::LocalHost));
    EXPECT_EQ(parsed.config().listenPort, 8420);
    EXPECT_EQ(parsed.config().database.toString(), QStringLiteral("sqlite:///tmp/orc-data/orchestrator.db"));
    EXPECT_TRUE(parsed.config().redis.isEmpty());
    EXPECT_FALSE(parsed.config().openRegistration);
    EXPECT_FALSE(parsed.config().showToken);
}

TEST(Config, FlagsBeatEnvironmentWhichBeatsTheFile)
{
    ConfigFile file("listen=127.0.0.1:1001\ndatabase=postgresql://u:p@db:5432/orc\nredis=redis://file:6379\n"
                    "open_registration=true\n");
    const auto env
        = environment({{"ORC_CONFIG", ""}, {"ORC_LISTEN", "127.0.0.1:2002"}, {"ORC_REDIS", "redis://env:6379/2"}});
    const Parsed parsed = parse(
        {QStringLiteral("--config"), file.path(), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:3003")}, env);
    ASSERT_TRUE(parsed.outcome.config) << parsed.outcome.message.toStdString();
    EXPECT_EQ(parsed.config().listenPort, 3003);                                   // flag
    EXPECT_EQ(parsed.config().listenAddress, QHostAddress(QHostAddress::AnyIPv4)); // flag
    EXPECT_EQ(parsed.config().redis.host(), QStringLiteral("env"));                // environment
    EXPECT_EQ(parsed.config().database.host(), QStringLiteral("db"));              // file
    EXPECT_TRUE(parsed.config().openRegistration);                                 // file
    EXPECT_EQ(parsed.config().configFile, file.path());
}

TEST(Config, ConfigFileCanComeFromTheEnvironment)
{
    ConfigFile file("listen=127.0.0.1:4321\n");
    const Parsed parsed = parse({}, environment({{"ORC_CONFIG", qPrintable(file.path())}}));
    ASSERT_TRUE(parsed.outcome.config);
    EXPECT_EQ(parsed.config().listenPort, 4321);
}

TEST(Config, ApiTokenComesFromTheEnvironmentOnly)
{
    const Parsed parsed = parse({}, environment({{"ORC_API_TOKEN", "secret-1"}}));
    ASSERT_TRUE(parsed.outcome.config);
    EXPECT_EQ(parsed.config().apiToken, QStringLiteral("secret-1"));
}

TEST(Config, PortZeroAndIpv6AreAccepted)
{
    Parsed parsed = parse({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    ASSERT_TRUE(parsed.outcome.config);
    EXPECT_EQ(parsed.config().listenPort, 0);
    parsed = parse({QStringLiteral("--listen"), QStringLiteral("[::1]:9000")});
    ASSERT_TRUE(parsed.outcome.config);
    EXPECT_EQ(parsed.config().listenAddress, QHostAddress(QHostAddress::LocalHostIPv6));
    EXPECT_EQ(parsed.config().listenUrl(9000), QStringLiteral("http://[::1]:9000"));
    parsed = parse({QStringLiteral("--listen"), QStringLiteral("localhost:9000")});
    ASSERT_TRUE(parsed.outcome.config);
    EXPECT_EQ(parsed.config().listenAddress, QHostAddress(QHostAddress::LocalHost));
}

TEST(Config, UnknownOptionExitsTwoNamingIt)
{
    expectError(parse({QStringLiteral("--frobnicate")}), QStringLiteral("frobnicate"));
}

TEST(Config, UnexpectedPositionalArgumentIsAnError)
{
    expectError(parse({QStringLiteral("serve")}), QStringLiteral("serve"));
}

TEST(Config, MissingOptionValueIsAnError)
{
    expectError(parse({QStringLiteral("--listen")}), QStringLiteral("listen"));
}

TEST(Config, BadValuesNameTheirOption)
{
    expectError(parse({QStringLiteral("--listen"), QStringLiteral("8420")}), QStringLiteral("--listen"));
    expectError(parse({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:70000")}), QStringLiteral("--listen"));
    expectError(parse({QStringLiteral("--listen"), QStringLiteral("example.com:80")}), QStringLiteral("--listen"));
    expectError(parse({QStringLiteral("--database"), QStringLiteral("mysql://x/y")}), QStringLiteral("--database"));
    expectError(parse({QStringLiteral("--database"), QStringLiteral("postgresql://host-only")}),
                QStringLiteral("--database"));
    expectError(parse({QStringLiteral("--database"), QStringLiteral("sqlite://")}), QStringLiteral("--database"));
    expectError(parse({QStringLiteral("--redis"), QStringLiteral("http://x:1")}), QStringLiteral("--redis"));
    expectError(parse({QStringLiteral("--redis"), QStringLiteral("redis://x:1/abc")}), QStringLiteral("--redis"));
}

TEST(Config, BadEnvironmentValuesNameTheVariable)
{
    expectError(parse({}, environment({{"ORC_LISTEN", "nope"}})), QStringLiteral("ORC_LISTEN"));
    expectError(parse({}, environment({{"ORC_OPEN_REGISTRATION", "maybe"}})), QStringLiteral("ORC_OPEN_REGISTRATION"));
}

TEST(Config, BadFileValuesNameTheKeyAndFile)
{
    ConfigFile file("database=oracle://x\n");
    const Parsed parsed = parse({QStringLiteral("--config"), file.path()});
    expectError(parsed, QStringLiteral("database in "));
    expectError(parsed, file.path());
}

TEST(Config, UnknownFileKeyIsAnError)
{
    ConfigFile file("listn=127.0.0.1:1\n");
    expectError(parse({QStringLiteral("--config"), file.path()}), QStringLiteral("listn"));
}

TEST(Config, MissingConfigFileIsAnError)
{
    expectError(parse({QStringLiteral("--config"), QStringLiteral("/nonexistent/orc.conf")}),
                QStringLiteral("--config"));
}

TEST(Config, HelpAndVersionExitZeroWithText)
{
    Parsed parsed = parse({QStringLiteral("--help")});
    EXPECT_FALSE(parsed.outcome.config);
    EXPECT_EQ(parsed.outcome.exitCode, ExitOk);
    for (const char *option : {"--data-dir", "--listen", "--database", "--redis", "--config", "--show-token",
                               "--open-registration", "--help", "--version", "ORC_API_TOKEN"})
        EXPECT_TRUE(parsed.outcome.message.contains(QLatin1String(option))) << option;

    parsed = parse({QStringLiteral("--version")});
    EXPECT_FALSE(parsed.outcome.config);
    EXPECT_EQ(parsed.outcome.exitCode, ExitOk);
    EXPECT_TRUE(parsed.outcome.message.contains(QLatin1String("0.")));
}

TEST(Config, BooleanSpellings)
{
    bool value = false;
    for (const char *yes : {"1", "true", "Yes", "on"}) {
        EXPECT_FALSE(parseBool(QLatin1String(yes), value).has_value());
        EXPECT_TRUE(value) << yes;
    }
    for (const char *no : {"0", "false", "NO", "off"}) {
        EXPECT_FALSE(parseBool(QLatin1String(no), value).has_value());
        EXPECT_FALSE(value) << no;
    }
    EXPECT_TRUE(parseBool(QStringLiteral("2"), value).has_value());
}

TEST(Config, TlsNeedsACertificateAndAKeyThatCanBeRead)
{
    ConfigFile cert("-----BEGIN CERTIFICATE-----\n");
    expectError(parse({QStringLiteral("--tls-cert"), cert.path()}), QStringLiteral("--tls-key"));
    expectError(parse({}, environment({{"ORC_TLS_KEY", "/nonexistent/key.pem"}})), QStringLiteral("--tls-cert"));
    expectError(parse({QStringLiteral("--tls-cert"), cert.path(), QStringLiteral("--tls-key"),
                       QStringLiteral("/nonexistent/key.pem")}),
                QStringLiteral("/nonexistent/key.pem"));
    const Parsed both = parse({QStringLiteral("--tls-cert"), cert.path(), QStringLiteral("--tls-key"), cert.path()});
    ASSERT_TRUE(both.outcome.config.has_value()) << both.outcome.message.toStdString();
    EXPECT_TRUE(both.outcome.config->tls());
    EXPECT_EQ(both.outcome.config->listenUrl(8420), QStringLiteral("https://127.0.0.1:8420"));
    const Parsed none = parse({});
    ASSERT_TRUE(none.outcome.config.has_value());
    EXPECT_FALSE(none.outcome.config->tls());
    EXPECT_EQ(none.outcome.config->listenUrl(8420), QStringLiteral("http://127.0.0.1:8420"));
}

TEST(Config, LivenessTimersComeFromFlagsEnvironmentOrFileAndAreChecked)
{
    const Parsed defaults = parse({});
    EXPECT_EQ(defaults.config().heartbeatIntervalSeconds, 30);
    EXPECT_EQ(defaults.config().redispatchGraceSeconds, 60);

    const Parsed flags = parse({QStringLiteral("--heartbeat-interval"), QStringLiteral("5"),
                                QStringLiteral("--redispatch-grace"), QStringLiteral("0")});
    EXPECT_EQ(flags.config().heartbeatIntervalSeconds, 5);
    EXPECT_EQ(flags.config().redispatchGraceSeconds, 0);
    const Parsed env = parse({}, environment({{"ORC_HEARTBEAT_INTERVAL", "12"}}));
    EXPECT_EQ(env.config().heartbeatIntervalSeconds, 12);
    ConfigFile file("redispatch_grace=90\n");
    EXPECT_EQ(parse({QStringLiteral("--config"), file.path()}).config().redispatchGraceSeconds, 90);

    expectError(parse({QStringLiteral("--heartbeat-interval"), QStringLiteral("0")}),
                QStringLiteral("--heartbeat-interval"));
    expectError(parse({QStringLiteral("--redispatch-grace"), QStringLiteral("soon")}),
                QStringLiteral("--redispatch-grace"));
    expectError(parse({}, environment({{"ORC_HEARTBEAT_INTERVAL", "3601"}})), QStringLiteral("ORC_HEARTBEAT_INTERVAL"));
}
