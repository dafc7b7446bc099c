// The contexts resource over a real socket: auth, shapes, dotted keys, conflict detection, merge,
// share, diff, history and every error code the endpoints answer with.
#include "api/controllers/contextcontroller.h"

#include "apitest.h"
#include "domain/identifiers.h"

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

const QString Unknown = UnknownId;

class ContextApi : public ApiTest
{
protected:
    void addRoutes(Api::Router &router) override { controller.addRoutes(router); }

    // A context created over the wire; its JSON object.
    QJsonObject createContext(const QString &scope, const QJsonObject &data = {}, const QJsonObject &owners = {})
    {
        QJsonObject body{{u"scope"_s, scope}, {u"data"_s, data}};
        for (auto it = owners.begin(); it != owners.end(); ++it)
            body.insert(it.key(), it.value());
        const HttpResult created = call("POST", u"/api/v1/contexts"_s, body);
        EXPECT_EQ(created.status, 201) << created.body.toStdString();
        return created.json();
    }
    QString createSessionContext(const QUuid &sessionId, const QJsonObject &data = {})
    {
        return createContext(u"session"_s, data, QJsonObject{{u"session_id"_s, Domain::idString(sessionId)}})
            .value(u"id"_s)
            .toString();
    }
    QString createGlobal(const QJsonObject &data = {})
    {
        return createContext(u"global"_s, data).value(u"id"_s).toString();
    }

    Api::ContextController controller{h.contexts, h.sessions, h.agents};
};

QStringList idsOf(const HttpResult &result)
{
    QStringList ids;
    for (const QJsonValue &item : result.json().value(u"items"_s).toArray())
        ids.append(item[u"id"_s].toString());
    return ids;
}

} // namespace

TEST_F(ContextApi, EveryRouteNeedsTheToken)
{
    EXPECT_EQ(expectEveryRouteNeedsTheToken({{u"key"_s, u"a.b"_s}}), 16);
}

TEST_F(ContextApi, AContextLivesItsWholeLifeOverTheWire)
{
    const Domain::Session session = h.addSession();
    const QString sessionId = Domain::idString(session.id());
    const HttpResult created = call("POST", u"/api/v1/contexts"_s,
                                    QJsonObject{{u"scope"_s, u"session"_s},
                                                {u"session_id"_s, sessionId},
                                                {u"data"_s, QJsonObject{{u"plan"_s, QJsonObject{{u"steps"_s, 3}}}}},
                                                {u"metadata"_s, QJsonObject{{u"origin"_s, u"test"_s}}},
                                                {u"created_by"_s, u"planner"_s}});
    ASSERT_EQ(created.status, 201) << created.body.toStdString();
    const QJsonObject context = created.json();
    const QString id = context.value(u"id"_s).toString();
    EXPECT_TRUE(Domain::parseId(id).has_value());
    EXPECT_EQ(created.header("Location"), (u"/api/v1/contexts/"_s + id).toUtf8());
    EXPECT_EQ(context.value(u"scope"_s).toString(), u"session"_s);
    EXPECT_EQ(context.value(u"session_id"_s).toString(), sessionId);
    EXPECT_TRUE(context.value(u"agent_id"_s).isNull());
    EXPECT_EQ(context.value(u"version"_s).toInt(), 1);
    EXPECT_EQ(context.value(u"data"_s).toObject(), (QJsonObject{{u"plan"_s, QJsonObject{{u"steps"_s, 3}}}}));
    EXPECT_EQ(context.value(u"metadata"_s).toObject(), (QJsonObject{{u"origin"_s, u"test"_s}}));
    EXPECT_EQ(context.value(u"created_by"_s).toString(), u"planner"_s);
    EXPECT_EQ(context.value(u"created_at"_s).toString(), u"2026-11-23T12:00:00.000Z"_s);
    EXPECT_EQ(context.value(u"updated_at"_s).toString(), u"2026-11-23T12:00:00.000Z"_s);
    EXPECT_EQ(context.value(u"expires_at"_s).toString(), u"2026-11-24T12:00:00.000Z"_s) << "session scope: 24 h";

    const HttpResult got = call("GET", u"/api/v1/contexts/"_s + id);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.json(), context);

    h.clock.advance(1000);
    const HttpResult patched = call("PATCH", u"/api/v1/contexts/"_s + id,
                                    QJsonObject{{u"updates"_s, QJsonObject{{u"plan.steps"_s, 4}, {u"notes"_s, u"n"_s}}},
                                                {u"expected_version"_s, 1},
                                                {u"changed_by"_s, u"writer"_s}});
    ASSERT_EQ(patched.status, 200) << patched.body.toStdString();
    EXPECT_EQ(patched.json().value(u"version"_s).toInt(), 2);
    EXPECT_EQ(patched.json().value(u"data"_s).toObject(),
              (QJsonObject{{u"plan"_s, QJsonObject{{u"steps"_s, 4}}}, {u"notes"_s, u"n"_s}}));
    EXPECT_EQ(patched.json().value(u"updated_at"_s).toString(), u"2026-11-23T12:00:01.000Z"_s);

    const HttpResult key = call("GET", u"/api/v1/contexts/%1/keys/plan.steps"_s.arg(id));
    ASSERT_EQ(key.status, 200);
    EXPECT_EQ(key.json(), (QJsonObject{{u"key"_s, u"plan.steps"_s}, {u"value"_s, 4}}));

    const HttpResult put = call("PUT", u"/api/v1/contexts/%1/keys/owner.name"_s.arg(id),
                                QJsonObject{{u"value"_s, u"ana"_s}, {u"changed_by"_s, u"writer"_s}});
    ASSERT_EQ(put.status, 200) << put.body.toStdString();
    EXPECT_EQ(put.json().value(u"version"_s).toInt(), 3);
    EXPECT_EQ(put.json()[u"data"_s][u"owner"_s][u"name"_s].toString(), u"ana"_s);

    EXPECT_EQ(call("DELETE", u"/api/v1/contexts/%1/keys/notes"_s.arg(id)).status, 204);
    EXPECT_EQ(errorOf(call("GET", u"/api/v1/contexts/%1/keys/notes"_s.arg(id))), u"NOT_FOUND"_s);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/"_s + id).json().value(u"version"_s).toInt(), 4);

    const HttpResult history = call("GET", u"/api/v1/contexts/%1/history"_s.arg(id));
    ASSERT_EQ(history.status, 200) << history.body.toStdString();
    const QJsonArray changes = history.json().value(u"items"_s).toArray();
    ASSERT_EQ(changes.size(), 4);
    EXPECT_EQ(history.json().value(u"total"_s).toInt(), 4);
    // Newest first: the deletion, the PUT, then the two keys of the PATCH.
    EXPECT_EQ(changes[0].toObject(), (QJsonObject{{u"key"_s, u"notes"_s},
                                                  {u"old_value"_s, u"n"_s},
                                                  {u"new_value"_s, QJsonValue::Null},
                                                  {u"changed_at"_s, u"2026-11-23T12:00:01.000Z"_s},
                                                  {u"changed_by"_s, u""_s},
                                                  {u"version"_s, 4}}));
    EXPECT_EQ(changes[1][u"key"_s].toString(), u"owner.name"_s);
    EXPECT_TRUE(changes[1][u"old_value"_s].isNull());
    EXPECT_EQ(changes[1][u"new_value"_s].toString(), u"ana"_s);
    EXPECT_EQ(changes[1][u"version"_s].toInt(), 3);
    QStringList patchKeys{changes[2][u"key"_s].toString(), changes[3][u"key"_s].toString()};
    patchKeys.sort();
    EXPECT_EQ(patchKeys, (QStringList{u"notes"_s, u"plan.steps"_s}));
    for (int i : {2, 3}) {
        EXPECT_EQ(changes[i][u"version"_s].toInt(), 2);
        EXPECT_EQ(changes[i][u"changed_by"_s].toString(), u"writer"_s);
    }
    EXPECT_EQ(call("GET", u"/api/v1/contexts/%1/history?limit=1"_s.arg(id)).json().value(u"items"_s).toArray().size(),
              1);

    EXPECT_EQ(call("DELETE", u"/api/v1/contexts/"_s + id).status, 204);
    EXPECT_EQ(errorOf(call("GET", u"/api/v1/contexts/"_s + id)), u"NOT_FOUND"_s);
    EXPECT_EQ(call("DELETE", u"/api/v1/contexts/"_s + id).status, 404);
    EXPECT_EQ(call("DELETE", u"/api/v1/contexts/not-a-uuid"_s).status, 404);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/not-a-uuid"_s).status, 404);
}

TEST_F(ContextApi, CreateListsEveryInvalidFieldAndStoresNothing)
{
    EXPECT_EQ(errorOf(call("POST", u"/api/v1/contexts"_s, QByteArray("{\"scope\": "))), u"BAD_REQUEST"_s);
    EXPECT_EQ(call("POST", u"/api/v1/contexts"_s, QByteArray("[1]")).status, 400);
    EXPECT_EQ(call("POST", u"/api/v1/contexts"_s, QByteArray()).status, 400);

    const HttpResult empty = call("POST", u"/api/v1/contexts"_s, QJsonObject{});
    EXPECT_EQ(empty.status, 422);
    EXPECT_EQ(errorOf(empty), u"VALIDATION_ERROR"_s);
    EXPECT_EQ(fieldsOf(empty), QStringList{u"scope"_s});

    const HttpResult wrongTypes = call("POST", u"/api/v1/contexts"_s,
                                       QJsonObject{{u"scope"_s, u"forever"_s},
                                                   {u"session_id"_s, u"nope"_s},
                                                   {u"agent_id"_s, 5},
                                                   {u"data"_s, 3},
                                                   {u"metadata"_s, QJsonArray{}},
                                                   {u"created_by"_s, 7}});
    EXPECT_EQ(wrongTypes.status, 422);
    EXPECT_EQ(fieldsOf(wrongTypes),
              (QStringList{u"agent_id"_s, u"created_by"_s, u"data"_s, u"metadata"_s, u"scope"_s, u"session_id"_s}));

    EXPECT_EQ(fieldsOf(call("POST", u"/api/v1/contexts"_s, QJsonObject{{u"scope"_s, u"session"_s}})),
              QStringList{u"session_id"_s});
    EXPECT_EQ(fieldsOf(call("POST", u"/api/v1/contexts"_s, QJsonObject{{u"scope"_s, u"agent"_s}})),
              QStringList{u"agent_id"_s});
    const HttpResult unknownSession
        = call("POST", u"/api/v1/contexts"_s, QJsonObject{{u"scope"_s, u"session"_s}, {u"session_id"_s, Unknown}});
    EXPECT_EQ(unknownSession.status, 422);
    EXPECT_EQ(fieldsOf(unknownSession), QStringList{u"session_id"_s});
    const HttpResult unknownAgent
        = call("POST", u"/api/v1/contexts"_s, QJsonObject{{u"scope"_s, u"agent"_s}, {u"agent_id"_s, Unknown}});
    EXPECT_EQ(fieldsOf(unknownAgent), QStringList{u"agent_id"_s});

    const auto stored = await(h.contexts.find(Application::ContextQuery{}));
    ASSERT_TRUE(stored.ok());
    EXPECT_TRUE(stored->isEmpty()) << "nothing was created";

    // An agent context with a known agent: 7 days.
    const Domain::Agent agent = h.addAgent(u"runner"_s, {Domain::Capability::CodeGeneration});
    const QJsonObject agentContext
        = createContext(u"agent"_s, {}, QJsonObject{{u"agent_id"_s, Domain::idString(agent.id)}});
    EXPECT_EQ(agentContext.value(u"agent_id"_s).toString(), Domain::idString(agent.id));
    EXPECT_EQ(agentContext.value(u"expires_at"_s).toString(), u"2026-11-30T12:00:00.000Z"_s);
    EXPECT_TRUE(createContext(u"global"_s).value(u"expires_at"_s).isNull()) << "global contexts never expire";
    EXPECT_EQ(createContext(u"temporary"_s).value(u"data"_s).toObject(), QJsonObject{}) << "data defaults to {}";
}

TEST_F(ContextApi, StaleWritersConflictOnlyOnOverlappingKeys)
{
    const QString id = createGlobal(QJsonObject{{u"plan"_s, 1}, {u"notes"_s, u"n"_s}});
    const QString path = u"/api/v1/contexts/"_s + id;
    // Three writers all read version 1.
    const HttpResult first
        = call("PATCH", path, QJsonObject{{u"updates"_s, QJsonObject{{u"plan"_s, 2}}}, {u"expected_version"_s, 1}});
    ASSERT_EQ(first.status, 200) << first.body.toStdString();
    EXPECT_EQ(first.json().value(u"version"_s).toInt(), 2);
    const HttpResult disjoint = call(
        "PATCH", path, QJsonObject{{u"updates"_s, QJsonObject{{u"notes"_s, u"n2"_s}}}, {u"expected_version"_s, 1}});
    ASSERT_EQ(disjoint.status, 200) << "non-overlapping updates merge: " << disjoint.body.toStdString();
    EXPECT_EQ(disjoint.json().value(u"version"_s).toInt(), 3);
    EXPECT_EQ(disjoint.json().value(u"data"_s).toObject(), (QJsonObject{{u"plan"_s, 2}, {u"notes"_s, u"n2"_s}}));

    const HttpResult clash = call(
        "PATCH", path,
        QJsonObject{{u"updates"_s, QJsonObject{{u"plan.step"_s, 9}, {u"extra"_s, true}}}, {u"expected_version"_s, 1}});
    EXPECT_EQ(clash.status, 409);
    EXPECT_EQ(errorOf(clash), u"CONTEXT_CONFLICT"_s);
    EXPECT_EQ(clash.json().value(u"conflicting_keys"_s).toArray(), QJsonArray{u"plan.step"_s})
        << "exactly the written keys that overlap a change since version 1";
    EXPECT_EQ(clash.json().value(u"current_version"_s).toInt(), 3);
    EXPECT_FALSE(clash.json().value(u"request_id"_s).toString().isEmpty());
    const QJsonObject unchanged = call("GET", path).json();
    EXPECT_EQ(unchanged.value(u"version"_s).toInt(), 3);
    EXPECT_FALSE(unchanged.value(u"data"_s).toObject().contains(u"extra"_s)) << "a conflict writes nothing";

    const HttpResult ahead
        = call("PATCH", path, QJsonObject{{u"updates"_s, QJsonObject{{u"plan"_s, 5}}}, {u"expected_version"_s, 7}});
    EXPECT_EQ(ahead.status, 409);
    EXPECT_EQ(errorOf(ahead), u"VERSION_MISMATCH"_s);

    const HttpResult current
        = call("PATCH", path, QJsonObject{{u"updates"_s, QJsonObject{{u"plan"_s, 5}}}, {u"expected_version"_s, 3}});
    EXPECT_EQ(current.status, 200);
    const HttpResult unchecked = call("PATCH", path, QJsonObject{{u"updates"_s, QJsonObject{{u"plan"_s, 6}}}});
    ASSERT_EQ(unchecked.status, 200) << "no expected_version: the write is not checked";
    EXPECT_EQ(unchecked.json().value(u"version"_s).toInt(), 5);
}

TEST_F(ContextApi, PatchListsEveryInvalidFieldAndChangesNothing)
{
    const QString id = createGlobal(QJsonObject{{u"plan"_s, 1}});
    const QString path = u"/api/v1/contexts/"_s + id;
    const QJsonObject valid{{u"updates"_s, QJsonObject{{u"plan"_s, 2}}}};
    EXPECT_EQ(errorOf(call("PATCH", path, QByteArray("{\"updates\": {"))), u"BAD_REQUEST"_s);
    EXPECT_EQ(call("PATCH", path, QByteArray()).status, 400);
    EXPECT_EQ(errorOf(call("PATCH", u"/api/v1/contexts/"_s + Unknown, valid)), u"NOT_FOUND"_s);
    EXPECT_EQ(call("PATCH", u"/api/v1/contexts/not-a-uuid"_s, valid).status, 404);

    EXPECT_EQ(fieldsOf(call("PATCH", path, QJsonObject{})), QStringList{u"updates"_s});
    EXPECT_EQ(fieldsOf(call("PATCH", path,
                            QJsonObject{{u"updates"_s, 3}, {u"expected_version"_s, u"one"_s}, {u"changed_by"_s, 1}})),
              (QStringList{u"changed_by"_s, u"expected_version"_s, u"updates"_s}));
    EXPECT_EQ(fieldsOf(call("PATCH", path, QJsonObject{{u"updates"_s, QJsonObject{}}, {u"expected_version"_s, 0}})),
              (QStringList{u"expected_version"_s, u"updates"_s}));
    const HttpResult badKeys = call("PATCH", path,
                                    QJsonObject{{u"updates"_s, QJsonObject{{u"a..b"_s, 1}, {u".x"_s, 2}, {u"ok"_s, 3}}},
                                                {u"scope"_s, u"global"_s},
                                                {u"data"_s, QJsonObject{}}});
    EXPECT_EQ(badKeys.status, 422);
    EXPECT_EQ(fieldsOf(badKeys), (QStringList{u"data"_s, u"scope"_s, u"updates..x"_s, u"updates.a..b"_s}));

    const QJsonObject stored = call("GET", path).json();
    EXPECT_EQ(stored.value(u"version"_s).toInt(), 1);
    EXPECT_EQ(stored.value(u"data"_s).toObject(), (QJsonObject{{u"plan"_s, 1}}));
}

TEST_F(ContextApi, KeysUseDotNotation)
{
    const QString id = createContext(u"temporary"_s).value(u"id"_s).toString();
    const QString keys = u"/api/v1/contexts/%1/keys/"_s.arg(id);

    const HttpResult put = call("PUT", keys + u"build.flags.opt"_s, QJsonObject{{u"value"_s, u"-O2"_s}});
    ASSERT_EQ(put.status, 200) << put.body.toStdString();
    EXPECT_EQ(put.json().value(u"data"_s).toObject(),
              (QJsonObject{{u"build"_s, QJsonObject{{u"flags"_s, QJsonObject{{u"opt"_s, u"-O2"_s}}}}}}));
    EXPECT_EQ(put.json().value(u"version"_s).toInt(), 2);
    const HttpResult parent = call("GET", keys + u"build.flags"_s);
    ASSERT_EQ(parent.status, 200);
    EXPECT_EQ(parent.json().value(u"value"_s).toObject(), (QJsonObject{{u"opt"_s, u"-O2"_s}}));

    // Any JSON value, null and arrays included.
    ASSERT_EQ(call("PUT", keys + u"maybe"_s, QByteArray(R"({"value": null})")).status, 200);
    const HttpResult nullValue = call("GET", keys + u"maybe"_s);
    ASSERT_EQ(nullValue.status, 200);
    EXPECT_TRUE(nullValue.json().contains(u"value"_s));
    EXPECT_TRUE(nullValue.json().value(u"value"_s).isNull());
    ASSERT_EQ(call("PUT", keys + u"list"_s, QByteArray(R"({"value": [1, "two"]})")).status, 200);
    EXPECT_EQ(call("GET", keys + u"list"_s).json().value(u"value"_s).toArray(), (QJsonArray{1, u"two"_s}));

    EXPECT_EQ(errorOf(call("PUT", keys + u"x"_s, QByteArray("{\"value\""))), u"BAD_REQUEST"_s);
    EXPECT_EQ(fieldsOf(call("PUT", keys + u"x"_s, QJsonObject{})), QStringList{u"value"_s});
    EXPECT_EQ(fieldsOf(call("PUT", keys + u"a..b"_s, QJsonObject{{u"value"_s, 1}})), QStringList{u"key"_s});
    EXPECT_EQ(fieldsOf(call("PUT", keys + u"a..b"_s, QJsonObject{})), (QStringList{u"key"_s, u"value"_s}));
    EXPECT_EQ(fieldsOf(call("GET", keys + u"a..b"_s)), QStringList{u"key"_s});
    EXPECT_EQ(call("DELETE", keys + u"a..b"_s).status, 422);

    EXPECT_EQ(errorOf(call("GET", keys + u"nope"_s)), u"NOT_FOUND"_s);
    EXPECT_EQ(call("GET", keys + u"build.flags.opt.deeper"_s).status, 404);
    EXPECT_EQ(call("DELETE", keys + u"build.flags.opt"_s).status, 204);
    EXPECT_EQ(call("DELETE", keys + u"build.flags.opt"_s).status, 404);
    EXPECT_EQ(call("GET", keys + u"build.flags.opt"_s).status, 404);

    const QString unknownKeys = u"/api/v1/contexts/%1/keys/"_s.arg(Unknown);
    EXPECT_EQ(call("GET", unknownKeys + u"a"_s).status, 404);
    EXPECT_EQ(call("PUT", unknownKeys + u"a"_s, QJsonObject{{u"value"_s, 1}}).status, 404);
    EXPECT_EQ(call("DELETE", unknownKeys + u"a"_s).status, 404);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/not-a-uuid/keys/a"_s).status, 404);
}

TEST_F(ContextApi, ListsByOwnerAreNotShadowedByTheIdRoute)
{
    const Domain::Session first = h.addSession(u"first"_s);
    const Domain::Session second = h.addSession(u"second"_s);
    const Domain::Agent agent = h.addAgent(u"runner"_s, {Domain::Capability::CodeGeneration});
    const QString a = createSessionContext(first.id(), QJsonObject{{u"x"_s, 1}, {u"y"_s, QJsonObject{{u"z"_s, 2}}}});
    h.clock.advance(1000);
    const QString b = createSessionContext(first.id(), QJsonObject{{u"w"_s, 1}});
    const QString other = createSessionContext(second.id());
    const QString agentContext = createContext(u"agent"_s, {}, QJsonObject{{u"agent_id"_s, Domain::idString(agent.id)}})
                                     .value(u"id"_s)
                                     .toString();
    const QString global = createGlobal();
    const QString sessionPath = u"/api/v1/contexts/session/"_s + Domain::idString(first.id());

    const HttpResult bySession = call("GET", sessionPath);
    ASSERT_EQ(bySession.status, 200) << bySession.body.toStdString();
    EXPECT_EQ(idsOf(bySession), (QStringList{a, b}));
    EXPECT_EQ(bySession.json().value(u"total"_s).toInt(), 2);
    EXPECT_EQ(bySession.json().value(u"page"_s).toInt(), 1);
    EXPECT_EQ(bySession.json().value(u"page_size"_s).toInt(), 50);
    EXPECT_EQ(bySession.json().value(u"total_pages"_s).toInt(), 1);
    const HttpResult secondPage = call("GET", sessionPath + u"?page=2&page_size=1"_s);
    EXPECT_EQ(idsOf(secondPage), QStringList{b});
    EXPECT_EQ(secondPage.json().value(u"total"_s).toInt(), 2);
    EXPECT_EQ(secondPage.json().value(u"total_pages"_s).toInt(), 2);
    EXPECT_EQ(idsOf(call("GET", u"/api/v1/contexts/session/"_s + Domain::idString(second.id()))), QStringList{other});
    EXPECT_EQ(fieldsOf(call("GET", sessionPath + u"?page_size=500&page=0"_s)),
              (QStringList{u"page"_s, u"page_size"_s}));
    EXPECT_EQ(errorOf(call("GET", u"/api/v1/contexts/session/"_s + Unknown)), u"NOT_FOUND"_s);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/session/not-a-uuid"_s).status, 404);

    const HttpResult summary = call("GET", sessionPath + u"/summary"_s);
    ASSERT_EQ(summary.status, 200) << summary.body.toStdString();
    EXPECT_EQ(summary.json(),
              (QJsonObject{{u"session_id"_s, Domain::idString(first.id())},
                           {u"context_count"_s, 2},
                           {u"key_count"_s, 3},
                           {u"by_scope"_s,
                            QJsonObject{{u"temporary"_s, 0}, {u"session"_s, 2}, {u"agent"_s, 0}, {u"global"_s, 0}}},
                           {u"last_updated_at"_s, u"2026-11-23T12:00:01.000Z"_s}}));
    EXPECT_EQ(call("GET", u"/api/v1/contexts/session/%1/summary"_s.arg(Unknown)).status, 404);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/session/not-a-uuid/summary"_s).status, 404);

    const HttpResult byAgent = call("GET", u"/api/v1/contexts/agent/"_s + Domain::idString(agent.id));
    ASSERT_EQ(byAgent.status, 200);
    EXPECT_EQ(idsOf(byAgent), QStringList{agentContext});
    EXPECT_EQ(errorOf(call("GET", u"/api/v1/contexts/agent/"_s + Unknown)), u"NOT_FOUND"_s);
    EXPECT_EQ(fieldsOf(call("GET", u"/api/v1/contexts/agent/%1?page=x"_s.arg(Domain::idString(agent.id)))),
              QStringList{u"page"_s});

    const HttpResult globals = call("GET", u"/api/v1/contexts/global"_s);
    ASSERT_EQ(globals.status, 200) << "static route not shadowed by {id}: " << globals.body.toStdString();
    EXPECT_EQ(idsOf(globals), QStringList{global});
    EXPECT_EQ(fieldsOf(call("GET", u"/api/v1/contexts/global?page_size=201"_s)), QStringList{u"page_size"_s});

    // A wrong method on a literal route is 405 for that route, not a lookup of a context "global".
    const HttpResult wrongMethod = call("DELETE", u"/api/v1/contexts/global"_s);
    EXPECT_EQ(wrongMethod.status, 405);
    EXPECT_EQ(wrongMethod.header("Allow"), "GET");
    const HttpResult getMerge = call("GET", u"/api/v1/contexts/merge"_s);
    EXPECT_EQ(getMerge.status, 405);
    EXPECT_EQ(getMerge.header("Allow"), "POST");
}

TEST_F(ContextApi, PromoteToGlobalButNeverFromTemporary)
{
    const Domain::Session session = h.addSession();
    const QString id = createSessionContext(session.id(), QJsonObject{{u"k"_s, 1}});
    const HttpResult promoted = call("POST", u"/api/v1/contexts/%1/promote-to-global"_s.arg(id));
    ASSERT_EQ(promoted.status, 200) << promoted.body.toStdString();
    EXPECT_EQ(promoted.json().value(u"scope"_s).toString(), u"global"_s);
    EXPECT_TRUE(promoted.json().value(u"expires_at"_s).isNull());
    EXPECT_EQ(promoted.json().value(u"version"_s).toInt(), 2);
    EXPECT_EQ(idsOf(call("GET", u"/api/v1/contexts/global"_s)), QStringList{id});
    const HttpResult again = call("POST", u"/api/v1/contexts/%1/promote-to-global"_s.arg(id));
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.json().value(u"version"_s).toInt(), 2) << "already global: unchanged";

    const QString temporary = createContext(u"temporary"_s).value(u"id"_s).toString();
    const HttpResult refused = call("POST", u"/api/v1/contexts/%1/promote-to-global"_s.arg(temporary));
    EXPECT_EQ(refused.status, 422);
    EXPECT_EQ(errorOf(refused), u"VALIDATION_ERROR"_s);
    EXPECT_EQ(fieldsOf(refused), QStringList{u"scope"_s});
    EXPECT_EQ(call("GET", u"/api/v1/contexts/"_s + temporary).json().value(u"scope"_s).toString(), u"temporary"_s);
    EXPECT_EQ(errorOf(call("POST", u"/api/v1/contexts/%1/promote-to-global"_s.arg(Unknown))), u"NOT_FOUND"_s);
}

TEST_F(ContextApi, ShareClonesOrMergesIntoAnotherSession)
{
    const Domain::Session from = h.addSession(u"from"_s);
    const Domain::Session to = h.addSession(u"to"_s);
    const QString target = Domain::idString(to.id());
    const QString source = createSessionContext(from.id(), QJsonObject{{u"x"_s, QJsonObject{{u"a"_s, 1}}}});
    const QString sharePath = u"/api/v1/contexts/%1/share"_s.arg(source);

    const HttpResult clone
        = call("POST", sharePath, QJsonObject{{u"target_session_id"_s, target}, {u"mode"_s, u"clone"_s}});
    ASSERT_EQ(clone.status, 200) << clone.body.toStdString();
    const QString cloneId = clone.json().value(u"id"_s).toString();
    EXPECT_NE(cloneId, source);
    EXPECT_EQ(clone.json().value(u"scope"_s).toString(), u"session"_s);
    EXPECT_EQ(clone.json().value(u"session_id"_s).toString(), target);
    EXPECT_EQ(clone.json().value(u"data"_s).toObject(), (QJsonObject{{u"x"_s, QJsonObject{{u"a"_s, 1}}}}));
    EXPECT_EQ(clone.json()[u"metadata"_s][u"shared_from"_s].toString(), source);

    ASSERT_EQ(call("PUT", u"/api/v1/contexts/%1/keys/x.b"_s.arg(cloneId), QJsonObject{{u"value"_s, 2}}).status, 200);
    const HttpResult merged
        = call("POST", sharePath, QJsonObject{{u"target_session_id"_s, target}, {u"mode"_s, u"merge"_s}});
    ASSERT_EQ(merged.status, 200) << merged.body.toStdString();
    EXPECT_EQ(merged.json().value(u"id"_s).toString(), cloneId) << "merged into the target session's context";
    EXPECT_EQ(merged.json()[u"data"_s][u"x"_s].toObject(), (QJsonObject{{u"a"_s, 1}, {u"b"_s, 2}}));
    EXPECT_EQ(idsOf(call("GET", u"/api/v1/contexts/session/"_s + target)), QStringList{cloneId});

    EXPECT_EQ(errorOf(call("POST", sharePath, QByteArray("{"))), u"BAD_REQUEST"_s);
    EXPECT_EQ(fieldsOf(call("POST", sharePath, QJsonObject{})), (QStringList{u"mode"_s, u"target_session_id"_s}));
    EXPECT_EQ(
        fieldsOf(call("POST", sharePath, QJsonObject{{u"target_session_id"_s, u"nope"_s}, {u"mode"_s, u"copy"_s}})),
        (QStringList{u"mode"_s, u"target_session_id"_s}));
    const HttpResult unknownTarget
        = call("POST", sharePath, QJsonObject{{u"target_session_id"_s, Unknown}, {u"mode"_s, u"clone"_s}});
    EXPECT_EQ(unknownTarget.status, 422);
    EXPECT_EQ(fieldsOf(unknownTarget), QStringList{u"target_session_id"_s});
    EXPECT_EQ(errorOf(call("POST", u"/api/v1/contexts/%1/share"_s.arg(Unknown),
                           QJsonObject{{u"target_session_id"_s, target}, {u"mode"_s, u"clone"_s}})),
              u"NOT_FOUND"_s);
}

TEST_F(ContextApi, MergeMakesANewContextAndLeavesManualConflictsUnresolved)
{
    const Domain::Session session = h.addSession();
    const QString a = createSessionContext(session.id(), QJsonObject{{u"k"_s, 1}, {u"a"_s, true}});
    const QString b = createGlobal(QJsonObject{{u"k"_s, 2}, {u"b"_s, true}});
    const QJsonArray ids{a, b};

    const HttpResult manual
        = call("POST", u"/api/v1/contexts/merge"_s, QJsonObject{{u"context_ids"_s, ids}, {u"strategy"_s, u"manual"_s}});
    ASSERT_EQ(manual.status, 200) << manual.body.toStdString();
    const QJsonObject result = manual.json();
    EXPECT_EQ(result.value(u"version"_s).toInt(), 1);
    EXPECT_EQ(result.value(u"scope"_s).toString(), u"global"_s) << "the widest scope of the inputs";
    EXPECT_EQ(result.value(u"metadata"_s).toObject(),
              (QJsonObject{{u"merged_from"_s, ids}, {u"merge_strategy"_s, u"manual"_s}}));
    EXPECT_EQ(result.value(u"data"_s).toObject(), (QJsonObject{{u"a"_s, true}, {u"b"_s, true}}))
        << "the conflicting key is left out";
    EXPECT_EQ(result.value(u"conflicts"_s).toArray(),
              (QJsonArray{QJsonObject{{u"key"_s, u"k"_s}, {u"values"_s, QJsonArray{1, 2}}}}));
    const QString mergedId = result.value(u"id"_s).toString();
    EXPECT_NE(mergedId, a);
    EXPECT_NE(mergedId, b);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/"_s + mergedId).status, 200) << "the merge is stored";

    const auto strategy = [&](const QString &name) {
        const HttpResult merged
            = call("POST", u"/api/v1/contexts/merge"_s, QJsonObject{{u"context_ids"_s, ids}, {u"strategy"_s, name}});
        EXPECT_EQ(merged.status, 200) << merged.body.toStdString();
        EXPECT_EQ(merged.json().value(u"conflicts"_s).toArray(), QJsonArray{}) << name.toStdString();
        return merged.json().value(u"data"_s).toObject();
    };
    EXPECT_EQ(strategy(u"prefer_target"_s).value(u"k"_s).toInt(), 1) << "the first id wins";
    EXPECT_EQ(strategy(u"prefer_source"_s).value(u"k"_s).toInt(), 2) << "later ids win";
    const QString left = createGlobal(QJsonObject{{u"cfg"_s, QJsonObject{{u"x"_s, 1}}}});
    const QString right = createGlobal(QJsonObject{{u"cfg"_s, QJsonObject{{u"y"_s, 2}}}});
    const HttpResult deep
        = call("POST", u"/api/v1/contexts/merge"_s,
               QJsonObject{{u"context_ids"_s, QJsonArray{left, right}}, {u"strategy"_s, u"deep_merge"_s}});
    ASSERT_EQ(deep.status, 200);
    EXPECT_EQ(deep.json()[u"data"_s][u"cfg"_s].toObject(), (QJsonObject{{u"x"_s, 1}, {u"y"_s, 2}}));

    EXPECT_EQ(errorOf(call("POST", u"/api/v1/contexts/merge"_s, QByteArray("{\"context_ids\": ["))), u"BAD_REQUEST"_s);
    EXPECT_EQ(fieldsOf(call("POST", u"/api/v1/contexts/merge"_s, QJsonObject{})),
              (QStringList{u"context_ids"_s, u"strategy"_s}));
    EXPECT_EQ(fieldsOf(call("POST", u"/api/v1/contexts/merge"_s,
                            QJsonObject{{u"context_ids"_s, QJsonArray{a}}, {u"strategy"_s, u"coin_flip"_s}})),
              (QStringList{u"context_ids"_s, u"strategy"_s}));
    EXPECT_EQ(fieldsOf(call("POST", u"/api/v1/contexts/merge"_s,
                            QJsonObject{{u"context_ids"_s, QJsonArray{a, u"nope"_s}}, {u"strategy"_s, u"manual"_s}})),
              QStringList{u"context_ids"_s});
    EXPECT_EQ(
        fieldsOf(call("POST", u"/api/v1/contexts/merge"_s,
                      QJsonObject{{u"context_ids"_s, QJsonArray{a, b, u"nope"_s}}, {u"strategy"_s, u"manual"_s}})),
        QStringList{u"context_ids"_s})
        << "every id must be a UUID, not just two of them";
    EXPECT_EQ(fieldsOf(call("POST", u"/api/v1/contexts/merge"_s,
                            QJsonObject{{u"context_ids"_s, a}, {u"strategy"_s, u"manual"_s}})),
              QStringList{u"context_ids"_s});
    const HttpResult unknown
        = call("POST", u"/api/v1/contexts/merge"_s,
               QJsonObject{{u"context_ids"_s, QJsonArray{a, Unknown}}, {u"strategy"_s, u"manual"_s}});
    EXPECT_EQ(unknown.status, 422);
    EXPECT_EQ(fieldsOf(unknown), QStringList{u"context_ids"_s});
}

TEST_F(ContextApi, DiffComparesFlattenedKeys)
{
    const QString a = createGlobal(
        QJsonObject{{u"same"_s, 1}, {u"old"_s, 1}, {u"changed"_s, 1}, {u"deep"_s, QJsonObject{{u"v"_s, 1}}}});
    const QString b = createGlobal(
        QJsonObject{{u"same"_s, 1}, {u"new"_s, 1}, {u"changed"_s, 2}, {u"deep"_s, QJsonObject{{u"v"_s, 2}}}});
    const HttpResult diff = call("GET", u"/api/v1/contexts/%1/diff/%2"_s.arg(a, b));
    ASSERT_EQ(diff.status, 200) << diff.body.toStdString();
    const QJsonObject modified{{u"changed"_s, QJsonObject{{u"old"_s, 1}, {u"new"_s, 2}}},
                               {u"deep.v"_s, QJsonObject{{u"old"_s, 1}, {u"new"_s, 2}}}};
    EXPECT_EQ(diff.json(), (QJsonObject{{u"added"_s, QJsonObject{{u"new"_s, 1}}},
                                        {u"modified"_s, modified},
                                        {u"deleted"_s, QJsonArray{u"old"_s}},
                                        {u"has_conflicts"_s, true}}));
    const HttpResult same = call("GET", u"/api/v1/contexts/%1/diff/%1"_s.arg(a));
    EXPECT_EQ(same.json(), (QJsonObject{{u"added"_s, QJsonObject{}},
                                        {u"modified"_s, QJsonObject{}},
                                        {u"deleted"_s, QJsonArray{}},
                                        {u"has_conflicts"_s, false}}));

    EXPECT_EQ(errorOf(call("GET", u"/api/v1/contexts/%1/diff/%2"_s.arg(a, Unknown))), u"NOT_FOUND"_s);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/%1/diff/%2"_s.arg(Unknown, a)).status, 404);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/%1/diff/not-a-uuid"_s.arg(a)).status, 404);
}

TEST_F(ContextApi, HistoryIsNewestFirstAndAtMostAHundred)
{
    const QString id = createGlobal();
    const QUuid uuid = *Domain::parseId(id);
    for (int i = 0; i < 120; ++i)
        ASSERT_TRUE(await(h.contexts.putKey(uuid, u"counter"_s, i, u"me"_s)).ok());
    const HttpResult all = call("GET", u"/api/v1/contexts/%1/history"_s.arg(id));
    ASSERT_EQ(all.status, 200);
    const QJsonArray items = all.json().value(u"items"_s).toArray();
    ASSERT_EQ(items.size(), 100) << "the newest 100 are kept";
    EXPECT_EQ(items.first()[u"new_value"_s].toInt(), 119);
    EXPECT_EQ(items.first()[u"old_value"_s].toInt(), 118);
    EXPECT_EQ(items.first()[u"changed_by"_s].toString(), u"me"_s);
    EXPECT_EQ(items.last()[u"new_value"_s].toInt(), 20);
    const HttpResult few = call("GET", u"/api/v1/contexts/%1/history?limit=5"_s.arg(id));
    ASSERT_EQ(few.json().value(u"items"_s).toArray().size(), 5);
    EXPECT_EQ(few.json()[u"items"_s][0][u"version"_s].toInt(), 121);

    for (const QString &limit : {u"101"_s, u"0"_s, u"many"_s})
        EXPECT_EQ(fieldsOf(call("GET", u"/api/v1/contexts/%1/history?limit=%2"_s.arg(id, limit))),
                  QStringList{u"limit"_s})
            << limit.toStdString();
    EXPECT_EQ(errorOf(call("GET", u"/api/v1/contexts/%1/history"_s.arg(Unknown))), u"NOT_FOUND"_s);
}

TEST_F(ContextApi, ExpiredContextsAreGoneAndOutagesAre503)
{
    const QString temporary = createContext(u"temporary"_s).value(u"id"_s).toString();
    const QString global = createGlobal();
    h.clock.advance(3600 * 1000);
    EXPECT_EQ(errorOf(call("GET", u"/api/v1/contexts/"_s + temporary)), u"NOT_FOUND"_s) << "temporary: 1 h";
    EXPECT_EQ(call("GET", u"/api/v1/contexts/"_s + global).status, 200);

    h.store.setFailure(Domain::Error::unavailable(u"database restarting"_s));
    const HttpResult down = call("GET", u"/api/v1/contexts/"_s + global);
    EXPECT_EQ(down.status, 503);
    EXPECT_EQ(errorOf(down), u"UNAVAILABLE"_s);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/global"_s).status, 503);
    h.store.setFailure(std::nullopt);
    EXPECT_EQ(call("GET", u"/api/v1/contexts/global"_s).status, 200);
}
