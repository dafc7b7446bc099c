#include "domain/result.h"

#include "domain/enumnames.h"

using namespace Qt::StringLiterals;

namespace Orc::Domain {

template<>
struct EnumNames<ErrorCode>
{
    static constexpr std::array names{
        "BAD_REQUEST",       "UNAUTHORIZED",       "FORBIDDEN",        "NOT_FOUND",        "METHOD_NOT_ALLOWED",
        "CONFLICT",          "INVALID_TRANSITION", "VERSION_MISMATCH", "CONTEXT_CONFLICT", "DEPENDENCY_CYCLE",
        "DEADLOCK_DETECTED", "NOT_SUPPORTED",      "NO_CAPABLE_AGENT", "RETRY_LIMIT",      "PAYLOAD_TOO_LARGE",
        "VALIDATION_ERROR",  "RATE_LIMITED",       "UNAVAILABLE",      "INTERNAL",
    };
};

QString errorCodeName(ErrorCode code)
{
    return enumName(code);
}

Error Error::notFound(const QString &what, const QString &id)
{
    return Error{ErrorCode::NotFound, u"%1 %2 not found"_s.arg(what, id), {}, {}};
}

Error Error::validation(QList<FieldError> details)
{
    QString message = u"request validation failed"_s;
    if (details.size() == 1)
        message = details.first().field + u": "_s + details.first().message;
    else if (!details.isEmpty())
        message = u"%1 fields are invalid"_s.arg(details.size());
    return Error{ErrorCode::ValidationError, message, std::move(details), {}};
}

Error Error::conflict(ErrorCode code, const QString &message, QJsonObject extra)
{
    return Error{code, message, {}, std::move(extra)};
}

Error Error::unavailable(const QString &message)
{
    return Error{ErrorCode::Unavailable, message, {}, {}};
}

Error Error::internal(const QString &message)
{
    return Error{ErrorCode::Internal, message, {}, {}};
}

} // namespace Orc::Domain
