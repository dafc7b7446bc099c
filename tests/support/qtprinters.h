#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <ostream>

// Readable GoogleTest failure messages for Qt types (found by argument-dependent lookup).
inline void PrintTo(const QString &value, std::ostream *os)
{
    *os << '"' << value.toStdString() << '"';
}

inline void PrintTo(const QStringList &value, std::ostream *os)
{
    *os << '[' << value.join(QStringLiteral(", ")).toStdString() << ']';
}

inline void PrintTo(const QByteArray &value, std::ostream *os)
{
    *os << value.toStdString();
}

inline void PrintTo(const QUuid &value, std::ostream *os)
{
    *os << value.toString(QUuid::WithoutBraces).toStdString();
}

inline void PrintTo(const QDateTime &value, std::ostream *os)
{
    *os << value.toString(Qt::ISODateWithMs).toStdString();
}

inline void PrintTo(const QJsonObject &value, std::ostream *os)
{
    *os << QJsonDocument(value).toJson(QJsonDocument::Compact).toStdString();
}

inline void PrintTo(const QJsonValue &value, std::ostream *os)
{
    if (value.isObject())
        PrintTo(value.toObject(), os);
    else if (value.isArray())
        *os << QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact).toStdString();
    else if (value.isString())
        *os << '"' << value.toString().toStdString() << '"';
    else if (value.isUndefined())
        *os << "undefined";
    else
        *os << value.toVariant().toString().toStdString();
}
