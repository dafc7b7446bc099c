#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QProcess>
#include <QTimer>
#include <QUrl>

#include <qcorotask.h>

#include <chrono>

namespace Orc::Adapters::Runners {

// Supervises one `opencode serve` process (CONTRACT §9): starts it on 127.0.0.1, waits for its
// "listening on URL" line, then polls GET /global/health with a per-request timeout until it
// answers (a connection made before that line can hang forever), and restarts it with exponential
// backoff whenever it exits. It runs in its own process group: stop() (and the destructor) end the
// group (SIGTERM, then SIGKILL after 3 s), and what is left of a group whose server died is killed
// before the restart. It also dies with the orchestrator (parent-death signal).
class OpenCodeServer final : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Ready, Waiting };

    struct Options
    {
        QString program; // absolute path of the opencode binary
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        QString password; // HTTP Basic password (also given to the server as OPENCODE_SERVER_PASSWORD)
        int port = 0;     // 0: a free loopback port, chosen once and kept across restarts
        std::chrono::milliseconds readyTimeout{30000};
        std::chrono::milliseconds healthTimeout{2000};
        std::chrono::milliseconds firstBackoff{1000};
        std::chrono::milliseconds maxBackoff{30000};
    };

    explicit OpenCodeServer(Options options, QObject *parent = nullptr);
    ~OpenCodeServer() override;

    void start();
    void stop();

    State state() const { return m_state; }
    QUrl url() const { return m_url; } // valid while Ready
    qint64 pid() const { return m_process ? m_process->processId() : 0; }
    int restarts() const { return m_restarts; }
    QString lastError() const { return m_lastError; }
    // For diagnostics: state, url, pid, restarts, last error, next restart.
    QJsonObject describe() const;

signals:
    void ready(const QUrl &url);
    void down(const QString &reason);

private:
    void launch();
    void readOutput();
    void finished(int exitCode, QProcess::ExitStatus status);
    QCoro::Task<> awaitHealthy(quint64 generation);
    void fail(const QString &reason);

    Options m_options;
    QProcess *m_process = nullptr;
    QNetworkAccessManager m_network;
    QTimer m_restartTimer;
    QElapsedTimer m_readySince;
    QElapsedTimer m_launchedAt;
    State m_state = State::Stopped;
    QUrl m_url;
    QByteArray m_stdout;
    QStringList m_stderrTail;
    QString m_lastError;
    std::chrono::milliseconds m_backoff;
    quint64 m_generation = 0; // one per launch: stale health polls see it changed
    qint64 m_pid = 0;         // of the last launch (its process group)
    quint16 m_port = 0;       // the port it serves on, kept across restarts
    bool m_everReady = false; // the last launch got ready
    int m_restarts = 0;
};

} // namespace Orc::Adapters::Runners
