// The database going away and coming back, and one owner per database: real PostgreSQL stopped and
// started by the test script, real SQLite lock files.
#include "adapters/storage/sqlstore.h"
#include "application/localeventbus.h"

#include "domain/identifiers.h"
#include "support/await.h"
#include "support/gate.h"
#include "support/qtprinters.h"
#include "support/services.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <qcorotimer.h>

#include <gtest/gtest.h>

using namespace Orc;
using namespace Orc::Adapters::Storage;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;
using Domain::ErrorCode;

namespace {

Application::ChangeSet newSession(QUuid *id)
{
    Domain::SessionSpec spec;
    spec.title = u"outage"_s;
    spec.initialPrompt = u"keep going"_s;
    Domain::Session s = Domain::Session::create(spec, Domain::newId(), QDateTime::currentDateTimeUtc()).value();
    *id = s.id();
    Application::ChangeSet changes;
    changes.events = s.takeEvents();
    changes.sessions.append(s);
    return changes;
}

DatabaseSettings postgresSettings()
{
    return DatabaseSettings::fromUrl(QUrl(qEnvironmentVariable("ORC_TEST_POSTGRES_URL"))).value();
}

} // namespace

TEST(PostgresOutage, RequestsFailFastWhileTheServerIsDownAndTheStoreReconnectsByItself)
{
    if (!haveTestServices())
        GTEST_SKIP() << "ORC_TEST_POSTGRES_URL / ORC_TEST_SERVICES_DIR are not set (scripts/test sets them)";
    Application::LocalEventBus bus;
    SqlStore store(postgresSettings(), bus);
    const Domain::Status opened = await(store.open());
    ASSERT_TRUE(opened.ok()) << opened.error().message.toStdString();

    // Writers that never stop: what they were told is what counts.
    QList<QUuid> acknowledged;
    QMap<ErrorCode, int> refused;
    qint64 slowestAnswerMs = 0;
    bool writing = true;
    int active = 0;
    auto writer = [&]() -> QCoro::Task<> {
        ++active;
        while (writing) {
            QUuid id;
            QElapsedTimer answered;
            answered.start();
            auto committed = co_await store.commit(newSession(&id));
            slowestAnswerMs = std::max(slowestAnswerMs, answered.elapsed());
            if (committed.ok()) {
                acknowledged.append(id);
            } else {
                ++refused[committed.error().code];
                co_await QCoro::sleepFor(std::chrono::milliseconds(10)); // pace the retries, like a client
            }
        }
        --active;
    };
    for (int i = 0; i < 4; ++i)
        writer();
    ASSERT_TRUE(waitUntil([&] { return acknowledged.size() >= 50; }));

    ASSERT_TRUE(testServices(u"--stop-postgres"_s));
    const qsizetype beforeOutage = acknowledged.size();
    ASSERT_TRUE(waitUntil([&] { return refused.value(ErrorCode::Unavailable) >= 20; }))
        << "requests must be refused as UNAVAILABLE while the server is down";
    // Reads too, and fast.
    QElapsedTimer readTimer;
    readTimer.start();
    const auto readDuringOutage = await(store.session(acknowledged.first()));
    ASSERT_FALSE(readDuringOutage.ok());
    EXPECT_EQ(readDuringOutage.error().code, ErrorCode::Unavailable);
    EXPECT_LT(readTimer.elapsed(), 5000) << "an outage must not hang a request";
    EXPECT_LE(acknowledged.size(), beforeOutage + 4) << "at most the writes in flight when it stopped";

    ASSERT_TRUE(testServices(u"--start-postgres"_s));
    QElapsedTimer recovery;
    recovery.start();
    const qsizetype atReturn = acknowledged.size();
    ASSERT_TRUE(waitUntil([&] { return acknowledged.size() > atReturn; }, 5000))
        << "the store must reconnect within 5 s of the server's return";
    std::cout << "[ MEASURED ] recovered " << recovery.elapsed() << " ms after the server returned; slowest answer "
              << slowestAnswerMs << " ms; refused " << refused.value(ErrorCode::Unavailable) << " as UNAVAILABLE"
              << std::endl;
    EXPECT_EQ(refused.size(), 1) << "only UNAVAILABLE, never another error";
    ASSERT_TRUE(waitUntil([&] { return acknowledged.size() >= atReturn + 50; }));
    writing = false;
    ASSERT_TRUE(waitUntil([&] { return active == 0; }));

    // Nothing acknowledged is lost, and the event log has no gap or duplicate.
    for (const QUuid &id : std::as_const(acknowledged))
        ASSERT_TRUE(await(store.session(id)).ok())
            << "acknowledged session lost: " << Domain::idString(id).toStdString();
    Application::EventQuery all;
    all.limit = Application::EventQuery::MaxLimit;
    qint64 expected = 0;
    for (;;) {
        all.afterSeq = expected;
        const auto page = await(store.events(all));
        ASSERT_TRUE(page.ok());
        if (page->isEmpty())
            break;
        for (const Domain::Event &event : page.value())
            ASSERT_EQ(event.seq, ++expected);
    }
    EXPECT_GE(expected, acknowledged.size());
}

TEST(StoreOwnership, ASecondStoreOnTheSameSqliteFileIsRefusedUntilTheFirstCloses)
{
    QTemporaryDir dir;
    DatabaseSettings settings;
    settings.path = dir.filePath(u"data/orc.db"_s); // a directory that does not exist yet
    Application::LocalEventBus bus;
    auto first = std::make_unique<SqlStore>(settings, bus);
    ASSERT_TRUE(await(first->open()).ok());
    SqlStore second(settings, bus);
    const Domain::Status refused = await(second.open());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
    EXPECT_TRUE(refused.error().message.contains(
        u"another orchestrator process (pid %1"_s.arg(QCoreApplication::applicationPid())))
        << refused.error().message.toStdString();
    first.reset();
    const Domain::Status opened = await(second.open());
    EXPECT_TRUE(opened.ok()) << opened.error().message.toStdString();
}

TEST(StoreOwnership, ASecondStoreOnTheSamePostgresDatabaseIsRefusedUntilTheFirstCloses)
{
    if (!haveTestServices())
        GTEST_SKIP() << "ORC_TEST_POSTGRES_URL is not set (scripts/test sets it)";
    Application::LocalEventBus bus;
    auto first = std::make_unique<SqlStore>(postgresSettings(), bus);
    ASSERT_TRUE(await(first->open()).ok());
    SqlStore second(postgresSettings(), bus);
    const Domain::Status refused = await(second.open());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Unavailable);
    EXPECT_TRUE(refused.error().message.contains(u"another orchestrator process"_s))
        << refused.error().message.toStdString();
    first.reset();
    const Domain::Status opened = await(second.open());
    EXPECT_TRUE(opened.ok()) << opened.error().message.toStdString();
}
