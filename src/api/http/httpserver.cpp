#include "api/http/httpserver.h"

#include "api/http/bodyguard.h"
#include "api/ws/websockethub.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUuid>

#include <exception>

namespace Orc::Api {

Q_LOGGING_CATEGORY(lcHttp, "orc.api.http", QtInfoMsg)

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put: return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head: return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect: return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace: return QByteArrayLiteral("TRACE");
    default: return QByteArrayLiteral("UNKNOWN");
    }
}

// A client may pass its own request id for correlation; anything else gets a fresh one.
QByteArray requestIdFor(const QByteArray &offered)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9._:-]{1,64}$"));
    if (!offered.isEmpty() && safe.match(QString::fromLatin1(offered)).hasMatch())
        return offered;
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

void send(QHttpServerResponder &&responder, HttpResponse response, const QByteArray &requestId)
{
    if (response.envelope) {
        response.envelope->insert(QStringLiteral("request_id"), QString::fromLatin1(requestId));
        response.body = QJsonDocument(*response.envelope).toJson(QJsonDocument::Compact);
        response.contentType = QByteArrayLiteral("application/json");
    }
    const auto status = static_cast<QHttpServerResponder::StatusCode>(response.status);
    QHttpServerResponse reply = response.contentType.isEmpty()
                                    ? QHttpServerResponse(status)
                                    : QHttpServerResponse(response.contentType, response.body, status);
    reply.addHeader(QByteArrayLiteral("X-Request-ID"), requestId);
    reply.addHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    reply.addHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    for (const auto &[name, value] : response.headers)
        reply.addHeader(name, value);
    reply.write(std::move(responder));
}

} // namespace

HttpServer::HttpServer(QObject *parent) : QAbstractHttpServer(parent) {}

void HttpServer::setTls(const QSslCertificate &certificate, const QSslKey &key)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(certificate);
    tls.setPrivateKey(key);
    m_tls = tls;
}

quint16 HttpServer::listen(const QHostAddress &address, quint16 port)
{
    QTcpServer *server = nullptr;
    if (m_tls) {
        auto *tls = new GuardedSslServer(MaxBodyBytes, this);
        tls->setSslConfiguration(*m_tls);
        server = tls;
    } else {
        server = new GuardedTcpServer(MaxBodyBytes, this);
    }
    if (!server->listen(address, port)) {
        qCWarning(lcHttp).noquote() << "cannot listen on" << address.toString() << port << ":" << server->errorString();
        delete server;
        return 0;
    }
    bind(server);
    return server->serverPort();
}

std::optional<HttpResponse> HttpServer::refuse(const HttpRequest &request)
{
    static const QString Api = QStringLiteral("/api/v1/");
    static const QString AgentFacing = QStringLiteral("/api/v1/agents/external/");
    if (!request.path.startsWith(Api) || request.path.startsWith(AgentFacing))
        return std::nullopt;
    const QByteArray authorization = request.header("Authorization");
    if (isApiToken(bearerToken(authorization), m_apiToken))
        return std::nullopt; // a valid token is never throttled

    const qint64 now = QDeadlineTimer::current().deadline();
    const QString address = request.remoteAddress.toString();
    Failures &failures = m_authFailures[address];
    if (failures.blockedUntil > now) {
        const qint64 seconds = (failures.blockedUntil - now + 999) / 1000;
        HttpResponse response = HttpResponse::error(Domain::Error{
            Domain::ErrorCode::RateLimited,
            QStringLiteral("Too many failed authentications from this address; retry in %1 s").arg(seconds),
            {},
            {}});
        return response.withHeader("Retry-After", QByteArray::number(seconds));
    }
    failures.at.removeIf([now](qint64 t) { return t <= now - AuthWindowMs; });
    failures.at.append(now);
    if (failures.at.size() > MaxAuthFailures) {
        failures.blockedUntil = now + AuthWindowMs;
        failures.at.clear();
        qCWarning(lcHttp).noquote() << "throttling" << address << "after repeated failed authentications";
    }
    if (m_authFailures.size() > 10000) // bounded memory under a scan from many addresses
        m_authFailures.removeIf([now](const auto &entry) { return entry.value().blockedUntil <= now; });
    const QString message = authorization.isEmpty() ? QStringLiteral("This endpoint needs the API token "
                                                                     "(Authorization: Bearer <token>)")
                                                    : QStringLiteral("The API token is not valid");
    return HttpResponse::unauthorized(message);
}

HttpRequest HttpServer::copyRequest(const QHttpServerRequest &request)
{
    HttpRequest copy;
    copy.method = methodName(request.method());
    copy.path = request.url().path(QUrl::FullyEncoded);
    copy.query = request.query();
    copy.headers = request.headers();
    copy.body = request.body();
    copy.remoteAddress = request.remoteAddress();
    copy.requestId = requestIdFor(request.value(QByteArrayLiteral("X-Request-ID")));
    return copy;
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // A WebSocket upgrade is answered by the WebSocket server once this returns true, so nothing
    // may be written here (WebSocketHub checks the token and the path).
    if (request.value(QByteArrayLiteral("Upgrade")).compare(QByteArrayLiteral("websocket"), Qt::CaseInsensitive) == 0)
        return WebSocketHub::isWebSocketPath(request.url().path());
    if (WebSocketHub::isWebSocketPath(request.url().path())) {
        const Domain::Error error{Domain::ErrorCode::BadRequest,
                                  QStringLiteral("This is a WebSocket endpoint: connect with Upgrade: websocket"),
                                  {},
                                  {}};
        send(makeResponder(request, socket), HttpResponse::error(error),
             requestIdFor(request.value(QByteArrayLiteral("X-Request-ID"))));
        return true;
    }
    // Without TCP_NODELAY a keep-alive client stalls ~40 ms per request (Nagle + delayed ACK).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    serve(copyRequest(request), makeResponder(request, socket));
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest() answers every request (unknown paths with a JSON 404).
    const Domain::Error error{Domain::ErrorCode::NotFound, QStringLiteral("No such path"), {}, {}};
    send(makeResponder(request, socket), HttpResponse::error(error), requestIdFor({}));
}

QCoro::Task<> HttpServer::serve(HttpRequest request, QHttpServerResponder responder)
{
    const QPointer<QTcpSocket> socket(responder.socket());
    const QPointer<HttpServer> self(this);
    const QByteArray requestId = request.requestId;
    const QByteArray method = request.method;
    const QString path = request.path;
    QElapsedTimer clock;
    clock.start();

    HttpResponse response;
    if (auto refused = refuse(request)) {
        response = std::move(*refused);
    } else if (request.body.size() > MaxBodyBytes) { // a chunked body inside the guard's framing allowance
        const Domain::Error error{Domain::ErrorCode::PayloadTooLarge,
                                  QStringLiteral("The request body exceeds %1 bytes").arg(MaxBodyBytes),
                                  {},
                                  {}};
        response = HttpResponse::error(error);
    } else {
        try {
            response = co_await m_router.dispatch(std::move(request));
        } catch (const std::exception &e) {
            qCCritical(lcHttp) << "unhandled exception serving" << method << path << e.what();
            response = HttpResponse::error(Domain::Error::internal(QStringLiteral("Internal error")));
        }
    }

    if (!self || !socket || socket->state() != QAbstractSocket::ConnectedState) {
        qCDebug(lcHttp) << "client left before the reply to" << method << path;
        co_return;
    }
    qCDebug(lcHttp).noquote() << QString::fromLatin1(method) << path << response.status;
    const int status = response.status;
    // Refused before routing (token, size): the route is looked up for the label alone.
    const QString route = response.route.isEmpty() ? m_router.patternFor(path) : response.route;
    send(std::move(responder), std::move(response), requestId);
    if (m_observer)
        m_observer(method, route, status, double(clock.nsecsElapsed()) / 1e9);
}

} // namespace Orc::Api
