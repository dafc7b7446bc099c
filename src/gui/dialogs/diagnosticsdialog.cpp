#include "gui/dialogs/diagnosticsdialog.h"

#include "gui/client/controlclient.h"
#include "gui/theme.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

namespace Orc::Gui {

namespace {

constexpr int RefreshMs = 2000;

QChartView *chartOf(QLineSeries *load, QLineSeries *success, QWidget *parent)
{
    auto *chart = new QChart;
    chart->addSeries(load);
    chart->addSeries(success);
    auto *x = new QValueAxis;
    x->setTitleText(QCoreApplication::translate("Orc::Gui::DiagnosticsDialog", "seconds"));
    x->setRange(0, 60);
    auto *y = new QValueAxis;
    y->setRange(0, 100);
    y->setLabelFormat(QStringLiteral("%d%%"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries *series : {load, success}) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    chart->setTheme(QChart::ChartThemeDark);
    chart->setMargins(QMargins(2, 2, 2, 2));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(180);
    return view;
}

} // namespace

DiagnosticsDialog::DiagnosticsDialog(ControlClient &client, QString agentId, const QString &name, QWidget *parent)
    : QDialog(parent), m_client(client), m_agentId(std::move(agentId))
{
    setObjectName(QStringLiteral("diagnosticsDialog"));
    setWindowTitle(tr("Diagnostics — %1").arg(name));
    m_probe = new QLabel(tr("Probing…"), this);
    m_probe->setObjectName(QStringLiteral("probe"));
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_load = new QLineSeries(this);
    m_load->setName(tr("load"));
    m_success = new QLineSeries(this);
    m_success->setName(tr("success rate"));
    m_tasks = new QTableWidget(0, 5, this);
    m_tasks->setObjectName(QStringLiteral("recentTasks"));
    m_tasks->setHorizontalHeaderLabels({tr("Task"), tr("Session"), tr("Status"), tr("Progress"), tr("Dispatched")});
    m_tasks->horizontalHeader()->setStretchLastSection(true);
    m_tasks->verticalHeader()->hide();
    m_tasks->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *probe = buttons->addButton(tr("Probe now"), QDialogButtonBox::ActionRole);
    connect(probe, &QPushButton::clicked, this, [this] { refresh(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_probe);
    layout->addWidget(m_summary);
    layout->addWidget(chartOf(m_load, m_success, this));
    layout->addWidget(new QLabel(tr("Recent tasks"), this));
    layout->addWidget(m_tasks, 1);
    layout->addWidget(buttons);
    resize(640, 560);

    m_openedAt = QDateTime::currentMSecsSinceEpoch();
    m_timer.setInterval(RefreshMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { refresh(); });
    m_timer.start();
    refresh();
}

QCoro::Task<> DiagnosticsDialog::refresh()
{
    if (m_busy)
        co_return;
    const QPointer<DiagnosticsDialog> self(this);
    m_busy = true;
    const QString target = QStringLiteral("/api/v1/agents/%1/diagnostics").arg(m_agentId);
    const ApiReply reply = co_await m_client.get(target);
    if (!self)
        co_return;
    m_busy = false;
    if (!reply.ok()) {
        m_probe->setText(tr("Diagnostics failed: %1").arg(reply.describe()));
        emit refreshed();
        co_return;
    }
    const QJsonObject d = reply.object;
    const QJsonObject probe = d.value(QStringLiteral("health_probe")).toObject();
    m_probe->setText(probe.value(QStringLiteral("ok")).toBool()
                         ? tr("Health probe: OK, round trip %1 ms")
                               .arg(QLocale().toString(probe.value(QStringLiteral("round_trip_ms")).toDouble(), 'f', 2))
                         : tr("Health probe failed: %1").arg(probe.value(QStringLiteral("error")).toString()));
    const QJsonObject load = d.value(QStringLiteral("load")).toObject();
    const QJsonObject perf = d.value(QStringLiteral("performance")).toObject();
    m_summary->setText(
        tr("Status %1 · load %2/%3 · %4 tasks, success rate %5%")
            .arg(d.value(QStringLiteral("status")).toString())
            .arg(load.value(QStringLiteral("current_tasks")).toInt())
            .arg(load.value(QStringLiteral("max_concurrent_tasks")).toInt())
            .arg(perf.value(QStringLiteral("tasks_total")).toInt())
            .arg(QLocale().toString(perf.value(QStringLiteral("success_rate")).toDouble() * 100, 'f', 0)));

    const double seconds = double(QDateTime::currentMSecsSinceEpoch() - m_openedAt) / 1000.0;
    const int max = std::max(1, load.value(QStringLiteral("max_concurrent_tasks")).toInt());
    m_load->append(seconds, 100.0 * load.value(QStringLiteral("current_tasks")).toDouble() / max);
    m_success->append(seconds, 100.0 * perf.value(QStringLiteral("success_rate")).toDouble());
    if (auto *axis = qobject_cast<QValueAxis *>(m_load->attachedAxes().value(0)); axis && seconds > axis->max())
        axis->setRange(std::max(0.0, seconds - 300), seconds + 10);

    const QJsonArray tasks = d.value(QStringLiteral("recent_tasks")).toArray();
    m_tasks->setRowCount(int(tasks.size()));
    for (int row = 0; row < tasks.size(); ++row) {
        const QJsonObject t = tasks.at(tasks.size() - 1 - row).toObject(); // newest first
        const QStringList cells{t.value(QStringLiteral("task_id")).toString().left(8),
                                t.value(QStringLiteral("session_id")).toString().left(8),
                                t.value(QStringLiteral("status")).toString(),
                                QStringLiteral("%1%").arg(int(t.value(QStringLiteral("progress")).toDouble() * 100)),
                                t.value(QStringLiteral("dispatched_at")).toString()};
        for (int column = 0; column < cells.size(); ++column)
            m_tasks->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        m_tasks->item(row, 2)->setForeground(statusColor(t.value(QStringLiteral("status")).toString()));
    }
    emit refreshed();
}

} // namespace Orc::Gui
