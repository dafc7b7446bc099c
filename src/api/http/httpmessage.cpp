#include "api/http/httpmessage.h"

#include "api/http/errors.h"
#include "application/secrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Orc::Api {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString HttpRequest::queryItem(const QString &name) const
{
    return query.queryItemValue(name, QUrl::FullyDecoded);
}

HttpResponse HttpResponse::json(int status, const QJsonValue &value)
{
    HttpResponse response;
    response.status = status;
    if (value.isArray())
        response.body = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    else
        response.body = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::text(int status, QByteArray body, QByteArray contentType)
{
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.contentType = std::move(contentType);
    return response;
}

HttpResponse HttpResponse::noContent()
{
    HttpResponse response;
    response.status = 204;
    response.contentType.clear();
    return response;
}

HttpResponse HttpResponse::error(const Domain::Error &error)
{
    HttpResponse response;
    response.status = httpStatusFor(error.code);
    response.envelope = errorEnvelope(error);
    if (error.code == Domain::ErrorCode::Unavailable)
        response.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    return response;
}

HttpResponse HttpResponse::unauthorized(const QString &message)
{
    HttpResponse response = error(Domain::Error{Domain::ErrorCode::Unauthorized, message, {}, {}});
    return response.withHeader("WWW-Authenticate", "Bearer realm=\"industrial-orchestrator\"");
}

QByteArray bearerToken(QByteArrayView authorization)
{
    constexpr QByteArrayView Scheme("Bearer ");
    return authorization.startsWith(Scheme) ? authorization.sliced(Scheme.size()).trimmed().toByteArray()
                                            : QByteArray();
}

bool isApiToken(QByteArrayView offered, QByteArrayView apiToken)
{
    return !apiToken.isEmpty() && Application::Secrets::constantTimeEquals(offered, apiToken);
}

HttpResponse &HttpResponse::withHeader(QByteArray name, QByteArray value)
{
    headers.append({std::move(name), std::move(value)});
    return *this;
}

} // namespace Orc::Api
