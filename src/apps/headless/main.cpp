// orchestrator-headless: the orchestrator core as a service, with no GUI libraries linked.

#include "runtime/apitoken.h"
#include "runtime/config.h"
#include "runtime/logging.h"
#include "runtime/orchestrator.h"
#include "runtime/signalwatcher.h"

#include "domain/version.h"

#include <qcorotask.h>

#include <QCoreApplication>

#include <QLoggingCategory>
#include <cstdio>

using namespace Orc;

namespace {

Q_LOGGING_CATEGORY(lcService, "orc.service")

} // namespace

int main(int argc, char *argv[])
{
    Runtime::installLogFormat();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("industrial-orchestrator"));
    QCoreApplication::setApplicationVersion(QLatin1String(Version));

    Runtime::CommandLine commandLine(QStringLiteral("%1 service: runs, routes, watches and recovers autonomous coding "
                                                    "sessions, and serves the REST/WebSocket API.")
                                         .arg(QLatin1String(ProductName)));
    const auto outcome = commandLine.parse(app.arguments(), QProcessEnvironment::systemEnvironment());
    if (!outcome.config) {
        Runtime::printLine(outcome.exitCode == Runtime::ExitOk ? stdout : stderr, outcome.message);
        return outcome.exitCode;
    }
    const Runtime::Config config = *outcome.config;

    if (config.showToken) {
        const auto token = Runtime::ApiToken::load(config.dataDir, config.apiToken);
        if (!token.ok()) {
            Runtime::printLine(stderr, token.error().message);
            return Runtime::ExitBadConfig;
        }
        Runtime::printLine(stdout, token.value().value);
        return Runtime::ExitOk;
    }

    if (config.printOpenApi) {
        std::fputs(Runtime::Orchestrator::openApiDocument().constData(), stdout);
        return Runtime::ExitOk;
    }

    Runtime::SignalWatcher signalWatcher;
    Runtime::Orchestrator orchestrator(config);
    QObject::connect(&signalWatcher, &Runtime::SignalWatcher::terminationRequested, &app, [&](int signalNumber) {
        qCInfo(lcService).noquote() << Runtime::signalName(signalNumber) << "received: stopping";
        orchestrator.stop();
        QCoreApplication::quit();
    });

    const Domain::Status started = QCoro::waitFor(orchestrator.start());
    if (!started.ok()) {
        Runtime::printLine(stderr, started.error().message);
        return started.error().extra.value(QStringLiteral("exit_code")).toInt(Runtime::ExitBadConfig);
    }
    Runtime::printLine(stdout, QStringLiteral("listening on ") + orchestrator.apiUrl());
    return QCoreApplication::exec();
}
