#include "gui/widgets/timelineview.h"

#include "gui/client/controlclient.h"
#include "gui/models/sessionmodel.h"
#include "gui/theme.h"

#include <QJsonArray>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>

namespace Orc::Gui {

namespace {

constexpr int RowHeight = 18;
constexpr int AxisHeight = 20;
constexpr qint64 MinSpanMs = 5 * 1000;
constexpr qint64 MaxSpanMs = 30LL * 24 * 3600 * 1000;
constexpr int RedrawMs = 250;

qint64 msOf(const QJsonValue &iso)
{
    const QDateTime t = QDateTime::fromString(iso.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

bool isFinal(const QString &status)
{
    static const QStringList finals{QStringLiteral("completed"), QStringLiteral("partially_completed"),
                                    QStringLiteral("failed"),    QStringLiteral("timeout"),
                                    QStringLiteral("stopped"),   QStringLiteral("cancelled"),
                                    QStringLiteral("orphaned")};
    return finals.contains(status);
}

// A step of the axis that gives labels at least ~90 px apart.
qint64 tickStep(qint64 spanMs, int width)
{
    static const qint64 steps[]
        = {1000,   2000,    5000,    10000,   15000,    30000,    60000,    120000,    300000,     600000,
           900000, 1800000, 3600000, 7200000, 21600000, 43200000, 86400000, 172800000, 604800000LL};
    const qint64 wanted = spanMs * 90 / std::max(1, width);
    for (qint64 step : steps) {
        if (step >= wanted)
            return step;
    }
    return steps[std::size(steps) - 1];
}

} // namespace

TimelineView::TimelineView(ControlClient &client, SessionModel &sessions, QWidget *parent)
    : QWidget(parent), m_sessions(sessions)
{
    setObjectName(QStringLiteral("timelineView"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumHeight(AxisHeight + 3 * RowHeight);
    m_endMs = QDateTime::currentMSecsSinceEpoch();
    connect(&sessions, &QAbstractItemModel::modelReset, this, &TimelineView::rebuild);
    connect(&sessions, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        for (int r = first; r <= last; ++r)
            upsert(m_sessions.rowAt(r));
        update();
    });
    connect(&sessions, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        if (from.column() == SessionModel::Agent && to.column() == SessionModel::Agent)
            return; // agent names became known: nothing the timeline draws
        for (int r = from.row(); r <= to.row(); ++r)
            upsert(m_sessions.rowAt(r));
        update();
    });
    connect(&client, &ControlClient::eventReceived, this, &TimelineView::onEvent);
    m_clock.setInterval(RedrawMs);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        if (m_followNow) {
            m_endMs = QDateTime::currentMSecsSinceEpoch() + m_spanMs / 20;
            update();
        }
    });
    m_clock.start();
    rebuild();
}

const TimelineView::Row *TimelineView::row(const QString &id) const
{
    const auto found = m_index.constFind(id);
    return found == m_index.cend() ? nullptr : &m_rows.at(*found);
}

void TimelineView::rebuild()
{
    m_rows.clear();
    m_index.clear();
    for (int r = 0; r < m_sessions.rowCount(); ++r)
        upsert(m_sessions.rowAt(r));
    std::sort(m_rows.begin(), m_rows.end(), [](const Row &a, const Row &b) { return a.createdMs < b.createdMs; });
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_index.insert(m_rows[i].id, i);
    update();
}

// What a session's own timestamps say; live events then add exact segments.
void TimelineView::upsert(const SessionRow &session)
{
    const QString id = session.id.toString(QUuid::WithoutBraces);
    auto found = m_index.constFind(id);
    if (found == m_index.cend()) {
        Row row;
        row.id = id;
        row.createdMs = session.createdMs;
        row.segments.push_back({row.createdMs, QStringLiteral("pending")});
        if (session.startedMs > 0)
            row.segments.push_back({session.startedMs, QStringLiteral("running")});
        if (session.lastCheckpointMs > 0)
            row.checkpoints.push_back(session.lastCheckpointMs);
        m_rows.push_back(std::move(row));
        found = m_index.insert(id, m_rows.size() - 1);
    }
    Row &row = m_rows[*found];
    row.title = session.title;
    if (row.segments.empty() || row.segments.back().status != session.status) {
        const qint64 at
            = std::max(row.segments.empty() ? row.createdMs : row.segments.back().startMs, session.statusUpdatedMs);
        row.segments.push_back({at, session.status});
    }
    row.endMs = isFinal(session.status) ? row.segments.back().startMs : 0;
}

void TimelineView::onEvent(const QJsonObject &event)
{
    const QString type = event.value(QStringLiteral("type")).toString();
    const QJsonObject payload = event.value(QStringLiteral("payload")).toObject();
    const auto found = m_index.constFind(payload.value(QStringLiteral("session_id")).toString());
    if (found == m_index.cend())
        return;
    Row &row = m_rows[*found];
    const qint64 at = msOf(event.value(QStringLiteral("timestamp")));
    if (type == QLatin1String("session.status_changed")) {
        const QString status = payload.value(QStringLiteral("new_status")).toString();
        if (row.segments.empty() || row.segments.back().status != status)
            row.segments.push_back({at, status});
        row.endMs = isFinal(status) ? at : 0;
        update();
    } else if (type == QLatin1String("session.checkpoint_created")) {
        row.checkpoints.push_back(at);
        update();
    }
}

void TimelineView::setSpan(qint64 spanMs)
{
    m_spanMs = std::clamp(spanMs, MinSpanMs, MaxSpanMs);
    update();
    emit viewChanged();
}

void TimelineView::setFollowNow(bool follow)
{
    m_followNow = follow;
    if (follow)
        m_endMs = QDateTime::currentMSecsSinceEpoch() + m_spanMs / 20;
    update();
    emit viewChanged();
}

int TimelineView::labelWidth() const
{
    return std::min(220, width() / 4);
}

int TimelineView::x(qint64 ms) const
{
    const int left = labelWidth();
    const double fraction = double(ms - viewStartMs()) / double(m_spanMs);
    return left + int(std::clamp(fraction, -1.0, 2.0) * (width() - left));
}

qint64 TimelineView::msAt(int px) const
{
    const int left = labelWidth();
    return viewStartMs() + qint64(double(px - left) / std::max(1, width() - left) * double(m_spanMs));
}

QString TimelineView::sessionAt(const QPoint &point) const
{
    if (point.y() < AxisHeight)
        return {};
    const int index = m_firstRow + (point.y() - AxisHeight) / RowHeight;
    if (index < 0 || index >= int(m_rows.size()))
        return {};
    const Row &r = m_rows.at(size_t(index));
    if (point.x() < labelWidth())
        return r.id; // the label opens it too
    const qint64 end = r.endMs > 0 ? r.endMs : QDateTime::currentMSecsSinceEpoch();
    const qint64 at = msAt(point.x());
    return at >= r.createdMs && at <= end ? r.id : QString();
}

QRect TimelineView::barRect(const QString &id) const
{
    const auto found = m_index.constFind(id);
    if (found == m_index.cend())
        return {};
    const Row &r = m_rows.at(*found);
    const int y = AxisHeight + (int(*found) - m_firstRow) * RowHeight;
    const qint64 end = r.endMs > 0 ? r.endMs : QDateTime::currentMSecsSinceEpoch();
    return QRect(QPoint(x(r.createdMs), y + 3), QPoint(std::max(x(r.createdMs) + 2, x(end)), y + RowHeight - 3));
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const int left = labelWidth();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    // Time axis with grid lines.
    const qint64 step = tickStep(m_spanMs, width() - left);
    p.setPen(palette().color(QPalette::Mid));
    const QString format = step < 60000 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
    for (qint64 t = (viewStartMs() / step + 1) * step; t < m_endMs; t += step) {
        const int tx = x(t);
        p.setPen(palette().color(QPalette::AlternateBase));
        p.drawLine(tx, AxisHeight, tx, height());
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRect(tx - 45, 0, 90, AxisHeight), Qt::AlignCenter,
                   QLocale().toString(QDateTime::fromMSecsSinceEpoch(t), format));
    }

    // Rows: only those in view are drawn.
    const int visible = (height() - AxisHeight) / RowHeight + 1;
    const int last = std::min(int(m_rows.size()), m_firstRow + visible);
    for (int i = m_firstRow; i < last; ++i) {
        const Row &r = m_rows.at(size_t(i));
        const int y = AxisHeight + (i - m_firstRow) * RowHeight;
        if (i % 2)
            p.fillRect(QRect(0, y, width(), RowHeight), palette().color(QPalette::AlternateBase));
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(4, y, left - 8, RowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                   p.fontMetrics().elidedText(r.title, Qt::ElideRight, left - 8));
        const qint64 end = r.endMs > 0 ? r.endMs : now;
        for (size_t s = 0; s < r.segments.size(); ++s) {
            const qint64 from = r.segments[s].startMs;
            const qint64 to = s + 1 < r.segments.size() ? r.segments[s + 1].startMs : end;
            if (to < viewStartMs() || from > m_endMs)
                continue;
            const int x0 = std::max(left, x(from));
            const int x1 = std::max(x0 + 2, x(to));
            p.fillRect(QRect(x0, y + 3, x1 - x0, RowHeight - 6), statusColor(r.segments[s].status));
        }
        p.setPen(QPen(Qt::white, 2));
        for (qint64 cp : r.checkpoints) {
            const int cx = x(cp);
            if (cx >= left)
                p.drawLine(cx, y + 2, cx, y + RowHeight - 2);
        }
    }
    // The present.
    const int nx = x(now);
    if (nx >= left && nx <= width()) {
        p.setPen(QPen(QColor(0xF5, 0x9E, 0x0B), 1, Qt::DashLine));
        p.drawLine(nx, AxisHeight, nx, height());
    }
    if (m_rows.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Sessions appear here as bars over time once they exist."));
    }
}

void TimelineView::zoom(double factor, int anchorX)
{
    const qint64 anchor = msAt(anchorX);
    const qint64 span = std::clamp(qint64(double(m_spanMs) * factor), MinSpanMs, MaxSpanMs);
    const double fraction = double(anchor - viewStartMs()) / double(m_spanMs);
    m_spanMs = span;
    if (!m_followNow)
        m_endMs = anchor + qint64((1.0 - fraction) * double(span));
    update();
    emit viewChanged();
}

void TimelineView::pan(qint64 deltaMs)
{
    m_followNow = false;
    m_endMs += deltaMs;
    update();
    emit viewChanged();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y() / 120;
    if (event->modifiers() & Qt::ControlModifier) {
        zoom(steps > 0 ? 0.8 : 1.25, int(event->position().x()));
    } else {
        m_firstRow = std::clamp(m_firstRow - steps * 3, 0, std::max(0, int(m_rows.size()) - 1));
        update();
    }
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    m_dragFrom = event->position().toPoint();
    m_dragEndMs = m_endMs;
    m_dragged = false;
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton) {
        const int dx = int(event->position().x()) - m_dragFrom.x();
        if (std::abs(dx) > 3)
            m_dragged = true;
        if (m_dragged) {
            m_followNow = false;
            m_endMs = m_dragEndMs - qint64(double(dx) / std::max(1, width() - labelWidth()) * double(m_spanMs));
            update();
            emit viewChanged();
        }
        return;
    }
    const QString id = sessionAt(event->position().toPoint());
    const Row *r = id.isEmpty() ? nullptr : row(id);
    setToolTip(r ? QStringLiteral("%1\n%2").arg(r->title, r->segments.empty() ? QString() : r->segments.back().status)
                 : QString());
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragged && event->button() == Qt::LeftButton) {
        const QString id = sessionAt(event->position().toPoint());
        if (!id.isEmpty())
            emit sessionActivated(id);
    }
    m_dragged = false;
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoom(0.8, labelWidth() + (width() - labelWidth()) / 2); break;
    case Qt::Key_Minus: zoom(1.25, labelWidth() + (width() - labelWidth()) / 2); break;
    case Qt::Key_Left: pan(-m_spanMs / 10); break;
    case Qt::Key_Right: pan(m_spanMs / 10); break;
    case Qt::Key_End: setFollowNow(true); break;
    case Qt::Key_Up:
        m_firstRow = std::max(0, m_firstRow - 1);
        update();
        break;
    case Qt::Key_Down:
        m_firstRow = std::min(std::max(0, int(m_rows.size()) - 1), m_firstRow + 1);
        update();
        break;
    default: QWidget::keyPressEvent(event);
    }
}

} // namespace Orc::Gui
