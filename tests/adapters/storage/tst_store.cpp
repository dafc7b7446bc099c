// One contract for every store: the in-memory store, SQLite (a real file) and PostgreSQL (the
// throwaway server scripts/test starts; ORC_TEST_POSTGRES_URL). The same tests run on each.

#include "adapters/memory/memorystore.h"
#include "adapters/storage/records.h"
#include "adapters/storage/sqlstore.h"
#include "application/localeventbus.h"
#include "application/sessionservice.h"

#include "domain/identifiers.h"
#include "support/await.h"
#include "support/qtprinters.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Orc;
using namespace Orc::Domain;
using namespace Orc::Application;
using namespace Qt::StringLiterals;
using Adapters::Storage::DatabaseSettings;
using Adapters::Storage::SqlStore;
using Orc::Testing::await;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC);

// Empties the test database: every test starts from nothing.
void resetPostgres(const QUrl &url)
{
    const auto settings = DatabaseSettings::fromUrl(url).value();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"reset"_s);
        db.setHostName(settings.host);
        db.setPort(settings.port);
        db.setUserName(settings.user);
        db.setPassword(settings.password);
        db.setDatabaseName(settings.name);
        ASSERT_TRUE(db.open()) << db.lastError().text().toStdString();
        QSqlQuery query(db);
        ASSERT_TRUE(query.exec(u"DROP SCHEMA public CASCADE"_s));
        ASSERT_TRUE(query.exec(u"CREATE SCHEMA public"_s));
    }
    QSqlDatabase::removeDatabase(u"reset"_s);
}

class StoreContract : public ::testing::TestWithParam<std::string>
{
protected:
    void SetUp() override
    {
        QObject::connect(&bus, &IEventBus::published, &bus, [this](const Event &e) { published.append(e); });
        const std::string &kind = GetParam();
        if (kind == "memory") {
            memory = std::make_unique<Adapters::MemoryStore>(bus);
            return;
        }
        DatabaseSettings settings;
        if (kind == "sqlite") {
            settings.backend = Adapters::Storage::Backend::Sqlite;
            settings.path = dir.filePath(u"orchestrator.db"_s);
        } else {
            const QString url = qEnvironmentVariable("ORC_TEST_POSTGRES_URL");
            if (url.isEmpty())
                GTEST_SKIP() << "ORC_TEST_POSTGRES_URL is not set (scripts/test sets it)";
            resetPostgres(QUrl(url));
            settings = DatabaseSettings::fromUrl(QUrl(url)).value();
        }
        this->settings = settings;
        sql = std::make_unique<SqlStore>(settings, bus);
        const Status opened = await(sql->open());
        ASSERT_TRUE(opened.ok()) << opened.error().message.toStdString();
    }

    IStore &store() { return memory ? static_cast<IStore &>(*memory) : *sql; }
    ISessionRepository &sessions() { return store(); }
    IAgentRepository &agents() { return store(); }
    ITaskRepository &tasks() { return store(); }
    IContextRepository &contexts() { return store(); }
    IEventLog &log() { return store(); }
    IUnitOfWork &uow() { return store(); }

    Result<Events> commit(ChangeSet changes) { return await(uow().commit(std::move(changes))); }

    Session newSession(const QString &title, const QDateTime &at = T0, QStringList tags = {}, QUuid parent = {})
    {
        SessionSpec spec;
        spec.title = title;
        spec.initialPrompt = u"Do it"_s;
        spec.tags = std::move(tags);
        spec.parentId = parent;
        auto session = Session::create(spec, newId(), at);
        EXPECT_TRUE(session.ok());
        return session.value();
    }

    // Stores a new session with its creation event.
    Session stored(const QString &title, const QDateTime &at = T0, QStringList tags = {}, QUuid parent = {})
    {
        Session s = newSession(title, at, std::move(tags), parent);
        ChangeSet changes;
        changes.events = s.takeEvents();
        changes.sessions.append(s);
        const auto result = commit(changes);
        EXPECT_TRUE(result.ok()) << result.error().message.toStdString();
        return s;
    }

    Application::LocalEventBus bus;
    Events published;
    QTemporaryDir dir;
    std::unique_ptr<Adapters::MemoryStore> memory;
    std::unique_ptr<SqlStore> sql;
    DatabaseSettings settings;
};

} // namespace

TEST_P(StoreContract, ASessionRoundTripsWithItsEvent)
{
    Session s = newSession(u"Fix the build"_s, T0, {u"ci"_s});
    s.recordUsage(1200, 3, 1, 0.25, T0);
    ChangeSet changes;
    changes.events = s.takeEvents();
    changes.sessions.append(s);
    const qsizetype eventCount = changes.events.size(); // created, usage
    const auto events = commit(changes);
    ASSERT_TRUE(events.ok()) << events.error().message.toStdString();
    ASSERT_EQ(events->size(), eventCount);
    EXPECT_EQ(events->first().seq, 1);

    const auto loaded = await(sessions().session(s.id()));
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->spec(), s.spec());
    EXPECT_EQ(loaded->state(), s.state());

    ASSERT_EQ(published.size(), eventCount);
    EXPECT_EQ(published.first().type, u"session.created"_s);
    const auto logged = await(log().events({}));
    ASSERT_TRUE(logged.ok());
    EXPECT_EQ(logged.value(), published);
}

TEST_P(StoreContract, UnknownIdsAreNotFound)
{
    EXPECT_EQ(await(sessions().session(newId())).error().code, ErrorCode::NotFound);
    EXPECT_EQ(await(tasks().task(newId())).error().code, ErrorCode::NotFound);
    EXPECT_EQ(await(contexts().context(newId())).error().code, ErrorCode::NotFound);
    EXPECT_EQ(await(sessions().checkpoint(newId(), 1)).error().code, ErrorCode::NotFound);
}

TEST_P(StoreContract, AStaleWriteIsAVersionMismatchAndChangesNothing)
{
    Session original = stored(u"Versioned"_s);
    Session first = original;
    Session second = original;
    ASSERT_TRUE(first.transitionTo(SessionStatus::Queued, T0.addSecs(1)).ok());
    first.markChanged(T0.addSecs(1));
    ASSERT_TRUE(second.transitionTo(SessionStatus::Cancelled, T0.addSecs(2)).ok());
    second.markChanged(T0.addSecs(2));

    ChangeSet a;
    a.sessions.append(first);
    a.events = first.takeEvents();
    ASSERT_TRUE(commit(a).ok());

    const qint64 before = await(log().events({})).value().size();
    ChangeSet b;
    b.sessions.append(second);
    b.events = second.takeEvents();
    const auto rejected = commit(b);
    ASSERT_FALSE(rejected.ok());
    EXPECT_EQ(rejected.error().code, ErrorCode::VersionMismatch);
    EXPECT_EQ(await(sessions().session(original.id()))->status(), SessionStatus::Queued);
    EXPECT_EQ(await(log().events({})).value().size(), before);

    // The log stays gapless: the next accepted write takes the next number.
    Session next = stored(u"After the rejection"_s);
    const Events all = await(log().events({})).value();
    for (qsizetype i = 0; i < all.size(); ++i)
        EXPECT_EQ(all[i].seq, i + 1);
    (void)next;
}

TEST_P(StoreContract, InsertingAnExistingIdOrUpdatingAMissingOneFails)
{
    Session s = stored(u"Once"_s);
    ChangeSet again;
    again.sessions.append(s);
    EXPECT_EQ(commit(again).error().code, ErrorCode::VersionMismatch);

    Session ghost = newSession(u"Ghost"_s);
    ghost.markChanged(T0); // version 2 of a session never stored
    ChangeSet update;
    update.sessions.append(ghost);
    EXPECT_EQ(commit(update).error().code, ErrorCode::NotFound);
}

TEST_P(StoreContract, AFailingUnitOfWorkAppliesNoneOfItsParts)
{
    Session existing = stored(u"Existing"_s);
    Session fresh = newSession(u"Fresh"_s);
    ChangeSet changes;
    changes.sessions.append(fresh);
    changes.sessions.append(existing); // version 1 again: rejected
    changes.events = fresh.takeEvents();
    ASSERT_FALSE(commit(changes).ok());
    EXPECT_EQ(await(sessions().session(fresh.id())).error().code, ErrorCode::NotFound);
    EXPECT_EQ(await(log().events({})).value().size(), 1);
}

TEST_P(StoreContract, CheckpointsAreUniquePerSequenceAndOnlyTheNewestHundredAreKept)
{
    Session s = stored(u"Checkpointed"_s);
    for (int i = 1; i <= 105; ++i) {
        auto checkpoint = s.addCheckpoint(QJsonObject{{u"step"_s, i}}, {}, newId(), T0.addSecs(i));
        ASSERT_TRUE(checkpoint.ok());
        s.markChanged(T0.addSecs(i));
        ChangeSet changes;
        changes.sessions.append(s);
        changes.checkpoints.append(checkpoint.value());
        changes.events = s.takeEvents();
        ASSERT_TRUE(commit(changes).ok()) << i;
    }
    const auto kept = await(sessions().checkpoints(s.id())).value();
    ASSERT_EQ(kept.size(), Checkpoint::KeptPerSession);
    EXPECT_EQ(kept.first().sequence, 6);
    EXPECT_EQ(kept.last().sequence, 105);
    EXPECT_EQ(kept.last().data.value(u"step"_s).toInt(), 105);
    EXPECT_EQ(await(sessions().checkpoint(s.id(), 5)).error().code, ErrorCode::NotFound);
    EXPECT_EQ(await(sessions().checkpoint(s.id(), 50))->data.value(u"step"_s).toInt(), 50);

    Checkpoint duplicate = kept.last();
    duplicate.id = newId();
    ChangeSet changes;
    changes.checkpoints.append(duplicate);
    EXPECT_EQ(commit(changes).error().code, ErrorCode::VersionMismatch);
}

TEST_P(StoreContract, SessionQueriesFilterPageAndSortNewestFirst)
{
    Session parent = stored(u"Parent build"_s, T0);
    Session a = stored(u"Alpha refactor"_s, T0.addSecs(1), {u"backend"_s}, parent.id());
    Session b = stored(u"Beta 100% coverage_x"_s, T0.addSecs(2), {u"frontend"_s, u"backend"_s}, parent.id());
    Session c = stored(u"Gamma"_s, T0.addSecs(3));

    SessionQuery all;
    auto page = await(sessions().sessions(all)).value();
    EXPECT_EQ(page.total, 4);
    ASSERT_EQ(page.items.size(), 4);
    EXPECT_EQ(page.items.first().id(), c.id());
    EXPECT_EQ(page.items.last().id(), parent.id());

    SessionQuery tagged;
    tagged.tag = u"backend"_s;
    EXPECT_EQ(await(sessions().sessions(tagged))->total, 2);

    SessionQuery text;
    text.text = u"ALPHA"_s;
    page = await(sessions().sessions(text)).value();
    ASSERT_EQ(page.items.size(), 1);
    EXPECT_EQ(page.items.first().id(), a.id());
    text.text = u"100%"_s; // LIKE wildcards in the text are literal
    EXPECT_EQ(await(sessions().sessions(text))->total, 1);
    text.text = u"_x"_s;
    EXPECT_EQ(await(sessions().sessions(text))->total, 1);

    SessionQuery children;
    children.parentId = parent.id();
    EXPECT_EQ(await(sessions().sessions(children))->total, 2);
    const QList<QUuid> parents{parent.id(), a.id(), c.id()};
    const auto childrenOf = await(sessions().childIds(parents));
    ASSERT_TRUE(childrenOf.ok());
    EXPECT_EQ(childrenOf->value(parent.id()), (QList<QUuid>{a.id(), b.id()}));
    EXPECT_FALSE(childrenOf->contains(a.id())) << "a parent without children is absent";
    EXPECT_TRUE(await(sessions().childIds({}))->isEmpty());

    SessionQuery paged;
    paged.page.page = 2;
    paged.page.pageSize = 3;
    page = await(sessions().sessions(paged)).value();
    EXPECT_EQ(page.total, 4);
    ASSERT_EQ(page.items.size(), 1);
    EXPECT_EQ(page.items.first().id(), parent.id());

    // Soft delete: hidden from lists unless asked for, still readable by id, counted apart.
    Session gone = c;
    ASSERT_TRUE(gone.markDeleted(T0.addSecs(9)).ok());
    gone.markChanged(T0.addSecs(9));
    ChangeSet changes;
    changes.sessions.append(gone);
    ASSERT_TRUE(commit(changes).ok());
    EXPECT_EQ(await(sessions().sessions(all))->total, 3);
    SessionQuery withDeleted;
    withDeleted.includeDeleted = true;
    EXPECT_EQ(await(sessions().sessions(withDeleted))->total, 4);
    EXPECT_TRUE(await(sessions().session(c.id()))->isDeleted());

    const SessionStats stats = await(sessions().sessionStats()).value();
    EXPECT_EQ(stats.total, 3);
    EXPECT_EQ(stats.deleted, 1);
    EXPECT_EQ(stats.byStatus.value(SessionStatus::Pending), 3);
}

TEST_P(StoreContract, TagQueriesFollowEveryChangeOfTheTags)
{
    Session s = stored(u"tagged"_s, T0, {u"old"_s});
    auto found = [&](const QString &tag) {
        SessionQuery query;
        query.tag = tag;
        return await(sessions().sessions(query))->total;
    };
    auto write = [&](Session &session, QStringList tags) {
        SessionSpec spec = session.spec();
        spec.tags = std::move(tags);
        EXPECT_TRUE(session.updateSpec(spec, T0.addSecs(session.version())).ok());
        session.markChanged(T0.addSecs(session.version()));
        ChangeSet changes;
        changes.sessions.append(session);
        EXPECT_TRUE(commit(changes).ok());
    };
    write(s, {u"new"_s, u"more"_s});
    EXPECT_EQ(found(u"old"_s), 0);
    EXPECT_EQ(found(u"new"_s), 1);
    write(s, {u"more"_s, u"new"_s}); // the same tags in another order
    EXPECT_EQ(found(u"new"_s), 1);
    EXPECT_EQ(found(u"more"_s), 1);
    write(s, {});
    EXPECT_EQ(found(u"new"_s), 0);
    EXPECT_EQ(found(u"more"_s), 0);
}

TEST_P(StoreContract, SessionsAtWorkAreFoundByStatusOldestFirst)
{
    const QUuid agentId = newId();
    auto moved = [&](const QString &title, int second, std::optional<SessionStatus> then) {
        Session s = newSession(title, T0.addSecs(second));
        EXPECT_TRUE(s.startOn(agentId, T0.addSecs(second)).ok());
        if (then) {
            EXPECT_TRUE(s.transitionTo(*then, T0.addSecs(second)).ok());
        }
        ChangeSet changes;
        changes.events = s.takeEvents();
        changes.sessions.append(s);
        EXPECT_TRUE(commit(changes).ok());
        return s.id();
    };
    const QUuid paused = moved(u"paused"_s, 3, SessionStatus::Paused);
    const QUuid running = moved(u"running"_s, 1, std::nullopt);
    moved(u"done"_s, 2, SessionStatus::Completed);
    stored(u"pending"_s, T0.addSecs(4));

    const QList<SessionStatus> atWork{SessionStatus::Running, SessionStatus::Paused, SessionStatus::Degraded};
    const auto found = await(sessions().sessionsInStatus(atWork));
    ASSERT_TRUE(found.ok()) << found.error().message.toStdString();
    QList<QUuid> ids;
    for (const Session &s : found.value())
        ids.append(s.id());
    EXPECT_EQ(ids, (QList<QUuid>{running, paused}));
    EXPECT_TRUE(await(sessions().sessionsInStatus({}))->isEmpty());
}

// Read-modify-write through the services on each backend: two checkpoints racing on one session
// both land, with distinct sequences (the loser re-reads the winner's write, never a stale copy).
TEST_P(StoreContract, RacingWritesThroughTheServicesBothLandWithoutAStaleRead)
{
    Application::SystemClock clock;
    Application::AgentService agentService(clock, agents(), uow());
    Application::SessionService sessionService(clock, sessions(), uow(), agentService);
    const Session s = stored(u"raced"_s);
    auto first = sessionService.addCheckpoint(s.id(), QJsonObject{{u"who"_s, u"first"_s}}, {});
    auto second = sessionService.addCheckpoint(s.id(), QJsonObject{{u"who"_s, u"second"_s}}, {});
    const auto a = await(std::move(first));
    const auto b = await(std::move(second));
    ASSERT_TRUE(a.ok()) << a.error().message.toStdString();
    ASSERT_TRUE(b.ok()) << b.error().message.toStdString();
    EXPECT_EQ(QSet<int>({a->sequence, b->sequence}), QSet<int>({1, 2}));
    const auto after = await(sessions().session(s.id()));
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->lastCheckpointSequence(), 2);
    EXPECT_EQ(after->version(), 3);
    EXPECT_EQ(await(sessions().checkpoints(s.id()))->size(), 2);

    // A write refused by the version check leaves the newest committed copy readable.
    Session stale = s; // version 1, but the store is at 3
    stale.markChanged(T0.addSecs(5));
    ChangeSet changes;
    changes.sessions.append(stale);
    EXPECT_EQ(commit(changes).error().code, ErrorCode::VersionMismatch);
    EXPECT_EQ(await(sessions().session(s.id()))->version(), 3);
}

// Child ids follow creations and deletions as they commit, in creation order, and are the same
// after the store is opened again (SQL stores answer them from an index they keep).
TEST_P(StoreContract, ChildIdsFollowCommitsAndSurviveAReopen)
{
    const Session parent = stored(u"parent"_s);
    Session first = stored(u"first"_s, T0.addSecs(1), {}, parent.id());
    const Session second = stored(u"second"_s, T0.addSecs(2), {}, parent.id());
    const Session early = stored(u"early"_s, T0, {}, parent.id()); // created before the others
    const QList<QUuid> parents{parent.id()};
    EXPECT_EQ(await(sessions().childIds(parents))->value(parent.id()),
              (QList<QUuid>{early.id(), first.id(), second.id()}));

    ASSERT_TRUE(first.markDeleted(T0.addSecs(10)).ok());
    first.markChanged(T0.addSecs(10));
    ChangeSet deletion;
    deletion.events = first.takeEvents();
    deletion.sessions.append(first);
    ASSERT_TRUE(commit(deletion).ok());
    EXPECT_EQ(await(sessions().childIds(parents))->value(parent.id()), (QList<QUuid>{early.id(), second.id()}));
    const QList<QUuid> childless{first.id()};
    EXPECT_TRUE(await(sessions().childIds(childless))->isEmpty());

    if (!sql)
        return;
    sql.reset(); // the same database, opened again
    sql = std::make_unique<SqlStore>(settings, bus);
    ASSERT_TRUE(await(sql->open()).ok());
    EXPECT_EQ(await(sessions().childIds(parents))->value(parent.id()), (QList<QUuid>{early.id(), second.id()}));
}

TEST_P(StoreContract, AgentsKeepRegistrationOrderSecretsAndUniqueNames)
{
    Agent a;
    a.id = newId();
    a.name = u"alpha"_s;
    a.kind = AgentKind::Opencode;
    a.registeredAt = T0;
    a.config = QJsonObject{{u"password"_s, u"s3cret"_s}, {u"provider_id"_s, u"openai"_s}};
    a.authTokenHash = QByteArray(32, '\x07');
    a.dispatchSecret = QByteArrayLiteral("dispatch-secret");
    Agent b = a;
    b.id = newId();
    b.name = u"beta"_s;
    b.registeredAt = T0; // same millisecond: registration order decides
    ChangeSet changes;
    changes.agents = {a, b};
    ASSERT_TRUE(commit(changes).ok());

    auto list = await(agents().agents()).value();
    ASSERT_EQ(list.size(), 2);
    EXPECT_EQ(list[0].name, u"alpha"_s);
    EXPECT_EQ(list[1].name, u"beta"_s);
    EXPECT_EQ(list[0].config.value(u"password"_s).toString(), u"s3cret"_s);
    EXPECT_EQ(list[0].authTokenHash, a.authTokenHash);
    EXPECT_EQ(list[0].dispatchSecret, a.dispatchSecret);

    a.currentTasks = 2;
    ChangeSet update;
    update.agents = {a};
    ASSERT_TRUE(commit(update).ok());
    list = await(agents().agents()).value();
    EXPECT_EQ(list[0].currentTasks, 2);
    EXPECT_EQ(list[0].name, u"alpha"_s); // an update keeps its place

    Agent twin = b;
    twin.id = newId(); // another agent with b's name
    ChangeSet clash;
    clash.agents = {twin};
    const auto refused = commit(clash);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Conflict);

    ChangeSet removal;
    removal.removedAgents = {b.id};
    ASSERT_TRUE(commit(removal).ok());
    EXPECT_EQ(await(agents().agents())->size(), 1);
}

TEST_P(StoreContract, TasksWithDependenciesChildrenAndStats)
{
    QList<Task> made;
    for (int i = 0; i < 4; ++i) {
        TaskSpec spec;
        spec.title = u"task %1"_s.arg(i);
        if (i > 0)
            spec.estimate = Estimate::single(i);
        if (i == 3)
            spec.parentTaskId = made[0].id();
        auto task = Task::create(spec, newId(), T0.addSecs(i));
        ASSERT_TRUE(task.ok());
        made.append(task.value());
    }
    // 1 depends on 0, 2 depends on 1; 3 stands alone (child of 0).
    Dependency on0;
    on0.dependsOn = made[0].id();
    Dependency on1;
    on1.dependsOn = made[1].id();
    ASSERT_TRUE(made[1].addDependency(on0, T0).ok());
    ASSERT_TRUE(made[2].addDependency(on1, T0).ok());
    ChangeSet changes;
    for (Task &t : made) {
        changes.events += t.takeEvents();
        changes.tasks.append(t);
    }
    ASSERT_TRUE(commit(changes).ok());

    const auto loaded = await(tasks().task(made[2].id()));
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->spec(), made[2].spec());
    EXPECT_EQ(loaded->state(), made[2].state());

    const auto dependents = await(tasks().dependents(made[0].id())).value();
    ASSERT_EQ(dependents.size(), 1);
    EXPECT_EQ(dependents.first().id(), made[1].id());

    QList<QUuid> connected;
    const QList<QUuid> seeds{made[2].id()};
    const QList<Task> around = await(tasks().connected(seeds)).value(); // a copy: the result is a temporary
    for (const Task &t : around)
        connected.append(t.id());
    EXPECT_EQ(connected, (QList<QUuid>{made[0].id(), made[1].id(), made[2].id()}));

    const auto children = await(tasks().children(made[0].id())).value();
    ASSERT_EQ(children.size(), 1);
    EXPECT_EQ(children.first().id(), made[3].id());

    TaskQuery query;
    query.page.pageSize = 2;
    const auto page = await(tasks().tasks(query)).value();
    EXPECT_EQ(page.total, 4);
    ASSERT_EQ(page.items.size(), 2);
    EXPECT_EQ(page.items.first().id(), made[0].id()); // oldest first

    const TaskStats stats = await(tasks().taskStats(std::nullopt)).value();
    EXPECT_EQ(stats.total, 4);
    EXPECT_DOUBLE_EQ(stats.totalEstimatedHours, 1.0 + 2.0 + 3.0);

    ChangeSet removal;
    removal.removedTasks = {made[1].id()};
    ASSERT_TRUE(commit(removal).ok());
    EXPECT_EQ(await(tasks().task(made[1].id())).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(await(tasks().dependents(made[0].id()))->isEmpty());
}

TEST_P(StoreContract, ContextsHistoryNewestFirstCappedAndExpiry)
{
    ContextSpec spec;
    spec.scope = ContextScope::Temporary;
    auto created = Context::create(spec, QJsonObject{{u"a"_s, 1}}, newId(), T0);
    ASSERT_TRUE(created.ok());
    Context ctx = created.value();
    ChangeSet first;
    first.contexts.append(ctx);
    ASSERT_TRUE(commit(first).ok());

    for (int i = 1; i <= 105; ++i) {
        ChangeSet changes;
        ContextChange change{u"a"_s, QJsonValue(i - 1), QJsonValue(i), T0.addSecs(i), u"test"_s, i + 1};
        changes.contextHistory.append(ContextHistoryEntry{ctx.id(), change});
        ASSERT_TRUE(commit(changes).ok());
    }
    const auto history = await(contexts().history(ctx.id(), 100)).value();
    ASSERT_EQ(history.size(), Context::HistoryKept);
    EXPECT_EQ(history.first().newValue.toInt(), 105);
    EXPECT_EQ(history.last().newValue.toInt(), 6);
    EXPECT_EQ(await(contexts().history(ctx.id(), 3))->size(), 3);

    const auto loaded = await(contexts().context(ctx.id()));
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded->state(), ctx.state());
    EXPECT_TRUE(await(contexts().expiredContexts(T0.addSecs(60)))->isEmpty());
    EXPECT_EQ(await(contexts().expiredContexts(T0.addSecs(3601))).value(), QList<QUuid>{ctx.id()});

    ContextQuery query;
    query.scope = ContextScope::Temporary;
    EXPECT_EQ(await(contexts().contexts(query))->size(), 1);
    query.scope = ContextScope::Global;
    EXPECT_TRUE(await(contexts().contexts(query))->isEmpty());

    ChangeSet removal;
    removal.removedContexts = {ctx.id()};
    ASSERT_TRUE(commit(removal).ok());
    EXPECT_EQ(await(contexts().context(ctx.id())).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(await(contexts().history(ctx.id(), 100))->isEmpty());
}

TEST_P(StoreContract, EventsPageBySeqAndFilterBySession)
{
    Session a = stored(u"A"_s);
    Session b = stored(u"B"_s);
    for (int i = 0; i < 3; ++i) {
        ChangeSet changes;
        changes.events.append(makeEvent(EventType::SessionLog, QJsonObject{{u"session_id"_s, idString(a.id())}}, T0));
        changes.events.append(makeEvent(EventType::SessionLog, QJsonObject{{u"session_id"_s, idString(b.id())}}, T0));
        ASSERT_TRUE(commit(changes).ok());
    }
    EventQuery page;
    page.afterSeq = 2;
    page.limit = 3;
    const Events events = await(log().events(page)).value();
    ASSERT_EQ(events.size(), 3);
    EXPECT_EQ(events.first().seq, 3);
    EXPECT_EQ(events.last().seq, 5);

    EventQuery forA;
    forA.sessionId = a.id();
    const Events ofA = await(log().events(forA)).value();
    ASSERT_EQ(ofA.size(), 4); // created + 3 logs
    for (const Event &e : ofA)
        EXPECT_EQ(e.payload.value(u"session_id"_s).toString(), idString(a.id()));
}

// Many writers at once: every commit lands, the log is gapless and the bus sees it in order.
TEST_P(StoreContract, ConcurrentCommitsAreAllStoredInOneGaplessOrder)
{
    constexpr int Writers = 64;
    std::vector<QCoro::Task<Result<Events>>> pending;
    QList<QUuid> ids;
    for (int i = 0; i < Writers; ++i) {
        Session s = newSession(u"writer %1"_s.arg(i));
        ids.append(s.id());
        ChangeSet changes;
        changes.events = s.takeEvents();
        changes.sessions.append(s);
        pending.push_back(uow().commit(std::move(changes)));
    }
    for (auto &task : pending)
        ASSERT_TRUE(QCoro::waitFor(std::move(task)).ok());
    ASSERT_EQ(published.size(), Writers);
    for (int i = 0; i < Writers; ++i)
        EXPECT_EQ(published[i].seq, i + 1);
    for (const QUuid &id : std::as_const(ids))
        EXPECT_TRUE(await(sessions().session(id)).ok());
}

// Commits queued together are written in one transaction: the ones that fail (a session created
// twice) must fail alone, and the others land with a gapless seq.
TEST_P(StoreContract, AFailingWriteAmongConcurrentOnesFailsAlone)
{
    constexpr int Writers = 48;
    const Session existing = stored(u"Existing"_s);
    published.clear();
    std::vector<QCoro::Task<Result<Events>>> pending;
    QList<QUuid> ids;
    for (int i = 0; i < Writers; ++i) {
        ChangeSet changes;
        if (i % 8 == 3) {
            changes.sessions.append(existing); // version 1 again: rejected
        } else {
            Session s = newSession(u"writer %1"_s.arg(i));
            ids.append(s.id());
            changes.events = s.takeEvents();
            changes.sessions.append(s);
        }
        pending.push_back(uow().commit(std::move(changes)));
    }
    for (int i = 0; i < Writers; ++i) {
        const Result<Events> result = QCoro::waitFor(std::move(pending[size_t(i)]));
        if (i % 8 == 3) {
            ASSERT_FALSE(result.ok()) << "writer " << i;
            EXPECT_EQ(result.error().code, ErrorCode::VersionMismatch);
        } else {
            ASSERT_TRUE(result.ok()) << "writer " << i << ": " << result.error().message.toStdString();
        }
    }
    ASSERT_EQ(published.size(), ids.size());
    for (qsizetype i = 0; i < published.size(); ++i) {
        EXPECT_EQ(published[i].seq, i + 2); // seq 1 is the existing session's creation
        EXPECT_EQ(published[i].payload.value(u"session_id"_s).toString(), idString(ids[i]));
    }
    for (const QUuid &id : std::as_const(ids))
        EXPECT_TRUE(await(sessions().session(id)).ok());
    EXPECT_EQ(await(log().events({})).value().size(), ids.size() + 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreContract, ::testing::Values("memory", "sqlite", "postgres"),
                         [](const auto &info) { return info.param; });
