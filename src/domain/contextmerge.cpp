#include "domain/contextmerge.h"

#include "domain/enumnames.h"
#include "domain/jsonpath.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

template<>
struct EnumNames<MergeStrategy>
{
    static constexpr std::array names{"last_write_wins", "prefer_source", "prefer_target", "deep_merge", "manual"};
};

QString mergeStrategyName(MergeStrategy strategy)
{
    return enumName(strategy);
}
std::optional<MergeStrategy> mergeStrategyFromName(QStringView name)
{
    return enumFromName<MergeStrategy>(name);
}
QStringList mergeStrategyNames()
{
    return enumNameList<MergeStrategy>();
}

namespace {

QJsonObject deepMerge(QJsonObject base, const QJsonObject &overlay)
{
    for (auto it = overlay.constBegin(); it != overlay.constEnd(); ++it) {
        const QJsonValue existing = base.value(it.key());
        if (existing.isObject() && it.value().isObject())
            base.insert(it.key(), deepMerge(existing.toObject(), it.value().toObject()));
        else
            base.insert(it.key(), it.value());
    }
    return base;
}

QStringList topLevelKeys(const QList<const Context *> &inputs)
{
    QStringList keys;
    QSet<QString> seen;
    for (const Context *c : inputs) {
        for (const QString &key : c->data().keys()) {
            if (!seen.contains(key)) {
                seen.insert(key);
                keys.append(key);
            }
        }
    }
    return keys;
}

// Every key path under which the inputs hold a value, parents before children.
QStringList allPaths(const QList<const Context *> &inputs)
{
    QSet<QString> paths;
    for (const Context *c : inputs) {
        const auto leaves = JsonPath::flatten(c->data());
        for (auto it = leaves.constBegin(); it != leaves.constEnd(); ++it) {
            const QString &leaf = it.key();
            for (qsizetype dot = leaf.indexOf(u'.'); dot >= 0; dot = leaf.indexOf(u'.', dot + 1))
                paths.insert(leaf.left(dot));
            paths.insert(leaf);
        }
    }
    QStringList sorted(paths.cbegin(), paths.cend());
    std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
        const qsizetype da = a.count(u'.');
        const qsizetype db = b.count(u'.');
        return da != db ? da < db : a < b;
    });
    return sorted;
}

MergeResult manualMerge(const QList<const Context *> &inputs)
{
    MergeResult result;
    QStringList settled; // paths resolved (merged whole or conflicting): skip what lies under them
    for (const QString &path : allPaths(inputs)) {
        if (std::any_of(settled.cbegin(), settled.cend(),
                        [&](const QString &s) { return path.startsWith(s) && path[s.size()] == u'.'; }))
            continue;
        QList<std::optional<QJsonValue>> values;
        for (const Context *c : inputs)
            values.append(JsonPath::get(c->data(), path));
        QList<QJsonValue> present;
        for (const auto &v : values) {
            if (v)
                present.append(*v);
        }
        const bool agree
            = std::all_of(present.cbegin(), present.cend(), [&](const QJsonValue &v) { return v == present.first(); });
        const bool allObjects
            = std::all_of(present.cbegin(), present.cend(), [](const QJsonValue &v) { return v.isObject(); });
        if (agree) {
            JsonPath::set(result.data, path, present.first());
            settled.append(path);
        } else if (!allObjects) {
            MergeConflict conflict{path, {}};
            for (const auto &v : values)
                conflict.values.append(v.value_or(QJsonValue(QJsonValue::Null)));
            result.conflicts.append(conflict);
            settled.append(path);
        }
        // differing objects: decided key by key below them
    }
    return result;
}

} // namespace

MergeResult merge(const QList<const Context *> &inputs, MergeStrategy strategy)
{
    MergeResult result;
    if (inputs.isEmpty())
        return result;
    for (const Context *c : inputs)
        result.scope = std::max(result.scope, c->spec().scope);
    // Owner ids: from the first input of the widest scope.
    for (const Context *c : inputs) {
        if (c->spec().scope == result.scope) {
            result.sessionId = c->spec().sessionId;
            result.agentId = c->spec().agentId;
            break;
        }
    }

    switch (strategy) {
    case MergeStrategy::PreferTarget:
        for (auto it = inputs.crbegin(); it != inputs.crend(); ++it) {
            const QJsonObject &data = (*it)->data();
            for (auto kv = data.constBegin(); kv != data.constEnd(); ++kv)
                result.data.insert(kv.key(), kv.value());
        }
        break;
    case MergeStrategy::PreferSource:
        for (const Context *c : inputs) {
            for (auto kv = c->data().constBegin(); kv != c->data().constEnd(); ++kv)
                result.data.insert(kv.key(), kv.value());
        }
        break;
    case MergeStrategy::LastWriteWins:
        for (const QString &key : topLevelKeys(inputs)) {
            const Context *winner = nullptr;
            for (const Context *c : inputs) {
                if (c->data().contains(key) && (!winner || c->state().updatedAt >= winner->state().updatedAt))
                    winner = c;
            }
            result.data.insert(key, winner->data().value(key));
        }
        break;
    case MergeStrategy::DeepMerge:
        for (const Context *c : inputs)
            result.data = deepMerge(result.data, c->data());
        break;
    case MergeStrategy::Manual: {
        MergeResult manual = manualMerge(inputs);
        result.data = std::move(manual.data);
        result.conflicts = std::move(manual.conflicts);
        break;
    }
    }
    return result;
}

ContextDiff diff(const QJsonObject &from, const QJsonObject &to)
{
    const auto before = JsonPath::flatten(from);
    const auto after = JsonPath::flatten(to);
    ContextDiff d;
    for (auto it = after.constBegin(); it != after.constEnd(); ++it) {
        const auto old = before.constFind(it.key());
        if (old == before.constEnd())
            d.added.insert(it.key(), it.value());
        else if (old.value() != it.value())
            d.modified.insert(it.key(), QJsonObject{{u"old"_s, old.value()}, {u"new"_s, it.value()}});
    }
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        if (!after.contains(it.key()))
            d.deleted.append(it.key());
    }
    return d;
}

} // namespace Orc::Domain
