#include "domain/context.h"
#include "domain/contextmerge.h"
#include "domain/identifiers.h"
#include "domain/jsonpath.h"
#include "support/qtprinters.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using namespace Orc::Domain;
using namespace Qt::StringLiterals;

namespace {

const QDateTime T0(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);

Context makeContext(QJsonObject data, ContextScope scope = ContextScope::Global, QDateTime at = T0)
{
    ContextSpec spec;
    spec.scope = scope;
    if (scope == ContextScope::Session)
        spec.sessionId = newId();
    if (scope == ContextScope::Agent)
        spec.agentId = newId();
    auto context = Context::create(spec, std::move(data), newId(), at);
    EXPECT_TRUE(context.ok());
    return context.value();
}

QList<ContextWrite> writes(std::initializer_list<std::pair<QString, QJsonValue>> list)
{
    QList<ContextWrite> result;
    for (const auto &[key, value] : list)
        result.append({key, value});
    return result;
}

} // namespace

TEST(JsonPath, GetSetRemoveWithDotNotation)
{
    QJsonObject root;
    JsonPath::set(root, u"a.b.c", 1);
    JsonPath::set(root, u"a.d", u"x"_s);
    EXPECT_EQ(JsonPath::get(root, u"a.b.c")->toInt(), 1);
    EXPECT_EQ(JsonPath::get(root, u"a")->toObject().size(), 2);
    EXPECT_FALSE(JsonPath::get(root, u"a.b.c.d").has_value());
    EXPECT_FALSE(JsonPath::get(root, u"missing").has_value());
    EXPECT_TRUE(JsonPath::remove(root, u"a.b.c"));
    EXPECT_FALSE(JsonPath::remove(root, u"a.b.c"));
    EXPECT_FALSE(JsonPath::isValidKey(u"a..b"));
    EXPECT_FALSE(JsonPath::isValidKey(u""));
    EXPECT_FALSE(JsonPath::isValidKey(u".a"));
    EXPECT_TRUE(JsonPath::overlaps(u"a.b", u"a"));
    EXPECT_TRUE(JsonPath::overlaps(u"a", u"a.b.c"));
    EXPECT_TRUE(JsonPath::overlaps(u"a.b", u"a.b"));
    EXPECT_FALSE(JsonPath::overlaps(u"a.b", u"a.bc"));
    EXPECT_FALSE(JsonPath::overlaps(u"a.b", u"a.c"));
}

TEST(ContextConflicts, AreExactlyTheWrittenKeysChangedSinceTheExpectedVersion)
{
    Context context = makeContext({{u"plan"_s, u"v1"_s}, {u"notes"_s, u"n"_s}});
    // Two writers read version 1. The first changes "plan" and "owner.name".
    ASSERT_TRUE(context.apply(writes({{u"plan"_s, u"v2"_s}, {u"owner.name"_s, u"ada"_s}}), 1, u"w1"_s, T0).ok());
    EXPECT_EQ(context.version(), 2);

    // The second writes "notes" and "owner.email": no overlap, so it merges.
    auto merged = context.apply(writes({{u"notes"_s, u"n2"_s}, {u"owner.email"_s, u"a@b"_s}}), 1, u"w2"_s, T0);
    ASSERT_TRUE(merged.ok()) << merged.error().message.toStdString();
    EXPECT_EQ(context.version(), 3);
    EXPECT_EQ(context.value(u"owner.name")->toString(), u"ada"_s);
    EXPECT_EQ(context.value(u"owner.email")->toString(), u"a@b"_s);

    // A third writer, still at version 1, touches plan, owner (parent of changed keys), and a new key.
    auto conflict
        = context.apply(writes({{u"plan"_s, u"mine"_s}, {u"owner"_s, QJsonObject()}, {u"fresh"_s, 1}}), 1, u"w3"_s, T0);
    ASSERT_FALSE(conflict.ok());
    EXPECT_EQ(conflict.error().code, ErrorCode::ContextConflict);
    const QJsonArray keys = conflict.error().extra.value(u"conflicting_keys"_s).toArray();
    EXPECT_EQ(keys, (QJsonArray{u"plan"_s, u"owner"_s}));
    EXPECT_EQ(context.version(), 3) << "a rejected update changes nothing";
    EXPECT_FALSE(context.value(u"fresh").has_value());

    // At version 2 only the keys changed after 2 count: notes and owner.email.
    EXPECT_EQ(context.conflictingKeys(writes({{u"plan"_s, 1}, {u"owner.email"_s, 1}, {u"notes.x"_s, 1}}), 2),
              (QStringList{u"owner.email"_s, u"notes.x"_s}));
    EXPECT_TRUE(context.conflictingKeys(writes({{u"plan"_s, 1}}), 3).isEmpty());
}

TEST(ContextUpdates, RecordHistoryAndSkipUnchangedValues)
{
    Context context = makeContext({{u"a"_s, 1}});
    auto changes
        = context.apply(writes({{u"a"_s, 1}, {u"b.c"_s, true}, {u"a"_s, 2}}), std::nullopt, u"me"_s, T0.addSecs(5));
    ASSERT_TRUE(changes.ok());
    ASSERT_EQ(changes->size(), 2);
    EXPECT_EQ(changes->at(0).key, u"b.c"_s);
    EXPECT_TRUE(changes->at(0).oldValue.isUndefined());
    EXPECT_EQ(changes->at(1).oldValue.toInt(), 1);
    EXPECT_EQ(changes->at(1).newValue.toInt(), 2);
    EXPECT_EQ(changes->at(1).changedBy, u"me"_s);
    EXPECT_EQ(changes->at(1).version, 2);
    auto deletion = context.apply({{u"b.c"_s, QJsonValue(QJsonValue::Undefined)}}, std::nullopt, u"me"_s, T0);
    ASSERT_TRUE(deletion.ok());
    EXPECT_TRUE(deletion->at(0).newValue.isUndefined());
    EXPECT_FALSE(context.value(u"b.c").has_value());
    auto nothing = context.apply(writes({{u"a"_s, 2}}), std::nullopt, u"me"_s, T0);
    ASSERT_TRUE(nothing.ok());
    EXPECT_TRUE(nothing->isEmpty());
    EXPECT_EQ(context.version(), 3) << "no change, no new version";
}

TEST(ContextUpdates, RejectsBadKeysAndVersionsFromTheFuture)
{
    Context context = makeContext({});
    EXPECT_EQ(context.apply(writes({{u"a..b"_s, 1}}), std::nullopt, {}, T0).error().code, ErrorCode::ValidationError);
    EXPECT_EQ(context.apply(writes({{u"a"_s, 1}}), 5, {}, T0).error().code, ErrorCode::VersionMismatch);
}

TEST(ContextScopes, LifetimesAndRequiredOwners)
{
    EXPECT_EQ(scopeLifetimeSeconds(ContextScope::Temporary), 3600);
    EXPECT_EQ(scopeLifetimeSeconds(ContextScope::Session), 86400);
    EXPECT_EQ(scopeLifetimeSeconds(ContextScope::Agent), 604800);
    EXPECT_FALSE(scopeLifetimeSeconds(ContextScope::Global).has_value());
    Context temporary = makeContext({}, ContextScope::Temporary);
    EXPECT_FALSE(temporary.isExpired(T0.addSecs(3599)));
    EXPECT_TRUE(temporary.isExpired(T0.addSecs(3600)));
    EXPECT_FALSE(makeContext({}, ContextScope::Global).isExpired(T0.addYears(10)));
    EXPECT_EQ(Context::create({ContextScope::Session, {}, {}, {}, {}}, {}, newId(), T0).error().code,
              ErrorCode::ValidationError);
    EXPECT_EQ(Context::create({ContextScope::Agent, {}, {}, {}, {}}, {}, newId(), T0).error().code,
              ErrorCode::ValidationError);
}

TEST(ContextScopes, PromotionToGlobalButNotFromTemporary)
{
    Context temporary = makeContext({}, ContextScope::Temporary);
    EXPECT_EQ(temporary.promoteToGlobal(T0).error().code, ErrorCode::ValidationError);
    Context session = makeContext({}, ContextScope::Session);
    ASSERT_TRUE(session.promoteToGlobal(T0).ok());
    EXPECT_EQ(session.spec().scope, ContextScope::Global);
    EXPECT_FALSE(session.state().expiresAt.isValid());
}

TEST(ContextDiffs, AddedModifiedDeletedOverFlattenedKeys)
{
    const QJsonObject from{{u"a"_s, 1}, {u"n"_s, QJsonObject{{u"x"_s, 1}, {u"y"_s, 2}}}, {u"gone"_s, true}};
    const QJsonObject to{{u"a"_s, 2}, {u"n"_s, QJsonObject{{u"x"_s, 1}, {u"z"_s, 3}}}, {u"new"_s, u"v"_s}};
    const ContextDiff d = diff(from, to);
    EXPECT_EQ(d.added, (QJsonObject{{u"n.z"_s, 3}, {u"new"_s, u"v"_s}}));
    EXPECT_EQ(d.modified, (QJsonObject{{u"a"_s, QJsonObject{{u"old"_s, 1}, {u"new"_s, 2}}}}));
    EXPECT_EQ(d.deleted, (QStringList{u"gone"_s, u"n.y"_s}));
    EXPECT_TRUE(d.hasConflicts());
    EXPECT_FALSE(diff(from, from).hasConflicts());
}

class ContextMerge : public ::testing::Test
{
protected:
    Context target = makeContext(
        {{u"shared"_s, u"target"_s}, {u"only_target"_s, 1}, {u"deep"_s, QJsonObject{{u"x"_s, 1}, {u"same"_s, true}}}},
        ContextScope::Session, T0.addSecs(10));
    Context source = makeContext(
        {{u"shared"_s, u"source"_s}, {u"only_source"_s, 2}, {u"deep"_s, QJsonObject{{u"y"_s, 2}, {u"same"_s, true}}}},
        ContextScope::Agent, T0);
    QList<const Context *> inputs{&target, &source};
};

TEST_F(ContextMerge, PreferTargetKeepsTheFirstInputsValues)
{
    const MergeResult r = merge(inputs, MergeStrategy::PreferTarget);
    EXPECT_EQ(r.data.value(u"shared"_s).toString(), u"target"_s);
    EXPECT_EQ(r.data.value(u"only_source"_s).toInt(), 2);
    EXPECT_EQ(r.data.value(u"deep"_s).toObject(), (QJsonObject{{u"x"_s, 1}, {u"same"_s, true}}));
    EXPECT_EQ(r.scope, ContextScope::Agent) << "the widest scope of the inputs";
    EXPECT_EQ(r.agentId, source.spec().agentId);
    EXPECT_TRUE(r.conflicts.isEmpty());
}

TEST_F(ContextMerge, PreferSourceLetsLaterInputsWin)
{
    const MergeResult r = merge(inputs, MergeStrategy::PreferSource);
    EXPECT_EQ(r.data.value(u"shared"_s).toString(), u"source"_s);
    EXPECT_EQ(r.data.value(u"only_target"_s).toInt(), 1);
    EXPECT_EQ(r.data.value(u"deep"_s).toObject(), (QJsonObject{{u"y"_s, 2}, {u"same"_s, true}}));
}

TEST_F(ContextMerge, LastWriteWinsTakesTheMostRecentlyChangedInput)
{
    const MergeResult r = merge(inputs, MergeStrategy::LastWriteWins);
    EXPECT_EQ(r.data.value(u"shared"_s).toString(), u"target"_s) << "target changed at T0+10s, source at T0";
    EXPECT_EQ(r.data.value(u"only_source"_s).toInt(), 2);
}

TEST_F(ContextMerge, DeepMergeMergesObjectsRecursively)
{
    const MergeResult r = merge(inputs, MergeStrategy::DeepMerge);
    EXPECT_EQ(r.data.value(u"deep"_s).toObject(), (QJsonObject{{u"x"_s, 1}, {u"y"_s, 2}, {u"same"_s, true}}));
    EXPECT_EQ(r.data.value(u"shared"_s).toString(), u"source"_s);
    EXPECT_EQ(r.data.value(u"only_target"_s).toInt(), 1);
}

TEST_F(ContextMerge, ManualMergesAgreementsAndReturnsConflictsUnresolved)
{
    const MergeResult r = merge(inputs, MergeStrategy::Manual);
    EXPECT_FALSE(r.data.contains(u"shared"_s)) << "conflicting keys are left out";
    EXPECT_EQ(r.data.value(u"only_target"_s).toInt(), 1);
    EXPECT_EQ(r.data.value(u"only_source"_s).toInt(), 2);
    EXPECT_EQ(r.data.value(u"deep"_s).toObject(), (QJsonObject{{u"x"_s, 1}, {u"y"_s, 2}, {u"same"_s, true}}));
    ASSERT_EQ(r.conflicts.size(), 1);
    EXPECT_EQ(r.conflicts[0].key, u"shared"_s);
    EXPECT_EQ(r.conflicts[0].values, (QJsonArray{u"target"_s, u"source"_s}));
}

TEST(ContextMergeThree, ManualConflictValuesHaveOneEntryPerInputWithNullForMissing)
{
    Context a = makeContext({{u"k"_s, 1}});
    Context b = makeContext({{u"other"_s, 1}});
    Context c = makeContext({{u"k"_s, 2}, {u"other"_s, 1}});
    const MergeResult r = merge({&a, &b, &c}, MergeStrategy::Manual);
    ASSERT_EQ(r.conflicts.size(), 1);
    EXPECT_EQ(r.conflicts[0].values, (QJsonArray{1, QJsonValue(QJsonValue::Null), 2}));
    EXPECT_EQ(r.data, (QJsonObject{{u"other"_s, 1}}));
    const MergeResult source = merge({&a, &b, &c}, MergeStrategy::PreferSource);
    EXPECT_EQ(source.data.value(u"k"_s).toInt(), 2);
}
