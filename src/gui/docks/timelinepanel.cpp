#include "gui/docks/timelinepanel.h"

#include "gui/theme.h"
#include "gui/widgets/timelineview.h"

#include "domain/session.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace Orc::Gui {

TimelinePanel::TimelinePanel(ControlClient &client, SessionModel &sessions, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("timelinePanel"));
    m_view = new TimelineView(client, sessions, this);
    connect(m_view, &TimelineView::sessionActivated, this, &TimelinePanel::sessionActivated);

    m_window = new QComboBox(this);
    m_window->setObjectName(QStringLiteral("timelineWindow"));
    const QList<std::pair<QString, qint64>> windows{{tr("5 minutes"), 5 * 60}, {tr("15 minutes"), 15 * 60},
                                                    {tr("1 hour"), 3600},      {tr("6 hours"), 6 * 3600},
                                                    {tr("24 hours"), 86400},   {tr("1 week"), 7 * 86400}};
    for (const auto &[label, seconds] : windows)
        m_window->addItem(label, seconds * 1000);
    m_window->setCurrentIndex(0);
    m_view->setSpan(m_window->currentData().toLongLong());
    connect(m_window, &QComboBox::activated, this, [this] { m_view->setSpan(m_window->currentData().toLongLong()); });

    auto button = [this](const QString &text, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    QToolButton *in = button(QStringLiteral("+"), tr("Zoom in (+, Ctrl+wheel)"));
    QToolButton *out = button(QStringLiteral("−"), tr("Zoom out (−, Ctrl+wheel)"));
    connect(in, &QToolButton::clicked, this, [this] { m_view->setSpan(m_view->span() * 4 / 5); });
    connect(out, &QToolButton::clicked, this, [this] { m_view->setSpan(m_view->span() * 5 / 4); });
    m_now = button(tr("Now"), tr("Follow the present (End); drag or use the arrow keys to look back"));
    m_now->setObjectName(QStringLiteral("timelineNow"));
    m_now->setCheckable(true);
    m_now->setChecked(true);
    connect(m_now, &QToolButton::toggled, m_view, &TimelineView::setFollowNow);
    connect(m_view, &TimelineView::viewChanged, this, [this] {
        const QSignalBlocker block(m_now);
        m_now->setChecked(m_view->followsNow());
    });

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Window:"), this));
    bar->addWidget(m_window);
    bar->addWidget(in);
    bar->addWidget(out);
    bar->addWidget(m_now);
    bar->addSpacing(12);
    // The legend: the colour of each status.
    for (const QString &status : Domain::sessionStatusNames()) {
        auto *swatch = new QLabel(this);
        swatch->setText(QStringLiteral("<span style=\"color:%1\">■</span> %2").arg(statusColor(status).name(), status));
        bar->addWidget(swatch);
    }
    bar->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
}

} // namespace Orc::Gui
