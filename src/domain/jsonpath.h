#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringView>

#include <optional>

namespace Orc::Domain::JsonPath {

// Dot-notation keys over nested JSON objects: "a.b.c" is root["a"]["b"]["c"].
// A valid key has non-empty segments and at most 32 of them, 256 characters in all.
bool isValidKey(QStringView key);

std::optional<QJsonValue> get(const QJsonObject &root, QStringView key);
// Creates missing intermediate objects; a non-object on the way is replaced by an object.
void set(QJsonObject &root, QStringView key, const QJsonValue &value);
// Returns whether something was removed.
bool remove(QJsonObject &root, QStringView key);

// Every leaf as "a.b.c" -> value. Arrays and empty objects are leaves.
QMap<QString, QJsonValue> flatten(const QJsonObject &root);
QJsonObject unflatten(const QMap<QString, QJsonValue> &leaves);

// Whether writing one key can change the value read at the other: equal, or one is a path prefix
// of the other ("a.b" overlaps "a" and "a.b.c", not "a.bc").
bool overlaps(QStringView a, QStringView b);

} // namespace Orc::Domain::JsonPath
