#include "gui/theme.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace Orc::Gui {

namespace {

QPalette industrialPalette()
{
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
    palette.setColor(QPalette::Link, QColor(0xF5, 0x9E, 0x0B));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6B, 0x72, 0x80));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6B, 0x72, 0x80));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6B, 0x72, 0x80));
    return palette;
}

QString styleSheet(const QString &resource)
{
    QFile sheet(resource);
    return sheet.open(QIODevice::ReadOnly) ? QString::fromUtf8(sheet.readAll()) : QString();
}

} // namespace

void applyTheme(QApplication &app, Theme theme)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (theme == Theme::IndustrialDark) {
        app.setPalette(industrialPalette());
        app.setStyleSheet(styleSheet(QStringLiteral(":/themes/industrial-dark.qss")));
    } else {
        QPalette palette = app.style()->standardPalette();
        palette.setColor(QPalette::Highlight, QColor(0xD9, 0x77, 0x06));
        palette.setColor(QPalette::HighlightedText, QColor(0xFF, 0xFF, 0xFF));
        app.setPalette(palette);
        app.setStyleSheet(styleSheet(QStringLiteral(":/themes/industrial-light.qss")));
    }
}

void applyIndustrialTheme(QApplication &app)
{
    applyTheme(app, Theme::IndustrialDark);
}

QColor statusColor(const QString &status)
{
    static const QHash<QString, QColor> colours{
        {QStringLiteral("pending"), QColor(0x6B, 0x72, 0x80)},
        {QStringLiteral("queued"), QColor(0x3B, 0x82, 0xF6)},
        {QStringLiteral("running"), QColor(0x10, 0xB9, 0x81)},
        {QStringLiteral("paused"), QColor(0xF5, 0x9E, 0x0B)},
        {QStringLiteral("completed"), QColor(0x05, 0x96, 0x69)},
        {QStringLiteral("partially_completed"), QColor(0xD9, 0x77, 0x06)},
        {QStringLiteral("failed"), QColor(0xDC, 0x26, 0x26)},
        {QStringLiteral("timeout"), QColor(0x7C, 0x3A, 0xED)},
        {QStringLiteral("stopped"), QColor(0x4B, 0x55, 0x63)},
        {QStringLiteral("cancelled"), QColor(0x37, 0x41, 0x51)},
        {QStringLiteral("orphaned"), QColor(0x93, 0x33, 0xEA)},
        {QStringLiteral("degraded"), QColor(0xF9, 0x73, 0x16)},
    };
    return colours.value(status, QColor(0x6B, 0x72, 0x80));
}

QColor agentStatusColor(const QString &status)
{
    static const QHash<QString, QColor> colours{
        {QStringLiteral("online"), QColor(0x10, 0xB9, 0x81)},
        {QStringLiteral("busy"), QColor(0xF5, 0x9E, 0x0B)},
        {QStringLiteral("degraded"), QColor(0xF9, 0x73, 0x16)},
        {QStringLiteral("offline"), QColor(0x6B, 0x72, 0x80)},
        {QStringLiteral("maintenance"), QColor(0x93, 0x33, 0xEA)},
    };
    return colours.value(status, QColor(0x6B, 0x72, 0x80));
}

} // namespace Orc::Gui
