#include "runtime/config.h"

#include "adapters/storage/database.h"
#include "domain/version.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace Orc::Runtime {

namespace {

// Keys shared by the config file (INI) and the environment (ORC_ + upper-case key).
const QStringList FileKeys = {QStringLiteral("data_dir"),          QStringLiteral("listen"),
                              QStringLiteral("database"),          QStringLiteral("redis"),
                              QStringLiteral("open_registration"), QStringLiteral("tls_cert"),
                              QStringLiteral("tls_key"),           QStringLiteral("heartbeat_interval"),
                              QStringLiteral("redispatch_grace")};

QString envName(const QString &key)
{
    return QStringLiteral("ORC_") + key.toUpper();
}

QStringList defaultConfigFiles()
{
    QStringList files;
    const QString user = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    if (!user.isEmpty())
        files.append(user + QStringLiteral("/orchestrator.conf"));
    files.append(QStringLiteral("/etc/industrial-orchestrator/orchestrator.conf"));
    return files;
}

// One layered lookup: flag, then environment, then file.
struct Sources
{
    const QCommandLineParser &parser;
    const QProcessEnvironment &environment;
    QHash<QString, QString> file;

    // Returns the value and a label naming where it came from (for error messages).
    std::optional<std::pair<QString, QString>> value(const QCommandLineOption &option, const QString &key,
                                                     const QString &fileName) const
    {
        if (parser.isSet(option))
            return std::pair{parser.value(option), QStringLiteral("--") + option.names().constFirst()};
        if (environment.contains(envName(key)))
            return std::pair{environment.value(envName(key)), envName(key)};
        if (file.contains(key))
            return std::pair{file.value(key), QStringLiteral("%1 in %2").arg(key, fileName)};
        return std::nullopt;
    }
};

} // namespace

QString Config::listenUrl(quint16 boundPort) const
{
    QString host = listenAddress.toString();
    if (listenAddress.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("%1://%2:%3")
        .arg(tls() ? QStringLiteral("https") : QStringLiteral("http"), host)
        .arg(boundPort);
}

QString Config::defaultDataDir()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return dir.isEmpty() ? QDir::homePath() + QStringLiteral("/.local/share/industrial-orchestrator") : dir;
}

std::optional<QString> parseListen(const QString &text, QHostAddress &address, quint16 &port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return QStringLiteral("expected HOST:PORT (for example 127.0.0.1:8420), got '%1'").arg(text);
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint number = text.mid(colon + 1).toUInt(&ok);
    if (!ok || number > 65535)
        return QStringLiteral("'%1' is not a port number (0-65535)").arg(text.mid(colon + 1));
    QHostAddress parsed;
    if (host == QLatin1String("localhost"))
        parsed = QHostAddress(QHostAddress::LocalHost);
    else if (!parsed.setAddress(host))
        return QStringLiteral("'%1' is not an IP address (use 127.0.0.1, 0.0.0.0, ::1 or localhost)").arg(host);
    address = parsed;
    port = static_cast<quint16>(number);
    return std::nullopt;
}

std::optional<QString> parseDatabaseUrl(const QString &text, QUrl &url)
{
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid())
        return QStringLiteral("'%1' is not a URL").arg(text);
    // memory: keeps state in the process only (tests, demos); anything else must be a database
    // the storage adapter can open, judged by the adapter itself.
    if (parsed.scheme() != QLatin1String("memory")) {
        const auto settings = Adapters::Storage::DatabaseSettings::fromUrl(parsed);
        if (!settings.ok())
            return settings.error().message;
    }
    url = parsed;
    return std::nullopt;
}

std::optional<QString> parseRedisUrl(const QString &text, QUrl &url)
{
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme() != QLatin1String("redis") || parsed.host().isEmpty())
        return QStringLiteral("expected redis://host:port[/db], got '%1'").arg(text);
    const QString db = parsed.path().mid(1);
    bool ok = true;
    if (!db.isEmpty() && (db.toInt(&ok) < 0 || !ok))
        return QStringLiteral("'%1' is not a Redis database number").arg(db);
    url = parsed;
    return std::nullopt;
}

std::optional<QString> parseBool(const QString &text, bool &value)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("1") || t == QLatin1String("true") || t == QLatin1String("yes")
        || t == QLatin1String("on")) {
        value = true;
        return std::nullopt;
    }
    if (t == QLatin1String("0") || t == QLatin1String("false") || t == QLatin1String("no")
        || t == QLatin1String("off")) {
        value = false;
        return std::nullopt;
    }
    return QStringLiteral("expected true or false, got '%1'").arg(text);
}

CommandLine::CommandLine(const QString &description)
    : m_dataDir(QStringLiteral("data-dir"),
                QStringLiteral("Where the SQLite database, the API token file and logs live (default: %1).")
                    .arg(Config::defaultDataDir()),
                QStringLiteral("DIR"))
    , m_listen(QStringLiteral("listen"),
               QStringLiteral("API address (default 127.0.0.1:8420). Port 0 picks a free port; the chosen address "
                              "is printed as 'listening on http://HOST:PORT'."),
               QStringLiteral("HOST:PORT"))
    , m_database(QStringLiteral("database"),
                 QStringLiteral("sqlite:///path/file.db (default DIR/orchestrator.db) or "
                                "postgresql://user:pass@host:port/dbname, or memory: to keep nothing."),
                 QStringLiteral("URL"))
    , m_redis(QStringLiteral("redis"),
              QStringLiteral("redis://host:port[/db]: distributed locks and cross-instance events."),
              QStringLiteral("URL"))
    , m_config(QStringLiteral("config"),
               QStringLiteral("INI file with the same keys (data_dir, listen, database, redis, open_registration, "
                              "tls_cert, tls_key, heartbeat_interval, redispatch_grace). "
                              "Environment ORC_<KEY> overrides the file; flags override both."),
               QStringLiteral("FILE"))
    , m_showToken(QStringLiteral("show-token"), QStringLiteral("Print the API token (creating it if needed) and exit."))
    , m_openApi(QStringLiteral("openapi"),
                QStringLiteral("Print the OpenAPI 3 document of the REST API (as served at /api/v1/openapi.json) and "
                               "exit."))
    , m_tlsCert(QStringLiteral("tls-cert"),
                QStringLiteral("PEM certificate (chain) to serve HTTPS and WSS with; needs --tls-key."),
                QStringLiteral("FILE"))
    , m_tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM private key (RSA or EC) of --tls-cert."),
               QStringLiteral("FILE"))
    , m_openRegistration(QStringLiteral("open-registration"),
                         QStringLiteral("Let external agents register without the API token."))
    , m_heartbeatInterval(QStringLiteral("heartbeat-interval"),
                          QStringLiteral("Seconds between external agents' heartbeats (default 30); an agent silent "
                                         "for three intervals is offline and its sessions degraded."),
                          QStringLiteral("SECONDS"))
    , m_redispatchGrace(QStringLiteral("redispatch-grace"),
                        QStringLiteral("Seconds a degraded session waits for its agent before it moves to another "
                                       "one (default 60)."),
                        QStringLiteral("SECONDS"))
    , m_help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit."))
    , m_version({QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Show the version and exit."))
{
    m_parser.setApplicationDescription(
        description
        + QStringLiteral("\n\nEnvironment: ORC_DATA_DIR, ORC_LISTEN, ORC_DATABASE, ORC_REDIS, ORC_OPEN_REGISTRATION, "
                         "ORC_TLS_CERT, ORC_TLS_KEY, ORC_HEARTBEAT_INTERVAL, "
                         "ORC_REDISPATCH_GRACE, ORC_CONFIG, ORC_API_TOKEN (the API token; otherwise "
                         "DIR/api-token, created with mode 0600).\n"
                         "Exit codes: 0 clean stop, 2 bad arguments or configuration, 3 storage cannot be opened."));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addOptions({m_dataDir, m_listen, m_database, m_redis, m_config, m_tlsCert, m_tlsKey, m_showToken,
                         m_openApi, m_openRegistration, m_heartbeatInterval, m_redispatchGrace, m_help, m_version});
}

CommandLine::Outcome CommandLine::parse(const QStringList &arguments, const QProcessEnvironment &environment)
{
    Outcome outcome;
    auto fail = [&outcome](const QString &message) {
        outcome.exitCode = ExitBadConfig;
        outcome.message = message;
        return outcome;
    };

    if (!m_parser.parse(arguments))
        return fail(m_parser.errorText() + QStringLiteral("\nTry '--help' for the options."));
    if (m_parser.isSet(m_help)) {
        outcome.message = m_parser.helpText();
        return outcome;
    }
    if (m_parser.isSet(m_version)) {
        outcome.message = QStringLiteral("%1 %2").arg(QCoreApplication::applicationName(), QLatin1String(Version));
        return outcome;
    }
    if (!m_parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument '%1'\nTry '--help' for the options.")
                        .arg(m_parser.positionalArguments().constFirst()));

    Config config;
    Sources sources{m_parser, environment, {}};

    // The config file: --config, ORC_CONFIG, or the first default location that exists.
    QString configFile
        = m_parser.isSet(m_config) ? m_parser.value(m_config) : environment.value(QStringLiteral("ORC_CONFIG"));
    const QString configLabel = m_parser.isSet(m_config) ? QStringLiteral("--config") : QStringLiteral("ORC_CONFIG");
    if (!configFile.isEmpty()) {
        if (!QFileInfo(configFile).isFile())
            return fail(QStringLiteral("%1: no such file '%2'").arg(configLabel, configFile));
    } else {
        for (const QString &candidate : defaultConfigFiles()) {
            if (QFileInfo(candidate).isFile()) {
                configFile = candidate;
                break;
            }
        }
    }
    if (!configFile.isEmpty()) {
        QSettings settings(configFile, QSettings::IniFormat);
        if (settings.status() != QSettings::NoError)
            return fail(QStringLiteral("%1: cannot read '%2' as an INI file").arg(configLabel, configFile));
        for (const QString &key : settings.allKeys()) {
            if (!FileKeys.contains(key))
                return fail(QStringLiteral("%1: unknown key '%2' (known: %3)")
                                .arg(configFile, key, FileKeys.join(QStringLiteral(", "))));
            sources.file.insert(key, settings.value(key).toString());
        }
        config.configFile = QFileInfo(configFile).absoluteFilePath();
    }

    if (auto v = sources.value(m_dataDir, QStringLiteral("data_dir"), configFile)) {
        if (v->first.trimmed().isEmpty())
            return fail(QStringLiteral("%1: the data directory must not be empty").arg(v->second));
        config.dataDir = QDir(v->first).absolutePath();
    } else {
        config.dataDir = Config::defaultDataDir();
    }
    if (auto v = sources.value(m_listen, QStringLiteral("listen"), configFile)) {
        if (auto error = parseListen(v->first, config.listenAddress, config.listenPort))
            return fail(v->second + QStringLiteral(": ") + *error);
    }
    if (auto v = sources.value(m_database, QStringLiteral("database"), configFile)) {
        if (auto error = parseDatabaseUrl(v->first, config.database))
            return fail(v->second + QStringLiteral(": ") + *error);
    } else {
        config.database = QUrl(QStringLiteral("sqlite://"));
        config.database.setPath(config.dataDir + QStringLiteral("/orchestrator.db"));
    }
    if (auto v = sources.value(m_redis, QStringLiteral("redis"), configFile)) {
        if (auto error = parseRedisUrl(v->first, config.redis))
            return fail(v->second + QStringLiteral(": ") + *error);
    }
    if (m_parser.isSet(m_openRegistration)) {
        config.openRegistration = true;
    } else if (auto v = sources.value(m_openRegistration, QStringLiteral("open_registration"), configFile)) {
        if (auto error = parseBool(v->first, config.openRegistration))
            return fail(v->second + QStringLiteral(": ") + *error);
    }
    // TLS: both files or neither; they are read (and checked) when the server starts.
    const auto cert = sources.value(m_tlsCert, QStringLiteral("tls_cert"), configFile);
    const auto key = sources.value(m_tlsKey, QStringLiteral("tls_key"), configFile);
    if (cert.has_value() != key.has_value()) {
        return fail(
            QStringLiteral("%1 needs %2 as well")
                .arg(cert ? cert->second : key->second, cert ? QStringLiteral("--tls-key (ORC_TLS_KEY, tls_key)")
                                                             : QStringLiteral("--tls-cert (ORC_TLS_CERT, tls_cert)")));
    }
    for (const auto &file : {cert, key}) {
        if (file && !QFileInfo(file->first).isReadable())
            return fail(QStringLiteral("%1: cannot read '%2'").arg(file->second, file->first));
    }
    if (cert) {
        config.tlsCertificate = QFileInfo(cert->first).absoluteFilePath();
        config.tlsKey = QFileInfo(key->first).absoluteFilePath();
    }
    if (auto v = sources.value(m_heartbeatInterval, QStringLiteral("heartbeat_interval"), configFile)) {
        if (auto error = parseSeconds(v->first, 1, 3600, config.heartbeatIntervalSeconds))
            return fail(v->second + QStringLiteral(": ") + *error);
    }
    if (auto v = sources.value(m_redispatchGrace, QStringLiteral("redispatch_grace"), configFile)) {
        if (auto error = parseSeconds(v->first, 0, 86400, config.redispatchGraceSeconds))
            return fail(v->second + QStringLiteral(": ") + *error);
    }
    config.apiToken = environment.value(QStringLiteral("ORC_API_TOKEN"));
    config.showToken = m_parser.isSet(m_showToken);
    config.printOpenApi = m_parser.isSet(m_openApi);

    outcome.config = config;
    return outcome;
}

std::optional<QString> parseSeconds(const QString &text, int min, int max, int &value)
{
    bool ok = false;
    const int parsed = text.trimmed().toInt(&ok);
    if (!ok || parsed < min || parsed > max)
        return QStringLiteral("'%1' is not a whole number of seconds from %2 to %3").arg(text).arg(min).arg(max);
    value = parsed;
    return std::nullopt;
}

} // namespace Orc::Runtime
