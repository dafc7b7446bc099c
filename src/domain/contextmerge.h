#pragma once

#include "domain/context.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace Orc::Domain {

enum class MergeStrategy { LastWriteWins, PreferSource, PreferTarget, DeepMerge, Manual };

QString mergeStrategyName(MergeStrategy strategy);
std::optional<MergeStrategy> mergeStrategyFromName(QStringView name);
QStringList mergeStrategyNames();

struct MergeConflict
{
    QString key;
    QJsonArray values; // one per input, in input order (null where an input lacks the key)
};

struct MergeResult
{
    QJsonObject data;
    QList<MergeConflict> conflicts;               // manual only
    ContextScope scope = ContextScope::Temporary; // the widest of the inputs
    QUuid sessionId;
    QUuid agentId;
};

// Merges inputs[0] (the target) with the sources after it:
//  - prefer_target / prefer_source / last_write_wins decide per top-level key: the first input, the
//    last input, or the input changed most recently (updated_at; later input on a tie) that has it;
//  - deep_merge merges objects recursively, later inputs winning where values differ;
//  - manual merges every key on which the inputs agree and leaves out, as conflicts, each key whose
//    values differ (objects present in several inputs are compared key by key).
MergeResult merge(const QList<const Context *> &inputs, MergeStrategy strategy);

struct ContextDiff
{
    QJsonObject added;    // key -> new value
    QJsonObject modified; // key -> {old, new}
    QStringList deleted;
    bool hasConflicts() const { return !modified.isEmpty(); }
};

// Over flattened dot keys, from `from` to `to`.
ContextDiff diff(const QJsonObject &from, const QJsonObject &to);

} // namespace Orc::Domain
