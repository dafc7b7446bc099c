#include "api/http/jsonbody.h"

#include "domain/identifiers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <QStringDecoder>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Orc::Api {

using Domain::Error;
using Domain::FieldError;

namespace {

// QJsonDocument replaces invalid UTF-8 silently: check it first, the body must be what was sent.
bool isValidUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(bytes); // decoding is what sets hasError()
    return !decoded.isNull() && !decoder.hasError();
}

} // namespace

QString mustBeOneOf(const QStringList &names)
{
    return u"must be one of %1"_s.arg(names.join(u", "_s));
}

Domain::Result<JsonBody> JsonBody::parse(const QByteArray &body, bool emptyIsObject)
{
    if (body.trimmed().isEmpty()) {
        if (emptyIsObject)
            return JsonBody(QJsonObject{});
        return Error{Domain::ErrorCode::BadRequest, u"the request needs a JSON object body"_s, {}, {}};
    }
    if (!isValidUtf8(body))
        return Error{Domain::ErrorCode::BadRequest, u"the request body is not valid UTF-8"_s, {}, {}};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error{Domain::ErrorCode::BadRequest,
                     u"malformed JSON at offset %1: %2"_s.arg(parseError.offset).arg(parseError.errorString()),
                     {},
                     {}};
    }
    if (!document.isObject())
        return Error{Domain::ErrorCode::BadRequest, u"the request body must be a JSON object"_s, {}, {}};
    return JsonBody(document.object());
}

bool JsonBody::has(const QString &name) const
{
    const QJsonValue value = m_object.value(name);
    return !value.isUndefined() && !value.isNull();
}

void JsonBody::invalid(const QString &name, const QString &message)
{
    m_errors.append({name, message});
}

void JsonBody::require(const QString &name)
{
    if (!has(name))
        invalid(name, u"is required"_s);
}

std::optional<Domain::CapabilitySet> JsonBody::capabilities(const QString &name)
{
    const auto names = strings(name);
    if (!names)
        return std::nullopt;
    QStringList unknown;
    const Domain::CapabilitySet set = Domain::CapabilitySet::fromNames(*names, &unknown);
    if (!unknown.isEmpty()) {
        invalid(name, u"unknown: %1 (known: %2)"_s.arg(unknown.join(u", "_s), Domain::capabilityNames().join(u", "_s)));
        return std::nullopt;
    }
    return set;
}

void JsonBody::forbid(const QStringList &names, const QString &why)
{
    for (const QString &name : names) {
        if (has(name))
            invalid(name, why);
    }
}

std::optional<QString> JsonBody::string(const QString &name)
{
    return read<QString>(
        name, [](const QJsonValue &v) { return v.isString(); }, [](const QJsonValue &v) { return v.toString(); },
        "must be a string"_L1);
}

std::optional<int> JsonBody::integer(const QString &name)
{
    const auto isInt = [](const QJsonValue &v) {
        const double number = v.toDouble();
        return v.isDouble() && std::floor(number) == number && std::abs(number) <= 2147483647.0;
    };
    return read<int>(
        name, isInt, [](const QJsonValue &v) { return int(v.toDouble()); }, "must be an integer"_L1);
}

std::optional<double> JsonBody::number(const QString &name)
{
    return read<double>(
        name, [](const QJsonValue &v) { return v.isDouble() && std::isfinite(v.toDouble()); },
        [](const QJsonValue &v) { return v.toDouble(); }, "must be a number"_L1);
}

std::optional<bool> JsonBody::boolean(const QString &name)
{
    return read<bool>(
        name, [](const QJsonValue &v) { return v.isBool(); }, [](const QJsonValue &v) { return v.toBool(); },
        "must be true or false"_L1);
}

std::optional<QJsonObject> JsonBody::object(const QString &name)
{
    return read<QJsonObject>(
        name, [](const QJsonValue &v) { return v.isObject(); }, [](const QJsonValue &v) { return v.toObject(); },
        "must be an object"_L1);
}

std::optional<QStringList> JsonBody::strings(const QString &name)
{
    const auto isStrings = [](const QJsonValue &v) {
        const QJsonArray array = v.toArray();
        return v.isArray()
               && std::all_of(array.begin(), array.end(), [](const QJsonValue &item) { return item.isString(); });
    };
    const auto toStrings = [](const QJsonValue &v) {
        QStringList list;
        for (const QJsonValue &item : v.toArray())
            list.append(item.toString());
        return list;
    };
    return read<QStringList>(name, isStrings, toStrings, "must be an array of strings"_L1);
}

std::optional<QUuid> JsonBody::id(const QString &name)
{
    const auto text = string(name);
    if (!text)
        return std::nullopt;
    const auto parsed = Domain::parseId(*text);
    if (!parsed)
        invalid(name, u"must be a UUID"_s);
    return parsed;
}

Domain::Status JsonBody::finish(const QList<FieldError> &more) const
{
    QList<FieldError> all = m_errors;
    QSet<QString> named;
    for (const FieldError &e : m_errors)
        named.insert(e.field);
    for (const FieldError &e : more) {
        if (!named.contains(e.field))
            all.append(e);
    }
    if (all.isEmpty())
        return {};
    return Error::validation(all);
}

QString QueryParams::string(const QString &name) const
{
    return m_query.queryItemValue(name, QUrl::FullyDecoded);
}

std::optional<qint64> QueryParams::integer(const QString &name, qint64 min, qint64 max)
{
    if (!m_query.hasQueryItem(name))
        return std::nullopt;
    bool ok = false;
    const qint64 value = string(name).toLongLong(&ok);
    if (!ok || value < min || value > max) {
        invalid(name, u"must be an integer from %1 to %2"_s.arg(min).arg(max));
        return std::nullopt;
    }
    return value;
}

bool QueryParams::flag(const QString &name)
{
    if (!m_query.hasQueryItem(name))
        return false;
    const QString value = string(name).toLower();
    if (value == u"true"_s || value == u"1"_s || value.isEmpty())
        return true;
    if (value != u"false"_s && value != u"0"_s)
        invalid(name, u"must be true or false"_s);
    return false;
}

void QueryParams::invalid(const QString &name, const QString &message)
{
    m_errors.append({name, message});
}

Domain::Status QueryParams::finish() const
{
    if (m_errors.isEmpty())
        return {};
    return Error::validation(m_errors);
}

} // namespace Orc::Api
