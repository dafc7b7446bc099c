#pragma once

#include "adapters/storage/database.h"

#include <QList>
#include <QStringList>

namespace Orc::Adapters::Storage {

struct Migration
{
    int version;
    QString name;
    QStringList steps; // SQL statements valid on SQLite and PostgreSQL alike
};

// The schema's history, oldest first. Never edit a released migration: add one.
const QList<Migration> &migrations();

// Brings the database to the newest version: each pending migration runs in its own transaction
// and is recorded in schema_migrations. A failing step rolls its migration back, leaving the
// database as it was, and the error names the migration, the step and the table.
Domain::Status migrate(QSqlDatabase &db, const QList<Migration> &list = migrations());

// The newest applied version (0 for an empty database).
Domain::Result<int> schemaVersion(QSqlDatabase &db);

} // namespace Orc::Adapters::Storage
