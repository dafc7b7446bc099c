#pragma once

#include "domain/capability.h"
#include "domain/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>
#include <QUrlQuery>
#include <QUuid>

#include <optional>

namespace Orc::Api {

// "must be one of a, b, c".
QString mustBeOneOf(const QStringList &names);

// A JSON object request body read field by field. Every problem is collected, so one 422 lists
// every invalid field; a field that is absent or null reads as "not given".
class JsonBody
{
public:
    // BAD_REQUEST for malformed JSON (invalid UTF-8 included) or a body that is not an object. An
    // empty body is an empty object when `emptyIsObject`.
    static Domain::Result<JsonBody> parse(const QByteArray &body, bool emptyIsObject = false);

    explicit JsonBody(QJsonObject object) : m_object(std::move(object)) {}

    bool has(const QString &name) const;
    const QJsonObject &object() const { return m_object; }

    std::optional<QString> string(const QString &name);
    std::optional<int> integer(const QString &name);
    std::optional<double> number(const QString &name);
    std::optional<bool> boolean(const QString &name);
    std::optional<QJsonObject> object(const QString &name);
    std::optional<QStringList> strings(const QString &name);
    std::optional<QUuid> id(const QString &name);
    // A list of capability names; an unknown one lists the field with the names it takes.
    std::optional<Domain::CapabilitySet> capabilities(const QString &name);
    // One of an enum's wire names, parsed; otherwise the field is listed with the names it takes.
    template<typename E>
    std::optional<E> choice(const QString &name, std::optional<E> (*parse)(QStringView), const QStringList &names)
    {
        const auto text = string(name);
        if (!text)
            return std::nullopt;
        const auto value = parse(*text);
        if (!value)
            invalid(name, mustBeOneOf(names));
        return value;
    }
    // "is required" unless the field is given.
    void require(const QString &name);
    // Each of `names` that is given is listed with `why` (fields a request may not change).
    void forbid(const QStringList &names, const QString &why);
    void invalid(const QString &name, const QString &message);

    bool hasErrors() const { return !m_errors.isEmpty(); }
    const QList<Domain::FieldError> &errors() const { return m_errors; }
    // VALIDATION_ERROR with these errors and `more` (those naming a field already listed are left
    // out), or OK when there are none.
    Domain::Status finish(const QList<Domain::FieldError> &more = {}) const;

private:
    // A present, non-null field of the expected kind (`accepts`) converted, or "not given" (with the
    // field listed as `expected` when it has the wrong kind).
    template<typename T, typename Accepts, typename Convert>
    std::optional<T> read(const QString &name, Accepts accepts, Convert convert, QLatin1String expected)
    {
        if (!has(name))
            return std::nullopt;
        const QJsonValue value = m_object.value(name);
        if (!accepts(value)) {
            invalid(name, expected);
            return std::nullopt;
        }
        return convert(value);
    }

    QJsonObject m_object;
    QList<Domain::FieldError> m_errors;
};

// Query parameters with the same rules: `field` errors for values of the wrong shape.
class QueryParams
{
public:
    explicit QueryParams(QUrlQuery query) : m_query(std::move(query)) {}

    QString string(const QString &name) const;
    // As JsonBody::choice; an absent or empty parameter is "not given".
    template<typename E>
    std::optional<E> choice(const QString &name, std::optional<E> (*parse)(QStringView), const QStringList &names)
    {
        const QString text = string(name);
        if (text.isEmpty())
            return std::nullopt;
        const auto value = parse(text);
        if (!value)
            invalid(name, mustBeOneOf(names));
        return value;
    }
    std::optional<qint64> integer(const QString &name, qint64 min, qint64 max);
    bool flag(const QString &name); // true/false/1/0; absent is false
    void invalid(const QString &name, const QString &message);
    Domain::Status finish() const;

private:
    QUrlQuery m_query;
    QList<Domain::FieldError> m_errors;
};

} // namespace Orc::Api
