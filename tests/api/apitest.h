#pragma once

// What the wire tests of the REST resources share: an HTTP server with the routes under test on a
// free loopback port, a client that calls it with the API token, and the token sweep.

#include "api/http/httpserver.h"

#include "application/harness.h"
#include "support/httpclient.h"

#include <QJsonArray>

#include <gtest/gtest.h>

namespace Orc::Testing {

inline const QByteArray ApiToken = "orc_test-token";
// A well-formed id that names nothing.
inline const QString UnknownId = QStringLiteral("3f2504e0-4f89-11d3-9a0c-0305e82c3301");

// The `error` code of an error envelope.
inline QString errorOf(const HttpResult &result)
{
    return result.json().value(QStringLiteral("error")).toString();
}

// The fields named by an error's `details`, sorted.
inline QStringList fieldsOf(const HttpResult &result)
{
    QStringList fields;
    for (const QJsonValue &detail : result.json().value(QStringLiteral("details")).toArray())
        fields.append(detail.toObject().value(QStringLiteral("field")).toString());
    fields.sort();
    return fields;
}

class ApiTest : public ::testing::Test
{
protected:
    // The routes under test (called for the server and for each fresh server of the sweep).
    virtual void addRoutes(Api::Router &router) = 0;

    void SetUp() override
    {
        server.setApiToken(QString::fromLatin1(ApiToken));
        addRoutes(server.router());
        port = server.listen(QHostAddress(QHostAddress::LocalHost), 0);
        ASSERT_NE(port, 0);
    }

    QUrl url(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)); }

    HttpResult call(const QByteArray &method, const QString &path, const QByteArray &body = {},
                    QList<std::pair<QByteArray, QByteArray>> headers = {})
    {
        headers.append({"Authorization", "Bearer " + ApiToken});
        return client.send(method, url(path), body, headers);
    }
    HttpResult call(const QByteArray &method, const QString &path, const QJsonObject &body)
    {
        return call(method, path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    // Calls every route without the token, each on a fresh server (failures are throttled per
    // address), with the path parameters replaced by `arguments` (UnknownId for any not given), and
    // expects 401 UNAUTHORIZED with `WWW-Authenticate: Bearer`. The number of routes called.
    int expectEveryRouteNeedsTheToken(const QHash<QString, QString> &arguments = {})
    {
        int checked = 0;
        for (const Api::Router::Route &route : server.router().routes()) {
            Api::HttpServer fresh;
            fresh.setApiToken(QString::fromLatin1(ApiToken));
            addRoutes(fresh.router());
            const quint16 freshPort = fresh.listen(QHostAddress(QHostAddress::LocalHost), 0);
            EXPECT_NE(freshPort, 0);
            QStringList segments = route.pattern.split(QLatin1Char('/'));
            for (QString &segment : segments) {
                if (segment.startsWith(QLatin1Char('{')))
                    segment = arguments.value(segment.mid(1, segment.size() - 2), UnknownId);
            }
            const QString path = segments.join(QLatin1Char('/'));
            const HttpResult result = client.send(
                route.method, QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(freshPort).arg(path)), "{}");
            EXPECT_EQ(result.status, 401) << route.method.constData() << ' ' << path.toStdString();
            EXPECT_TRUE(result.header("WWW-Authenticate").startsWith("Bearer")) << path.toStdString();
            EXPECT_EQ(errorOf(result), QStringLiteral("UNAUTHORIZED")) << path.toStdString();
            ++checked;
        }
        return checked;
    }

    Harness h;
    Api::HttpServer server;
    quint16 port = 0;
    HttpClient client;
};

} // namespace Orc::Testing
