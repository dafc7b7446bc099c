#include "gui/theme.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QStyleFactory>

namespace Orc::Gui {

void applyIndustrialTheme(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x1F, 0x23, 0x2A));
    palette.setColor(QPalette::WindowText, QColor(0xE5, 0xE7, 0xEB));
    palette.setColor(QPalette::Base, QColor(0x16, 0x19, 0x1E));
    palette.setColor(QPalette::AlternateBase, QColor(0x23, 0x28, 0x30));
    palette.setColor(QPalette::Text, QColor(0xE5, 0xE7, 0xEB));
    palette.setColor(QPalette::Button, QColor(0x2A, 0x2F, 0x38));
    palette.setColor(QPalette::ButtonText, QColor(0xE5, 0xE7, 0xEB));
    palette.setColor(QPalette::Highlight, QColor(0xF5, 0x9E, 0x0B));
    palette.setColor(QPalette::HighlightedText, QColor(0x11, 0x18, 0x27));
    palette.setColor(QPalette::ToolTipBase, QColor(0x2A, 0x2F, 0x38));
    palette.setColor(QPalette::ToolTipText, QColor(0xE5, 0xE7, 0xEB));
    palette.setColor(QPalette::PlaceholderText, QColor(0x9C, 0xA3, 0xAF));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6B, 0x72, 0x80));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6B, 0x72, 0x80));
    app.setPalette(palette);

    QFile sheet(QStringLiteral(":/themes/industrial-dark.qss"));
    if (sheet.open(QIODevice::ReadOnly))
        app.setStyleSheet(QString::fromUtf8(sheet.readAll()));
}

} // namespace Orc::Gui
