#pragma once

#include <QColor>
#include <QString>

class QApplication;

namespace Orc::Gui {

enum class Theme { IndustrialDark, Light };

// The "industrial" dark theme (Fusion, a steel palette, amber accents and a style sheet from the
// resources), or its light alternative.
void applyTheme(QApplication &app, Theme theme);
void applyIndustrialTheme(QApplication &app);

// The colour of a session status everywhere in the room (tables, timeline, charts): pending
// #6B7280, queued #3B82F6, running #10B981 … degraded #F97316. Unknown statuses are grey.
QColor statusColor(const QString &status);
// The colour of an agent status: online green, busy amber, degraded orange, offline grey,
// maintenance purple.
QColor agentStatusColor(const QString &status);

} // namespace Orc::Gui
