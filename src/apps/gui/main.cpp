// orchestrator: the desktop control room, with the orchestrator core embedded.

#include "gui/mainwindow.h"
#include "gui/theme.h"
#include "runtime/config.h"
#include "runtime/logging.h"
#include "runtime/orchestrator.h"
#include "runtime/signalwatcher.h"

#include "domain/version.h"

#include <qcorotask.h>

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QTranslator>

using namespace Orc;

namespace {

Q_LOGGING_CATEGORY(lcDesktop, "orc.desktop")

void installTranslations(QApplication &app)
{
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    auto *translator = new QTranslator(&app);
    if (translator->load(QLocale(), QStringLiteral("orchestrator"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(translator);
}

} // namespace

int main(int argc, char *argv[])
{
    Runtime::installLogFormat();
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("industrial-orchestrator"));
    QCoreApplication::setApplicationVersion(QLatin1String(Version));
    QGuiApplication::setApplicationDisplayName(QLatin1String(ProductName));

    Runtime::CommandLine commandLine(
        QStringLiteral("%1 control room: the desktop application, with the orchestrator core and its "
                       "REST/WebSocket API embedded.")
            .arg(QLatin1String(ProductName)));
    const auto outcome = commandLine.parse(app.arguments(), QProcessEnvironment::systemEnvironment());
    if (!outcome.config) {
        Runtime::printLine(outcome.exitCode == Runtime::ExitOk ? stdout : stderr, outcome.message);
        return outcome.exitCode;
    }

    installTranslations(app);
    Gui::applyIndustrialTheme(app);

    Runtime::SignalWatcher signalWatcher;
    Runtime::Orchestrator orchestrator(*outcome.config);
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    if (!started.ok()) {
        Runtime::printLine(stderr, started.error().message);
        // Someone started us from a desktop: say it there too (not on headless test platforms).
        if (QGuiApplication::platformName() != QLatin1String("offscreen")
            && QGuiApplication::platformName() != QLatin1String("minimal"))
            QMessageBox::critical(nullptr, QLatin1String(ProductName), started.error().message);
        return started.error().extra.value(QStringLiteral("exit_code")).toInt(Runtime::ExitBadConfig);
    }
    Runtime::printLine(stdout, QStringLiteral("listening on ") + orchestrator.apiUrl());

    Gui::MainWindow window(orchestrator);
    QObject::connect(&signalWatcher, &Runtime::SignalWatcher::terminationRequested, &window, [&](int signalNumber) {
        qCInfo(lcDesktop).noquote() << Runtime::signalName(signalNumber) << "received: closing";
        window.close();
    });
    QObject::connect(&app, &QApplication::lastWindowClosed, &orchestrator, &Runtime::Orchestrator::stop);
    window.show();
    return QApplication::exec();
}
