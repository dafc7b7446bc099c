#include "gui/widgets/graphview.h"

#include "gui/theme.h"

#include <QHash>
#include <QJsonArray>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace Orc::Gui {

namespace {

constexpr int NodeWidth = 170;
constexpr int NodeHeight = 44;
constexpr int ColumnGap = 60;
constexpr int RowGap = 16;
constexpr int Margin = 12;
constexpr int HeaderHeight = 22;
const QColor Amber(0xF5, 0x9E, 0x0B);

} // namespace

GraphView::GraphView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("graphView"));
}

void GraphView::setGraph(const QJsonObject &graph)
{
    m_nodes.clear();
    m_edges.clear();
    m_critical.clear();
    for (const QJsonValue &v : graph.value(QStringLiteral("nodes")).toArray()) {
        const QJsonObject t = v.toObject();
        Node node;
        node.id = t.value(QStringLiteral("id")).toString();
        node.title = t.value(QStringLiteral("title")).toString();
        node.status = t.value(QStringLiteral("status")).toString();
        node.hours = t.value(QStringLiteral("estimate")).toObject().value(QStringLiteral("expected_hours")).toDouble();
        m_nodes.append(node);
    }
    for (const QJsonValue &v : graph.value(QStringLiteral("edges")).toArray()) {
        const QJsonObject e = v.toObject();
        m_edges.append(
            {e.value(QStringLiteral("depends_on_task_id")).toString(), e.value(QStringLiteral("task_id")).toString()});
    }
    for (const QJsonValue &v : graph.value(QStringLiteral("critical_path")).toArray())
        m_critical.append(v.toString());
    m_criticalHours = graph.value(QStringLiteral("critical_path_hours")).toDouble();
    m_totalHours = graph.value(QStringLiteral("total_estimated_hours")).toDouble();
    layout();
    update();
}

// Columns by the longest chain of dependencies before a task (the graph is acyclic: the server
// refuses cycles); rows in order within a column.
void GraphView::layout()
{
    QHash<QString, int> column;
    for (const Node &n : std::as_const(m_nodes))
        column.insert(n.id, 0);
    for (qsizetype pass = 0; pass < m_nodes.size(); ++pass) {
        bool moved = false;
        for (const auto &[dependency, dependent] : std::as_const(m_edges)) {
            if (column.contains(dependency) && column.contains(dependent)
                && column.value(dependent) < column.value(dependency) + 1) {
                column[dependent] = column.value(dependency) + 1;
                moved = true;
            }
        }
        if (!moved)
            break;
    }
    QHash<int, int> rows;
    int width = 0, height = 0;
    for (Node &n : m_nodes) {
        n.column = column.value(n.id);
        n.row = rows[n.column]++;
        width = std::max(width, Margin + (n.column + 1) * (NodeWidth + ColumnGap));
        height = std::max(height, HeaderHeight + Margin + (n.row + 1) * (NodeHeight + RowGap));
    }
    setMinimumSize(width, height);
}

QRect GraphView::nodeRect(const QString &id) const
{
    for (const Node &n : m_nodes) {
        if (n.id == id)
            return QRect(Margin + n.column * (NodeWidth + ColumnGap),
                         HeaderHeight + Margin + n.row * (NodeHeight + RowGap), NodeWidth, NodeHeight);
    }
    return {};
}

void GraphView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (m_nodes.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Select a task to see its dependency graph."));
        return;
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(Margin, 2, width() - 2 * Margin, HeaderHeight), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Critical path: %1 h of %2 h in all (amber)")
                   .arg(QLocale().toString(m_criticalHours, 'f', 1), QLocale().toString(m_totalHours, 'f', 1)));
    auto onCritical = [this](const QString &a, const QString &b) {
        const qsizetype i = m_critical.indexOf(a);
        return i >= 0 && i + 1 < m_critical.size() && m_critical.at(i + 1) == b;
    };
    for (const auto &[dependency, dependent] : std::as_const(m_edges)) {
        const QRect from = nodeRect(dependency);
        const QRect to = nodeRect(dependent);
        if (from.isNull() || to.isNull())
            continue;
        const bool critical = onCritical(dependency, dependent);
        p.setPen(QPen(critical ? Amber : palette().color(QPalette::Mid), critical ? 2.5 : 1.2));
        const QPointF a(from.right(), from.center().y());
        const QPointF b(to.left(), to.center().y());
        QPainterPath path(a);
        path.cubicTo(a + QPointF(ColumnGap / 2.0, 0), b - QPointF(ColumnGap / 2.0, 0), b);
        p.drawPath(path);
        p.drawLine(b, b + QPointF(-7, -4));
        p.drawLine(b, b + QPointF(-7, 4));
    }
    for (const Node &n : std::as_const(m_nodes)) {
        const QRect r = nodeRect(n.id);
        const bool critical = m_critical.contains(n.id);
        p.setPen(QPen(critical ? Amber : palette().color(QPalette::Mid), critical ? 2.5 : 1));
        p.setBrush(palette().color(QPalette::AlternateBase));
        p.drawRoundedRect(r, 6, 6);
        p.fillRect(QRect(r.left() + 1, r.top() + 6, 5, r.height() - 12), statusColor(n.status));
        p.setPen(palette().color(QPalette::Text));
        const QRect text = r.adjusted(10, 3, -6, -3);
        p.drawText(text, Qt::AlignLeft | Qt::AlignTop,
                   p.fontMetrics().elidedText(n.title, Qt::ElideRight, text.width()));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(text, Qt::AlignLeft | Qt::AlignBottom,
                   tr("%1 · %2 h").arg(n.status, QLocale().toString(n.hours, 'f', 1)));
    }
}

void GraphView::mouseReleaseEvent(QMouseEvent *event)
{
    for (const Node &n : std::as_const(m_nodes)) {
        if (nodeRect(n.id).contains(event->position().toPoint())) {
            emit taskClicked(n.id);
            return;
        }
    }
}

} // namespace Orc::Gui
