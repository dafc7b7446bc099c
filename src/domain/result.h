#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>
#include <variant>

namespace Orc::Domain {

// The stable machine codes of CONTRACT.md §6. The HTTP layer maps them to status codes in one table.
enum class ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    InvalidTransition,
    VersionMismatch,
    ContextConflict,
    DependencyCycle,
    DeadlockDetected,
    NotSupported,
    NoCapableAgent,
    RetryLimit,
    PayloadTooLarge,
    ValidationError,
    RateLimited,
    Unavailable,
    Internal,
};

QString errorCodeName(ErrorCode code);

struct FieldError
{
    QString field;
    QString message;
    friend bool operator==(const FieldError &, const FieldError &) = default;
};

// An error crossing a port: a machine code, an English message, the invalid fields (for
// VALIDATION_ERROR) and structured extras (conflicting keys, a cycle, the states of a transition).
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QList<FieldError> details;
    QJsonObject extra;

    static Error notFound(const QString &what, const QString &id);
    static Error validation(QList<FieldError> details);
    static Error conflict(ErrorCode code, const QString &message, QJsonObject extra = {});
    static Error unavailable(const QString &message);
    static Error internal(const QString &message);
};

// Either a value or an Error (std::expected is C++23; this is the part we need).
template<typename T>
class [[nodiscard]] Result
{
public:
    // Default: an error, never a silent success (QCoro::waitFor needs a default-constructible T).
    Result() : m_data(std::in_place_index<1>, Error{ErrorCode::Internal, QStringLiteral("no result"), {}, {}}) {}
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const & { return std::get<1>(m_data); }
    Error &&error() && { return std::get<1>(std::move(m_data)); }

private:
    std::variant<T, Error> m_data;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const & { return m_error; }
    Error &&error() && { return std::move(m_error); }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

} // namespace Orc::Domain
