#include "api/metrics/metrics.h"

#include <cmath>

namespace Orc::Api {

using namespace Qt::StringLiterals;

namespace {

QByteArray number(double value)
{
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    return QByteArray::number(value, 'g', 12);
}

void header(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

} // namespace

QList<double> Histogram::defaultBounds()
{
    return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Histogram::Histogram(QList<double> bounds) : m_bounds(std::move(bounds)), m_counts(m_bounds.size() + 1, 0) {}

void Histogram::observe(double value)
{
    qsizetype bucket = 0;
    while (bucket < m_bounds.size() && value > m_bounds.at(bucket))
        ++bucket;
    ++m_counts[bucket];
    m_sum += value;
    ++m_count;
}

void Histogram::render(QByteArray &out, const QByteArray &name, const QByteArray &labels) const
{
    const QByteArray prefix = labels.isEmpty() ? QByteArray("{") : "{" + labels + ",";
    quint64 cumulative = 0;
    for (qsizetype i = 0; i <= m_bounds.size(); ++i) {
        cumulative += m_counts.at(i);
        const QByteArray le = i < m_bounds.size() ? number(m_bounds.at(i)) : QByteArray("+Inf");
        out += name + "_bucket" + prefix + "le=\"" + le + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    const QByteArray plain = labels.isEmpty() ? QByteArray() : "{" + labels + "}";
    out += name + "_sum" + plain + ' ' + number(m_sum) + '\n';
    out += name + "_count" + plain + ' ' + QByteArray::number(m_count) + '\n';
}

Metrics::Metrics(Application::IEventBus &bus, QObject *parent) : QObject(parent)
{
    connect(&bus, &Application::IEventBus::published, this, &Metrics::onEvent);
}

QByteArray Metrics::escapeLabel(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void Metrics::observeRequest(const QByteArray &method, const QString &route, int status, double seconds)
{
    ++m_requests[RequestKey{method, route, status}];
    m_durations[{method, route}].observe(seconds);
}

void Metrics::onEvent(const Domain::Event &event)
{
    if (event.type == u"session.status_changed"_s) {
        ++m_transitions[{event.payload.value(u"old_status"_s).toString(),
                         event.payload.value(u"new_status"_s).toString()}];
    } else if (event.type == u"lock.acquired"_s) {
        m_lockWait.observe(event.payload.value(u"waited_ms"_s).toDouble() / 1000.0);
    }
}

QByteArray Metrics::render(const Gauges &gauges) const
{
    QByteArray out;
    out.reserve(16 * 1024);

    header(out, "http_requests_total", "counter", "HTTP requests answered, by method, route pattern and status.");
    QList<RequestKey> keys = m_requests.keys();
    std::sort(keys.begin(), keys.end(), [](const RequestKey &a, const RequestKey &b) {
        return std::tie(a.route, a.method, a.status) < std::tie(b.route, b.method, b.status);
    });
    for (const RequestKey &key : std::as_const(keys)) {
        out += "http_requests_total{method=\"" + escapeLabel(QString::fromLatin1(key.method)) + "\",route=\""
               + escapeLabel(key.route) + "\",status=\"" + QByteArray::number(key.status) + "\"} "
               + QByteArray::number(m_requests.value(key)) + '\n';
    }

    header(out, "http_request_duration_seconds", "histogram",
           "Time from a request's arrival to its answer, by method and route pattern.");
    for (auto it = m_durations.cbegin(); it != m_durations.cend(); ++it) {
        it.value().render(out, "http_request_duration_seconds",
                          "method=\"" + escapeLabel(QString::fromLatin1(it.key().first)) + "\",route=\""
                              + escapeLabel(it.key().second) + "\"");
    }

    header(out, "orchestrator_sessions", "gauge", "Sessions (not deleted) by status.");
    for (auto it = gauges.sessionsByStatus.cbegin(); it != gauges.sessionsByStatus.cend(); ++it)
        out += "orchestrator_sessions{status=\"" + escapeLabel(it.key()) + "\"} " + QByteArray::number(it.value())
               + '\n';

    header(out, "orchestrator_agents", "gauge", "Registered agents by status.");
    for (auto it = gauges.agentsByStatus.cbegin(); it != gauges.agentsByStatus.cend(); ++it)
        out += "orchestrator_agents{status=\"" + escapeLabel(it.key()) + "\"} " + QByteArray::number(it.value()) + '\n';

    header(out, "orchestrator_session_transitions_total", "counter",
           "Session status changes since this process started, by old and new status.");
    for (auto it = m_transitions.cbegin(); it != m_transitions.cend(); ++it) {
        out += "orchestrator_session_transitions_total{from=\"" + escapeLabel(it.key().first) + "\",to=\""
               + escapeLabel(it.key().second) + "\"} " + QByteArray::number(it.value()) + '\n';
    }

    header(out, "orchestrator_websocket_connections", "gauge", "WebSocket clients connected now.");
    out += "orchestrator_websocket_connections " + QByteArray::number(gauges.websocketConnections) + '\n';

    header(out, "orchestrator_dispatch_duration_seconds", "histogram",
           "Time to hand a session to its agent, from routing to the agent's acceptance.");
    m_dispatch.render(out, "orchestrator_dispatch_duration_seconds", {});

    header(out, "orchestrator_lock_wait_seconds", "histogram", "Time lock requests waited before the grant.");
    m_lockWait.render(out, "orchestrator_lock_wait_seconds", {});
    return out;
}

} // namespace Orc::Api
