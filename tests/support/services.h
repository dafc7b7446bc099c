#pragma once

#include "support/gate.h"

#include <QProcess>

namespace Orc::Testing {

// The throwaway PostgreSQL and Redis of scripts/test (scripts/start-services).
inline bool haveTestServices()
{
    return !qEnvironmentVariableIsEmpty("ORC_TEST_POSTGRES_URL")
           && !qEnvironmentVariableIsEmpty("ORC_TEST_SERVICES_DIR");
}

// Runs scripts/start-services `command` (--stop-postgres, --start-postgres) on the test services,
// with the event loop turning meanwhile so that clients keep working while the server stops or
// starts. The target defines ORC_START_SERVICES, the script's path.
inline bool testServices(const QString &command)
{
    QProcess script;
    script.setProcessChannelMode(QProcess::ForwardedChannels);
    script.start(QStringLiteral(ORC_START_SERVICES), {command, qEnvironmentVariable("ORC_TEST_SERVICES_DIR")});
    waitUntil([&] { return script.state() == QProcess::NotRunning; }, 60000);
    return script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0;
}

} // namespace Orc::Testing
