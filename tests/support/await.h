#pragma once

#include <qcorotask.h>

namespace Orc::Testing {

// Runs the event loop until the task is done and returns its result.
template<typename T>
T await(QCoro::Task<T> &&task)
{
    return QCoro::waitFor(std::move(task));
}

} // namespace Orc::Testing
