#pragma once

#include <qcoronetworkreply.h>
#include <qcorotask.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QUrl>

#include <optional>

#include <utility>

namespace Orc::Testing {

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// A real HTTP client over a real socket, awaited on the test's event loop.
class HttpClient
{
public:
    HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
                    const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        return QCoro::waitFor(sendAsync(method, url, body, headers));
    }
    HttpResult get(const QUrl &url) { return send("GET", url); }

    // The same, awaited by a coroutine (many requests in flight at once).
    QCoro::Task<HttpResult> sendAsync(QByteArray method, QUrl url, QByteArray body,
                                      QList<std::pair<QByteArray, QByteArray>> headers)
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        if (m_tls)
            request.setSslConfiguration(*m_tls);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = m_manager.sendCustomRequest(request, method, body);
        co_await reply;
        HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.error = reply->error();
        result.body = reply->readAll();
        for (const auto &pair : reply->rawHeaderPairs())
            result.headers.append({pair.first, pair.second});
        reply->deleteLater();
        co_return result;
    }

    // HTTPS: trust exactly these certificates (a test's self-signed one).
    void trust(const QList<QSslCertificate> &certificates)
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(certificates);
        m_tls = tls;
    }

private:
    QNetworkAccessManager m_manager;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace Orc::Testing
