// The Prometheus text of /metrics: series, labels, histogram buckets, escaping.
#include "api/metrics/metrics.h"

#include "application/localeventbus.h"
#include "domain/event.h"

#include <QRegularExpression>

#include <gtest/gtest.h>

using namespace Orc;
using namespace Qt::StringLiterals;

namespace {

// The value of the sample line `series` (name and labels exactly), or -1 when absent.
double sample(const QByteArray &text, const QByteArray &series)
{
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1).toDouble();
    }
    return -1;
}

} // namespace

TEST(Metrics, RequestsAreCountedByRoutePatternWithHistogramBuckets)
{
    Application::LocalEventBus bus;
    Api::Metrics metrics(bus);
    metrics.observeRequest("GET", u"/api/v1/sessions/{id}"_s, 200, 0.003);
    metrics.observeRequest("GET", u"/api/v1/sessions/{id}"_s, 200, 0.2);
    metrics.observeRequest("GET", u"/api/v1/sessions/{id}"_s, 404, 0.001);
    const QByteArray text = metrics.render({});
    EXPECT_EQ(sample(text, R"(http_requests_total{method="GET",route="/api/v1/sessions/{id}",status="200"})"), 2);
    EXPECT_EQ(sample(text, R"(http_requests_total{method="GET",route="/api/v1/sessions/{id}",status="404"})"), 1);
    const QByteArray labels = R"(method="GET",route="/api/v1/sessions/{id}")";
    EXPECT_EQ(sample(text, "http_request_duration_seconds_bucket{" + labels + R"(,le="0.005"})"), 2);
    EXPECT_EQ(sample(text, "http_request_duration_seconds_bucket{" + labels + R"(,le="0.1"})"), 2);
    EXPECT_EQ(sample(text, "http_request_duration_seconds_bucket{" + labels + R"(,le="0.25"})"), 3);
    EXPECT_EQ(sample(text, "http_request_duration_seconds_bucket{" + labels + R"(,le="+Inf"})"), 3);
    EXPECT_EQ(sample(text, "http_request_duration_seconds_count{" + labels + "}"), 3);
    EXPECT_NEAR(sample(text, "http_request_duration_seconds_sum{" + labels + "}"), 0.204, 1e-9);
    EXPECT_TRUE(text.contains("# TYPE http_request_duration_seconds histogram\n"));
    EXPECT_TRUE(text.contains("# TYPE http_requests_total counter\n"));
}

TEST(Metrics, TransitionsAndLockWaitsComeFromTheEventBusAndGaugesFromTheScrape)
{
    Application::LocalEventBus bus;
    Api::Metrics metrics(bus);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Domain::Events events{
        Domain::makeEvent(Domain::EventType::SessionStatusChanged,
                          QJsonObject{{u"old_status"_s, u"pending"_s}, {u"new_status"_s, u"running"_s}}, now),
        Domain::makeEvent(Domain::EventType::SessionStatusChanged,
                          QJsonObject{{u"old_status"_s, u"pending"_s}, {u"new_status"_s, u"running"_s}}, now),
        Domain::makeEvent(Domain::EventType::LockAcquired, QJsonObject{{u"waited_ms"_s, 30.0}}, now),
    };
    for (qsizetype i = 0; i < events.size(); ++i)
        events[i].seq = i + 1;
    bus.publish(events);
    Api::Metrics::Gauges gauges;
    gauges.sessionsByStatus = {{u"running"_s, 2}, {u"pending"_s, 0}};
    gauges.agentsByStatus = {{u"online"_s, 1}};
    gauges.websocketConnections = 7;
    const QByteArray text = metrics.render(gauges);
    EXPECT_EQ(sample(text, R"(orchestrator_session_transitions_total{from="pending",to="running"})"), 2);
    EXPECT_EQ(sample(text, R"(orchestrator_lock_wait_seconds_bucket{le="0.025"})"), 0);
    EXPECT_EQ(sample(text, R"(orchestrator_lock_wait_seconds_bucket{le="0.05"})"), 1);
    EXPECT_EQ(sample(text, "orchestrator_lock_wait_seconds_count"), 1);
    EXPECT_EQ(sample(text, R"(orchestrator_sessions{status="running"})"), 2);
    EXPECT_EQ(sample(text, R"(orchestrator_sessions{status="pending"})"), 0);
    EXPECT_EQ(sample(text, R"(orchestrator_agents{status="online"})"), 1);
    EXPECT_EQ(sample(text, "orchestrator_websocket_connections"), 7);
    EXPECT_EQ(sample(text, "orchestrator_dispatch_duration_seconds_count"), 0);
    // Every series has its HELP and TYPE.
    for (const char *name :
         {"http_requests_total", "http_request_duration_seconds", "orchestrator_sessions", "orchestrator_agents",
          "orchestrator_session_transitions_total", "orchestrator_websocket_connections",
          "orchestrator_dispatch_duration_seconds", "orchestrator_lock_wait_seconds"}) {
        EXPECT_TRUE(text.contains(QByteArray(QByteArray("# HELP ") + name + ' '))) << name;
        EXPECT_TRUE(text.contains(QByteArray(QByteArray("# TYPE ") + name + ' '))) << name;
    }
    // Every line is a comment or `name{labels} value`.
    static const QRegularExpression line(uR"(^(#.*|[a-z_]+(\{[^}]*\})? [0-9.e+-]+(Inf)?)$)"_s);
    for (const QByteArray &l : text.split('\n')) {
        if (!l.isEmpty()) {
            EXPECT_TRUE(line.match(QString::fromUtf8(l)).hasMatch()) << l.toStdString();
        }
    }
}

TEST(Metrics, LabelValuesAreEscaped)
{
    EXPECT_EQ(Api::Metrics::escapeLabel(u"a\"b\\c\nd"_s), QByteArray(R"(a\"b\\c\nd)"));
}
