#pragma once

#include "domain/task.h"

#include <QJsonObject>

namespace Orc::Domain {

// What a task's JSON shows that depends on other tasks.
struct TaskFacts
{
    bool isLeaf = true;
    bool canStart = true;
    QList<QUuid> subtaskIds;
};

QJsonObject toJson(const Estimate &estimate);
QJsonObject toJson(const Dependency &dependency);
// The task object of CONTRACT.md §3, with is_leaf, is_root, can_start, is_blocked and progress.
QJsonObject toJson(const Task &task, const TaskFacts &facts);

} // namespace Orc::Domain
