// orchestrator: the desktop control room, with the orchestrator core embedded.

#include "gui/client/remoteclient.h"
#include "gui/mainwindow.h"
#include "gui/theme.h"
#include "runtime/config.h"
#include "runtime/logging.h"
#include "runtime/orchestrator.h"
#include "runtime/signalwatcher.h"

#include "domain/version.h"

#include <qcorotask.h>

#include <QApplication>
#include <QCommandLineOption>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QTranslator>

using namespace Orc;

namespace {

Q_LOGGING_CATEGORY(lcDesktop, "orc.desktop")

// The system's language, or --language (de, zh_CN, en …).
void installTranslations(QApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    if (!language.isEmpty())
        QLocale::setDefault(locale);
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    auto *translator = new QTranslator(&app);
    if (translator->load(locale, QStringLiteral("orchestrator"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(translator);
}

bool onDesktop()
{
    return QGuiApplication::platformName() != QLatin1String("offscreen")
           && QGuiApplication::platformName() != QLatin1String("minimal");
}

// `--connect URL --token T`: the same room, watching and driving an instance elsewhere.
int runRemote(const QString &url, const QString &token)
{
    const QUrl base(url, QUrl::StrictMode);
    if (!base.isValid() || (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https"))
        || base.host().isEmpty()) {
        Runtime::printLine(stderr, QStringLiteral("--connect: '%1' is not an http:// or https:// URL").arg(url));
        return Runtime::ExitBadConfig;
    }
    if (token.isEmpty()) {
        Runtime::printLine(stderr, QStringLiteral("--connect needs the instance's API token: --token or ORC_TOKEN"));
        return Runtime::ExitBadConfig;
    }
    Gui::RemoteClient client(base, token.toUtf8());
    const Gui::ApiReply health = QCoro::waitFor(client.get(QStringLiteral("/api/v1/sessions/stats")));
    if (!health.ok()) {
        const QString message = QStringLiteral("--connect %1: %2").arg(url, health.describe());
        Runtime::printLine(stderr, message);
        if (onDesktop())
            QMessageBox::critical(nullptr, QLatin1String(ProductName), message);
        return health.status == 401 ? Runtime::ExitBadConfig : Runtime::ExitStorage;
    }
    Runtime::printLine(stdout, QStringLiteral("connected to ") + url);
    client.open();
    Gui::MainWindow window(client, nullptr);
    Runtime::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &Runtime::SignalWatcher::terminationRequested, &window, &QWidget::close);
    window.show();
    return QApplication::exec();
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
    const QCommandLineOption connectOption(
        QStringLiteral("connect"),
        QStringLiteral("Watch and drive an orchestrator elsewhere (its REST and WebSocket API) instead of embedding "
                       "one, e.g. http://build-host:8420. Needs --token."),
        QStringLiteral("URL"));
    const QCommandLineOption tokenOption(QStringLiteral("token"),
                                         QStringLiteral("The API token of the instance given to --connect (env: "
                                                        "ORC_TOKEN; orchestrator-headless --show-token prints it)."),
                                         QStringLiteral("TOKEN"));
    const QCommandLineOption languageOption(
        QStringLiteral("language"),
        QStringLiteral("The language of the room: en, de or zh_CN (default: the system's)."), QStringLiteral("CODE"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QStringLiteral("Start the demo at once: three example agents, a command-line agent and a stream of sessions "
                       "(needs python3)."));
    commandLine.parser().addOptions({connectOption, tokenOption, languageOption, demoOption});
    const auto environment = QProcessEnvironment::systemEnvironment();
    const auto outcome = commandLine.parse(app.arguments(), environment);
    if (!outcome.config) {
        Runtime::printLine(outcome.exitCode == Runtime::ExitOk ? stdout : stderr, outcome.message);
        return outcome.exitCode;
    }

    installTranslations(app, commandLine.parser().value(languageOption));
    Gui::applyIndustrialTheme(app);
    if (commandLine.parser().isSet(connectOption)) {
        const QString token = commandLine.parser().isSet(tokenOption) ? commandLine.parser().value(tokenOption)
                                                                      : environment.value(QStringLiteral("ORC_TOKEN"));
        return runRemote(commandLine.parser().value(connectOption), token);
    }

    Runtime::SignalWatcher signalWatcher;
    Runtime::Orchestrator orchestrator(*outcome.config);
    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    if (!started.ok()) {
        Runtime::printLine(stderr, started.error().message);
        // Someone started us from a desktop: say it there too (not on headless test platforms).
        if (onDesktop())
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
    if (commandLine.parser().isSet(demoOption))
        window.startDemo();
    return QApplication::exec();
}
