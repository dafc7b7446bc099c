#pragma once

#include "api/http/router.h"

#include <qcorotask.h>

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QLoggingCategory>

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

    Router &router() { return m_router; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    QCoro::Task<> serve(HttpRequest request, QHttpServerResponder responder);
    static HttpRequest copyRequest(const QHttpServerRequest &request);

    Router m_router;
};

} // namespace Orc::Api
