// The WebSocket hub over real sockets: real QWebSocket clients (and a raw TCP client that stops
// reading) on the HTTP server's port, events from real session lifecycles driven over REST.
#include "api/controllers/sessioncontroller.h"
#include "api/http/httpserver.h"
#include "api/ws/websockethub.h"

#include "application/harness.h"
#include "domain/identifiers.h"
#include "support/gate.h"
#include "support/httpclient.h"

#include <QJsonArray>
#include <QTcpSocket>
#include <QWebSocket>

#include <gtest/gtest.h>

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QByteArray Token = "orc_ws-test-token";

// A client that keeps every message it receives, and how the connection ended.
class WsClient
{
public:
    explicit WsClient(bool answerHeartbeats = true) : m_answer(answerHeartbeats)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) {
            const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
            messages.append(message);
            if (m_answer && message.value(u"type"_s).toString() == u"heartbeat"_s)
                socket.sendTextMessage(uR"({"type":"pong"})"_s);
        });
        QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] {
            closed = true;
            closeCode = int(socket.closeCode());
            closeReason = socket.closeReason();
        });
    }

    void open(const QUrl &url, const QByteArray &token = Token)
    {
        QNetworkRequest request(url);
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        socket.open(request);
    }

    bool waitOpen()
    {
        return waitUntil([this] { return socket.state() == QAbstractSocket::ConnectedState || closed; });
    }

    // The events received (messages with a seq), in order.
    QList<QJsonObject> events() const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &m : messages) {
            if (m.contains(u"seq"_s))
                out.append(m);
        }
        return out;
    }
    QList<qint64> seqs() const
    {
        QList<qint64> out;
        for (const QJsonObject &m : events())
            out.append(m.value(u"seq"_s).toInteger());
        return out;
    }
    int count(const QString &type) const
    {
        int n = 0;
        for (const QJsonObject &m : messages)
            n += m.value(u"type"_s).toString() == type ? 1 : 0;
        return n;
    }

    QWebSocket socket;
    QList<QJsonObject> messages;
    bool closed = false;
    int closeCode = 0;
    QString closeReason;

private:
    bool m_answer;
};

class WebSocketApi : public ::testing::Test
{
protected:
    void SetUp() override
    {
        h.addAgent(u"runner"_s, {Domain::Capability::CodeGeneration}, 50);
        start({});
    }

    void start(Api::WebSocketSettings settings)
    {
        hub = std::make_unique<Api::WebSocketHub>(h.bus, h.store, settings);
        server = std::make_unique<Api::HttpServer>();
        server->setApiToken(QString::fromLatin1(Token));
        hub->setApiToken(QString::fromLatin1(Token));
        sessionController.addRoutes(server->router());
        hub->attach(*server);
        port = server->listen(QHostAddress(QHostAddress::LocalHost), 0);
        ASSERT_NE(port, 0);
    }

    void TearDown() override
    {
        hub.reset();
        server.reset();
    }

    QUrl ws(const QString &path) const { return QUrl(u"ws://127.0.0.1:%1%2"_s.arg(port).arg(path)); }
    QUrl http(const QString &path) const { return QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path)); }

    HttpResult call(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return rest.send(method, http(path), body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(),
                         {{"Authorization", "Bearer " + Token}});
    }

    // A session created, started, checkpointed and completed over REST; its id.
    QString lifecycle(const QString &title)
    {
        const HttpResult created
            = call("POST", u"/api/v1/sessions"_s, {{u"title"_s, title}, {u"initial_prompt"_s, u"Make it green"_s}});
        EXPECT_EQ(created.status, 201) << created.body.toStdString();
        const QString id = created.json().value(u"id"_s).toString();
        EXPECT_EQ(call("POST", u"/api/v1/sessions/%1/start"_s.arg(id)).status, 200);
        EXPECT_EQ(call("POST", u"/api/v1/sessions/%1/checkpoints"_s.arg(id), {{u"data"_s, QJsonObject{{u"step"_s, 1}}}})
                      .status,
                  201);
        EXPECT_EQ(call("POST", u"/api/v1/sessions/%1/complete"_s.arg(id), {{u"result"_s, QJsonObject{{u"ok"_s, true}}}})
                      .status,
                  200);
        return id;
    }

    // A log event per call, straight into the store (seq given, then published), the event loop
    // running between them as it does when events come from work (clients read meanwhile).
    void logLines(int count, int bytes)
    {
        const QString line(bytes, u'x');
        for (int i = 0; i < count; ++i) {
            Application::ChangeSet changes;
            changes.events.append(Domain::makeEvent(Domain::EventType::SessionLog,
                                                    QJsonObject{{u"line"_s, line}, {u"n"_s, i}},
                                                    QDateTime::currentDateTimeUtc()));
            ASSERT_TRUE(await(h.store.commit(std::move(changes))).ok());
            QCoreApplication::processEvents();
        }
    }

    // The seqs published after `afterSeq`, in order.
    QList<qint64> publishedAfter(qint64 afterSeq) const
    {
        QList<qint64> seqs;
        for (const Domain::Event &e : std::as_const(h.published)) {
            if (e.seq > afterSeq)
                seqs.append(e.seq);
        }
        return seqs;
    }

    Harness h;
    Api::SessionController sessionController{h.sessions, h.store, h.clock};
    std::unique_ptr<Api::WebSocketHub> hub;
    std::unique_ptr<Api::HttpServer> server;
    quint16 port = 0;
    HttpClient rest;
};

QStringList typesOf(const QList<QJsonObject> &events)
{
    QStringList types;
    for (const QJsonObject &e : events)
        types.append(e.value(u"type"_s).toString());
    return types;
}

} // namespace

TEST_F(WebSocketApi, AClientIsGreetedThenGetsItsSessionsEventsInSeqOrderExactlyOnce)
{
    WsClient client;
    client.open(ws(u"/ws/sessions"_s));
    ASSERT_TRUE(client.waitOpen());
    ASSERT_TRUE(waitUntil([&] { return client.messages.size() >= 2; }));
    const QJsonObject hello = client.messages[0];
    EXPECT_EQ(hello.value(u"type"_s).toString(), u"connection.established"_s);
    EXPECT_FALSE(hello.contains(u"seq"_s)); // control messages carry no seq
    const QJsonObject helloPayload = hello.value(u"payload"_s).toObject();
    EXPECT_TRUE(Domain::parseId(helloPayload.value(u"client_id"_s).toString()));
    EXPECT_EQ(helloPayload.value(u"rooms"_s).toArray(), QJsonArray{u"sessions"_s});
    EXPECT_TRUE(Domain::parseIsoTime(helloPayload.value(u"server_time"_s).toString()));
    EXPECT_EQ(client.messages[1].value(u"type"_s).toString(), u"subscription.confirmed"_s);

    lifecycle(u"first"_s);
    lifecycle(u"second"_s);
    // Every session.* event stored, and only those, each once and in order.
    QList<qint64> expected;
    for (const Domain::Event &e : std::as_const(h.published)) {
        if (e.type.startsWith(u"session."_s))
            expected.append(e.seq);
    }
    ASSERT_GE(expected.size(), 8);
    ASSERT_TRUE(waitUntil([&] { return client.events().size() >= expected.size(); }));
    EXPECT_EQ(client.seqs(), expected);
    const QJsonObject created = client.events().first();
    EXPECT_EQ(created.value(u"type"_s).toString(), u"session.created"_s);
    EXPECT_TRUE(created.value(u"payload"_s).toObject().contains(u"session"_s));
    EXPECT_TRUE(Domain::parseIsoTime(created.value(u"timestamp"_s).toString()));
    EXPECT_FALSE(typesOf(client.events()).contains(u"agent.task_assigned"_s));
}

TEST_F(WebSocketApi, ASingleSessionSubscriberGetsEveryEventNamingItOnce)
{
    const QString first = lifecycle(u"before"_s);
    WsClient client;
    client.open(ws(u"/ws/sessions/%1?after_seq=0"_s.arg(first)));
    ASSERT_TRUE(client.waitOpen());
    lifecycle(u"other"_s);
    QList<qint64> expected;
    for (const Domain::Event &e : std::as_const(h.published)) {
        if (e.payload.value(u"session_id"_s).toString() == first)
            expected.append(e.seq);
    }
    ASSERT_TRUE(waitUntil([&] { return client.events().size() >= expected.size(); }));
    ASSERT_TRUE(waitUntil([&] { return client.count(u"subscription.confirmed"_s) == 1; }));
    EXPECT_EQ(client.seqs(), expected);
    EXPECT_EQ(client.messages[0].value(u"payload"_s).toObject().value(u"rooms"_s).toArray(),
              QJsonArray{QString(u"session:"_s + first)});
}

TEST_F(WebSocketApi, AfterSeqReplaysTheLogThenGoesLiveWithNoGapAndNoDuplicate)
{
    logLines(1500, 50); // more than one replay page
    WsClient client;
    client.open(ws(u"/ws/system?after_seq=100"_s));
    // Live events arrive while the connection opens and the replay reads the log.
    logLines(50, 50);
    ASSERT_TRUE(client.waitOpen());
    ASSERT_TRUE(waitUntil([&] { return client.events().size() >= publishedAfter(100).size(); }, 10000));
    logLines(10, 50);
    const QList<qint64> expected = publishedAfter(100);
    ASSERT_EQ(expected.size(), 1561 - 100); // the agent's registration, then 1,560 lines
    ASSERT_TRUE(waitUntil([&] { return client.events().size() >= expected.size(); }));
    EXPECT_EQ(client.seqs(), expected);
}

// A replay larger than the client's queue is paced by it (the log is read as the client takes it)
// instead of closing the client.
TEST_F(WebSocketApi, AReplayLargerThanTheQueueIsPacedNotClosed)
{
    hub.reset();
    server.reset();
    Api::WebSocketSettings small;
    small.maxQueuedMessages = 16;
    small.replayPage = 50;
    start(small);
    logLines(600, 400);
    WsClient client;
    client.open(ws(u"/ws/system?after_seq=0"_s));
    ASSERT_TRUE(client.waitOpen());
    const QList<qint64> expected = publishedAfter(0);
    ASSERT_TRUE(waitUntil([&] { return client.events().size() >= expected.size() || client.closed; }, 20000));
    EXPECT_FALSE(client.closed) << client.closeCode << ' ' << client.closeReason.toStdString();
    EXPECT_EQ(client.seqs(), expected);
}

TEST_F(WebSocketApi, TwoClientsEachGetEveryEvent)
{
    WsClient a;
    WsClient b;
    a.open(ws(u"/ws/system"_s));
    b.open(ws(u"/ws/system"_s));
    ASSERT_TRUE(a.waitOpen());
    ASSERT_TRUE(b.waitOpen());
    ASSERT_TRUE(waitUntil([&] { return hub->clientCount() == 2; }));
    const qint64 before = h.bus.lastSeq();
    lifecycle(u"shared"_s);
    const QList<qint64> all = publishedAfter(before);
    ASSERT_GE(all.size(), 8);
    ASSERT_TRUE(waitUntil([&] { return a.events().size() >= all.size() && b.events().size() >= all.size(); }));
    EXPECT_EQ(a.seqs(), all);
    EXPECT_EQ(b.seqs(), all);
}

TEST_F(WebSocketApi, RoomsCanBeJoinedAndLeft)
{
    WsClient client;
    client.open(ws(u"/ws/agents"_s));
    ASSERT_TRUE(client.waitOpen());
    const QString id = lifecycle(u"unseen"_s);
    client.socket.sendTextMessage(uR"({"type":"join_room","room":"session:%1"})"_s.arg(id.toUpper()));
    client.socket.sendTextMessage(uR"({"type":"join_room","room":"session:nonsense"})"_s);
    client.socket.sendTextMessage(u"not json"_s);
    ASSERT_TRUE(
        waitUntil([&] { return client.count(u"subscription.confirmed"_s) == 2 && client.count(u"error"_s) == 2; }));
    QJsonArray rooms;
    for (const QJsonObject &m : std::as_const(client.messages)) {
        if (m.value(u"type"_s).toString() == u"subscription.confirmed"_s)
            rooms = m.value(u"payload"_s).toObject().value(u"rooms"_s).toArray();
    }
    EXPECT_EQ(rooms, (QJsonArray{u"agents"_s, QString(u"session:"_s + id)}));
    const int before = int(client.events().size());
    ASSERT_EQ(call("PATCH", u"/api/v1/sessions/%1"_s.arg(id), {{u"title"_s, u"renamed"_s}}).status, 200);
    ASSERT_TRUE(waitUntil([&] { return client.events().size() > before; }));
    EXPECT_EQ(client.events().last().value(u"type"_s).toString(), u"session.updated"_s);
    client.socket.sendTextMessage(uR"({"type":"leave_room","room":"session:%1"})"_s.arg(id));
    ASSERT_TRUE(waitUntil([&] { return client.count(u"subscription.confirmed"_s) == 3; }));
    const int joined = int(client.events().size());
    ASSERT_EQ(call("PATCH", u"/api/v1/sessions/%1"_s.arg(id), {{u"title"_s, u"again"_s}}).status, 200);
    ASSERT_EQ(call("DELETE", u"/api/v1/sessions/%1"_s.arg(id)).status, 204);
    // A later event of a room it still has proves the two above were not merely late.
    WsClient witness;
    witness.open(ws(u"/ws/sessions/%1?after_seq=0"_s.arg(id)));
    ASSERT_TRUE(waitUntil([&] {
        return !witness.events().isEmpty()
               && witness.events().last().value(u"type"_s).toString() == u"session.deleted"_s;
    }));
    EXPECT_EQ(client.events().size(), joined);
}

TEST_F(WebSocketApi, AWrongOrMissingTokenOrAnUnknownPathIsClosed)
{
    WsClient wrong;
    wrong.open(ws(u"/ws/sessions"_s), "nope");
    WsClient missing;
    missing.open(ws(u"/ws/sessions"_s), {});
    WsClient query;
    query.open(ws(u"/ws/sessions?token="_s + QString::fromLatin1(Token)), {});
    WsClient unknown;
    unknown.open(ws(u"/ws/everything"_s));
    WsClient badId;
    badId.open(ws(u"/ws/sessions/123"_s));
    WsClient badAfter;
    badAfter.open(ws(u"/ws/system?after_seq=-1"_s));
    ASSERT_TRUE(waitUntil([&] { return wrong.closed && missing.closed && unknown.closed && badId.closed; }));
    EXPECT_EQ(wrong.closeCode, Api::WebSocketHub::CloseUnauthorized);
    EXPECT_EQ(missing.closeCode, Api::WebSocketHub::CloseUnauthorized);
    EXPECT_EQ(unknown.closeCode, Api::WebSocketHub::CloseNotFound);
    EXPECT_EQ(badId.closeCode, Api::WebSocketHub::CloseNotFound);
    ASSERT_TRUE(waitUntil([&] { return badAfter.closed; }));
    EXPECT_EQ(badAfter.closeCode, int(QWebSocketProtocol::CloseCodePolicyViolated));
    EXPECT_TRUE(badAfter.closeReason.startsWith(u"VALIDATION_ERROR"_s)) << badAfter.closeReason.toStdString();
    EXPECT_TRUE(wrong.events().isEmpty());
    EXPECT_EQ(wrong.count(u"connection.established"_s), 0);
    ASSERT_TRUE(waitUntil([&] { return query.count(u"connection.established"_s) == 1; }));
    EXPECT_FALSE(query.closed);
    // A plain GET on a WebSocket path is told what it is.
    const HttpResult plain = rest.send("GET", http(u"/ws/sessions"_s));
    EXPECT_EQ(plain.status, 400);
    EXPECT_EQ(plain.json().value(u"error"_s).toString(), u"BAD_REQUEST"_s);
}

TEST_F(WebSocketApi, AClientThatStopsReadingIsClosedWhileTheOthersKeepReceiving)
{
    WsClient reader;
    reader.open(ws(u"/ws/system"_s));
    ASSERT_TRUE(reader.waitOpen());

    // A raw client: handshake, then never reads again, with a small receive window.
    QTcpSocket stalled;
    stalled.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    stalled.connectToHost(QHostAddress::LocalHost, port);
    ASSERT_TRUE(stalled.waitForConnected(5000));
    stalled.write("GET /ws/system HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                  "Authorization: Bearer "
                  + Token + "\r\n\r\n");
    ASSERT_TRUE(waitUntil([&] { return hub->clientCount() == 2; }));
    stalled.setReadBufferSize(1); // Qt stops reading from the kernel: the window closes

    constexpr int Lines = 3000;
    logLines(Lines, 4096); // ~12 MiB per client: far more than the kernel buffers hold
    ASSERT_TRUE(waitUntil([&] { return hub->clientCount() == 1; }, 10000)) << "the stalled client was not closed";
    ASSERT_TRUE(waitUntil([&] { return reader.events().size() >= Lines; }, 10000));
    EXPECT_FALSE(reader.closed);
    EXPECT_EQ(reader.seqs(), publishedAfter(1)); // everything after the agent's registration
}

TEST(WebSocketHubTimers, SilentClientsAreEvictedAndAnsweringOnesStay)
{
    Harness h;
    Api::WebSocketSettings settings;
    settings.heartbeatInterval = 100ms;
    settings.silenceLimit = 600ms;
    Api::WebSocketHub hub(h.bus, h.store, settings);
    hub.setApiToken(QString::fromLatin1(Token));
    Api::HttpServer server;
    hub.attach(server);
    const quint16 port = server.listen(QHostAddress(QHostAddress::LocalHost), 0);
    ASSERT_NE(port, 0);
    const QUrl url(u"ws://127.0.0.1:%1/ws/system"_s.arg(port));

    WsClient silent(false);
    WsClient answering(true);
    silent.open(url);
    answering.open(url);
    ASSERT_TRUE(silent.waitOpen());
    ASSERT_TRUE(answering.waitOpen());
    ASSERT_TRUE(waitUntil([&] { return silent.closed; }, 5000)) << "a silent client was not evicted";
    EXPECT_EQ(silent.closeCode, int(QWebSocketProtocol::CloseCodeGoingAway));
    EXPECT_GE(silent.count(u"heartbeat"_s), 3);
    // The answering client outlives several silence limits.
    const int beats = answering.count(u"heartbeat"_s);
    ASSERT_TRUE(waitUntil([&] { return answering.count(u"heartbeat"_s) >= beats + 20; }, 10000));
    EXPECT_FALSE(answering.closed);
    EXPECT_EQ(hub.clientCount(), 1);
}
