// The sessions, agents and events resources over a real socket: auth, shapes, every error code
// they answer with.
#include "api/controllers/agentcontroller.h"
#include "api/controllers/eventcontroller.h"
#include "api/controllers/sessioncontroller.h"
#include "api/http/httpserver.h"

#include "apitest.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

const QByteArray Token = ApiToken;

class SessionApi : public ApiTest
{
protected:
    void addRoutes(Api::Router &router) override
    {
        sessionController.addRoutes(router);
        agentController.addRoutes(router);
        eventController.addRoutes(router);
    }

    QString registerAgent(int capacity = 5)
    {
        const HttpResult agent
            = call("POST", u"/api/v1/agents"_s,
                   QJsonObject{{u"name"_s, u"runner"_s},
                               {u"kind"_s, u"process"_s},
                               {u"config"_s, QJsonObject{{u"command"_s, QJsonArray{u"sleep"_s, u"600"_s}}}},
                               {u"capabilities"_s, QJsonArray{u"code_generation"_s}},
                               {u"max_concurrent_tasks"_s, capacity}});
        EXPECT_EQ(agent.status, 201) << agent.body.toStdString();
        return agent.json().value(u"id"_s).toString();
    }
    QString createSession(const QJsonObject &extra = {})
    {
        QJsonObject body{{u"title"_s, u"Fix the build"_s}, {u"initial_prompt"_s, u"Make it green"_s}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body.insert(it.key(), it.value());
        const HttpResult created = call("POST", u"/api/v1/sessions"_s, body);
        EXPECT_EQ(created.status, 201) << created.body.toStdString();
        return created.json().value(u"id"_s).toString();
    }

    Api::SessionController sessionController{h.sessions, h.store, h.clock};
    Api::AgentController agentController{h.agents, h.scheduler};
    Api::EventController eventController{h.store};
};

} // namespace

TEST_F(SessionApi, RepeatedFailuresAreThrottledButAValidTokenNeverIs)
{
    const HttpResult missing = client.send("GET", url(u"/api/v1/sessions"_s));
    EXPECT_EQ(missing.status, 401);
    EXPECT_TRUE(missing.header("WWW-Authenticate").startsWith("Bearer"));
    EXPECT_EQ(errorOf(missing), u"UNAUTHORIZED"_s);
    EXPECT_FALSE(missing.header("X-Request-ID").isEmpty());
    const HttpResult wrong = client.send("GET", url(u"/api/v1/sessions"_s), {}, {{"Authorization", "Bearer nope"}});
    EXPECT_EQ(wrong.status, 401);
    // More than ten failures in a minute from one address: 429, but never for a valid token.
    // Two failures so far; the eleventh within a minute is the last one answered 401.
    HttpResult last;
    for (int i = 3; i <= Api::HttpServer::MaxAuthFailures + 1; ++i) {
        last = client.send("GET", url(u"/api/v1/sessions"_s));
        EXPECT_EQ(last.status, 401) << "failure " << i;
    }
    last = client.send("GET", url(u"/api/v1/sessions"_s), {}, {{"Authorization", "Bearer " + Token}});
    EXPECT_EQ(last.status, 200) << "a valid token is never throttled";
    last = client.send("GET", url(u"/api/v1/sessions"_s));
    EXPECT_EQ(last.status, 429);
    EXPECT_EQ(errorOf(last), u"RATE_LIMITED"_s);
    EXPECT_FALSE(last.header("Retry-After").isEmpty());
}

TEST_F(SessionApi, EveryRouteNeedsTheTokenEvenUnknownPaths)
{
    const int checked = expectEveryRouteNeedsTheToken({{u"sequence"_s, u"1"_s}});
    EXPECT_GE(checked, 20);
    EXPECT_EQ(client.send("GET", url(u"/api/v1/no-such-thing"_s)).status, 401) << "no path probing without the token";
    EXPECT_EQ(call("GET", u"/api/v1/no-such-thing"_s).status, 404);
}

TEST_F(SessionApi, ASessionLivesItsWholeLifeOverTheWire)
{
    const QString agentId = registerAgent();
    const HttpResult created = call("POST", u"/api/v1/sessions"_s,
                                    QJsonObject{{u"title"_s, u"  Fix the build  "_s},
                                                {u"initial_prompt"_s, u"Make it green"_s},
                                                {u"priority"_s, 1},
                                                {u"tags"_s, QJsonArray{u"ci"_s}},
                                                {u"agent_config"_s, QJsonObject{{u"agent_id"_s, agentId}}}});
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    const QString id = created.json().value(u"id"_s).toString();
    EXPECT_EQ(created.header("Location"), (u"/api/v1/sessions/"_s + id).toUtf8());
    EXPECT_EQ(created.json().value(u"title"_s).toString(), u"Fix the build"_s);
    EXPECT_EQ(created.json().value(u"status"_s).toString(), u"pending"_s);
    EXPECT_EQ(created.json().value(u"version"_s).toInt(), 1);
    EXPECT_TRUE(created.json().value(u"child_ids"_s).isArray());

    const HttpResult started = call("POST", u"/api/v1/sessions/%1/start"_s.arg(id));
    ASSERT_EQ(started.status, 200) << started.body.toStdString();
    EXPECT_EQ(started.json().value(u"status"_s).toString(), u"running"_s);
    EXPECT_EQ(started.json().value(u"assigned_agent_id"_s).toString(), agentId);
    EXPECT_EQ(call("GET", u"/api/v1/agents/"_s + agentId).json().value(u"current_tasks"_s).toInt(), 1);

    const HttpResult checkpoint = call("POST", u"/api/v1/sessions/%1/checkpoints"_s.arg(id),
                                       QJsonObject{{u"data"_s, QJsonObject{{u"step"_s, 1}}}});
    ASSERT_EQ(checkpoint.status, 201);
    EXPECT_EQ(checkpoint.json().value(u"sequence"_s).toInt(), 1);
    const HttpResult listed = call("GET", u"/api/v1/sessions/%1/checkpoints"_s.arg(id));
    EXPECT_EQ(listed.json().value(u"items"_s).toArray().size(), 1);
    const HttpResult withCheckpoints = call("GET", u"/api/v1/sessions/%1?include_checkpoints=true"_s.arg(id));
    EXPECT_EQ(withCheckpoints.json().value(u"checkpoints"_s).toArray().size(), 1);

    const HttpResult completed
        = call("POST", u"/api/v1/sessions/%1/complete"_s.arg(id),
               QJsonObject{{u"result"_s, QJsonObject{{u"ok"_s, true}}}, {u"success_rate"_s, 0.9}});
    ASSERT_EQ(completed.status, 200) << completed.body.toStdString();
    EXPECT_EQ(completed.json().value(u"status"_s).toString(), u"completed"_s);
    EXPECT_EQ(call("GET", u"/api/v1/agents/"_s + agentId).json().value(u"current_tasks"_s).toInt(), 0);

    // The timeline: this session's events in seq order.
    const HttpResult timeline = call("GET", u"/api/v1/sessions/%1/events"_s.arg(id));
    ASSERT_EQ(timeline.status, 200);
    QStringList moves;
    qint64 lastSeq = 0;
    for (const QJsonValue &event : timeline.json().value(u"items"_s).toArray()) {
        const QJsonObject e = event.toObject();
        EXPECT_GT(e.value(u"seq"_s).toInteger(), lastSeq);
        lastSeq = e.value(u"seq"_s).toInteger();
        if (e.value(u"type"_s).toString() == u"session.status_changed"_s)
            moves.append(e.value(u"payload"_s).toObject().value(u"new_status"_s).toString());
    }
    EXPECT_EQ(moves, (QStringList{u"running"_s, u"completed"_s}));
    EXPECT_EQ(timeline.json().value(u"next_after_seq"_s).toInteger(), lastSeq);

    const HttpResult stats = call("GET", u"/api/v1/sessions/stats"_s);
    ASSERT_EQ(stats.status, 200) << "static route not shadowed by {id}";
    EXPECT_EQ(stats.json().value(u"by_status"_s).toObject().value(u"completed"_s).toInt(), 1);

    const HttpResult page = call("GET", u"/api/v1/sessions?status=completed&tag=ci&page_size=10"_s);
    EXPECT_EQ(page.json().value(u"total"_s).toInt(), 1);
    EXPECT_EQ(page.json().value(u"page_size"_s).toInt(), 10);

    EXPECT_EQ(call("DELETE", u"/api/v1/sessions/"_s + id).status, 204);
    EXPECT_EQ(call("GET", u"/api/v1/sessions/"_s + id).status, 404);
    EXPECT_EQ(call("GET", u"/api/v1/sessions/%1?include_deleted=true"_s.arg(id)).status, 200);

    const HttpResult log = call("GET", u"/api/v1/events?limit=2"_s);
    ASSERT_EQ(log.status, 200);
    EXPECT_EQ(log.json().value(u"items"_s).toArray().size(), 2);
    EXPECT_EQ(log.json().value(u"next_after_seq"_s).toInteger(), 2);
}

TEST_F(SessionApi, BadInputGetsAClearErrorAndChangesNothing)
{
    EXPECT_EQ(errorOf(call("POST", u"/api/v1/sessions"_s, QByteArray("{\"title\": "))), u"BAD_REQUEST"_s);
    EXPECT_EQ(call("POST", u"/api/v1/sessions"_s, QByteArray("[1, 2]")).status, 400);
    EXPECT_EQ(call("POST", u"/api/v1/sessions"_s, QByteArray("{\"title\": \"\xff\xfe\"}")).status, 400);
    EXPECT_EQ(call("POST", u"/api/v1/sessions"_s, QByteArray()).status, 400);

    const HttpResult wrongTypes = call("POST", u"/api/v1/sessions"_s,
                                       QJsonObject{{u"title"_s, 5},
                                                   {u"priority"_s, u"high"_s},
                                                   {u"tags"_s, QJsonArray{1}},
                                                   {u"max_duration_seconds"_s, 10},
                                                   {u"session_type"_s, u"nap"_s}});
    EXPECT_EQ(wrongTypes.status, 422);
    EXPECT_EQ(errorOf(wrongTypes), u"VALIDATION_ERROR"_s);
    EXPECT_EQ(fieldsOf(wrongTypes), (QStringList{u"initial_prompt"_s, u"max_duration_seconds"_s, u"priority"_s,
                                                 u"session_type"_s, u"tags"_s, u"title"_s}));
    const HttpResult badParent = call("POST", u"/api/v1/sessions"_s,
                                      QJsonObject{{u"title"_s, u"t"_s},
                                                  {u"initial_prompt"_s, u"p"_s},
                                                  {u"parent_session_id"_s, u"3f2504e0-4f89-11d3-9a0c-0305e82c3301"_s}});
    EXPECT_EQ(fieldsOf(badParent), QStringList{u"parent_session_id"_s});
    EXPECT_EQ(call("GET", u"/api/v1/sessions"_s).json().value(u"total"_s).toInt(), 0) << "nothing was created";

    EXPECT_EQ(errorOf(call("GET", u"/api/v1/sessions/3f2504e0-4f89-11d3-9a0c-0305e82c3301"_s)), u"NOT_FOUND"_s);
    EXPECT_EQ(call("GET", u"/api/v1/sessions/not-a-uuid"_s).status, 404);
    EXPECT_EQ(fieldsOf(call("GET", u"/api/v1/sessions?page_size=500"_s)), QStringList{u"page_size"_s});
    EXPECT_EQ(fieldsOf(call("GET", u"/api/v1/sessions?status=asleep"_s)), QStringList{u"status"_s});
    EXPECT_EQ(fieldsOf(call("GET", u"/api/v1/sessions?page=0"_s)), QStringList{u"page"_s});
    EXPECT_EQ(fieldsOf(call("GET", u"/api/v1/sessions?page=99999999999"_s)), QStringList{u"page"_s});
    EXPECT_EQ(fieldsOf(call("GET", u"/api/v1/events?after_seq=-1&limit=1001"_s)),
              (QStringList{u"after_seq"_s, u"limit"_s}));

    const QString id = createSession();
    const HttpResult invalid = call("POST", u"/api/v1/sessions/%1/complete"_s.arg(id));
    EXPECT_EQ(invalid.status, 409);
    EXPECT_EQ(errorOf(invalid), u"INVALID_TRANSITION"_s);
    EXPECT_EQ(errorOf(call("POST", u"/api/v1/sessions/%1/checkpoints/1/restore"_s.arg(id))), u"INVALID_TRANSITION"_s);
    EXPECT_EQ(fieldsOf(call("POST", u"/api/v1/sessions/%1/fail"_s.arg(id), QJsonObject{})),
              QStringList{u"error_message"_s});
    EXPECT_EQ(fieldsOf(call("POST", u"/api/v1/sessions/%1/checkpoints"_s.arg(id), QJsonObject{{u"data"_s, 3}})),
              QStringList{u"data"_s});

    const HttpResult stale
        = call("PATCH", u"/api/v1/sessions/"_s + id, QByteArray(R"({"title": "Renamed"})"), {{"If-Match", "7"}});
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(errorOf(stale), u"VERSION_MISMATCH"_s);
    const HttpResult fixed = call("PATCH", u"/api/v1/sessions/"_s + id, QByteArray(R"({"created_by": "me"})"));
    EXPECT_EQ(fieldsOf(fixed), QStringList{u"created_by"_s});
    const HttpResult renamed
        = call("PATCH", u"/api/v1/sessions/"_s + id, QByteArray(R"({"title": "Renamed"})"), {{"If-Match", "1"}});
    ASSERT_EQ(renamed.status, 200) << renamed.body.toStdString();
    EXPECT_EQ(renamed.json().value(u"title"_s).toString(), u"Renamed"_s);
    EXPECT_EQ(renamed.json().value(u"version"_s).toInt(), 2);

    const HttpResult badAgent = call("POST", u"/api/v1/agents"_s,
                                     QJsonObject{{u"name"_s, u"scout"_s},
                                                 {u"kind"_s, u"external"_s},
                                                 {u"capabilities"_s, QJsonArray{u"juggling"_s}},
                                                 {u"max_concurrent_tasks"_s, 0}});
    EXPECT_EQ(fieldsOf(badAgent),
              (QStringList{u"capabilities"_s, u"config.command"_s, u"kind"_s, u"max_concurrent_tasks"_s}));
}

TEST_F(SessionApi, RetryAndRestoreResumeFromACheckpoint)
{
    const QString agentId = registerAgent();
    const QString id = createSession(
        QJsonObject{{u"agent_config"_s, QJsonObject{{u"agent_id"_s, agentId}}}, {u"auto_start"_s, true}});
    for (int i = 1; i <= 2; ++i) {
        ASSERT_EQ(call("POST", u"/api/v1/sessions/%1/checkpoints"_s.arg(id),
                       QJsonObject{{u"data"_s, QJsonObject{{u"i"_s, i}}}})
                      .status,
                  201);
    }
    const HttpResult failed
        = call("POST", u"/api/v1/sessions/%1/fail"_s.arg(id), QJsonObject{{u"error_message"_s, u"tests red"_s}});
    ASSERT_EQ(failed.status, 200);
    EXPECT_EQ(failed.json().value(u"status"_s).toString(), u"failed"_s);
    EXPECT_TRUE(failed.json().value(u"is_recoverable"_s).toBool());

    const HttpResult restored = call("POST", u"/api/v1/sessions/%1/checkpoints/1/restore"_s.arg(id));
    ASSERT_EQ(restored.status, 200) << restored.body.toStdString();
    EXPECT_EQ(restored.json().value(u"status"_s).toString(), u"pending"_s);
    EXPECT_EQ(restored.json().value(u"resume_from"_s).toInt(), 1);
    EXPECT_EQ(errorOf(call("POST", u"/api/v1/sessions/%1/checkpoints/9/restore"_s.arg(id))), u"INVALID_TRANSITION"_s);
}

TEST_F(SessionApi, ListsAndTreesCarryEachSessionsChildren)
{
    const QString parent = createSession();
    const QString first = createSession(QJsonObject{{u"parent_session_id"_s, parent}});
    const QString second = createSession(QJsonObject{{u"parent_session_id"_s, parent}});
    const QString grandchild = createSession(QJsonObject{{u"parent_session_id"_s, first}});
    QHash<QString, QJsonArray> childrenById;
    for (const QJsonValue &item : call("GET", u"/api/v1/sessions"_s).json().value(u"items"_s).toArray())
        childrenById.insert(item[u"id"_s].toString(), item[u"child_ids"_s].toArray());
    EXPECT_EQ(childrenById.value(parent), (QJsonArray{first, second}));
    EXPECT_EQ(childrenById.value(first), QJsonArray{grandchild});
    EXPECT_EQ(childrenById.value(grandchild), QJsonArray{});

    const QJsonObject tree = call("GET", u"/api/v1/sessions/%1/tree"_s.arg(parent)).json();
    const QJsonArray level = tree.value(u"children"_s).toArray();
    ASSERT_EQ(level.size(), 2);
    EXPECT_EQ(level[0][u"id"_s].toString(), first);
    EXPECT_EQ(level[0][u"children"_s].toArray().first()[u"id"_s].toString(), grandchild);
}

TEST_F(SessionApi, AStorageOutageIs503WithRetryAfter)
{
    const QString id = createSession();
    h.store.setFailure(Domain::Error::unavailable(u"database restarting"_s));
    const HttpResult down = call("GET", u"/api/v1/sessions/"_s + id);
    EXPECT_EQ(down.status, 503);
    EXPECT_EQ(errorOf(down), u"UNAVAILABLE"_s);
    EXPECT_EQ(down.header("Retry-After"), "1");
    EXPECT_EQ(call("POST", u"/api/v1/sessions/%1/start"_s.arg(id)).status, 503);
    h.store.setFailure(std::nullopt);
    EXPECT_EQ(call("GET", u"/api/v1/sessions/"_s + id).status, 200);
}

// A session's answer is reused while nothing it shows changed, and never once something did: a
// write, a new child, or time moving its health score.
TEST_F(SessionApi, AnAnswerIsNeverStaleAfterAWriteANewChildOrTime)
{
    registerAgent();
    const QString id = createSession({{u"max_duration_seconds"_s, 100}});
    const HttpResult first = call("GET", u"/api/v1/sessions/"_s + id);
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(call("GET", u"/api/v1/sessions/"_s + id).body, first.body) << "the same bytes while nothing changed";

    ASSERT_EQ(call("POST", u"/api/v1/sessions/%1/start"_s.arg(id)).status, 200);
    const QJsonObject running = call("GET", u"/api/v1/sessions/"_s + id).json();
    EXPECT_EQ(running.value(u"status"_s).toString(), u"running"_s);
    EXPECT_DOUBLE_EQ(running.value(u"health_score"_s).toDouble(), 0.9);

    h.clock.advance(80 * 1000); // 80 % of its time limit: health drops with no write at all
    EXPECT_DOUBLE_EQ(call("GET", u"/api/v1/sessions/"_s + id).json().value(u"health_score"_s).toDouble(), 0.7);

    const QString child = createSession({{u"parent_session_id"_s, id}});
    EXPECT_EQ(call("GET", u"/api/v1/sessions/"_s + id).json().value(u"child_ids"_s).toArray(), QJsonArray{child});
}
