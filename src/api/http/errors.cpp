#include "api/http/errors.h"

#include <QJsonArray>

namespace Orc::Api {

using Domain::ErrorCode;

int httpStatusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::BadRequest: return 400;
    case ErrorCode::Unauthorized: return 401;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::MethodNotAllowed: return 405;
    case ErrorCode::Conflict:
    case ErrorCode::InvalidTransition:
    case ErrorCode::VersionMismatch:
    case ErrorCode::ContextConflict:
    case ErrorCode::DependencyCycle:
    case ErrorCode::DeadlockDetected:
    case ErrorCode::NotSupported:
    case ErrorCode::NoCapableAgent:
    case ErrorCode::RetryLimit: return 409;
    case ErrorCode::PayloadTooLarge: return 413;
    case ErrorCode::ValidationError: return 422;
    case ErrorCode::RateLimited: return 429;
    case ErrorCode::Unavailable: return 503;
    case ErrorCode::Internal: return 500;
    }
    return 500;
}

QJsonObject errorEnvelope(const Domain::Error &error)
{
    QJsonObject body = error.extra;
    QJsonArray details;
    for (const Domain::FieldError &field : error.details)
        details.append(QJsonObject{{QStringLiteral("field"), field.field}, {QStringLiteral("message"), field.message}});
    body.insert(QStringLiteral("error"), Domain::errorCodeName(error.code));
    body.insert(QStringLiteral("message"), error.message);
    body.insert(QStringLiteral("details"), details);
    return body;
}

} // namespace Orc::Api
