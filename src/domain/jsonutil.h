#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace Orc::Domain::Json {

// Small helpers for the contract's conventions: null for absent values, ISO times, UUID strings.
QJsonValue time(const QDateTime &time);
QJsonValue id(const QUuid &id);
QJsonValue optional(const std::optional<double> &value);
QJsonValue optional(const std::optional<int> &value);
QJsonArray strings(const QStringList &list);
QJsonArray ids(const QList<QUuid> &list);

QDateTime toTime(const QJsonValue &value);
QUuid toId(const QJsonValue &value);
std::optional<double> toOptionalDouble(const QJsonValue &value);
std::optional<int> toOptionalInt(const QJsonValue &value);
QStringList toStrings(const QJsonValue &value);

} // namespace Orc::Domain::Json
