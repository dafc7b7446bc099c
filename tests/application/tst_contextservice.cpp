#include "harness.h"

#include "domain/identifiers.h"

#include <QJsonArray>

using namespace Orc;
using namespace Orc::Domain;
using namespace Orc::Application;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

Context addContext(Harness &h, QJsonObject data, ContextScope scope = ContextScope::Global, QUuid sessionId = {})
{
    ContextSpec spec;
    spec.scope = scope;
    spec.sessionId = sessionId;
    auto context = await(h.contexts.create(spec, std::move(data)));
    EXPECT_TRUE(context.ok()) << (context.ok() ? std::string() : context.error().message.toStdString());
    return context.value();
}

} // namespace

TEST(ContextService, StaleWritersConflictOnlyOnOverlappingKeys)
{
    Harness h;
    const Context context = addContext(h, {{u"plan"_s, 1}, {u"notes"_s, u"n"_s}});
    // Both writers read version 1.
    auto first = await(h.contexts.update(context.id(), {{u"plan"_s, 2}}, 1, u"writer-1"_s));
    ASSERT_TRUE(first.ok());
    auto disjoint = await(h.contexts.update(context.id(), {{u"notes"_s, u"n2"_s}}, 1, u"writer-2"_s));
    ASSERT_TRUE(disjoint.ok()) << "non-overlapping updates merge";
    EXPECT_EQ(disjoint->version(), 3);
    auto clash = await(h.contexts.update(context.id(), {{u"plan"_s, 9}, {u"extra"_s, true}}, 1, u"writer-3"_s));
    ASSERT_FALSE(clash.ok());
    EXPECT_EQ(clash.error().code, ErrorCode::ContextConflict);
    EXPECT_EQ(clash.error().extra.value(u"conflicting_keys"_s).toArray(), QJsonArray{u"plan"_s});
    auto stored = await(h.contexts.get(context.id()));
    EXPECT_EQ(stored->data().value(u"plan"_s).toInt(), 2);
    EXPECT_FALSE(stored->data().contains(u"extra"_s));
}

TEST(ContextService, KeysByDotNotationAndNewestFirstHistory)
{
    Harness h;
    const Context context = addContext(h, {});
    ASSERT_TRUE(await(h.contexts.putKey(context.id(), u"build.flags.opt"_s, u"-O2"_s, u"me"_s)).ok());
    ASSERT_TRUE(await(h.contexts.putKey(context.id(), u"build.flags.opt"_s, u"-O3"_s, u"me"_s)).ok());
    EXPECT_EQ(await(h.contexts.key(context.id(), u"build.flags.opt"_s)).value().toString(), u"-O3"_s);
    EXPECT_EQ(await(h.contexts.key(context.id(), u"build.flags"_s))->toObject().size(), 1);
    EXPECT_EQ(await(h.contexts.key(context.id(), u"nope"_s)).error().code, ErrorCode::NotFound);
    ASSERT_TRUE(await(h.contexts.deleteKey(context.id(), u"build.flags.opt"_s, u"me"_s)).ok());
    EXPECT_EQ(await(h.contexts.deleteKey(context.id(), u"build.flags.opt"_s, u"me"_s)).error().code,
              ErrorCode::NotFound);
    auto history = await(h.contexts.history(context.id(), 10));
    ASSERT_EQ(history->size(), 3);
    EXPECT_TRUE(history->at(0).newValue.isUndefined()) << "newest first: the deletion";
    EXPECT_EQ(history->at(1).newValue.toString(), u"-O3"_s);
    EXPECT_EQ(history->at(1).oldValue.toString(), u"-O2"_s);
    EXPECT_EQ(history->at(2).version, 2);
    EXPECT_EQ(await(h.contexts.history(context.id(), 101)).error().code, ErrorCode::ValidationError);
}

TEST(ContextService, HistoryKeepsTheNewestHundred)
{
    Harness h;
    const Context context = addContext(h, {});
    for (int i = 0; i < 120; ++i)
        ASSERT_TRUE(await(h.contexts.putKey(context.id(), u"counter"_s, i, u"me"_s)).ok());
    auto history = await(h.contexts.history(context.id(), 100));
    ASSERT_EQ(history->size(), 100);
    EXPECT_EQ(history->first().newValue.toInt(), 119);
    EXPECT_EQ(history->last().newValue.toInt(), 20);
}

TEST(ContextService, MergeMakesANewContextAndReportsManualConflicts)
{
    Harness h;
    const Session session = h.addSession();
    const Context a = addContext(h, {{u"k"_s, 1}, {u"a"_s, true}}, ContextScope::Session, session.id());
    const Context b = addContext(h, {{u"k"_s, 2}, {u"b"_s, true}}, ContextScope::Global);
    auto merged = await(h.contexts.merge({a.id(), b.id()}, MergeStrategy::Manual, u"me"_s));
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged->context.version(), 1);
    EXPECT_EQ(merged->context.spec().scope, ContextScope::Global);
    EXPECT_EQ(merged->context.spec().metadata.value(u"merge_strategy"_s).toString(), u"manual"_s);
    EXPECT_EQ(merged->context.spec().metadata.value(u"merged_from"_s).toArray().size(), 2);
    EXPECT_EQ(merged->context.data(), (QJsonObject{{u"a"_s, true}, {u"b"_s, true}}));
    ASSERT_EQ(merged->conflicts.size(), 1);
    EXPECT_EQ(merged->conflicts[0].values, (QJsonArray{1, 2}));
    EXPECT_EQ(await(h.contexts.merge({a.id()}, MergeStrategy::Manual, {})).error().code, ErrorCode::ValidationError);
    EXPECT_EQ(await(h.contexts.merge({a.id(), newId()}, MergeStrategy::Manual, {})).error().code,
              ErrorCode::ValidationError);
}

TEST(ContextService, ShareClonesOrMergesIntoAnotherSession)
{
    Harness h;
    const Session from = h.addSession(u"from"_s);
    const Session to = h.addSession(u"to"_s);
    const Context source = addContext(h, {{u"x"_s, QJsonObject{{u"a"_s, 1}}}}, ContextScope::Session, from.id());
    auto clone = await(h.contexts.share(source.id(), to.id(), ShareMode::Clone, u"me"_s));
    ASSERT_TRUE(clone.ok());
    EXPECT_EQ(clone->spec().sessionId, to.id());
    EXPECT_EQ(clone->data(), source.data());
    ASSERT_TRUE(await(h.contexts.putKey(clone->id(), u"x.b"_s, 2, u"me"_s)).ok());
    auto merged = await(h.contexts.share(source.id(), to.id(), ShareMode::Merge, u"me"_s));
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged->id(), clone->id()) << "merged into the target's context";
    EXPECT_EQ(merged->data().value(u"x"_s).toObject(), (QJsonObject{{u"a"_s, 1}, {u"b"_s, 2}}));
    auto unknown = await(h.contexts.share(source.id(), newId(), ShareMode::Clone, u"me"_s));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().details.first().field, u"target_session_id"_s);
}

TEST(ContextService, ScopesNeedOwnersExpireAndPromote)
{
    Harness h;
    ContextSpec spec;
    spec.scope = ContextScope::Session;
    spec.sessionId = newId();
    EXPECT_EQ(await(h.contexts.create(spec, {})).error().details.first().field, u"session_id"_s);
    spec.scope = ContextScope::Agent;
    spec.sessionId = {};
    spec.agentId = newId();
    EXPECT_EQ(await(h.contexts.create(spec, {})).error().details.first().field, u"agent_id"_s);

    const Context temporary = addContext(h, {{u"t"_s, 1}}, ContextScope::Temporary);
    EXPECT_EQ(await(h.contexts.promoteToGlobal(temporary.id())).error().code, ErrorCode::ValidationError);
    const Session session = h.addSession();
    const Context sessionContext = addContext(h, {}, ContextScope::Session, session.id());
    EXPECT_EQ(await(h.contexts.promoteToGlobal(sessionContext.id()))->spec().scope, ContextScope::Global);

    h.clock.advance(3600 * 1000);
    EXPECT_EQ(await(h.contexts.get(temporary.id())).error().code, ErrorCode::NotFound) << "expired after an hour";
    EXPECT_EQ(await(h.contexts.purgeExpired()).value(), 1);
    EXPECT_EQ(await(h.store.context(temporary.id())).error().code, ErrorCode::NotFound) << "purged";
    EXPECT_TRUE(await(h.contexts.get(sessionContext.id())).ok());
}

TEST(ContextService, DiffAndSessionSummary)
{
    Harness h;
    const Session session = h.addSession();
    const Context a
        = addContext(h, {{u"same"_s, 1}, {u"old"_s, 1}, {u"changed"_s, 1}}, ContextScope::Session, session.id());
    const Context b
        = addContext(h, {{u"same"_s, 1}, {u"new"_s, 1}, {u"changed"_s, 2}}, ContextScope::Session, session.id());
    auto d = await(h.contexts.diff(a.id(), b.id()));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->added.keys(), QStringList{u"new"_s});
    EXPECT_EQ(d->deleted, QStringList{u"old"_s});
    EXPECT_EQ(d->modified.keys(), QStringList{u"changed"_s});
    auto summary = await(h.contexts.sessionSummary(session.id()));
    EXPECT_EQ(summary->contexts, 2);
    EXPECT_EQ(summary->keys, 6);
}
