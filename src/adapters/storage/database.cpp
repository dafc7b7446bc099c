#include "adapters/storage/database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace Orc::Adapters::Storage {

using namespace Qt::StringLiterals;
using Domain::Error;
using Domain::ErrorCode;

Domain::Result<DatabaseSettings> DatabaseSettings::fromUrl(const QUrl &url)
{
    DatabaseSettings settings;
    if (url.scheme() == "sqlite"_L1) {
        settings.backend = Backend::Sqlite;
        settings.path = url.path();
        if (settings.path.isEmpty() || settings.path == "/"_L1)
            return Error::unavailable(u"a SQLite URL needs a file: sqlite:///path/to/orchestrator.db"_s);
        return settings;
    }
    if (url.scheme() == "postgresql"_L1 || url.scheme() == "postgres"_L1) {
        settings.backend = Backend::Postgres;
        settings.host = url.host();
        settings.port = url.port(5432);
        settings.user = url.userName();
        settings.password = url.password();
        settings.name = url.path().mid(1);
        if (settings.host.isEmpty() || settings.name.isEmpty())
            return Error::unavailable(
                u"a PostgreSQL URL needs a host and a database: postgresql://user:pass@host:5432/db"_s);
        return settings;
    }
    return Error::unavailable(
        u"unsupported database '%1' (use sqlite:///path, postgresql://user:pass@host:port/db or memory:)"_s.arg(
            url.scheme()));
}

QString DatabaseSettings::describe() const
{
    if (backend == Backend::Sqlite)
        return u"sqlite://%1"_s.arg(path);
    return u"postgresql://%1@%2:%3/%4"_s.arg(user, host).arg(port).arg(name);
}

Error sqlError(const QString &what, const QSqlError &error)
{
    const QString text = u"%1: %2"_s.arg(what, error.text().trimmed());
    // Connection-level failures (server gone, file unreachable) are worth a retry; others are not.
    if (error.type() == QSqlError::ConnectionError)
        return Error::unavailable(text);
    const QString native = error.nativeErrorCode();
    if (native.startsWith("08"_L1) || native == "57P01"_L1 || native == "57P02"_L1 || native == "57P03"_L1)
        return Error::unavailable(text);
    if (native == "5"_L1 || native == "6"_L1) // SQLITE_BUSY, SQLITE_LOCKED
        return Error::unavailable(text);
    return Error::internal(text);
}

Domain::Result<QSqlDatabase> openConnection(const DatabaseSettings &settings, const QString &connectionName)
{
    if (settings.backend == Backend::Sqlite) {
        const QString dir = QFileInfo(settings.path).absolutePath();
        if (!QDir().mkpath(dir))
            return Error::unavailable(u"%1: cannot create the directory %2"_s.arg(settings.describe(), dir));
        // Owner-only from the first byte: the file holds agent secrets (SQLite gives its -wal and
        // -shm files the same permissions).
        if (!QFileInfo::exists(settings.path)) {
            QFile file(settings.path);
            if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
                return Error::unavailable(
                    u"%1: cannot create the file: %2"_s.arg(settings.describe(), file.errorString()));
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName);
        db.setDatabaseName(settings.path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open())
            return sqlError(u"%1: open"_s.arg(settings.describe()), db.lastError());
        QSqlQuery pragma(db);
        for (const QString &statement :
             {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=FULL"_s, u"PRAGMA foreign_keys=ON"_s}) {
            if (!pragma.exec(statement))
                return sqlError(u"%1: %2"_s.arg(settings.describe(), statement), pragma.lastError());
        }
        return db;
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
    db.setHostName(settings.host);
    db.setPort(settings.port);
    db.setUserName(settings.user);
    db.setPassword(settings.password);
    db.setDatabaseName(settings.name);
    db.setConnectOptions(u"connect_timeout=5"_s);
    if (!db.open())
        return sqlError(u"%1: connect"_s.arg(settings.describe()), db.lastError());
    return db;
}

} // namespace Orc::Adapters::Storage
