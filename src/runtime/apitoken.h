#pragma once

#include "domain/result.h"

#include <QString>

namespace Orc::Runtime {

// The API token of CONTRACT §6/§10: ORC_API_TOKEN when set, otherwise the content of
// DIR/api-token, created with a random value and mode 0600 at first start.
struct ApiToken
{
    QString value;
    QString source; // "ORC_API_TOKEN" or the file's path

    static Domain::Result<ApiToken> load(const QString &dataDir, const QString &fromEnvironment);
    static QString fileName(const QString &dataDir);
};

} // namespace Orc::Runtime
