#include "domain/jsonutil.h"

#include "domain/identifiers.h"

namespace Orc::Domain::Json {

QJsonValue time(const QDateTime &value)
{
    return value.isValid() ? QJsonValue(isoTime(value)) : QJsonValue(QJsonValue::Null);
}

QJsonValue id(const QUuid &value)
{
    return value.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(idString(value));
}

QJsonValue optional(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue optional(const std::optional<int> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonArray ids(const QList<QUuid> &list)
{
    QJsonArray array;
    for (const QUuid &value : list)
        array.append(idString(value));
    return array;
}

QDateTime toTime(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    return parseIsoTime(value.toString()).value_or(QDateTime());
}

QUuid toId(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    return parseId(value.toString()).value_or(QUuid());
}

std::optional<double> toOptionalDouble(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    return value.toDouble();
}

std::optional<int> toOptionalInt(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    return value.toInt();
}

QStringList toStrings(const QJsonValue &value)
{
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace Orc::Domain::Json
