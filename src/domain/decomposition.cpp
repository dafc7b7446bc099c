#include "domain/decomposition.h"

#include <QSet>

#include <algorithm>
#include <deque>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

namespace {

struct Keyword
{
    const char16_t *word;
    int weight;
};

struct RuleKeywords
{
    QLatin1String name;
    int threshold;
    std::initializer_list<Keyword> keywords;
};

// Order matters: on equal scores the earlier rule wins.
const std::initializer_list<RuleKeywords> &ruleTable()
{
    static const std::initializer_list<RuleKeywords> table{
        {DecompositionRule::Security, 2, {{u"security", 2},      {u"secure", 1},        {u"authentication", 2},
                                          {u"authorization", 2}, {u"authorisation", 2}, {u"auth", 2},
                                          {u"oauth", 2},         {u"jwt", 2},           {u"encryption", 2},
                                          {u"encrypt", 2},       {u"vulnerability", 2}, {u"vulnerabilities", 2},
                                          {u"rbac", 2},          {u"csrf", 2},          {u"xss", 2},
                                          {u"sso", 2},           {u"permission", 1},    {u"permissions", 1},
                                          {u"password", 1},      {u"passwords", 1},     {u"credentials", 1},
                                          {u"login", 1},         {u"tls", 1},           {u"secrets", 1},
                                          {u"audit", 1}}},
        {DecompositionRule::Microservices,
         2,
         {{u"microservice", 3},
          {u"microservices", 3},
          {u"gateway", 1},
          {u"kubernetes", 1},
          {u"grpc", 1},
          {u"distributed", 1},
          {u"mesh", 1},
          {u"broker", 1},
          {u"kafka", 1},
          {u"rabbitmq", 1}}},
        {DecompositionRule::Crud,
         3,
         {{u"crud", 3},
          {u"create", 1},
          {u"read", 1},
          {u"update", 1},
          {u"delete", 1},
          {u"manage", 1},
          {u"entity", 1},
          {u"entities", 1},
          {u"records", 1}}},
        {DecompositionRule::Ui, 2, {{u"ui", 2},        {u"ux", 2},      {u"frontend", 2},  {u"dashboard", 2},
                                    {u"interface", 1}, {u"page", 1},    {u"pages", 1},     {u"screen", 1},
                                    {u"screens", 1},   {u"form", 1},    {u"forms", 1},     {u"chart", 1},
                                    {u"charts", 1},    {u"layout", 1},  {u"component", 1}, {u"components", 1},
                                    {u"button", 1},    {u"buttons", 1}, {u"widget", 1},    {u"widgets", 1},
                                    {u"css", 1},       {u"html", 1},    {u"react", 1},     {u"responsive", 1}}},
    };
    return table;
}

const QSet<QString> &serviceNameStopWords()
{
    static const QSet<QString> stop{
        u"a"_s,     u"an"_s,      u"the"_s,      u"each"_s,         u"every"_s,         u"one"_s,      u"new"_s,
        u"micro"_s, u"web"_s,     u"this"_s,     u"that"_s,         u"our"_s,           u"per"_s,      u"and"_s,
        u"or"_s,    u"of"_s,      u"for"_s,      u"to"_s,           u"with"_s,          u"separate"_s, u"independent"_s,
        u"own"_s,   u"service"_s, u"services"_s, u"microservice"_s, u"microservices"_s, u"as"_s,       u"in"_s,
        u"is"_s,    u"its"_s,     u"by"_s,       u"from"_s,         u"into"_s,          u"on"_s,       u"another"_s,
        u"other"_s};
    return stop;
}

constexpr int MaxServices = 20;

QStringList serviceNames(const QStringList &tokens)
{
    QStringList names;
    for (qsizetype i = 1; i < tokens.size() && names.size() < MaxServices; ++i) {
        if (tokens[i] != u"service"_s && tokens[i] != u"microservice"_s)
            continue;
        const QString &name = tokens[i - 1];
        if (!serviceNameStopWords().contains(name) && !names.contains(name))
            names.append(name);
    }
    return names;
}

int ruleScore(const RuleKeywords &rule, const QSet<QString> &present, const QStringList &tokens)
{
    int score = 0;
    for (const Keyword &k : rule.keywords) {
        if (present.contains(QString::fromUtf16(k.word)))
            score += k.weight;
    }
    if (rule.name == DecompositionRule::Microservices && serviceNames(tokens).size() >= 2)
        score += 2;
    return score;
}

QString bestRuleOf(const QStringList &tokens, const QString &excluded)
{
    const QSet<QString> present(tokens.cbegin(), tokens.cend());
    QString best = QString(DecompositionRule::Temporal);
    int bestScore = 0;
    for (const RuleKeywords &rule : ruleTable()) {
        if (excluded == rule.name)
            continue;
        const int score = ruleScore(rule, present, tokens);
        if (score >= rule.threshold && score > bestScore) {
            best = QString(rule.name);
            bestScore = score;
        }
    }
    return best;
}

struct Step
{
    QString label;
    QString taskType;
    CapabilitySet capabilities;
    double weight;
};

struct Shape
{
    QList<Step> steps;
    QList<PlannedDependency> dependencies; // indices into steps
};

void chain(Shape &shape)
{
    for (int i = 1; i < shape.steps.size(); ++i)
        shape.dependencies.append({i, i - 1, DependencyType::FinishToStart});
}

using C = Capability;

Shape securityShape()
{
    Shape s;
    s.steps = {{u"Security design and threat model"_s, u"design"_s, {C::SecurityAudit, C::SystemDesign}, 0.2},
               {u"Implement security controls"_s, u"implementation"_s, {C::CodeGeneration, C::BackendDevelopment}, 0.4},
               {u"Security testing"_s, u"testing"_s, {C::Testing, C::SecurityAudit}, 0.25},
               {u"Security audit"_s, u"audit"_s, {C::SecurityAudit, C::CodeReview, C::ComplianceCheck}, 0.15}};
    chain(s);
    return s;
}

Shape temporalShape()
{
    Shape s;
    s.steps = {{u"Analysis"_s, u"analysis"_s, {C::RequirementsAnalysis}, 0.1},
               {u"Design"_s, u"design"_s, {C::SystemDesign, C::ArchitecturePlanning}, 0.15},
               {u"Implementation"_s, u"implementation"_s, {C::CodeGeneration}, 0.45},
               {u"Testing"_s, u"testing"_s, {C::Testing, C::TestGeneration}, 0.2},
               {u"Review"_s, u"review"_s, {C::CodeReview}, 0.1}};
    chain(s);
    return s;
}

Shape microservicesShape(QStringList services, int budget, QStringList &warnings)
{
    if (services.isEmpty())
        services = {u"core"_s};
    const int room = std::max(budget - 2, 1);
    if (services.size() > room) {
        warnings.append(u"max_subtasks reached: kept %1 of %2 services"_s.arg(room).arg(services.size()));
        services = services.mid(0, room);
    }
    Shape s;
    s.steps.append({u"Shared components: contracts, libraries and messaging"_s,
                    u"design"_s,
                    {C::SystemDesign, C::ApiDevelopment},
                    0.15});
    const double each = 0.65 / double(services.size());
    for (const QString &name : services) {
        s.steps.append({u"Service: %1"_s.arg(name),
                        u"implementation"_s,
                        {C::BackendDevelopment, C::ApiDevelopment, C::CodeGeneration},
                        each});
        s.dependencies.append({int(s.steps.size()) - 1, 0, DependencyType::FinishToStart});
    }
    s.steps.append({u"API gateway and integration"_s,
                    u"integration"_s,
                    {C::ApiDevelopment, C::Deployment, C::Configuration},
                    0.2});
    const int gateway = int(s.steps.size()) - 1;
    for (int i = 1; i < gateway; ++i)
        s.dependencies.append({gateway, i, DependencyType::FinishToStart});
    return s;
}

QString crudEntity(const QStringList &tokens)
{
    static const QSet<QString> skip{u"for"_s,       u"of"_s,  u"the"_s,        u"a"_s,  u"an"_s, u"all"_s,
                                    u"endpoints"_s, u"api"_s, u"operations"_s, u"on"_s, u"to"_s, u"and"_s};
    for (const QString &marker : {u"crud"_s, u"manage"_s}) {
        const qsizetype at = tokens.indexOf(marker);
        for (qsizetype i = at + 1; at >= 0 && i < tokens.size() && i <= at + 4; ++i) {
            if (!skip.contains(tokens[i]))
                return tokens[i];
        }
    }
    return u"records"_s;
}

Shape crudShape(const QStringList &tokens)
{
    const QString entity = crudEntity(tokens);
    const CapabilitySet backend{C::BackendDevelopment, C::ApiDevelopment, C::DatabaseDesign};
    Shape s;
    s.steps = {{u"Create %1"_s.arg(entity), u"implementation"_s, backend, 0.2},
               {u"Read %1"_s.arg(entity), u"implementation"_s, backend, 0.2},
               {u"Update %1"_s.arg(entity), u"implementation"_s, backend, 0.2},
               {u"Delete %1"_s.arg(entity), u"implementation"_s, backend, 0.2},
               {u"Test CRUD operations on %1"_s.arg(entity), u"testing"_s, {C::Testing, C::TestGeneration}, 0.2}};
    for (int i = 0; i < 4; ++i)
        s.dependencies.append({4, i, DependencyType::FinishToStart});
    return s;
}

Shape uiShape(const QSet<QString> &present)
{
    const CapabilitySet frontend{C::FrontendDevelopment};
    QList<Step> widgets;
    const auto mentions = [&](std::initializer_list<const char16_t *> list) {
        return std::any_of(list.begin(), list.end(),
                           [&](const char16_t *w) { return present.contains(QString::fromUtf16(w)); });
    };
    if (mentions({u"form", u"forms", u"input", u"inputs"}))
        widgets.append({u"Forms and validation"_s, u"implementation"_s, frontend, 0});
    if (mentions({u"table", u"tables", u"grid", u"grids", u"list", u"lists"}))
        widgets.append({u"Tables and lists"_s, u"implementation"_s, frontend, 0});
    if (mentions({u"chart", u"charts", u"graph", u"graphs", u"visualization", u"visualisation", u"dashboard"}))
        widgets.append({u"Charts and visualisations"_s, u"implementation"_s, frontend, 0});
    if (widgets.isEmpty())
        widgets.append({u"Components and interactions"_s, u"implementation"_s, frontend, 0});
    for (Step &w : widgets)
        w.weight = 0.6 / double(widgets.size());

    Shape s;
    s.steps.append({u"Layout and navigation"_s, u"design"_s, {C::FrontendDevelopment, C::SystemDesign}, 0.25});
    for (const Step &w : widgets) {
        s.steps.append(w);
        s.dependencies.append({int(s.steps.size()) - 1, 0, DependencyType::StartToStart});
    }
    s.steps.append({u"UI tests and review"_s, u"testing"_s, {C::Testing, C::FrontendDevelopment}, 0.15});
    const int tests = int(s.steps.size()) - 1;
    for (int i = 1; i < tests; ++i)
        s.dependencies.append({tests, i, DependencyType::FinishToStart});
    return s;
}

QString clip(const QString &text, qsizetype limit)
{
    return text.size() <= limit ? text : text.left(limit - 1) + QChar(0x2026);
}

struct Node
{
    int index; // -1 for the decomposed task
    int depth;
    double hours;
    QString rule; // the rule that created it
    QString label;
    QString text;
};

} // namespace

QList<FieldError> validate(const DecompositionOptions &options)
{
    QList<FieldError> errors;
    if (options.maxDepth < 1 || options.maxDepth > DecompositionOptions::MaxDepthLimit)
        errors.append({u"max_depth"_s, u"must be between 1 and %1"_s.arg(DecompositionOptions::MaxDepthLimit)});
    if (options.maxSubtasks < 1 || options.maxSubtasks > DecompositionOptions::MaxSubtasksLimit)
        errors.append({u"max_subtasks"_s, u"must be between 1 and %1"_s.arg(DecompositionOptions::MaxSubtasksLimit)});
    return errors;
}

QStringList words(const QString &text)
{
    QStringList result;
    QString current;
    for (const QChar c : text) {
        if (c.isLetterOrNumber()) {
            current.append(c.toLower());
        } else if (!current.isEmpty()) {
            result.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty())
        result.append(current);
    return result;
}

QString bestRule(const QString &text, const QString &excluded)
{
    return bestRuleOf(words(text), excluded);
}

double estimateHoursFromText(const QString &text)
{
    static const QSet<QString> markers{u"distributed"_s,    u"scalable"_s,     u"scalability"_s, u"concurrent"_s,
                                       u"concurrency"_s,    u"realtime"_s,     u"migration"_s,   u"migrate"_s,
                                       u"legacy"_s,         u"performance"_s,  u"security"_s,    u"encryption"_s,
                                       u"integration"_s,    u"compliance"_s,   u"tenant"_s,      u"cluster"_s,
                                       u"replication"_s,    u"consensus"_s,    u"algorithm"_s,   u"optimization"_s,
                                       u"infrastructure"_s, u"architecture"_s, u"platform"_s,    u"microservices"_s};
    const QStringList tokens = words(text);
    const QSet<QString> present(tokens.cbegin(), tokens.cend());
    int hits = 0;
    for (const QString &marker : markers)
        hits += present.contains(marker) ? 1 : 0;
    double hours = 1.0 + 0.02 * double(std::min<qsizetype>(tokens.size(), 2000));
    double factor = 1.0;
    for (int i = 0; i < hits && factor < 4.0; ++i)
        factor *= 1.25;
    hours *= std::min(factor, 4.0);
    return std::clamp(hours, 0.5, 1000.0);
}

DecompositionPlan decompose(const QString &title, const QString &description, std::optional<Estimate> estimate,
                            TaskPriority priority, const DecompositionOptions &requested)
{
    DecompositionOptions options = requested;
    options.maxDepth = std::clamp(options.maxDepth, 1, DecompositionOptions::MaxDepthLimit);
    options.maxSubtasks = std::clamp(options.maxSubtasks, 1, DecompositionOptions::MaxSubtasksLimit);

    DecompositionPlan plan;
    const QString subject = clip(title.trimmed(), 120);
    const QString rootText = title + u'\n' + description;
    const double rootHours = estimate ? estimate->expectedHours() : estimateHoursFromText(rootText);

    int remaining = options.maxSubtasks;
    int skipped = 0;
    std::deque<Node> queue{{-1, 0, rootHours, QString(), QString(), rootText}};
    QList<bool> hasChildren;
    while (!queue.empty()) {
        const Node node = queue.front();
        queue.pop_front();
        if (node.depth >= options.maxDepth)
            continue;
        if (node.index >= 0 && complexityRank(complexityFor(node.hours)) < complexityRank(Complexity::Complex))
            continue;
        const QStringList tokens = words(node.text);
        const QString rule = bestRuleOf(tokens, node.rule);
        Shape shape;
        if (rule == DecompositionRule::Security)
            shape = securityShape();
        else if (rule == DecompositionRule::Microservices)
            shape = microservicesShape(serviceNames(tokens), remaining, plan.warnings);
        else if (rule == DecompositionRule::Crud)
            shape = crudShape(tokens);
        else if (rule == DecompositionRule::Ui)
            shape = uiShape(QSet<QString>(tokens.cbegin(), tokens.cend()));
        else
            shape = temporalShape();
        if (shape.steps.size() > remaining) {
            ++skipped;
            continue;
        }
        remaining -= int(shape.steps.size());
        if (!plan.rulesApplied.contains(rule))
            plan.rulesApplied.append(rule);
        if (node.index >= 0)
            hasChildren[node.index] = true;

        const int first = int(plan.tasks.size());
        const QString parentTitle = node.index >= 0 ? plan.tasks[node.index].title : title.trimmed();
        for (int i = 0; i < shape.steps.size(); ++i) {
            const Step &step = shape.steps[i];
            const QString label = node.label.isEmpty() ? step.label : node.label + u" / "_s + step.label;
            PlannedTask task;
            task.parent = node.index;
            task.depth = node.depth + 1;
            task.title = clip(label + u": "_s + subject, 200);
            task.description
                = clip(u"Step %1 of %2 (%3) of: %4"_s.arg(i + 1).arg(shape.steps.size()).arg(rule, parentTitle), 5000);
            task.taskType = step.taskType;
            task.priority = priority;
            task.capabilities = step.capabilities;
            const double hours = node.hours * step.weight;
            task.estimate = Estimate::around(hours);
            task.rule = rule;
            plan.tasks.append(task);
            hasChildren.append(false);
            plan.maxDepthReached = std::max(plan.maxDepthReached, task.depth);
            queue.push_back({first + i, task.depth, hours, rule, label, task.title + u'\n' + step.label});
        }
        for (const PlannedDependency &d : shape.dependencies)
            plan.dependencies.append({first + d.dependent, first + d.prerequisite, d.type});
    }
    if (skipped > 0) {
        plan.warnings.append(
            u"max_subtasks (%1) reached: %2 task(s) were not decomposed further"_s.arg(options.maxSubtasks)
                .arg(skipped));
    }
    for (int i = 0; i < plan.tasks.size(); ++i) {
        if (!hasChildren[i])
            plan.totalEstimatedHours += plan.tasks[i].estimate.expectedHours();
    }
    return plan;
}

} // namespace Orc::Domain
