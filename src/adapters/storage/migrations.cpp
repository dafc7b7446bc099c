#include "adapters/storage/migrations.h"

#include "domain/identifiers.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace Orc::Adapters::Storage {

using namespace Qt::StringLiterals;
using Domain::Error;

namespace {

// The table a statement touches, for error messages.
QString tableOf(const QString &statement)
{
    static const QRegularExpression pattern(
        u"^\\s*(?:CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?|CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+\\S+\\s+ON\\s+|"
        "ALTER\\s+TABLE\\s+|INSERT\\s+INTO\\s+|UPDATE\\s+|DELETE\\s+FROM\\s+|DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?)"
        "([A-Za-z_][A-Za-z0-9_]*)"_s,
        QRegularExpression::CaseInsensitiveOption);
    const auto match = pattern.match(statement);
    return match.hasMatch() ? match.captured(1) : u"?"_s;
}

Error migrationError(const Migration &m, int step, const QString &statement, const QString &why)
{
    return Error::unavailable(
        u"migration %1 (%2) failed at step %3 on table %4: %5"_s.arg(m.version).arg(m.name).arg(step).arg(
            tableOf(statement), why));
}

} // namespace

const QList<Migration> &migrations()
{
    static const QList<Migration> list = {
        {1,
         u"initial schema"_s,
         {
             u"CREATE TABLE sessions (id TEXT PRIMARY KEY, status TEXT NOT NULL, session_type TEXT NOT NULL, "
             "priority INTEGER NOT NULL, parent_id TEXT, title TEXT NOT NULL, description TEXT NOT NULL, "
             "deleted INTEGER NOT NULL, created_at TEXT NOT NULL, created_order BIGINT NOT NULL, "
             "version INTEGER NOT NULL, doc TEXT NOT NULL)"_s,
             u"CREATE INDEX sessions_by_status ON sessions (status)"_s,
             u"CREATE INDEX sessions_by_parent ON sessions (parent_id)"_s,
             u"CREATE INDEX sessions_by_creation ON sessions (created_at, created_order)"_s,
             u"CREATE TABLE session_tags (session_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (session_id, tag))"_s,
             u"CREATE INDEX session_tags_by_tag ON session_tags (tag)"_s,
             u"CREATE TABLE checkpoints (session_id TEXT NOT NULL, sequence INTEGER NOT NULL, "
             "created_at TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (session_id, sequence))"_s,
             u"CREATE TABLE agents (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, registered_at TEXT NOT NULL, "
             "registered_order BIGINT NOT NULL, auth_token_hash TEXT NOT NULL, dispatch_secret TEXT NOT NULL, "
             "doc TEXT NOT NULL)"_s,
             u"CREATE TABLE tasks (id TEXT PRIMARY KEY, session_id TEXT, parent_task_id TEXT, status TEXT NOT NULL, "
             "created_at TEXT NOT NULL, created_order BIGINT NOT NULL, version INTEGER NOT NULL, "
             "estimated_hours DOUBLE PRECISION, doc TEXT NOT NULL)"_s,
             u"CREATE INDEX tasks_by_session ON tasks (session_id)"_s,
             u"CREATE INDEX tasks_by_parent ON tasks (parent_task_id)"_s,
             u"CREATE TABLE task_dependencies (task_id TEXT NOT NULL, depends_on TEXT NOT NULL, "
             "PRIMARY KEY (task_id, depends_on))"_s,
             u"CREATE INDEX task_dependencies_by_prerequisite ON task_dependencies (depends_on)"_s,
             u"CREATE TABLE contexts (id TEXT PRIMARY KEY, scope TEXT NOT NULL, session_id TEXT, agent_id TEXT, "
             "expires_at TEXT, created_at TEXT NOT NULL, created_order BIGINT NOT NULL, version INTEGER NOT NULL, "
             "doc TEXT NOT NULL)"_s,
             u"CREATE INDEX contexts_by_session ON contexts (session_id)"_s,
             u"CREATE INDEX contexts_by_expiry ON contexts (expires_at)"_s,
             u"CREATE TABLE context_history (context_id TEXT NOT NULL, entry_order BIGINT NOT NULL, "
             "doc TEXT NOT NULL, PRIMARY KEY (context_id, entry_order))"_s,
             u"CREATE TABLE events (seq BIGINT PRIMARY KEY, type TEXT NOT NULL, session_id TEXT, "
             "created_at TEXT NOT NULL, payload TEXT NOT NULL)"_s,
             u"CREATE INDEX events_by_session ON events (session_id, seq)"_s,
         }},
    };
    return list;
}

Domain::Result<int> schemaVersion(QSqlDatabase &db)
{
    if (!db.tables().contains(u"schema_migrations"_s))
        return 0;
    QSqlQuery query(db);
    if (!query.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s) || !query.next())
        return sqlError(u"schema_migrations: read the version"_s, query.lastError());
    return query.value(0).toInt();
}

Domain::Status migrate(QSqlDatabase &db, const QList<Migration> &list)
{
    QSqlQuery query(db);
    // Created inside the first migration's transaction: a failure leaves an empty database empty.
    bool needTable = !db.tables().contains(u"schema_migrations"_s);
    const auto current = schemaVersion(db);
    if (!current.ok())
        return current.error();

    for (const Migration &migration : list) {
        if (migration.version <= current.value())
            continue;
        if (!db.transaction())
            return sqlError(u"migration %1 (%2): begin"_s.arg(migration.version).arg(migration.name), db.lastError());
        if (needTable) {
            if (!query.exec(u"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                            "applied_at TEXT NOT NULL)"_s)) {
                const QString why = query.lastError().text().trimmed();
                db.rollback();
                return migrationError(migration, 0, u"CREATE TABLE schema_migrations"_s, why);
            }
            needTable = false;
        }
        for (qsizetype i = 0; i < migration.steps.size(); ++i) {
            const QString &statement = migration.steps.at(i);
            if (!query.exec(statement)) {
                const QString why = query.lastError().text().trimmed();
                query.finish();
                db.rollback();
                return migrationError(migration, int(i + 1), statement, why);
            }
        }
        query.prepare(u"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"_s);
        query.addBindValue(migration.version);
        query.addBindValue(migration.name);
        query.addBindValue(Domain::isoTime(QDateTime::currentDateTimeUtc()));
        if (!query.exec()) {
            const QString why = query.lastError().text().trimmed();
            db.rollback();
            return migrationError(migration, int(migration.steps.size() + 1), u"INSERT INTO schema_migrations"_s, why);
        }
        if (!db.commit())
            return sqlError(u"migration %1 (%2): commit"_s.arg(migration.version).arg(migration.name), db.lastError());
    }
    return {};
}

} // namespace Orc::Adapters::Storage
