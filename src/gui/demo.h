#pragma once

#include <qcorotask.h>

#include <QObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <vector>

namespace Orc::Gui {

class ControlClient;

// "Start demo" (`--demo`): three example EAP agents (real processes of examples/eap-agent, over
// HTTP), one process agent, and a gentle stream of sessions with varied prompts (steps, an
// occasional failure, an occasional hang that gets cancelled), so every panel comes alive. The
// agents stop with the demo (and with the room).
class Demo : public QObject
{
    Q_OBJECT

public:
    Demo(ControlClient &client, QUrl apiUrl, QString apiToken, QObject *parent = nullptr);
    ~Demo() override;

    // Starts the agents and the stream; an English reason when it cannot (no python3, no example).
    QCoro::Task<QString> start();
    void stop();
    bool isRunning() const { return m_running; }
    int sessionsCreated() const { return m_created; }
    // Where the example agent is: $ORC_EXAMPLE_AGENT, next to the program, or in the source tree.
    static QString exampleAgentPath();

signals:
    void message(const QString &text);

private:
    QCoro::Task<> plan();
    QCoro::Task<> createSession();
    QCoro::Task<> tidy();

    ControlClient &m_client;
    QUrl m_apiUrl;
    QString m_apiToken;
    std::vector<std::unique_ptr<QProcess>> m_agents;
    QTimer m_stream;
    QStringList m_hanging; // sessions to cancel on a later tick
    QRandomGenerator m_random;
    int m_created = 0;
    bool m_running = false;
};

} // namespace Orc::Gui
