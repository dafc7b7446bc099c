// Random and mutated request bodies at every POST, PATCH and PUT route over a real socket: wrong
// types, huge and deeply nested values, invalid UTF-8, truncated JSON, oversized bodies. No answer may
// be a 5xx, every 4xx carries the error envelope, and /health still answers afterwards. Built and run
// under AddressSanitizer by scripts/test (the asan preset). ORC_FUZZ_SEED replays a run;
// ORC_FUZZ_BODIES sets how many bodies (default 10,000).
#include "api/controllers/agentcontroller.h"
#include "api/controllers/contextcontroller.h"
#include "api/controllers/eapcontroller.h"
#include "api/controllers/eventcontroller.h"
#include "api/controllers/healthcontroller.h"
#include "api/controllers/lockcontroller.h"
#include "api/controllers/sessioncontroller.h"
#include "api/controllers/taskcontroller.h"

#include "apitest.h"
#include "domain/identifiers.h"
#include "support/fakerunner.h"
#include "support/gate.h"

#include <QRandomGenerator>

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

// Valid bodies of each writing route (by pattern), the seeds the mutations start from.
QJsonObject seedBody(const QString &pattern)
{
    if (pattern.endsWith(u"/sessions"_s))
        return {{u"title"_s, u"Fuzzed"_s},
                {u"initial_prompt"_s, u"Go"_s},
                {u"tags"_s, QJsonArray{u"a"_s}},
                {u"priority"_s, 2},
                {u"metadata"_s, QJsonObject{{u"k"_s, 1}}}};
    if (pattern.endsWith(u"/checkpoints"_s))
        return {{u"data"_s, QJsonObject{{u"step"_s, 1}}}, {u"metadata"_s, QJsonObject()}};
    if (pattern.endsWith(u"/complete"_s))
        return {{u"result"_s, QJsonObject{{u"ok"_s, true}}}, {u"success_rate"_s, 0.5}};
    if (pattern.endsWith(u"/fail"_s))
        return {{u"error_message"_s, u"boom"_s}, {u"retryable"_s, true}};
    if (pattern.endsWith(u"/register"_s))
        return {{u"protocol_version"_s, u"1.0"_s},
                {u"name"_s, u"fuzz-external"_s},
                {u"endpoint_url"_s, u"http://127.0.0.1:9/agent"_s},
                {u"capabilities"_s, QJsonArray{u"testing"_s}}};
    if (pattern.endsWith(u"/progress"_s))
        return {{u"progress"_s, 0.5},
                {u"message"_s, u"m"_s},
                {u"log"_s, QJsonArray{u"l"_s}},
                {u"checkpoint"_s, QJsonObject{{u"step"_s, 1}}}};
    if (pattern.endsWith(u"/result"_s))
        return {{u"status"_s, u"completed"_s},
                {u"output_data"_s, QJsonObject{{u"k"_s, 1}}},
                {u"artifacts"_s, QJsonArray{QJsonObject{{u"path"_s, u"a.txt"_s}, {u"content"_s, u"x"_s}}}},
                {u"tokens_used"_s, 5},
                {u"cost_usd"_s, 0.1},
                {u"quality_score"_s, 0.5}};
    if (pattern.endsWith(u"/heartbeat"_s))
        return {{u"status"_s, u"healthy"_s}, {u"current_load"_s, 0.2}, {u"tasks_in_progress"_s, 1}};
    if (pattern.endsWith(u"/agents"_s))
        return {{u"name"_s, u"fuzz-agent"_s},
                {u"kind"_s, u"process"_s},
                {u"config"_s, QJsonObject{{u"command"_s, QJsonArray{u"true"_s}}}},
                {u"capabilities"_s, QJsonArray{u"testing"_s}}};
    if (pattern.endsWith(u"/route"_s))
        return {{u"required_capabilities"_s, QJsonArray{u"testing"_s}}, {u"match_all"_s, true}};
    if (pattern.endsWith(u"/performance"_s))
        return {{u"task_success"_s, true}, {u"quality_score"_s, 0.9}, {u"tokens_used"_s, 10}};
    if (pattern.endsWith(u"/tasks"_s))
        return {{u"title"_s, u"Fuzzed task"_s},
                {u"estimate"_s,
                 QJsonObject{{u"optimistic_hours"_s, 1}, {u"likely_hours"_s, 2}, {u"pessimistic_hours"_s, 3}}}};
    if (pattern.endsWith(u"/status"_s))
        return {{u"status"_s, u"ready"_s}};
    if (pattern.endsWith(u"/assign"_s))
        return {{u"agent_id"_s, UnknownId}};
    if (pattern.endsWith(u"/decompose"_s))
        return {{u"max_depth"_s, 2}, {u"max_subtasks"_s, 10}};
    if (pattern.endsWith(u"/dependencies"_s))
        return {{u"depends_on_task_id"_s, UnknownId}, {u"dependency_type"_s, u"finish_to_start"_s}};
    if (pattern.endsWith(u"/contexts"_s))
        return {{u"scope"_s, u"global"_s}, {u"data"_s, QJsonObject{{u"a"_s, QJsonObject{{u"b"_s, 1}}}}}};
    if (pattern.endsWith(u"/merge"_s))
        return {{u"context_ids"_s, QJsonArray{UnknownId, UnknownId}}, {u"strategy"_s, u"manual"_s}};
    if (pattern.endsWith(u"/share"_s))
        return {{u"target_session_id"_s, UnknownId}, {u"mode"_s, u"clone"_s}};
    if (pattern.contains(u"/keys/"_s))
        return {{u"value"_s, QJsonObject{{u"x"_s, 1}}}};
    if (pattern.contains(u"/contexts/"_s))
        return {{u"updates"_s, QJsonObject{{u"a.b"_s, 2}}}, {u"expected_version"_s, 1}};
    return {{u"title"_s, u"Changed"_s}, {u"status"_s, u"online"_s}};
}

class Fuzzer
{
public:
    explicit Fuzzer(quint32 seed) : m_random(seed) {}

    int below(int n) { return int(m_random.bounded(quint32(n))); }
    bool chance(int percent) { return below(100) < percent; }

    QJsonValue anyValue(int depth = 0)
    {
        switch (below(depth > 3 ? 6 : 8)) {
        case 0: return QJsonValue();
        case 1: return chance(50);
        case 2: return double(qint64(m_random.generate64()) >> below(64));
        case 3: {
            static const double odd[] = {0.0, -0.0, 1e308, -1e308, 1e-308, 0.5, -1, 2147483648.0, 9007199254740993.0};
            return odd[below(int(std::size(odd)))];
        }
        case 4: return text();
        case 5: return QJsonValue(QJsonValue::Null);
        case 6: {
            QJsonArray array;
            for (int i = below(5); i > 0; --i)
                array.append(anyValue(depth + 1));
            return array;
        }
        default: {
            QJsonObject object;
            for (int i = below(5); i > 0; --i)
                object.insert(text(12), anyValue(depth + 1));
            return object;
        }
        }
    }

    QString text(int maxLength = 40)
    {
        static const QStringList samples{u""_s,       u" "_s,        u"null"_s,     u"pending"_s, u"global"_s,
                                         UnknownId,   u"a.b.c"_s,    u"..x"_s,      u"ünï©ødé"_s, u"\u0000"_s,
                                         u"😀"_s,      u"' OR 1=1"_s, u"<script>"_s, u"-1"_s,      u"1e400"_s,
                                         u"manual"_s, u"clone"_s,    u"testing"_s};
        if (chance(50))
            return samples.at(below(int(samples.size())));
        QString s;
        for (int i = below(maxLength); i > 0; --i)
            s += QChar(char16_t(0x20 + below(0x5e)));
        return s;
    }

    // A body: a mutated valid one, a random value, or raw bytes that are no valid JSON at all.
    QByteArray body(const QJsonObject &seed)
    {
        switch (below(10)) {
        case 0: { // deep nesting
            const int depth = 100 + below(20000);
            return QByteArray(depth, '[') + QByteArray(depth, ']');
        }
        case 1: { // invalid UTF-8 inside a string
            QByteArray bytes = QJsonDocument(seed).toJson(QJsonDocument::Compact);
            const QByteArray bad[] = {"\xff", "\xc3\x28", "\xe2\x82", "\xed\xa0\x80", "\xf8\x88\x80\x80\x80"};
            const qsizetype at = bytes.indexOf(":\"");
            if (at >= 0)
                bytes.insert(at + 2, bad[below(int(std::size(bad)))]);
            else
                bytes.append(bad[0]);
            return bytes;
        }
        case 2: { // truncated or garbage
            QByteArray bytes = QJsonDocument(seed).toJson(QJsonDocument::Compact);
            bytes.truncate(below(int(bytes.size()) + 1));
            if (!bytes.isEmpty() && chance(30))
                bytes[below(int(bytes.size()))] = char(below(256));
            return bytes;
        }
        case 3: { // huge string values, sometimes over the 1 MiB limit
            QJsonObject object = seed;
            const int size = chance(20) ? 1024 * 1024 + below(4096) : below(200000);
            object.insert(seed.isEmpty() ? u"title"_s : seed.keys().at(below(int(seed.size()))), QString(size, u'x'));
            return QJsonDocument(object).toJson(QJsonDocument::Compact);
        }
        case 4: { // a random top-level value: object, array or a bare scalar
            const QJsonValue value = anyValue();
            if (value.isObject())
                return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
            if (value.isArray())
                return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
            const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
            return wrapped.mid(1, wrapped.size() - 2);
        }
        default: { // the valid body with fields of the wrong type, removed or added
            QJsonObject object = seed;
            for (int i = 1 + below(3); i > 0; --i) {
                const QStringList keys = object.keys();
                if (!keys.isEmpty() && chance(70))
                    object.insert(keys.at(below(int(keys.size()))), anyValue());
                else if (!keys.isEmpty() && chance(50))
                    object.remove(keys.at(below(int(keys.size()))));
                else
                    object.insert(text(16), anyValue());
            }
            return QJsonDocument(object).toJson(QJsonDocument::Compact);
        }
        }
    }

private:
    QRandomGenerator m_random;
};

class Fuzz : public ApiTest
{
protected:
    void addRoutes(Api::Router &router) override
    {
        sessions.addRoutes(router);
        agentController.addRoutes(router);
        events.addRoutes(router);
        tasks.addRoutes(router);
        contexts.addRoutes(router);
        locks.addRoutes(router);
        health.addRoutes(router);
        eap.setApiToken(QString::fromLatin1(ApiToken));
        eap.addRoutes(router);
    }

    Application::HealthMonitor monitor;
    Api::SessionController sessions{h.sessions, h.store, h.clock};
    Api::AgentController agentController{h.agents, h.scheduler};
    Api::EventController events{h.store};
    Api::TaskController tasks{h.tasks};
    Api::ContextController contexts{h.contexts, h.sessions, h.agents};
    Api::LockController locks{h.locks, h.clock};
    Api::HealthController health{monitor, u"test"_s};
    Api::EapController eap{h.agents, h.scheduler};
};

} // namespace

TEST_F(Fuzz, NoBodyGetsA5xxEveryRefusalIsAnEnvelopeAndTheServiceStaysUp)
{
    const quint32 seed = qEnvironmentVariableIsSet("ORC_FUZZ_SEED") ? qEnvironmentVariable("ORC_FUZZ_SEED").toUInt()
                                                                    : QRandomGenerator::global()->generate();
    const int bodies
        = qEnvironmentVariableIsSet("ORC_FUZZ_BODIES") ? qEnvironmentVariableIntValue("ORC_FUZZ_BODIES") : 10000;
    std::printf("fuzz: seed %u (ORC_FUZZ_SEED=%u replays it), %d bodies\n", seed, seed, bodies);
    Fuzzer fuzz(seed);

    // Real ids, so that many requests get past the lookup to the body's checks.
    h.addAgent(u"fuzz-runner"_s, {Domain::Capability::Testing}, 50);
    const QString session
        = call("POST", u"/api/v1/sessions"_s, QJsonObject{{u"title"_s, u"S"_s}, {u"initial_prompt"_s, u"P"_s}})
              .json()
              .value(u"id"_s)
              .toString();
    const QString task
        = call("POST", u"/api/v1/tasks"_s, QJsonObject{{u"title"_s, u"T"_s}}).json().value(u"id"_s).toString();
    const QString context
        = call("POST", u"/api/v1/contexts"_s, QJsonObject{{u"scope"_s, u"global"_s}}).json().value(u"id"_s).toString();
    const QString agent = Domain::idString(h.agents.list().first().id);
    ASSERT_FALSE(session.isEmpty() || task.isEmpty() || context.isEmpty());
    // An external agent with a dispatched task, so that its reports get past the token to the body.
    FakeRunner runner{Domain::AgentKind::External};
    h.scheduler.addRunner(&runner);
    h.scheduler.start();
    const QJsonObject external = call("POST", u"/api/v1/agents/external/register"_s, seedBody(u"/register"_s)).json();
    const QString externalId = external.value(u"agent_id"_s).toString();
    const QByteArray agentToken = external.value(u"auth_token"_s).toString().toUtf8();
    const QString work = call("POST", u"/api/v1/sessions"_s,
                              QJsonObject{{u"title"_s, u"W"_s},
                                          {u"initial_prompt"_s, u"P"_s},
                                          {u"auto_start"_s, true},
                                          {u"agent_config"_s, QJsonObject{{u"agent_id"_s, externalId}}}})
                             .json()
                             .value(u"id"_s)
                             .toString();
    ASSERT_TRUE(waitUntil([&] { return runner.dispatches.size() == 1; })) << work.toStdString();
    const QString dispatchedTask = Domain::idString(runner.dispatches.constFirst().request.taskId);

    QList<Api::Router::Route> writing;
    for (const Api::Router::Route &route : server.router().routes()) {
        if (route.method == "POST" || route.method == "PATCH" || route.method == "PUT")
            writing.append(route);
    }
    ASSERT_GE(writing.size(), 35);

    auto pathFor = [&](const QString &pattern) {
        QString path = pattern;
        QString id = UnknownId;
        if (pattern.contains(u"/sessions/"_s))
            id = session;
        else if (pattern.contains(u"/tasks/"_s))
            id = task;
        else if (pattern.contains(u"/contexts/"_s))
            id = context;
        else if (pattern.contains(u"/agents/external/"_s))
            id = externalId;
        else if (pattern.contains(u"/agents/"_s))
            id = agent;
        if (fuzz.chance(10))
            id = fuzz.chance(50) ? UnknownId : u"not-an-id"_s;
        return path.replace(u"{id}"_s, id)
            .replace(u"{sequence}"_s, QString::number(fuzz.below(3)))
            .replace(u"{key}"_s, u"a.b"_s)
            .replace(u"{task_id}"_s, fuzz.chance(10) ? UnknownId : dispatchedTask);
    };

    QMap<int, int> statuses;
    int sent = 0;
    constexpr int InFlight = 16;
    while (sent < bodies) {
        std::vector<QCoro::Task<HttpResult>> batch;
        std::vector<QByteArray> sentBodies;
        std::vector<QString> paths;
        for (int i = 0; i < InFlight && sent < bodies; ++i, ++sent) {
            const Api::Router::Route &route = writing.at(fuzz.below(int(writing.size())));
            paths.push_back(QString::fromLatin1(route.method) + u' ' + pathFor(route.pattern));
            sentBodies.push_back(fuzz.body(seedBody(route.pattern)));
            QList<std::pair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + ApiToken}};
            if (route.pattern.contains(u"/external/{id}/"_s))
                headers.append({"X-Agent-Token", agentToken});
            batch.push_back(
                client.sendAsync(route.method, url(paths.back().section(u' ', 1)), sentBodies.back(), headers));
        }
        for (size_t i = 0; i < batch.size(); ++i) {
            const HttpResult result = QCoro::waitFor(std::move(batch[i]));
            ++statuses[result.status];
            const std::string context = paths[i].toStdString() + " with " + sentBodies[i].left(200).toStdString();
            ASSERT_GT(result.status, 0) << "no answer: " << context;
            ASSERT_LT(result.status, 500) << context << " -> " << result.body.toStdString();
            if (result.status >= 400) {
                const QJsonObject envelope = result.json();
                ASSERT_TRUE(envelope.contains(u"error"_s) && envelope.contains(u"message"_s)
                            && envelope.contains(u"request_id"_s))
                    << context << " -> " << result.body.left(300).toStdString();
                ASSERT_EQ(result.header("X-Request-ID").isEmpty(), false);
            }
        }
    }
    QStringList summary;
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
        summary << u"%1: %2"_s.arg(it.key()).arg(it.value());
    std::printf("fuzz: answers by status: %s\n", qPrintable(summary.join(u", "_s)));
    EXPECT_GE(statuses.value(400), 1);
    EXPECT_GE(statuses.value(413), 1);
    EXPECT_GE(statuses.value(422), 1);
    EXPECT_EQ(client.get(url(u"/health/live"_s)).status, 200);
    EXPECT_EQ(call("GET", u"/api/v1/sessions/"_s + session).status, 200);
    h.scheduler.stop();
}
