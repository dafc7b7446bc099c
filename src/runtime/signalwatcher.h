#pragma once

#include <QObject>

class QSocketNotifier;

namespace Orc::Runtime {

// Turns SIGTERM and SIGINT into a Qt signal (Qt does not): the handler writes the signal number
// to a socket pair, a QSocketNotifier reads it on the event loop. One per process.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isActive() const { return m_notifier != nullptr; }

signals:
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

QString signalName(int signalNumber);

} // namespace Orc::Runtime
