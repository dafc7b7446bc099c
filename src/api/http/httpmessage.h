#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace Orc::Api {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

// A request copied out of Qt's request object: handlers may suspend, and with keep-alive Qt
// reuses its request object for the next request on the connection.
struct HttpRequest
{
    QByteArray method; // upper case: GET, POST …
    QString path;
    QUrlQuery query;
    HeaderList headers;
    QByteArray body;
    QHostAddress remoteAddress;
    QByteArray requestId;
    QHash<QString, QString> pathArgs;

    // Case-insensitive header lookup; an empty array when absent.
    QByteArray header(QByteArrayView name) const;
    QString pathArg(const QString &name) const { return pathArgs.value(name); }
    QString queryItem(const QString &name) const;
};

// The token of an `Authorization: Bearer <token>` value; empty for any other value.
QByteArray bearerToken(QByteArrayView authorization);
// Whether `offered` is the API token, compared in constant time; an empty API token accepts nothing.
bool isApiToken(QByteArrayView offered, QByteArrayView apiToken);

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    HeaderList headers;
    // Set for errors: the server adds the request id before serialising the envelope.
    std::optional<QJsonObject> envelope;
    // The pattern of the route that answered (set by the router; metrics label requests with it).
    QString route;

    static HttpResponse json(int status, const QJsonValue &value);
    static HttpResponse text(int status, QByteArray body,
                             QByteArray contentType = QByteArrayLiteral("text/plain; charset=utf-8"));
    static HttpResponse noContent();
    // The error envelope of CONTRACT §6 with the status its code maps to.
    static HttpResponse error(const Domain::Error &error);
    // 401 UNAUTHORIZED with `WWW-Authenticate: Bearer`.
    static HttpResponse unauthorized(const QString &message);

    HttpResponse &withHeader(QByteArray name, QByteArray value);
};

} // namespace Orc::Api
