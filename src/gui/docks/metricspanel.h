#pragma once

#include "gui/models/metricseries.h"

#include <qcorotask.h>

#include <QTimer>
#include <QWidget>

#include <functional>

class QChartView;
class QComboBox;
class QLineSeries;
class QValueAxis;

namespace Orc::Gui {

class AgentModel;
class ControlClient;
class SessionModel;

// The Metrics dock (Qt Charts): sessions by status over time, completions per minute, success
// rate, agent load, dispatch latency, API request rate and p99 latency, tokens and cost, over a
// chosen window (5 min … 24 h). Sessions and agents are counted from the live models and the
// event stream; the latencies come from /metrics (the Prometheus histograms), read with each
// sample. Series are downsampled to 600 points, so hours of data stay smooth.
class MetricsPanel : public QWidget
{
    Q_OBJECT

public:
    MetricsPanel(ControlClient &client, SessionModel &sessions, AgentModel &agents, QWidget *parent = nullptr);

    const MetricHistory &history() const { return m_history; }
    // Takes a sample now (also every 2 s) and redraws.
    QCoro::Task<> sample();
    int chartCount() const { return int(m_charts.size()); }
    // The points drawn now by chart `chart`, series `series`.
    QList<QPointF> points(int chart, int series) const;

signals:
    void sampled();

private:
    struct Chart
    {
        QChartView *view = nullptr;
        QValueAxis *x = nullptr;
        QValueAxis *y = nullptr;
        QValueAxis *y2 = nullptr; // a second scale (cost next to tokens)
        QList<QLineSeries *> series;
        QList<std::function<double(const MetricSample &)>> figures;
        double minTop = 1;
    };
    Chart &addChart(const QString &title, const QString &unit, double minTop);
    QLineSeries *addSeries(Chart &chart, const QString &name, const QColor &colour,
                           std::function<double(const MetricSample &)> figure, bool secondAxis = false);
    void onEvent(const QJsonObject &event);
    void redraw();

    ControlClient &m_client;
    SessionModel &m_sessions;
    AgentModel &m_agents;
    MetricHistory m_history;
    std::vector<Chart> m_charts;
    QComboBox *m_window = nullptr;
    QTimer m_timer;
    std::deque<qint64> m_completions; // when sessions completed (ms), for the last minute
    int m_ended = 0;
    int m_succeeded = 0;
    PrometheusTotals m_lastTotals;
    qint64 m_lastTotalsAt = 0;
    bool m_busy = false;
};

} // namespace Orc::Gui
