#include "api/http/httpserver.h"

#include "support/gate.h"
#include "support/httpclient.h"
#include "support/qtprinters.h"

#include <qcorosignal.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <gtest/gtest.h>

using namespace Orc;
using Testing::Gate;
using Testing::HttpClient;
using Testing::waitUntil;

namespace {

class HttpServerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        server.router().add(
            "GET", QStringLiteral("/echo"), [](Api::HttpRequest request) -> QCoro::Task<Api::HttpResponse> {
                QJsonObject body{{QStringLiteral("method"), QString::fromLatin1(request.method)},
                                 {QStringLiteral("q"), request.queryItem(QStringLiteral("q"))},
                                 {QStringLiteral("header"), QString::fromLatin1(request.header("x-probe"))}};
                co_return Api::HttpResponse::json(200, body);
            });
        server.router().add("POST", QStringLiteral("/echo"),
                            [](Api::HttpRequest request) -> QCoro::Task<Api::HttpResponse> {
                                co_return Api::HttpResponse::text(200, request.body, "application/octet-stream");
                            });
        server.router().add("GET", QStringLiteral("/slow"), [this](Api::HttpRequest) -> QCoro::Task<Api::HttpResponse> {
            ++slowStarted;
            co_await qCoro(&gate, &Gate::opened);
            ++slowFinished;
            co_return Api::HttpResponse::json(200, QJsonObject{{QStringLiteral("late"), true}});
        });
        port = server.listen(QHostAddress(QHostAddress::LocalHost), 0);
        ASSERT_NE(port, 0);
    }

    QUrl url(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)); }

    Api::HttpServer server;
    Gate gate;
    int slowStarted = 0;
    int slowFinished = 0;
    quint16 port = 0;
    HttpClient client;
};

} // namespace

TEST_F(HttpServerTest, ServesJsonWithRequestIdOnARealSocket)
{
    const auto reply = client.send("GET", url(QStringLiteral("/echo?q=a%20b")), {}, {{"X-Probe", "yes"}});
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.header("Content-Type"), QByteArray("application/json"));
    EXPECT_EQ(reply.json().value(QStringLiteral("q")).toString(), QStringLiteral("a b"));
    EXPECT_EQ(reply.json().value(QStringLiteral("header")).toString(), QStringLiteral("yes"));
    EXPECT_EQ(reply.header("X-Request-ID").size(), 36);
}

TEST_F(HttpServerTest, KeepsAWellFormedClientRequestIdAndReplacesAHostileOne)
{
    auto reply = client.send("GET", url(QStringLiteral("/echo")), {}, {{"X-Request-ID", "trace-42.a"}});
    EXPECT_EQ(reply.header("X-Request-ID"), QByteArray("trace-42.a"));
    reply = client.send("GET", url(QStringLiteral("/echo")), {}, {{"X-Request-ID", "<script>"}});
    EXPECT_NE(reply.header("X-Request-ID"), QByteArray("<script>"));
    EXPECT_EQ(reply.header("X-Request-ID").size(), 36);
}

TEST_F(HttpServerTest, ErrorsCarryTheEnvelopeAndTheSameRequestId)
{
    const auto reply = client.get(url(QStringLiteral("/missing")));
    EXPECT_EQ(reply.status, 404);
    const QJsonObject body = reply.json();
    EXPECT_EQ(body.value(QStringLiteral("error")).toString(), QStringLiteral("NOT_FOUND"));
    EXPECT_FALSE(body.value(QStringLiteral("message")).toString().isEmpty());
    EXPECT_TRUE(body.value(QStringLiteral("details")).isArray());
    EXPECT_EQ(body.value(QStringLiteral("request_id")).toString().toLatin1(), reply.header("X-Request-ID"));
}

TEST_F(HttpServerTest, WrongMethodIs405WithAllowOnTheWire)
{
    const auto reply = client.send("DELETE", url(QStringLiteral("/echo")));
    EXPECT_EQ(reply.status, 405);
    EXPECT_EQ(reply.header("Allow"), QByteArray("GET, POST"));
    EXPECT_EQ(reply.json().value(QStringLiteral("error")).toString(), QStringLiteral("METHOD_NOT_ALLOWED"));
}

TEST_F(HttpServerTest, BodyOverOneMebibyteIs413AndAtTheLimitIsServed)
{
    const QByteArray atLimit(Api::HttpServer::MaxBodyBytes, 'x');
    auto reply = client.send("POST", url(QStringLiteral("/echo")), atLimit);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body.size(), atLimit.size());

    reply = client.send("POST", url(QStringLiteral("/echo")), atLimit + 'y');
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(reply.json().value(QStringLiteral("error")).toString(), QStringLiteral("PAYLOAD_TOO_LARGE"));
}

// A client announcing a huge body is refused at once, before the body is read: it never has to send
// it, and the server never buffers it. Several requests on one connection still pass the guard.
TEST_F(HttpServerTest, AnAnnouncedOversizedBodyIsRefusedBeforeItIsRead)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    ASSERT_TRUE(socket.waitForConnected(5000));
    // Two small requests on the same connection first.
    for (int i = 0; i < 2; ++i) {
        socket.write("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello");
        QByteArray answer;
        ASSERT_TRUE(waitUntil([&] {
            answer += socket.readAll();
            return answer.endsWith("hello");
        })) << answer.constData();
        EXPECT_TRUE(answer.startsWith("HTTP/1.1 200"));
    }
    socket.write("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 10737418240\r\n\r\nonly a little");
    QByteArray answer;
    ASSERT_TRUE(waitUntil([&] {
        answer += socket.readAll();
        return answer.contains("\r\n\r\n{") && answer.endsWith('}');
    })) << "no answer before the body: "
        << answer.constData();
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 413")) << answer.constData();
    const QJsonObject envelope = QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
    EXPECT_EQ(envelope.value(QStringLiteral("error")).toString(), QStringLiteral("PAYLOAD_TOO_LARGE"));
    EXPECT_FALSE(envelope.value(QStringLiteral("request_id")).toString().isEmpty());
    EXPECT_TRUE(answer.contains("X-Request-ID: "));
    // The server reads away what is still coming for a few seconds, then closes.
    EXPECT_TRUE(waitUntil([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 15000))
        << "the connection is closed";

    // Headers that never end, and a Content-Length that is no number, are refused as well.
    const QList<std::pair<QByteArray, QByteArray>> refusals{
        {QByteArray("POST /echo HTTP/1.1\r\nX-Pad: ") + QByteArray(70 * 1024, 'p'), "431"},
        {"POST /echo HTTP/1.1\r\nContent-Length: lots\r\n\r\n", "400"}};
    for (const auto &[request, status] : refusals) {
        QTcpSocket bad;
        bad.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        ASSERT_TRUE(bad.waitForConnected(5000));
        bad.write(request);
        QByteArray refusal;
        ASSERT_TRUE(waitUntil([&] {
            refusal += bad.readAll();
            return refusal.endsWith('}');
        })) << status.constData()
            << ": " << refusal.constData();
        EXPECT_TRUE(refusal.startsWith(QByteArray("HTTP/1.1 " + status))) << refusal.constData();
        EXPECT_TRUE(refusal.contains("\"request_id\""));
    }

    // A chunked body that grows past the limit is cut off too.
    QTcpSocket chunked;
    chunked.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    ASSERT_TRUE(chunked.waitForConnected(5000));
    chunked.write("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n");
    const QByteArray chunk = QByteArray("10000\r\n") + QByteArray(0x10000, 'z') + "\r\n";
    answer.clear();
    for (int i = 0; i < 40 && !answer.startsWith("HTTP/1.1 413"); ++i) {
        chunked.write(chunk);
        chunked.waitForBytesWritten(1000);
        waitUntil(
            [&] {
                answer += chunked.readAll();
                return !answer.isEmpty();
            },
            50);
    }
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 413")) << answer.left(200).constData();
    // The server still serves others.
    EXPECT_EQ(client.send("POST", url(QStringLiteral("/echo")), "still here").body, QByteArray("still here"));
}

// Qt 6.4 keeps a raw socket pointer in the responder: a reply written after the client left
// would be a use-after-free. The reply must be dropped and the server must go on serving.
TEST_F(HttpServerTest, ClientThatDisconnectsBeforeASlowReplyIsDroppedSafely)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
    ASSERT_TRUE(waitUntil([&] { return slowStarted == 1; }));
    ASSERT_FALSE(server.findChildren<QTcpSocket *>().isEmpty());
    socket.abort();
    // The server notices the disconnect and deletes its side of the connection.
    ASSERT_TRUE(waitUntil([&] {
        const auto sockets = server.findChildren<QTcpSocket *>();
        return std::none_of(sockets.begin(), sockets.end(),
                            [](QTcpSocket *s) { return s->state() == QAbstractSocket::ConnectedState; });
    }));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);

    gate.open();
    EXPECT_TRUE(waitUntil([&] { return slowFinished == 1; }));
    const auto reply = client.get(url(QStringLiteral("/echo")));
    EXPECT_EQ(reply.status, 200);
}

TEST_F(HttpServerTest, SlowReplyReachesAClientThatWaits)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("GET /slow HTTP/1.1\r\nHost: test\r\n\r\n");
    ASSERT_TRUE(waitUntil([&] { return slowStarted == 1; }));
    gate.open();
    QByteArray received;
    ASSERT_TRUE(waitUntil([&] {
        received += socket.readAll();
        return received.contains("{\"late\":true}");
    }));
    EXPECT_TRUE(received.startsWith("HTTP/1.1 200"));
}
