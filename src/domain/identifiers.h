#pragma once

#include <QDateTime>
#include <QString>
#include <QStringView>
#include <QUuid>

#include <optional>

namespace Orc::Domain {

// Ids are UUIDs, written lowercase with dashes and no braces.
inline QUuid newId()
{
    return QUuid::createUuid();
}

inline QString idString(const QUuid &id)
{
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

// Accepts exactly the canonical 36-character form (either case); anything else is not an id.
std::optional<QUuid> parseId(QStringView text);

// Times are ISO-8601 UTC with milliseconds: 2026-11-23T12:00:00.000Z. A null time is an empty string.
QString isoTime(const QDateTime &time);
std::optional<QDateTime> parseIsoTime(QStringView text);

} // namespace Orc::Domain
