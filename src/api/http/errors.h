#pragma once

#include "domain/result.h"

#include <QJsonObject>

namespace Orc::Api {

// The one table mapping error codes to HTTP status codes (CONTRACT §6).
int httpStatusFor(Domain::ErrorCode code);

// {"error", "message", "details": [{field, message}], …extras}; the server adds "request_id".
QJsonObject errorEnvelope(const Domain::Error &error);

} // namespace Orc::Api
