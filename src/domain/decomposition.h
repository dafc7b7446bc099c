#pragma once

#include "domain/task.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Orc::Domain {

struct DecompositionOptions
{
    static constexpr int DefaultMaxDepth = 3;
    static constexpr int MaxDepthLimit = 5;
    static constexpr int DefaultMaxSubtasks = 50;
    static constexpr int MaxSubtasksLimit = 500;

    int maxDepth = DefaultMaxDepth;
    int maxSubtasks = DefaultMaxSubtasks;
};

// max_depth 1..5, max_subtasks 1..500.
QList<FieldError> validate(const DecompositionOptions &options);

struct PlannedTask
{
    int parent = -1; // -1: the decomposed task itself; otherwise an index into DecompositionPlan::tasks
    int depth = 1;
    QString title;
    QString description;
    QString taskType;
    TaskPriority priority = TaskPriority::Normal;
    CapabilitySet capabilities;
    Estimate estimate;
    QString rule;
};

struct PlannedDependency
{
    int dependent = 0;    // index into DecompositionPlan::tasks
    int prerequisite = 0; // index into DecompositionPlan::tasks
    DependencyType type = DependencyType::FinishToStart;
};

struct DecompositionPlan
{
    QList<PlannedTask> tasks; // breadth first: parents before their children
    QList<PlannedDependency> dependencies;
    int maxDepthReached = 0;
    QStringList rulesApplied;         // each rule once, in the order first applied
    double totalEstimatedHours = 0.0; // over the leaves of the plan
    QStringList warnings;
};

// The rule names of CONTRACT.md §11.
namespace DecompositionRule {
inline constexpr QLatin1String Security{"security"};
inline constexpr QLatin1String Microservices{"microservices"};
inline constexpr QLatin1String Crud{"crud"};
inline constexpr QLatin1String Ui{"ui"};
inline constexpr QLatin1String Temporal{"temporal"};
} // namespace DecompositionRule

// Lower-case whole words of a text, in order (letters and digits; everything else separates).
QStringList words(const QString &text);

// The rule that best matches a text (whole words only), or temporal when none does.
QString bestRule(const QString &text, const QString &excluded = {});

// Expected hours of a task from its text: length and complexity markers (distributed, migration...).
double estimateHoursFromText(const QString &text);

// Rule-based and deterministic. At each level only the best-matching rule applies; subtasks of
// complexity complex or above are decomposed again (never by the rule that created them) until
// max_depth, breadth first, and never more than max_subtasks tasks in all.
DecompositionPlan decompose(const QString &title, const QString &description, std::optional<Estimate> estimate,
                            TaskPriority priority, const DecompositionOptions &options);

} // namespace Orc::Domain
