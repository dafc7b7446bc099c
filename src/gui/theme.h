#pragma once

class QApplication;

namespace Orc::Gui {

// The "industrial" dark theme (Fusion + a style sheet from the resources).
void applyIndustrialTheme(QApplication &app);

} // namespace Orc::Gui
