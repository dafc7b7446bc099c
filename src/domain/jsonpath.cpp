#include "domain/jsonpath.h"

#include <QList>

namespace Orc::Domain::JsonPath {

namespace {

constexpr qsizetype MaxKeyLength = 256;
constexpr qsizetype MaxSegments = 32;

QList<QStringView> segments(QStringView key)
{
    return key.split(u'.');
}

void setAt(QJsonObject &object, const QList<QStringView> &path, qsizetype index, const QJsonValue &value)
{
    const QString name = path[index].toString();
    if (index == path.size() - 1) {
        object.insert(name, value);
        return;
    }
    QJsonObject child = object.value(name).toObject(); // a non-object becomes {}
    setAt(child, path, index + 1, value);
    object.insert(name, child);
}

bool removeAt(QJsonObject &object, const QList<QStringView> &path, qsizetype index)
{
    const QString name = path[index].toString();
    if (!object.contains(name))
        return false;
    if (index == path.size() - 1) {
        object.remove(name);
        return true;
    }
    const QJsonValue child = object.value(name);
    if (!child.isObject())
        return false;
    QJsonObject copy = child.toObject();
    if (!removeAt(copy, path, index + 1))
        return false;
    object.insert(name, copy);
    return true;
}

void flattenInto(const QJsonObject &object, const QString &prefix, QMap<QString, QJsonValue> &out)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString key = prefix.isEmpty() ? it.key() : prefix + u'.' + it.key();
        if (it.value().isObject() && !it.value().toObject().isEmpty())
            flattenInto(it.value().toObject(), key, out);
        else
            out.insert(key, it.value());
    }
}

} // namespace

bool isValidKey(QStringView key)
{
    if (key.isEmpty() || key.size() > MaxKeyLength)
        return false;
    const QList<QStringView> parts = segments(key);
    if (parts.size() > MaxSegments)
        return false;
    for (QStringView part : parts) {
        if (part.isEmpty())
            return false;
    }
    return true;
}

std::optional<QJsonValue> get(const QJsonObject &root, QStringView key)
{
    if (!isValidKey(key))
        return std::nullopt;
    const QList<QStringView> path = segments(key);
    QJsonValue current(root);
    for (QStringView part : path) {
        if (!current.isObject())
            return std::nullopt;
        const QJsonObject object = current.toObject();
        const auto it = object.constFind(part.toString());
        if (it == object.constEnd())
            return std::nullopt;
        current = it.value();
    }
    return current;
}

void set(QJsonObject &root, QStringView key, const QJsonValue &value)
{
    if (!isValidKey(key))
        return;
    setAt(root, segments(key), 0, value);
}

bool remove(QJsonObject &root, QStringView key)
{
    if (!isValidKey(key))
        return false;
    return removeAt(root, segments(key), 0);
}

QMap<QString, QJsonValue> flatten(const QJsonObject &root)
{
    QMap<QString, QJsonValue> out;
    flattenInto(root, QString(), out);
    return out;
}

QJsonObject unflatten(const QMap<QString, QJsonValue> &leaves)
{
    QJsonObject root;
    for (auto it = leaves.constBegin(); it != leaves.constEnd(); ++it)
        set(root, it.key(), it.value());
    return root;
}

bool overlaps(QStringView a, QStringView b)
{
    if (a.size() == b.size())
        return a == b;
    const QStringView shorter = a.size() < b.size() ? a : b;
    const QStringView longer = a.size() < b.size() ? b : a;
    return longer.startsWith(shorter) && longer[shorter.size()] == u'.';
}

} // namespace Orc::Domain::JsonPath
