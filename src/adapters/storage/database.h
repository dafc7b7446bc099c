#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QString>
#include <QUrl>

namespace Orc::Adapters::Storage {

enum class Backend { Sqlite, Postgres };

// Where the data lives, from a --database URL.
struct DatabaseSettings
{
    Backend backend = Backend::Sqlite;
    QString path; // SQLite file
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString name;

    static Domain::Result<DatabaseSettings> fromUrl(const QUrl &url);
    // For messages and logs: never the password.
    QString describe() const;
};

// Opens a named connection (one per thread) with the settings every write relies on:
// SQLite in WAL mode with synchronous=FULL, so a write acknowledged after COMMIT survives a crash
// or power loss; PostgreSQL with a connect timeout so an unreachable server fails fast.
Domain::Result<QSqlDatabase> openConnection(const DatabaseSettings &settings, const QString &connectionName);

// UNAVAILABLE when the error means the server or file is gone, INTERNAL otherwise.
Domain::Error sqlError(const QString &what, const QSqlError &error);

} // namespace Orc::Adapters::Storage
