#include "domain/decomposition.h"
#include "support/qtprinters.h"

#include <QSet>

#include <gtest/gtest.h>

using namespace Orc::Domain;
using namespace Qt::StringLiterals;

namespace {

DecompositionPlan run(const QString &title, const QString &description = {}, std::optional<Estimate> estimate = {},
                      int maxDepth = 1, int maxSubtasks = 50)
{
    return decompose(title, description, estimate, TaskPriority::Normal, {maxDepth, maxSubtasks});
}

QStringList titles(const DecompositionPlan &plan)
{
    QStringList list;
    for (const PlannedTask &t : plan.tasks)
        list.append(t.title);
    return list;
}

bool hasDependency(const DecompositionPlan &plan, int dependent, int prerequisite, DependencyType type)
{
    for (const PlannedDependency &d : plan.dependencies) {
        if (d.dependent == dependent && d.prerequisite == prerequisite && d.type == type)
            return true;
    }
    return false;
}

// Every keyword of every rule, repeated to 10,000 words.
QString adversarialText()
{
    const QStringList vocabulary{u"security"_s, u"secure"_s,       u"oauth"_s,         u"jwt"_s,        u"encryption"_s,
                                 u"auth"_s,     u"microservice"_s, u"microservices"_s, u"billing"_s,    u"service"_s,
                                 u"users"_s,    u"service"_s,      u"gateway"_s,       u"kubernetes"_s, u"crud"_s,
                                 u"create"_s,   u"read"_s,         u"update"_s,        u"delete"_s,     u"ui"_s,
                                 u"ux"_s,       u"dashboard"_s,    u"form"_s,          u"table"_s,      u"chart"_s,
                                 u"layout"_s,   u"frontend"_s,     u"distributed"_s,   u"migration"_s,  u"analysis"_s,
                                 u"design"_s,   u"testing"_s,      u"review"_s};
    QStringList words;
    for (int i = 0; words.size() < 10000; ++i)
        words.append(vocabulary[i % vocabulary.size()] + (i % 7 == 0 ? u"-x%1"_s.arg(i) : QString()));
    return words.join(u' ');
}

} // namespace

TEST(DecompositionRules, MatchWholeWordsOnly)
{
    EXPECT_EQ(words(u"Build the UI, require tests!"_s),
              (QStringList{u"build"_s, u"the"_s, u"ui"_s, u"require"_s, u"tests"_s}));
    // "ui" hides inside "build" and "require": neither may fire the UI rule.
    EXPECT_EQ(bestRule(u"Build the package we require for the build"_s), u"temporal"_s);
    EXPECT_EQ(bestRule(u"build require build require guide quiet"_s), u"temporal"_s);
    EXPECT_EQ(bestRule(u"Build a new UI for the dashboard"_s), u"ui"_s);
}

TEST(DecompositionRules, EachRuleRecognisesItsTopic)
{
    EXPECT_EQ(bestRule(u"Add OAuth login with JWT tokens"_s), u"security"_s);
    EXPECT_EQ(bestRule(u"Split the monolith into microservices"_s), u"microservices"_s);
    EXPECT_EQ(bestRule(u"Add a billing service and a user service"_s), u"microservices"_s);
    EXPECT_EQ(bestRule(u"CRUD endpoints for invoices"_s), u"crud"_s);
    EXPECT_EQ(bestRule(u"Let users create, update and delete notes"_s), u"crud"_s);
    EXPECT_EQ(bestRule(u"Dashboard page with charts"_s), u"ui"_s);
    EXPECT_EQ(bestRule(u"Improve the parser"_s), u"temporal"_s);
    EXPECT_EQ(bestRule(u"Create a parser"_s), u"temporal"_s) << "one CRUD verb is not CRUD";
}

TEST(DecompositionShapes, TemporalPhasesAreChainedFinishToStart)
{
    const DecompositionPlan plan = run(u"Improve the parser"_s);
    ASSERT_EQ(plan.tasks.size(), 5);
    EXPECT_EQ(plan.rulesApplied, QStringList{u"temporal"_s});
    const QStringList phases{u"Analysis"_s, u"Design"_s, u"Implementation"_s, u"Testing"_s, u"Review"_s};
    for (int i = 0; i < 5; ++i) {
        EXPECT_TRUE(plan.tasks[i].title.startsWith(phases[i])) << plan.tasks[i].title.toStdString();
        EXPECT_EQ(plan.tasks[i].parent, -1);
        EXPECT_EQ(plan.tasks[i].depth, 1);
    }
    ASSERT_EQ(plan.dependencies.size(), 4);
    for (int i = 1; i < 5; ++i)
        EXPECT_TRUE(hasDependency(plan, i, i - 1, DependencyType::FinishToStart));
}

TEST(DecompositionShapes, SecurityIsDesignImplementTestAuditInAChain)
{
    const DecompositionPlan plan = run(u"Add OAuth login with JWT tokens"_s);
    ASSERT_EQ(plan.tasks.size(), 4);
    EXPECT_TRUE(plan.tasks[0].title.startsWith(u"Security design"_s));
    EXPECT_TRUE(plan.tasks[1].title.startsWith(u"Implement"_s));
    EXPECT_TRUE(plan.tasks[2].title.startsWith(u"Security testing"_s));
    EXPECT_TRUE(plan.tasks[3].title.startsWith(u"Security audit"_s));
    for (int i = 1; i < 4; ++i)
        EXPECT_TRUE(hasDependency(plan, i, i - 1, DependencyType::FinishToStart));
    EXPECT_TRUE(plan.tasks[3].capabilities.contains(Capability::SecurityAudit));
}

TEST(DecompositionShapes, MicroservicesGetOneTaskPerServicePlusSharedComponents)
{
    const DecompositionPlan plan
        = run(u"Split the shop into microservices"_s, u"a billing service, an inventory service and a users service"_s);
    const QStringList list = titles(plan);
    ASSERT_EQ(plan.tasks.size(), 5) << list.join(u" | "_s).toStdString();
    EXPECT_TRUE(list[0].startsWith(u"Shared components"_s));
    EXPECT_TRUE(list[1].startsWith(u"Service: billing"_s));
    EXPECT_TRUE(list[2].startsWith(u"Service: inventory"_s));
    EXPECT_TRUE(list[3].startsWith(u"Service: users"_s));
    EXPECT_TRUE(list[4].startsWith(u"API gateway"_s));
    for (int s = 1; s <= 3; ++s) {
        EXPECT_TRUE(hasDependency(plan, s, 0, DependencyType::FinishToStart));
        EXPECT_TRUE(hasDependency(plan, 4, s, DependencyType::FinishToStart));
    }
}

TEST(DecompositionShapes, CrudTestsDependOnAllFourOperations)
{
    const DecompositionPlan plan = run(u"CRUD for invoices"_s);
    ASSERT_EQ(plan.tasks.size(), 5);
    EXPECT_TRUE(plan.tasks[0].title.startsWith(u"Create invoices"_s));
    EXPECT_TRUE(plan.tasks[3].title.startsWith(u"Delete invoices"_s));
    for (int i = 0; i < 4; ++i)
        EXPECT_TRUE(hasDependency(plan, 4, i, DependencyType::FinishToStart));
    EXPECT_EQ(plan.dependencies.size(), 4);
}

TEST(DecompositionShapes, UiLayoutFirstThenWidgetsStartToStart)
{
    const DecompositionPlan plan = run(u"Dashboard page with a form, a table and charts"_s);
    const QStringList list = titles(plan);
    ASSERT_EQ(plan.tasks.size(), 5) << list.join(u" | "_s).toStdString();
    EXPECT_TRUE(list[0].startsWith(u"Layout"_s));
    EXPECT_TRUE(list[1].startsWith(u"Forms"_s));
    EXPECT_TRUE(list[2].startsWith(u"Tables"_s));
    EXPECT_TRUE(list[3].startsWith(u"Charts"_s));
    for (int w = 1; w <= 3; ++w) {
        EXPECT_TRUE(hasDependency(plan, w, 0, DependencyType::StartToStart));
        EXPECT_TRUE(hasDependency(plan, 4, w, DependencyType::FinishToStart));
    }
}

TEST(DecompositionRecursion, ComplexSubtasksAreDecomposedAgainUpToMaxDepth)
{
    const DecompositionPlan plan = run(u"Improve the parser"_s, {}, Estimate::single(80.0), 3, 500);
    EXPECT_EQ(plan.maxDepthReached, 3);
    for (const PlannedTask &t : plan.tasks) {
        EXPECT_LE(t.depth, 3);
        if (t.parent >= 0) {
            EXPECT_EQ(plan.tasks[t.parent].depth, t.depth - 1);
            EXPECT_GE(complexityRank(plan.tasks[t.parent].estimate.complexity()), complexityRank(Complexity::Complex))
                << "only complex tasks are decomposed";
            if (t.rule != u"temporal"_s) { // the generic split may apply at every level
                EXPECT_NE(plan.tasks[t.parent].rule, t.rule) << "a specific rule never decomposes its own steps";
            }
        }
    }
    EXPECT_NEAR(plan.totalEstimatedHours, 80.0, 1e-6) << "the leaves add up to the whole";

    const DecompositionPlan shallow = run(u"Improve the parser"_s, {}, Estimate::single(80.0), 1, 500);
    EXPECT_EQ(shallow.maxDepthReached, 1);
    EXPECT_EQ(shallow.tasks.size(), 5);
}

TEST(DecompositionBounds, AdversarialTextStaysWithinMaxSubtasksAndIsDeterministic)
{
    const QString text = adversarialText();
    ASSERT_GE(words(text).size(), 10000);
    for (int max : {1, 3, 4, 5, 7, 17, 50, 200, 500}) {
        for (int depth : {1, 3, 5}) {
            const DecompositionPlan plan = run(u"Everything at once"_s, text, {}, depth, max);
            EXPECT_LE(plan.tasks.size(), max) << "max_subtasks " << max << " depth " << depth;
            EXPECT_LE(plan.maxDepthReached, depth);
            for (const PlannedDependency &d : plan.dependencies) {
                ASSERT_LT(d.dependent, plan.tasks.size());
                ASSERT_LT(d.prerequisite, plan.tasks.size());
            }
            if (max == 500 && depth == 5) {
                EXPECT_GT(plan.tasks.size(), 20) << "a large budget is used";
            }
        }
    }
    const DecompositionPlan a = run(u"Everything at once"_s, text, {}, 5, 500);
    const DecompositionPlan b = run(u"Everything at once"_s, text, {}, 5, 500);
    EXPECT_EQ(titles(a), titles(b));
    EXPECT_EQ(a.rulesApplied, b.rulesApplied);
    EXPECT_EQ(a.dependencies.size(), b.dependencies.size());
}

TEST(DecompositionBounds, ReachingTheCapIsReportedAsAWarning)
{
    const DecompositionPlan plan = run(u"Improve the parser"_s, {}, Estimate::single(200.0), 3, 7);
    EXPECT_EQ(plan.tasks.size(), 5);
    ASSERT_FALSE(plan.warnings.isEmpty());
    EXPECT_TRUE(plan.warnings.last().contains(u"max_subtasks"_s));
    const DecompositionPlan none = run(u"Improve the parser"_s, {}, {}, 1, 2);
    EXPECT_TRUE(none.tasks.isEmpty());
    EXPECT_FALSE(none.warnings.isEmpty());
}

TEST(DecompositionOptions, AreValidated)
{
    EXPECT_TRUE(validate(DecompositionOptions{}).isEmpty());
    EXPECT_TRUE(validate(DecompositionOptions{5, 500}).isEmpty());
    EXPECT_EQ(validate(DecompositionOptions{0, 50}).size(), 1);
    EXPECT_EQ(validate(DecompositionOptions{6, 50}).size(), 1);
    EXPECT_EQ(validate(DecompositionOptions{3, 501}).size(), 1);
    EXPECT_EQ(validate(DecompositionOptions{3, 0}).size(), 1);
}

TEST(DecompositionEstimates, ComeFromTheTextWhenNoneIsGiven)
{
    const double small = estimateHoursFromText(u"Fix a typo"_s);
    const double large = estimateHoursFromText(u"Migrate the legacy distributed platform to a scalable, "
                                               "concurrent architecture with encryption and replication"_s);
    EXPECT_LT(small, large);
    EXPECT_GE(small, 0.5);
    EXPECT_LE(estimateHoursFromText(adversarialText()), 1000.0);
}
