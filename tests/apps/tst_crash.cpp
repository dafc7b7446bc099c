// Nothing acknowledged is lost on a crash, and interrupted work resumes by itself: the real
// service, on a real SQLite file, killed with SIGKILL at random points under write load and
// restarted, twenty times.
#include "support/gate.h"
#include "support/httpclient.h"
#include "support/qtprinters.h"
#include "support/running.h"
#include "support/services.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <csignal>
#include <random>

using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

constexpr int Rounds = 20;
constexpr int Writers = 6;

// The service on the data directory (also its HOME), listening on a free port.
std::unique_ptr<Running> startService(const QTemporaryDir &dir, const QString &database = {})
{
    QStringList arguments{u"--data-dir"_s, dir.path(), u"--listen"_s, u"127.0.0.1:0"_s};
    if (!database.isEmpty())
        arguments << u"--database"_s << database;
    return std::make_unique<Running>(QStringLiteral(ORC_HEADLESS_BINARY), arguments, dir);
}

// What the service acknowledged to its clients, the only thing it promised.
struct Ledger
{
    struct Session
    {
        bool running = false; // acknowledged as running
        int checkpoints = 0;  // the newest acknowledged checkpoint sequence
        bool completed = false;
    };
    QMap<QString, Session> sessions;
    int acknowledged = 0;
};

class Client
{
public:
    Client(QUrl base, QByteArray token) : m_base(std::move(base)), m_auth("Bearer " + token) {}

    QCoro::Task<HttpResult> call(QByteArray method, QString path, QJsonObject body = {})
    {
        const QByteArray bytes = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
        const QList<std::pair<QByteArray, QByteArray>> headers{{"Authorization", m_auth}};
        co_return co_await m_http.sendAsync(method, m_base.resolved(QUrl(path)), bytes, headers);
    }
    HttpResult callNow(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return QCoro::waitFor(call(method, path, body));
    }

private:
    QUrl m_base;
    QByteArray m_auth;
    HttpClient m_http;
};

// Creates sessions on the agent, checkpoints them and completes most, recording every 2xx.
QCoro::Task<> writeLoad(Client &client, QString agentId, Ledger &ledger, const bool &stop, int &active, quint32 seed)
{
    ++active;
    std::mt19937 rng(seed);
    while (!stop) {
        const QJsonObject spec{{u"title"_s, u"crash test"_s},
                               {u"initial_prompt"_s, u"write and checkpoint"_s},
                               {u"agent_config"_s, QJsonObject{{u"agent_id"_s, agentId}}},
                               {u"auto_start"_s, true}};
        const HttpResult created = co_await client.call("POST", u"/api/v1/sessions"_s, spec);
        if (created.status != 201)
            break; // the service is gone
        const QString id = created.json().value(u"id"_s).toString();
        Ledger::Session &entry = ledger.sessions[id];
        entry.running = created.json().value(u"status"_s).toString() == u"running"_s;
        ++ledger.acknowledged;
        const int checkpoints = int(rng() % 3); // 0..2
        bool alive = true;
        for (int i = 1; i <= checkpoints && alive; ++i) {
            const QJsonObject checkpoint{{u"data"_s, QJsonObject{{u"step"_s, i}}}};
            const HttpResult added
                = co_await client.call("POST", u"/api/v1/sessions/%1/checkpoints"_s.arg(id), checkpoint);
            alive = added.status == 201;
            if (alive) {
                ledger.sessions[id].checkpoints = added.json().value(u"sequence"_s).toInt();
                ++ledger.acknowledged;
            }
        }
        if (!alive)
            break;
        if (rng() % 3 == 0)
            continue; // leave it running: the crash will interrupt it
        const HttpResult completed = co_await client.call("POST", u"/api/v1/sessions/%1/complete"_s.arg(id));
        if (completed.status != 200)
            break;
        ledger.sessions[id].completed = true;
        ++ledger.acknowledged;
    }
    --active;
}

QByteArray readToken(const QString &dataDir)
{
    QFile file(dataDir + u"/api-token"_s);
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
}

} // namespace

TEST(CrashRecovery, AcknowledgedWritesSurviveKillNineAndInterruptedSessionsResume)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const quint32 seed = qEnvironmentVariableIsSet("ORC_CRASH_SEED")
                             ? quint32(qEnvironmentVariableIntValue("ORC_CRASH_SEED"))
                             : std::random_device{}();
    std::cout << "[ SEED     ] ORC_CRASH_SEED=" << seed << std::endl;
    std::mt19937 rng(seed);

    QString agentId;
    Ledger all;
    qint64 eventsBefore = 0;
    int resumedTotal = 0;
    int orphanedTotal = 0;
    for (int round = 1; round <= Rounds; ++round) {
        SCOPED_TRACE(u"round %1"_s.arg(round).toStdString());
        auto service = startService(dir);
        const QString url = service->waitForListening();
        ASSERT_FALSE(url.isEmpty()) << service->process().readAllStandardError().toStdString();
        Client client(QUrl(url), readToken(dir.path()));
        if (agentId.isEmpty()) {
            const HttpResult agent = client.callNow(
                "POST", u"/api/v1/agents"_s,
                QJsonObject{{u"name"_s, u"crash-runner"_s},
                            {u"kind"_s, u"process"_s},
                            {u"config"_s, QJsonObject{{u"command"_s, QJsonArray{u"sleep"_s, u"600"_s}}}},
                            {u"max_concurrent_tasks"_s, 50}});
            ASSERT_EQ(agent.status, 201) << agent.body.toStdString();
            agentId = agent.json().value(u"id"_s).toString();
        }

        // Load, then SIGKILL after a random number of acknowledged writes (some in flight).
        Ledger ledger;
        bool stop = false;
        int active = 0;
        for (int w = 0; w < Writers; ++w)
            writeLoad(client, agentId, ledger, stop, active, rng());
        const int killAfter = 20 + int(rng() % 120);
        ASSERT_TRUE(waitUntil([&] { return ledger.acknowledged >= killAfter; }, 60000));
        service->terminate(SIGKILL);
        stop = true;
        ASSERT_TRUE(waitUntil([&] { return active == 0; }, 30000));
        service.reset();

        // Restart: recovery runs before the service listens.
        service = startService(dir);
        const QString again = service->waitForListening();
        ASSERT_FALSE(again.isEmpty()) << service->process().readAllStandardError().toStdString();
        Client after(QUrl(again), readToken(dir.path()));

        for (auto it = ledger.sessions.cbegin(); it != ledger.sessions.cend(); ++it) {
            const HttpResult got = after.callNow("GET", u"/api/v1/sessions/%1"_s.arg(it.key()));
            ASSERT_EQ(got.status, 200) << "acknowledged session lost: " << it.key().toStdString();
            const QJsonObject session = got.json();
            const QString status = session.value(u"status"_s).toString();
            const int kept = session.value(u"metrics"_s).toObject().value(u"checkpoint_count"_s).toInt();
            EXPECT_GE(kept, it->checkpoints) << "acknowledged checkpoint lost";
            if (it->completed) {
                EXPECT_EQ(status, u"completed"_s);
            } else if (it->running && status != u"completed"_s) {
                // Interrupted: orphaned, and back to pending from its newest checkpoint if it has one.
                if (kept > 0) {
                    EXPECT_EQ(status, u"pending"_s) << it.key().toStdString();
                    EXPECT_EQ(session.value(u"resume_from"_s).toInt(), kept);
                    ++resumedTotal;
                } else {
                    EXPECT_EQ(status, u"orphaned"_s) << it.key().toStdString();
                    ++orphanedTotal;
                }
            }
            all.sessions.insert(it.key(), it.value());
        }
        for (const QString &atWork : {u"running"_s, u"paused"_s, u"degraded"_s}) {
            const HttpResult left = after.callNow("GET", u"/api/v1/sessions?status="_s + atWork);
            EXPECT_EQ(left.json().value(u"total"_s).toInt(), 0) << atWork.toStdString() << " sessions after recovery";
        }
        const HttpResult agent = after.callNow("GET", u"/api/v1/agents/"_s + agentId);
        EXPECT_EQ(agent.json().value(u"current_tasks"_s).toInt(), 0) << "reservations of dead tasks released";

        // The event log: 1, 2, 3 … with no gap and no duplicate, and it only grows.
        qint64 expected = 0;
        for (;;) {
            const HttpResult page = after.callNow("GET", u"/api/v1/events?limit=1000&after_seq=%1"_s.arg(expected));
            ASSERT_EQ(page.status, 200);
            const QJsonArray items = page.json().value(u"items"_s).toArray();
            if (items.isEmpty())
                break;
            for (const QJsonValue &item : items)
                ASSERT_EQ(item.toObject().value(u"seq"_s).toInteger(), ++expected)
                    << "gap or duplicate in the event log";
        }
        EXPECT_GT(expected, eventsBefore);
        eventsBefore = expected;
        service.reset(); // killed again, idle this time; the next round starts it afresh
    }
    std::cout << "[ MEASURED ] " << Rounds << " crashes, " << all.sessions.size() << " acknowledged sessions, "
              << resumedTotal << " resumed from a checkpoint, " << orphanedTotal << " orphaned (no checkpoint), "
              << eventsBefore << " events without a gap" << std::endl;
    EXPECT_GT(resumedTotal, 0);
    EXPECT_GT(orphanedTotal, 0);
}

TEST(PostgresRestart, TheServiceAnswersUnavailableDuringTheOutageAndRecoversByItself)
{
    const QString database = qEnvironmentVariable("ORC_TEST_POSTGRES_URL");
    if (!haveTestServices())
        GTEST_SKIP() << "ORC_TEST_POSTGRES_URL / ORC_TEST_SERVICES_DIR are not set (scripts/test sets them)";
    QTemporaryDir dir;
    const auto service = startService(dir, database);
    const QString url = service->waitForListening();
    ASSERT_FALSE(url.isEmpty()) << service->process().readAllStandardError().toStdString();
    Client client(QUrl(url), readToken(dir.path()));

    // Clients that keep creating sessions; every answer is counted.
    QStringList acknowledged;
    QMap<int, int> answers;
    QMap<QString, int> errors;
    bool stop = false;
    int active = 0;
    auto load = [&]() -> QCoro::Task<> {
        ++active;
        while (!stop) {
            const QJsonObject spec{{u"title"_s, u"outage"_s}, {u"initial_prompt"_s, u"keep going"_s}};
            const HttpResult created = co_await client.call("POST", u"/api/v1/sessions"_s, spec);
            ++answers[created.status];
            if (created.status == 201)
                acknowledged.append(created.json().value(u"id"_s).toString());
            else
                ++errors[created.json().value(u"error"_s).toString()];
        }
        --active;
    };
    for (int i = 0; i < 4; ++i)
        load();
    ASSERT_TRUE(waitUntil([&] { return acknowledged.size() >= 40; }, 30000));

    ASSERT_TRUE(testServices(u"--stop-postgres"_s));
    ASSERT_TRUE(waitUntil([&] { return answers.value(503) >= 20; }, 30000)) << "503 UNAVAILABLE while it is down";
    const HttpResult health = client.callNow("GET", u"/health"_s);
    EXPECT_EQ(health.status, 503);
    EXPECT_EQ(
        health.json().value(u"components"_s).toObject().value(u"database"_s).toObject().value(u"status"_s).toString(),
        u"down"_s);
    EXPECT_EQ(client.callNow("GET", u"/health/live"_s).status, 200) << "the process itself is alive";

    ASSERT_TRUE(testServices(u"--start-postgres"_s));
    QElapsedTimer recovery;
    recovery.start();
    const qsizetype atReturn = acknowledged.size();
    ASSERT_TRUE(waitUntil([&] { return acknowledged.size() > atReturn; }, 5000))
        << "the service must recover within 5 s of the database's return";
    const qint64 recoveredMs = recovery.elapsed();
    ASSERT_TRUE(waitUntil([&] { return acknowledged.size() >= atReturn + 40; }, 30000));
    stop = true;
    ASSERT_TRUE(waitUntil([&] { return active == 0; }, 30000));
    std::cout << "[ MEASURED ] recovered " << recoveredMs << " ms after PostgreSQL returned; " << answers.value(503)
              << " requests answered 503 during the outage" << std::endl;

    // Only "created" or "unavailable, retry": no hang, no 500, no crash.
    EXPECT_EQ(QList<int>(answers.keyBegin(), answers.keyEnd()), (QList<int>{201, 503}));
    EXPECT_EQ(QStringList(errors.keyBegin(), errors.keyEnd()), QStringList{u"UNAVAILABLE"_s});
    // Nothing acknowledged, before or after the outage, is lost.
    for (const QString &id : std::as_const(acknowledged))
        ASSERT_EQ(client.callNow("GET", u"/api/v1/sessions/"_s + id).status, 200) << id.toStdString();
}
