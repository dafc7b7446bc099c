#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QString>

#include <deque>

namespace Orc::Gui {

// One sample of the room's figures, taken every couple of seconds.
struct MetricSample
{
    qint64 atMs = 0;
    QHash<QString, int> sessionsByStatus;
    double completionsPerMinute = 0;
    double successRate = -1; // of the sessions that ended in the window so far; -1 before any
    double agentLoad = 0;    // busy slots over all slots, 0–1
    double dispatchMs = -1;  // mean dispatch time over the interval; -1 when nothing was dispatched
    double apiRequestsPerSecond = 0;
    double apiP99Ms = -1;
    double tokens = 0;
    double costUsd = 0;
};

// Samples kept for a day, and any one figure of them downsampled to at most `points` for a window:
// hours of data stay smooth to draw.
class MetricHistory
{
public:
    static constexpr size_t Capacity = 43200; // a day at one sample per 2 s

    void append(MetricSample sample);
    const std::deque<MetricSample> &samples() const { return m_samples; }
    // (seconds before now, value) pairs of `figure` over the last `windowMs`, at most `points` of
    // them: each bucket of time shows its newest sample (a level such as "sessions running" reads
    // true at the right edge); samples where the figure is negative (unknown) are left out.
    template<typename Figure>
    QList<QPointF> series(Figure figure, qint64 nowMs, qint64 windowMs, int points = 600) const;

private:
    std::deque<MetricSample> m_samples;
};

// The figures read from a Prometheus text (/metrics) that the room charts.
struct PrometheusTotals
{
    double requests = 0;                              // http_requests_total, all labels
    QList<std::pair<double, double>> durationBuckets; // (le, cumulative count), all routes summed
    double dispatchSum = 0;                           // orchestrator_dispatch_duration_seconds_sum
    double dispatchCount = 0;
};
PrometheusTotals parsePrometheus(const QByteArray &text);
// The 99th percentile (ms) of the requests between two readings, from their bucket deltas; -1
// when none were made.
double p99Between(const PrometheusTotals &before, const PrometheusTotals &after);

template<typename Figure>
QList<QPointF> MetricHistory::series(Figure figure, qint64 nowMs, qint64 windowMs, int points) const
{
    QList<QPointF> out;
    const qint64 from = nowMs - windowMs;
    const double bucketMs = double(windowMs) / std::max(1, points);
    double newest = 0;
    bool any = false;
    qint64 bucket = -1;
    auto flush = [&] {
        if (any)
            out.append(QPointF((double(from) + (double(bucket) + 0.5) * bucketMs - double(nowMs)) / 1000.0, newest));
        any = false;
    };
    for (auto it = std::lower_bound(m_samples.begin(), m_samples.end(), from,
                                    [](const MetricSample &s, qint64 t) { return s.atMs < t; });
         it != m_samples.end(); ++it) {
        const double value = figure(*it);
        if (value < 0)
            continue;
        const qint64 b = qint64(double(it->atMs - from) / bucketMs);
        if (b != bucket) {
            flush();
            bucket = b;
        }
        newest = value;
        any = true;
    }
    flush();
    return out;
}

} // namespace Orc::Gui
