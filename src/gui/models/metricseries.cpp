#include "gui/models/metricseries.h"

#include <QMap>

namespace Orc::Gui {

void MetricHistory::append(MetricSample sample)
{
    m_samples.push_back(std::move(sample));
    while (m_samples.size() > Capacity)
        m_samples.pop_front();
}

PrometheusTotals parsePrometheus(const QByteArray &text)
{
    PrometheusTotals totals;
    QMap<double, double> buckets;
    for (const QByteArray &raw : text.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        if (space < 0)
            continue;
        const QByteArray name = line.left(space);
        const double value = line.mid(space + 1).toDouble();
        if (name.startsWith("http_requests_total")) {
            totals.requests += value;
        } else if (name.startsWith("http_request_duration_seconds_bucket")) {
            const qsizetype le = name.indexOf("le=\"");
            if (le < 0)
                continue;
            const QByteArray bound = name.mid(le + 4, name.indexOf('"', le + 4) - le - 4);
            buckets[bound == "+Inf" ? std::numeric_limits<double>::infinity() : bound.toDouble()] += value;
        } else if (name == "orchestrator_dispatch_duration_seconds_sum") {
            totals.dispatchSum = value;
        } else if (name == "orchestrator_dispatch_duration_seconds_count") {
            totals.dispatchCount = value;
        }
    }
    for (auto it = buckets.cbegin(); it != buckets.cend(); ++it)
        totals.durationBuckets.append({it.key(), it.value()});
    return totals;
}

double p99Between(const PrometheusTotals &before, const PrometheusTotals &after)
{
    if (after.durationBuckets.isEmpty())
        return -1;
    auto countAt = [](const PrometheusTotals &t, double le) {
        for (const auto &[bound, count] : t.durationBuckets) {
            if (bound == le)
                return count;
        }
        return 0.0;
    };
    const double total
        = after.durationBuckets.constLast().second - countAt(before, after.durationBuckets.constLast().first);
    if (total <= 0)
        return -1;
    for (const auto &[bound, count] : after.durationBuckets) {
        if (count - countAt(before, bound) >= 0.99 * total)
            return std::isinf(bound) ? -1 : bound * 1000.0;
    }
    return -1;
}

} // namespace Orc::Gui
