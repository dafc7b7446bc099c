#include "gui/docks/metricspanel.h"

#include "gui/client/controlclient.h"
#include "gui/models/agentmodel.h"
#include "gui/models/sessionmodel.h"
#include "gui/theme.h"

#include "domain/session.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPointer>
#include <QVBoxLayout>
#include <QValueAxis>

namespace Orc::Gui {

namespace {

constexpr int SampleMs = 2000;
constexpr qint64 MinuteMs = 60000;

} // namespace

MetricsPanel::MetricsPanel(ControlClient &client, SessionModel &sessions, AgentModel &agents, QWidget *parent)
    : QWidget(parent), m_client(client), m_sessions(sessions), m_agents(agents)
{
    setObjectName(QStringLiteral("metricsPanel"));
    m_window = new QComboBox(this);
    m_window->setObjectName(QStringLiteral("metricsWindow"));
    const QList<std::pair<QString, qint64>> windows{{tr("5 minutes"), 5 * MinuteMs},
                                                    {tr("15 minutes"), 15 * MinuteMs},
                                                    {tr("1 hour"), 60 * MinuteMs},
                                                    {tr("6 hours"), 360 * MinuteMs},
                                                    {tr("24 hours"), 1440 * MinuteMs}};
    for (const auto &[label, ms] : windows)
        m_window->addItem(label, ms);
    connect(m_window, &QComboBox::activated, this, &MetricsPanel::redraw);

    m_charts.reserve(8);
    Chart &byStatus = addChart(tr("Sessions by status"), tr("sessions"), 5);
    for (const QString &status : Domain::sessionStatusNames())
        addSeries(byStatus, status, statusColor(status),
                  [status](const MetricSample &s) { return double(s.sessionsByStatus.value(status)); });
    addSeries(addChart(tr("Completions per minute"), tr("per min"), 5), tr("completed"),
              statusColor(QStringLiteral("completed")), [](const MetricSample &s) { return s.completionsPerMinute; });
    addSeries(addChart(tr("Success rate"), QStringLiteral("%"), 100), tr("success"), QColor(0x10, 0xB9, 0x81),
              [](const MetricSample &s) { return s.successRate < 0 ? -1.0 : s.successRate * 100; });
    addSeries(addChart(tr("Agent load"), QStringLiteral("%"), 100), tr("busy slots"), QColor(0xF5, 0x9E, 0x0B),
              [](const MetricSample &s) { return s.agentLoad * 100; });
    addSeries(addChart(tr("Dispatch latency"), QStringLiteral("ms"), 5), tr("mean"), QColor(0x3B, 0x82, 0xF6),
              [](const MetricSample &s) { return s.dispatchMs; });
    addSeries(addChart(tr("API requests"), tr("per s"), 5), tr("requests"), QColor(0x93, 0x33, 0xEA),
              [](const MetricSample &s) { return s.apiRequestsPerSecond; });
    addSeries(addChart(tr("API p99 latency"), QStringLiteral("ms"), 5), tr("p99"), QColor(0xDC, 0x26, 0x26),
              [](const MetricSample &s) { return s.apiP99Ms; });
    Chart &usage = addChart(tr("Tokens and cost"), tr("tokens"), 100);
    addSeries(usage, tr("tokens"), QColor(0x10, 0xB9, 0x81), [](const MetricSample &s) { return s.tokens; });
    addSeries(
        usage, tr("cost (USD)"), QColor(0xF9, 0x73, 0x16), [](const MetricSample &s) { return s.costUsd; }, true);

    auto *grid = new QGridLayout;
    grid->setSpacing(2);
    for (size_t i = 0; i < m_charts.size(); ++i)
        grid->addWidget(m_charts[i].view, int(i / 4), int(i % 4));
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Window:"), this));
    bar->addWidget(m_window);
    bar->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(bar);
    layout->addLayout(grid, 1);

    connect(&client, &ControlClient::eventReceived, this, &MetricsPanel::onEvent);
    m_timer.setInterval(SampleMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { sample(); });
    m_timer.start();
}

MetricsPanel::Chart &MetricsPanel::addChart(const QString &title, const QString &unit, double minTop)
{
    Chart chart;
    auto *c = new QChart;
    c->setTitle(title);
    c->legend()->setVisible(false);
    c->setMargins(QMargins(2, 2, 2, 2));
    c->setBackgroundRoundness(0);
    c->setTheme(palette().color(QPalette::Window).lightnessF() < 0.5 ? QChart::ChartThemeDark
                                                                     : QChart::ChartThemeLight);
    chart.x = new QValueAxis;
    chart.x->setLabelFormat(QStringLiteral("%.0fs"));
    chart.y = new QValueAxis;
    chart.y->setTitleText(unit);
    chart.y->setLabelFormat(QStringLiteral("%.0f"));
    chart.y->setRange(0, minTop);
    c->addAxis(chart.x, Qt::AlignBottom);
    c->addAxis(chart.y, Qt::AlignLeft);
    chart.minTop = minTop;
    chart.view = new QChartView(c, this);
    chart.view->setRenderHint(QPainter::Antialiasing);
    chart.view->setMinimumSize(220, 160);
    m_charts.push_back(chart);
    return m_charts.back();
}

QLineSeries *MetricsPanel::addSeries(Chart &chart, const QString &name, const QColor &colour,
                                     std::function<double(const MetricSample &)> figure, bool secondAxis)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->setColor(colour);
    QChart *c = chart.view->chart();
    c->addSeries(series);
    series->attachAxis(chart.x);
    if (secondAxis) {
        if (!chart.y2) {
            chart.y2 = new QValueAxis;
            chart.y2->setTitleText(name);
            chart.y2->setLabelFormat(QStringLiteral("%.2f"));
            c->addAxis(chart.y2, Qt::AlignRight);
        }
        series->attachAxis(chart.y2);
    } else {
        series->attachAxis(chart.y);
    }
    if (chart.series.size() >= 1)
        c->legend()->setVisible(chart.series.size() + 1 <= 2); // two series: name them
    chart.series.append(series);
    chart.figures.append(std::move(figure));
    return series;
}

void MetricsPanel::onEvent(const QJsonObject &event)
{
    const QString type = event.value(QStringLiteral("type")).toString();
    if (type != QLatin1String("session.status_changed"))
        return;
    const QString to = event.value(QStringLiteral("payload")).toObject().value(QStringLiteral("new_status")).toString();
    static const QStringList failures{QStringLiteral("failed"), QStringLiteral("timeout"), QStringLiteral("stopped"),
                                      QStringLiteral("orphaned")};
    if (to == QLatin1String("completed") || to == QLatin1String("partially_completed")) {
        m_completions.push_back(QDateTime::currentMSecsSinceEpoch());
        ++m_ended;
        ++m_succeeded;
    } else if (failures.contains(to)) {
        ++m_ended;
    }
}

QCoro::Task<> MetricsPanel::sample()
{
    if (m_busy)
        co_return;
    const QPointer<MetricsPanel> self(this);
    m_busy = true;
    const QString target = QStringLiteral("/metrics");
    const ApiReply prometheus = co_await m_client.get(target);
    if (!self)
        co_return;
    m_busy = false;

    MetricSample s;
    s.atMs = QDateTime::currentMSecsSinceEpoch();
    s.sessionsByStatus = m_sessions.countByStatus(); // running totals: no walk over the rows
    s.tokens = m_sessions.totalTokens();
    s.costUsd = m_sessions.totalCostUsd();
    while (!m_completions.empty() && m_completions.front() < s.atMs - MinuteMs)
        m_completions.pop_front();
    s.completionsPerMinute = double(m_completions.size());
    s.successRate = m_ended > 0 ? double(m_succeeded) / m_ended : -1;
    double busy = 0, capacity = 0;
    for (int row = 0; row < m_agents.rowCount(); ++row) {
        const QJsonObject agent = m_agents.objectAt(row);
        busy += agent.value(QStringLiteral("current_tasks")).toDouble();
        capacity += agent.value(QStringLiteral("max_concurrent_tasks")).toDouble();
    }
    s.agentLoad = capacity > 0 ? busy / capacity : 0;
    if (prometheus.ok()) {
        const PrometheusTotals totals = parsePrometheus(prometheus.body);
        if (m_lastTotalsAt > 0) {
            const double seconds = double(s.atMs - m_lastTotalsAt) / 1000.0;
            // The room's own /metrics reads are requests too; they are one per sample.
            s.apiRequestsPerSecond = std::max(0.0, totals.requests - m_lastTotals.requests) / std::max(0.001, seconds);
            s.apiP99Ms = p99Between(m_lastTotals, totals);
            const double dispatched = totals.dispatchCount - m_lastTotals.dispatchCount;
            s.dispatchMs = dispatched > 0 ? (totals.dispatchSum - m_lastTotals.dispatchSum) / dispatched * 1000.0 : -1;
        }
        m_lastTotals = totals;
        m_lastTotalsAt = s.atMs;
    }
    m_history.append(std::move(s));
    redraw();
    emit sampled();
}

void MetricsPanel::redraw()
{
    const qint64 window = m_window->currentData().toLongLong();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (Chart &chart : m_charts) {
        double top = chart.minTop;
        double top2 = 0.01;
        for (qsizetype i = 0; i < chart.series.size(); ++i) {
            const QList<QPointF> points = m_history.series(chart.figures.at(i), now, window);
            const bool second = chart.y2 && chart.series.at(i)->attachedAxes().contains(chart.y2);
            for (const QPointF &p : points)
                (second ? top2 : top) = std::max(second ? top2 : top, p.y());
            chart.series.at(i)->replace(points);
            chart.series.at(i)->setPointsVisible(points.size() < 30); // a few samples still show
        }
        chart.x->setRange(-double(window) / 1000.0, 0);
        chart.y->setRange(0, top * 1.1);
        if (chart.y2)
            chart.y2->setRange(0, top2 * 1.1);
    }
}

QList<QPointF> MetricsPanel::points(int chart, int series) const
{
    return m_charts.at(size_t(chart)).series.at(series)->points();
}

} // namespace Orc::Gui
