// The EAP runner against an agent played by a Qt HTTP server on loopback: the signed dispatch body
// and headers, the synchronous and accepted answers, retries of 5xx and refused connections with
// backoff (and none for 4xx), signed cancel and health probe.

#include "adapters/runners/eap/eaprunner.h"

#include "application/eapwire.h"
#include "domain/identifiers.h"
#include "support/await.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QTcpServer>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace Orc;
using namespace Orc::Application;
using namespace Orc::Domain;
using namespace Orc::Testing;

namespace {

struct Seen
{
    QByteArray path;
    QByteArray signature;
    QByteArray taskHeader;
    QByteArray userAgent;
    QByteArray body;
};

class EapRunnerTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        server.route(u"/agent/task"_s, QHttpServerRequest::Method::Post, [this](const QHttpServerRequest &request) {
            record(request);
            if (failuresLeft > 0) {
                --failuresLeft;
                return QHttpServerResponse("busy", QHttpServerResponder::StatusCode::ServiceUnavailable);
            }
            return answer(request);
        });
        server.route(u"/agent/task/<arg>/cancel"_s, QHttpServerRequest::Method::Post,
                     [this](const QString &, const QHttpServerRequest &request) {
                         record(request);
                         return QHttpServerResponse(QHttpServerResponder::StatusCode::NoContent);
                     });
        server.route(u"/agent/health"_s, QHttpServerRequest::Method::Get, [this](const QHttpServerRequest &request) {
            record(request);
            return QHttpServerResponse(QJsonObject{{u"status"_s, u"healthy"_s}});
        });
        port = server.listen(QHostAddress(QHostAddress::LocalHost), 0);
        ASSERT_NE(port, 0);
        agent.id = newId();
        agent.name = u"played"_s;
        agent.kind = AgentKind::External;
        agent.endpointUrl = QUrl(u"http://127.0.0.1:%1/agent/"_s.arg(port));
        agent.dispatchSecret = "the-dispatch-secret";
    }

    void record(const QHttpServerRequest &request)
    {
        seen.append({request.url().path().toUtf8(), request.value("X-EAP-Signature"), request.value("X-EAP-Task-Id"),
                     request.value("User-Agent"), request.body()});
    }

    QHttpServerResponse answer(const QHttpServerRequest &request)
    {
        if (answerWith == 202)
            return QHttpServerResponse(QJsonObject{{u"status"_s, u"accepted"_s}},
                                       QHttpServerResponder::StatusCode::Accepted);
        if (answerWith == 400)
            return QHttpServerResponse("no such thing", QHttpServerResponder::StatusCode::BadRequest);
        const QJsonObject task = QJsonDocument::fromJson(request.body()).object();
        return QHttpServerResponse(
            QJsonObject{{u"task_id"_s, task.value(u"task_id"_s)},
                        {u"status"_s, u"completed"_s},
                        {u"output_data"_s, QJsonObject{{u"echo"_s, task.value(u"input_data"_s)}}},
                        {u"tokens_used"_s, 42}});
    }

    DispatchRequest request()
    {
        DispatchRequest r;
        r.taskId = newId();
        r.sessionId = newId();
        r.prompt = u"write the tests"_s;
        r.context = QJsonObject{{u"title"_s, u"T"_s}};
        r.requirements = QStringList{u"testing"_s};
        r.timeoutSeconds = 60;
        r.resumeFrom = QJsonObject{{u"step"_s, 4}};
        r.callbackUrl = QUrl(u"http://127.0.0.1:8420/api/v1/agents/external/a/tasks/t/result"_s);
        return r;
    }

    QHttpServer server;
    quint16 port = 0;
    Agent agent;
    QList<Seen> seen;
    int failuresLeft = 0;
    int answerWith = 200;
    SystemClock clock;
    Adapters::Runners::EapRunner runner{clock, {3, std::chrono::milliseconds(20), std::chrono::milliseconds(5000)}};
};

TEST_F(EapRunnerTest, ADispatchIsSignedOverItsBodyAndASynchronousResultComesBack)
{
    const DispatchRequest r = request();
    const auto ack = await(runner.dispatch(agent, r));
    ASSERT_TRUE(ack.ok()) << ack.error().message.toStdString();
    ASSERT_TRUE(ack->result.has_value());
    EXPECT_EQ(ack->result->status, OutcomeStatus::Completed);
    EXPECT_EQ(ack->result->tokensUsed, 42);
    EXPECT_EQ(ack->result->output.value(u"echo"_s).toString(), u"write the tests"_s);

    ASSERT_EQ(seen.size(), 1);
    const Seen &s = seen.constFirst();
    EXPECT_EQ(s.path, "/agent/task");
    EXPECT_EQ(s.taskHeader, idString(r.taskId).toUtf8());
    EXPECT_TRUE(s.userAgent.startsWith("IndustrialOrchestrator/"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    EXPECT_TRUE(Eap::verifySignature(agent.dispatchSecret, s.signature, s.body, now)) << s.signature.toStdString();
    EXPECT_FALSE(Eap::verifySignature("another-secret", s.signature, s.body, now));
    EXPECT_FALSE(Eap::verifySignature(agent.dispatchSecret, s.signature, s.body + " ", now)) << "the body is signed";
    EXPECT_FALSE(Eap::verifySignature(agent.dispatchSecret, s.signature, s.body, now + 3600))
        << "old signatures expire";
    const QJsonObject body = QJsonDocument::fromJson(s.body).object();
    EXPECT_EQ(body.value(u"task_type"_s).toString(), u"session_execution"_s);
    EXPECT_EQ(body.value(u"session_id"_s).toString(), idString(r.sessionId));
    EXPECT_EQ(body.value(u"requirements"_s).toArray(), QJsonArray{u"testing"_s});
    EXPECT_EQ(body.value(u"timeout_seconds"_s).toInt(), 60);
    EXPECT_EQ(body.value(u"resume_from"_s).toObject().value(u"step"_s).toInt(), 4);
    EXPECT_EQ(body.value(u"callback_url"_s).toString(), r.callbackUrl.toString());
}

TEST_F(EapRunnerTest, AnAcceptedTaskReportsLaterAndServerErrorsAreRetriedThreeTimesInAll)
{
    answerWith = 202;
    failuresLeft = 2;
    const auto ack = await(runner.dispatch(agent, request()));
    ASSERT_TRUE(ack.ok()) << ack.error().message.toStdString();
    EXPECT_FALSE(ack->result.has_value());
    EXPECT_EQ(seen.size(), 3) << "two 503 answers, then the 202";

    seen.clear();
    failuresLeft = 3;
    const auto refused = await(runner.dispatch(agent, request()));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(seen.size(), 3);
    EXPECT_TRUE(refused.error().message.contains(u"503"_s)) << refused.error().message.toStdString();
}

TEST_F(EapRunnerTest, AClientErrorIsNotRetriedAndAClosedPortIsRetriedThenReported)
{
    answerWith = 400;
    const auto refused = await(runner.dispatch(agent, request()));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(seen.size(), 1);
    EXPECT_TRUE(refused.error().message.contains(u"400"_s)) << refused.error().message.toStdString();

    QTcpServer closed;
    ASSERT_TRUE(closed.listen(QHostAddress(QHostAddress::LocalHost), 0));
    Agent gone = agent;
    gone.endpointUrl = QUrl(u"http://127.0.0.1:%1/"_s.arg(closed.serverPort()));
    closed.close();
    const auto unreachable = await(runner.dispatch(gone, request()));
    ASSERT_FALSE(unreachable.ok());
    EXPECT_TRUE(unreachable.error().message.contains(u"refused"_s, Qt::CaseInsensitive))
        << unreachable.error().message.toStdString();
    const auto probe = await(runner.probe(gone));
    ASSERT_TRUE(probe.ok());
    EXPECT_FALSE(probe->ok);
    EXPECT_FALSE(probe->error.isEmpty());
}

TEST_F(EapRunnerTest, CancelAndTheHealthProbeAreSignedToo)
{
    const QUuid taskId = newId();
    ASSERT_TRUE(await(runner.cancel(agent, taskId)).ok());
    const auto probe = await(runner.probe(agent));
    ASSERT_TRUE(probe.ok());
    EXPECT_TRUE(probe->ok) << probe->error.toStdString();
    EXPECT_GT(probe->roundTripMs, 0.0);
    ASSERT_EQ(seen.size(), 2);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    EXPECT_EQ(seen[0].path, "/agent/task/" + idString(taskId).toUtf8() + "/cancel");
    EXPECT_TRUE(Eap::verifySignature(agent.dispatchSecret, seen[0].signature, seen[0].body, now));
    EXPECT_EQ(seen[1].path, "/agent/health");
    EXPECT_TRUE(Eap::verifySignature(agent.dispatchSecret, seen[1].signature, QByteArray(), now))
        << "GET requests are signed over an empty body";
}

} // namespace
