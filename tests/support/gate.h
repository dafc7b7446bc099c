#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QObject>

namespace Orc::Testing {

// Opens when the test says so: holds a coroutine suspended (co_await qCoro(&gate, &Gate::opened))
// while the test arranges what happens meanwhile.
class Gate : public QObject
{
    Q_OBJECT
public:
    void open() { emit opened(); }
signals:
    void opened();
};

// Runs the event loop until `condition` holds or the deadline passes; returns the condition.
// A wait for a condition, never a sleep standing in for one.
template<typename Condition>
bool waitUntil(Condition condition, int timeoutMs = 5000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!condition() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return condition();
}

} // namespace Orc::Testing
