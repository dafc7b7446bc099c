#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace Orc::Domain {

// Wire names of an enum, in declaration order. Specialise with
//   template<> struct EnumNames<E> { static constexpr std::array names{"a", "b"}; };
// next to the enum's functions; the names are the snake_case strings of CONTRACT.md.
template<typename E>
struct EnumNames;

template<typename E>
constexpr std::size_t enumCount()
{
    return EnumNames<E>::names.size();
}

template<typename E>
QString enumName(E value)
{
    const auto index = static_cast<std::size_t>(value);
    if (index >= enumCount<E>())
        return {};
    const std::string_view name = EnumNames<E>::names[index];
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

template<typename E>
std::optional<E> enumFromName(QStringView text)
{
    for (std::size_t i = 0; i < enumCount<E>(); ++i) {
        const std::string_view name = EnumNames<E>::names[i];
        if (text == QLatin1String(name.data(), static_cast<qsizetype>(name.size())))
            return static_cast<E>(i);
    }
    return std::nullopt;
}

template<typename E>
QStringList enumNameList()
{
    QStringList list;
    list.reserve(static_cast<qsizetype>(enumCount<E>()));
    for (std::size_t i = 0; i < enumCount<E>(); ++i)
        list.append(enumName(static_cast<E>(i)));
    return list;
}

} // namespace Orc::Domain
