#include "api/http/router.h"

#include "support/qtprinters.h"

#include <QJsonObject>

#include <gtest/gtest.h>

using namespace Orc::Api;

namespace {

// A handler that answers with the route it is and the path arguments it received.
Handler tagged(const QString &tag)
{
    return [tag](HttpRequest request) -> QCoro::Task<HttpResponse> {
        QJsonObject args;
        for (auto it = request.pathArgs.cbegin(); it != request.pathArgs.cend(); ++it)
            args.insert(it.key(), it.value());
        QJsonObject body{{QStringLiteral("route"), tag}, {QStringLiteral("args"), args}};
        co_return HttpResponse::json(200, body);
    };
}

HttpResponse call(const Router &router, const QByteArray &method, const QString &path)
{
    HttpRequest request;
    request.method = method;
    request.path = path;
    return QCoro::waitFor(router.dispatch(request));
}

QString routeOf(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object().value(QStringLiteral("route")).toString();
}

class RouterTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        router.add("GET", QStringLiteral("/api/v1/sessions/{id}"), tagged(QStringLiteral("get-session")));
        router.add("PATCH", QStringLiteral("/api/v1/sessions/{id}"), tagged(QStringLiteral("patch-session")));
        router.add("DELETE", QStringLiteral("/api/v1/sessions/{id}"), tagged(QStringLiteral("delete-session")));
        // Declared after the parameter route on purpose: precedence must not depend on order.
        router.add("GET", QStringLiteral("/api/v1/sessions/stats"), tagged(QStringLiteral("stats")));
        router.add("POST", QStringLiteral("/api/v1/sessions/{id}/start"), tagged(QStringLiteral("start")));
        router.add("GET", QStringLiteral("/api/v1/contexts/{id}/keys/{key}"), tagged(QStringLiteral("key")));
    }
    Router router;
};

} // namespace

TEST_F(RouterTest, StaticSegmentIsNeverShadowedByParameter)
{
    EXPECT_EQ(routeOf(call(router, "GET", QStringLiteral("/api/v1/sessions/stats"))), QStringLiteral("stats"));
    EXPECT_EQ(routeOf(call(router, "GET", QStringLiteral("/api/v1/sessions/abc"))), QStringLiteral("get-session"));
}

TEST_F(RouterTest, WrongMethodOnStaticPathIs405ListingOnlyItsMethods)
{
    const HttpResponse response = call(router, "DELETE", QStringLiteral("/api/v1/sessions/stats"));
    EXPECT_EQ(response.status, 405);
    ASSERT_TRUE(response.envelope.has_value());
    EXPECT_EQ(response.envelope->value(QStringLiteral("error")).toString(), QStringLiteral("METHOD_NOT_ALLOWED"));
    ASSERT_EQ(response.headers.size(), 1);
    EXPECT_EQ(response.headers.first().first, QByteArray("Allow"));
    EXPECT_EQ(response.headers.first().second, QByteArray("GET"));
}

TEST_F(RouterTest, WrongMethodOnParameterPathListsAllItsMethodsSorted)
{
    const HttpResponse response = call(router, "POST", QStringLiteral("/api/v1/sessions/abc"));
    EXPECT_EQ(response.status, 405);
    ASSERT_EQ(response.headers.size(), 1);
    EXPECT_EQ(response.headers.first().second, QByteArray("DELETE, GET, PATCH"));
}

TEST_F(RouterTest, OptionsAnswersAllowWithoutBody)
{
    const HttpResponse response = call(router, "OPTIONS", QStringLiteral("/api/v1/sessions/abc/start"));
    EXPECT_EQ(response.status, 204);
    ASSERT_EQ(response.headers.size(), 1);
    EXPECT_EQ(response.headers.first().second, QByteArray("POST"));
}

TEST_F(RouterTest, UnknownPathIsJson404)
{
    for (const QString &path : {QStringLiteral("/api/v1/nothing"), QStringLiteral("/api/v1/sessions/abc/start/x"),
                                QStringLiteral("/"), QStringLiteral("/api/v1/sessions")}) {
        const HttpResponse response = call(router, "GET", path);
        EXPECT_EQ(response.status, 404) << path.toStdString();
        ASSERT_TRUE(response.envelope.has_value());
        EXPECT_EQ(response.envelope->value(QStringLiteral("error")).toString(), QStringLiteral("NOT_FOUND"));
    }
}

TEST_F(RouterTest, EmptySegmentsDoNotMatchParameters)
{
    EXPECT_EQ(call(router, "GET", QStringLiteral("/api/v1/sessions/")).status, 404);
    EXPECT_EQ(call(router, "POST", QStringLiteral("/api/v1/sessions//start")).status, 404);
    EXPECT_EQ(call(router, "GET", QStringLiteral("/api/v1/sessions/stats/")).status, 404);
}

TEST_F(RouterTest, PathArgumentsArePercentDecodedPerSegment)
{
    const HttpResponse response = call(router, "GET", QStringLiteral("/api/v1/contexts/c1/keys/a.b%2Fc%20d"));
    EXPECT_EQ(routeOf(response), QStringLiteral("key"));
    const QJsonObject args = QJsonDocument::fromJson(response.body).object().value(QStringLiteral("args")).toObject();
    EXPECT_EQ(args.value(QStringLiteral("id")).toString(), QStringLiteral("c1"));
    EXPECT_EQ(args.value(QStringLiteral("key")).toString(), QStringLiteral("a.b/c d"));
}
