#include "adapters/storage/migrations.h"
#include "adapters/storage/sqlstore.h"
#include "application/localeventbus.h"

#include "domain/identifiers.h"
#include "support/qtprinters.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Orc;
using namespace Orc::Adapters::Storage;
using namespace Qt::StringLiterals;

namespace {

class SqliteFile : public ::testing::Test
{
protected:
    QSqlDatabase open()
    {
        DatabaseSettings settings;
        settings.path = dir.filePath(u"orc.db"_s);
        auto db = openConnection(settings, u"migrations-test"_s);
        EXPECT_TRUE(db.ok());
        return db.value();
    }
    void TearDown() override { QSqlDatabase::removeDatabase(u"migrations-test"_s); }

    QTemporaryDir dir;
};

QStringList userTables(QSqlDatabase &db)
{
    QStringList tables = db.tables();
    tables.sort();
    return tables;
}

} // namespace

TEST_F(SqliteFile, AFreshDatabaseIsMigratedToTheNewestVersionAndRecordsIt)
{
    {
        QSqlDatabase db = open();
        ASSERT_TRUE(migrate(db).ok());
        EXPECT_EQ(schemaVersion(db).value(), migrations().last().version);
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(u"SELECT version, name FROM schema_migrations ORDER BY version"_s));
        ASSERT_TRUE(query.next());
        EXPECT_EQ(query.value(0).toInt(), 1);
        EXPECT_EQ(query.value(1).toString(), u"initial schema"_s);
        // Running it again changes nothing.
        ASSERT_TRUE(migrate(db).ok());
        EXPECT_EQ(schemaVersion(db).value(), migrations().last().version);
    }
}

TEST_F(SqliteFile, SqliteRunsInWalModeWithFullSync)
{
    QSqlDatabase db = open();
    QSqlQuery query(db);
    ASSERT_TRUE(query.exec(u"PRAGMA journal_mode"_s) && query.next());
    EXPECT_EQ(query.value(0).toString(), u"wal"_s);
    ASSERT_TRUE(query.exec(u"PRAGMA synchronous"_s) && query.next());
    EXPECT_EQ(query.value(0).toInt(), 2); // FULL
}

TEST_F(SqliteFile, AFailingMigrationNamesItsStepAndTableAndLeavesTheDatabaseUntouched)
{
    QSqlDatabase db = open();
    ASSERT_TRUE(migrate(db).ok());
    const QStringList before = userTables(db);

    QList<Migration> list = migrations();
    list.append(
        Migration{99,
                  u"broken"_s,
                  {u"CREATE TABLE extra (id TEXT PRIMARY KEY)"_s, u"ALTER TABLE sessions ADD COLUMN owner TEXT"_s,
                   u"CREATE INDEX broken_index ON no_such_table (id)"_s}});
    const Domain::Status status = migrate(db, list);
    ASSERT_FALSE(status.ok());
    const QString message = status.error().message;
    EXPECT_TRUE(message.contains(u"migration 99 (broken)"_s)) << message.toStdString();
    EXPECT_TRUE(message.contains(u"step 3"_s)) << message.toStdString();
    EXPECT_TRUE(message.contains(u"no_such_table"_s)) << message.toStdString();

    EXPECT_EQ(userTables(db), before); // "extra" was rolled back
    EXPECT_EQ(schemaVersion(db).value(), migrations().last().version);
    QSqlQuery query(db);
    EXPECT_FALSE(query.exec(u"SELECT owner FROM sessions"_s)); // the column was rolled back too
}

TEST_F(SqliteFile, AFailedFirstMigrationLeavesAnEmptyDatabaseEmpty)
{
    QSqlDatabase db = open();
    const QList<Migration> list{{1, u"bad start"_s, {u"CREATE TABLE a (id TEXT)"_s, u"CREATE TABLE a (id TEXT)"_s}}};
    ASSERT_FALSE(migrate(db, list).ok());
    EXPECT_TRUE(db.tables().isEmpty()) << db.tables().join(u","_s).toStdString();
}

// A database made by the first schema, with data in it, moves to a later schema with its data.
TEST_F(SqliteFile, ADatabaseOfTheFirstSchemaWithDataIsMigratedKeepingItsData)
{
    QSqlDatabase db = open();
    const QList<Migration> first{migrations().first()};
    ASSERT_TRUE(migrate(db, first).ok());
    QSqlQuery query(db);
    ASSERT_TRUE(query.exec(u"INSERT INTO events (seq, type, session_id, created_at, payload) VALUES "
                           "(1, 'session.created', NULL, '2026-11-25T09:00:00.000Z', '{}')"_s));

    QList<Migration> later = migrations();
    later.append(Migration{
        later.last().version + 1, u"events get an instance"_s, {u"ALTER TABLE events ADD COLUMN instance TEXT"_s}});
    ASSERT_TRUE(migrate(db, later).ok());
    EXPECT_EQ(schemaVersion(db).value(), later.last().version);
    ASSERT_TRUE(query.exec(u"SELECT seq, type, instance FROM events"_s) && query.next());
    EXPECT_EQ(query.value(0).toInt(), 1);
    EXPECT_EQ(query.value(1).toString(), u"session.created"_s);
    EXPECT_TRUE(query.value(2).isNull());
}

TEST(SqlStoreOpen, WhatIsCommittedSurvivesAReopen)
{
    QTemporaryDir dir;
    DatabaseSettings settings;
    settings.path = dir.filePath(u"orc.db"_s);
    Application::LocalEventBus bus;
    Domain::SessionSpec spec;
    spec.title = u"Durable"_s;
    spec.initialPrompt = u"Keep me"_s;
    Domain::Session session = Domain::Session::create(spec, Domain::newId(), QDateTime::currentDateTimeUtc()).value();
    {
        SqlStore store(settings, bus);
        ASSERT_TRUE(QCoro::waitFor(store.open()).ok());
        Application::ChangeSet changes;
        changes.events = session.takeEvents();
        changes.sessions.append(session);
        ASSERT_TRUE(QCoro::waitFor(store.commit(changes)).ok());
    }
    SqlStore reopened(settings, bus);
    ASSERT_TRUE(QCoro::waitFor(reopened.open()).ok());
    const auto loaded = QCoro::waitFor(reopened.session(session.id()));
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->spec().title, u"Durable"_s);
    // The log continues where it stopped.
    Application::ChangeSet more;
    more.events.append(Domain::makeEvent(Domain::EventType::SessionLog, {}, QDateTime::currentDateTimeUtc()));
    const auto events = QCoro::waitFor(reopened.commit(more));
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->first().seq, 2);
}

TEST(SqlStoreOpen, AnUnreachableServerIsUnavailableNamingTheDatabase)
{
    QTcpServer closed; // a port nobody answers on once we stop listening
    ASSERT_TRUE(closed.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const quint16 port = closed.serverPort();
    closed.close();
    DatabaseSettings settings
        = DatabaseSettings::fromUrl(QUrl(u"postgresql://orc:orc@127.0.0.1:%1/orc"_s.arg(port))).value();
    Application::LocalEventBus bus;
    SqlStore store(settings, bus);
    const Domain::Status opened = QCoro::waitFor(store.open());
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, Domain::ErrorCode::Unavailable);
    EXPECT_TRUE(opened.error().message.contains(u"127.0.0.1:%1/orc"_s.arg(port)))
        << opened.error().message.toStdString();
    EXPECT_FALSE(opened.error().message.contains(u"orc:orc"_s)); // never the password
}

TEST(SqlStoreOpen, AnUncreatableSqliteDirectoryIsUnavailable)
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"file"_s));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    DatabaseSettings settings;
    settings.path = dir.filePath(u"file/sub/orc.db"_s);
    Application::LocalEventBus bus;
    SqlStore store(settings, bus);
    const Domain::Status opened = QCoro::waitFor(store.open());
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, Domain::ErrorCode::Unavailable);
}

// Shutting the store down with writes still queued: they are written, not dropped.
TEST(SqlStoreOpen, WritesQueuedAtShutdownAreWritten)
{
    QTemporaryDir dir;
    DatabaseSettings settings;
    settings.path = dir.filePath(u"orc.db"_s);
    Application::LocalEventBus bus;
    QList<QUuid> ids;
    {
        SqlStore store(settings, bus);
        ASSERT_TRUE(QCoro::waitFor(store.open()).ok());
        for (int i = 0; i < 20; ++i) {
            Domain::SessionSpec spec;
            spec.title = u"queued %1"_s.arg(i);
            spec.initialPrompt = u"p"_s;
            Domain::Session s = Domain::Session::create(spec, Domain::newId(), QDateTime::currentDateTimeUtc()).value();
            ids.append(s.id());
            Application::ChangeSet changes;
            changes.events = s.takeEvents();
            changes.sessions.append(s);
            store.commit(std::move(changes)); // not awaited: still queued when the store goes away
        }
    }
    SqlStore reopened(settings, bus);
    ASSERT_TRUE(QCoro::waitFor(reopened.open()).ok());
    for (const QUuid &id : std::as_const(ids))
        EXPECT_TRUE(QCoro::waitFor(reopened.session(id)).ok());
    Application::EventQuery all;
    all.limit = 1000;
    EXPECT_EQ(QCoro::waitFor(reopened.events(all)).value().size(), 20);
}
