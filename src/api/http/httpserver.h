#pragma once

#include "api/http/router.h"

#include <qcorotask.h>

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QSslConfiguration>

#include <functional>
#include <optional>

class QHttpServerResponder;

namespace Orc::Api {

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

// The embedded HTTP server: Qt parses HTTP, our router answers. Every reply carries
// X-Request-ID; handlers run as coroutines and a reply whose client has gone is dropped (Qt 6.4's
// responder keeps a raw socket pointer that the server deletes on disconnect).
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    static constexpr qsizetype MaxBodyBytes = 1024 * 1024;

    explicit HttpServer(QObject *parent = nullptr);

    // Listens on `address`:`port` (0: a free one) and returns the port, or 0. Every connection is
    // watched by a BodyGuard, so an oversized body is refused before it is read. With setTls(), the
    // port speaks TLS only.
    quint16 listen(const QHostAddress &address, quint16 port);
    void setTls(const QSslCertificate &certificate, const QSslKey &key);

    static constexpr int MaxAuthFailures = 10; // per address within AuthWindowMs, then 429
    static constexpr qint64 AuthWindowMs = 60000;

    Router &router() { return m_router; }
    // Called for every answer sent: method, route pattern (Router::patternFor), status, seconds.
    using Observer = std::function<void(const QByteArray &, const QString &, int, double)>;
    void setObserver(Observer observer) { m_observer = std::move(observer); }
    // Every /api/v1 path except the agent-facing EAP endpoints needs `Authorization: Bearer <token>`.
    void setApiToken(const QString &token) { m_apiToken = token.toUtf8(); }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    QCoro::Task<> serve(HttpRequest request, QHttpServerResponder responder);
    static HttpRequest copyRequest(const QHttpServerRequest &request);
    // 401 or 429 for a request that needs the token and lacks it; nothing when it may pass.
    std::optional<HttpResponse> refuse(const HttpRequest &request);

    struct Failures
    {
        QList<qint64> at; // steady-clock ms of recent failures
        qint64 blockedUntil = 0;
    };

    Router m_router;
    Observer m_observer;
    std::optional<QSslConfiguration> m_tls;
    QByteArray m_apiToken;
    QHash<QString, Failures> m_authFailures;
};

} // namespace Orc::Api
