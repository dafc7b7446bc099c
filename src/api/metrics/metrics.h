#pragma once

#include "application/ports/eventbus.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>

namespace Orc::Api {

// A Prometheus histogram: cumulative buckets, sum and count.
class Histogram
{
public:
    // Prometheus's default buckets, in seconds.
    static QList<double> defaultBounds();

    explicit Histogram(QList<double> bounds = defaultBounds());
    void observe(double value);
    // `name_bucket{labels,le=…}`, `name_sum{labels}` and `name_count{labels}` lines.
    void render(QByteArray &out, const QByteArray &name, const QByteArray &labels) const;
    quint64 count() const { return m_count; }

private:
    QList<double> m_bounds;
    QList<quint64> m_counts; // per bucket, not cumulative; the last is +Inf
    double m_sum = 0.0;
    quint64 m_count = 0;
};

// The series of CONTRACT §6 in the Prometheus text format (version 0.0.4). Request figures come from
// the HTTP server, transitions and lock waits from the event bus; the gauges are read when scraped.
class Metrics : public QObject
{
    Q_OBJECT

public:
    // What is read at scrape time.
    struct Gauges
    {
        QMap<QString, qint64> sessionsByStatus; // every status, zeros included
        QMap<QString, qint64> agentsByStatus;
        int websocketConnections = 0;
    };

    explicit Metrics(Application::IEventBus &bus, QObject *parent = nullptr);

    // One answered request: its method, route pattern (never the raw path: ids would make every
    // request a series of its own), status and duration.
    void observeRequest(const QByteArray &method, const QString &route, int status, double seconds);
    // A dispatch to an agent, from the decision to the agent's acceptance.
    void observeDispatch(double seconds) { m_dispatch.observe(seconds); }

    QByteArray render(const Gauges &gauges) const;

    // `"` `\` and newlines escaped, as label values need.
    static QByteArray escapeLabel(const QString &value);

private:
    void onEvent(const Domain::Event &event);

    struct RequestKey
    {
        QByteArray method;
        QString route;
        int status = 0;
        friend bool operator==(const RequestKey &, const RequestKey &) = default;
        friend size_t qHash(const RequestKey &key, size_t seed = 0)
        {
            return qHashMulti(seed, key.method, key.route, key.status);
        }
    };
    QHash<RequestKey, quint64> m_requests;
    QMap<std::pair<QByteArray, QString>, Histogram> m_durations; // by (method, route)
    QMap<std::pair<QString, QString>, quint64> m_transitions;    // by (from, to)
    Histogram m_dispatch;
    Histogram m_lockWait;
};

} // namespace Orc::Api
