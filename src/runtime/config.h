#pragma once

#include <QCommandLineParser>
#include <QHostAddress>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Orc::Runtime {

// The resolved configuration: flags > environment (ORC_<KEY>) > config file > defaults.
struct Config
{
    QString dataDir;
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 8420;
    QUrl database;      // sqlite:///path or postgresql://user:pass@host:port/db
    QUrl redis;         // empty: in-process locks and events
    QString configFile; // empty when none was read
    QString apiToken;   // from ORC_API_TOKEN only; otherwise the token file in dataDir
    bool openRegistration = false;
    QString tlsCertificate; // PEM files; both set or both empty (plain HTTP)
    QString tlsKey;
    int heartbeatIntervalSeconds = 30; // external agents; offline after 3 missed intervals
    int redispatchGraceSeconds = 60;   // a degraded session waits this long for its agent
    bool showToken = false;
    bool printOpenApi = false;

    bool tls() const { return !tlsCertificate.isEmpty(); }
    QString listenUrl(quint16 boundPort) const; // https:// with TLS
    static QString defaultDataDir();
};

// Exit codes of CONTRACT §10.
enum ExitCode : int { ExitOk = 0, ExitBadConfig = 2, ExitStorage = 3 };

// Parses the core options shared by `orchestrator` and `orchestrator-headless`. A binary may add
// options of its own to parser() before parse().
class CommandLine
{
public:
    explicit CommandLine(const QString &description);

    QCommandLineParser &parser() { return m_parser; }

    struct Outcome
    {
        std::optional<Config> config; // set when the program should run
        int exitCode = ExitOk;        // otherwise: exit with this code …
        QString message;              // … after printing this (stdout for 0, stderr otherwise)
    };
    Outcome parse(const QStringList &arguments, const QProcessEnvironment &environment);

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_dataDir;
    QCommandLineOption m_listen;
    QCommandLineOption m_database;
    QCommandLineOption m_redis;
    QCommandLineOption m_config;
    QCommandLineOption m_showToken;
    QCommandLineOption m_openApi;
    QCommandLineOption m_tlsCert;
    QCommandLineOption m_tlsKey;
    QCommandLineOption m_openRegistration;
    QCommandLineOption m_heartbeatInterval;
    QCommandLineOption m_redispatchGrace;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
};

// Parsers for single values; each returns an English error naming the problem, or nothing.
std::optional<QString> parseListen(const QString &text, QHostAddress &address, quint16 &port);
std::optional<QString> parseDatabaseUrl(const QString &text, QUrl &url);
std::optional<QString> parseRedisUrl(const QString &text, QUrl &url);
std::optional<QString> parseBool(const QString &text, bool &value);
std::optional<QString> parseSeconds(const QString &text, int min, int max, int &value);

} // namespace Orc::Runtime
