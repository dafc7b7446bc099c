#pragma once

#include "adapters/runners/opencode/opencodeserver.h"
#include "application/ports/agentrunner.h"
#include "application/ports/clock.h"

#include <QElapsedTimer>
#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

class QNetworkReply;

namespace Orc::Adapters::Runners {

// OpenCode's message ids: "msg_" + 12 hex digits of (ms * 4096 + counter) mod 2^48 + 14 base62
// characters. Ours sort after every id made earlier, as the server's own do.
QString newOpenCodeMessageId();

// The opencode runner (CONTRACT §9): runs sessions on an OpenCode server (`opencode serve`) over
// its HTTP API, with HTTP Basic auth when the agent has a password.
//
// Per agent it keeps one connection: the server's global event stream (GET /global/event) and a
// health poll (GET /global/health, each with its own timeout). Their state is the agent's status:
// online, degraded (the stream is lost and reconnecting) or offline (no health answer, or the
// supervised server is down). With `binary` configured the runner starts and supervises
// `opencode serve` itself (OpenCodeServer); one server serves every working directory.
//
// A dispatch creates an OpenCode session in the working directory (or continues the one named by
// resume_from when it still exists), sends the prompt asynchronously with our own message id and
// follows the stream: text lines and tool steps become session.log lines, every finished step a
// checkpoint, and the assistant message whose parentID is ours ends the task once the session is
// idle again: completed, or failed with the provider's message. Retries of the provider are
// warnings (and the task fails after max_provider_retries when set). Cancel, stop and timeout
// abort the OpenCode session. When the stream comes back after a loss, each task is reconciled
// with GET /session/status and the session's messages, so no completion is missed; a turn the
// server lost (it was restarted) is sent again. Permission questions are kept for the operator.
class OpenCodeRunner final
    : public QObject
    , public Application::IAgentRunner
{
    Q_OBJECT

public:
    struct Options
    {
        std::chrono::milliseconds requestTimeout{10000}; // every call but the event stream
        std::chrono::milliseconds healthTimeout{2000};   // one health poll
        std::chrono::milliseconds checkInterval{2000};   // health poll and stream watchdog
        std::chrono::milliseconds streamSilence{25000};  // no byte for this long: the stream is dead
        std::chrono::milliseconds readyTimeout{60000};   // a dispatch waits this long for its server
        std::chrono::milliseconds statusRefresh{30000};  // the agent's status is written at least this often
        std::chrono::milliseconds flushInterval{50};     // log lines are written in batches
        OpenCodeServer::Options server;                  // for supervised servers (program and env are the agent's)
    };

    explicit OpenCodeRunner(Application::IClock &clock, QObject *parent = nullptr);
    OpenCodeRunner(Application::IClock &clock, Options options, QObject *parent = nullptr);
    ~OpenCodeRunner() override;

    Domain::AgentKind kind() const override { return Domain::AgentKind::Opencode; }
    void setListener(Application::IRunnerListener *listener) override { m_listener = listener; }
    QCoro::Task<Domain::Result<Application::DispatchAck>> dispatch(Domain::Agent agent,
                                                                   Application::DispatchRequest request) override;
    QCoro::Task<Domain::Status> cancel(Domain::Agent agent, QUuid taskId) override;
    QCoro::Task<Domain::Status> pause(Domain::Agent agent, QUuid taskId) override;
    QCoro::Task<Domain::Status> resume(Domain::Agent agent, QUuid taskId) override;
    QCoro::Task<Domain::Result<Application::HealthProbe>> probe(Domain::Agent agent) override;
    void watch(const Domain::Agent &agent) override;
    void forget(const QUuid &agentId) override;
    QJsonArray permissions(const QUuid &taskId) const override;
    QCoro::Task<Domain::Status> answerPermission(Domain::Agent agent, QUuid taskId, QString permissionId,
                                                 QString reply) override;

    int running() const { return int(m_runs.size()); }
    // The supervised server of an agent (null when it has none): for tests and diagnostics.
    const OpenCodeServer *server(const QUuid &agentId) const;

signals:
    // An agent's connection changed (ready, lost, server up or down).
    void connectionChanged(const QUuid &agentId);

private:
    struct Connection;
    struct Run;
    struct Answer
    {
        int status = 0; // 0: no HTTP answer
        QByteArray body;
        QString error;
        QJsonValue json() const;
    };

    Connection *connectionOf(const QUuid &agentId);
    Run *runOf(const QUuid &taskId);
    QCoro::Task<Answer> call(QUuid agentId, QByteArray method, QString path, QString directory, QByteArray body,
                             std::chrono::milliseconds timeout);
    QCoro::Task<Domain::Status> waitReady(QUuid agentId);

    // The connection's life.
    void openStream(Connection &connection);
    void streamData(const QUuid &agentId);
    void streamEnded(const QUuid &agentId);
    bool concerns(const QByteArray &line) const; // an event line worth parsing
    QCoro::Task<> checkHealth(QUuid agentId);
    void updateStatus(Connection &connection, bool force = false);
    void serverUp(const QUuid &agentId, const QUrl &url);
    void serverDown(const QUuid &agentId, const QString &reason);

    // The server's events.
    void handleEvent(Connection &connection, const QJsonObject &event);
    void handleMessage(Run &run, const QJsonObject &info);
    void handlePart(Run &run, const QJsonObject &part);
    void handleDelta(Run &run, const QJsonObject &properties);
    void endText(Run &run, const QString &partId, const QString &full); // logs what is not logged yet
    void handleStatus(Run &run, const QJsonObject &status);
    void handleError(Run &run, const QJsonObject &error);
    void handlePermission(Run &run, const QString &type, const QJsonObject &properties);

    QCoro::Task<Domain::Status> sendPrompt(QUuid taskId);
    QCoro::Task<> reconcile(QUuid taskId);
    QCoro::Task<> abortSession(QUuid agentId, QString sessionId, QString directory);

    void log(Run &run, const QString &line, const QString &level = QStringLiteral("info"));
    void flush(Run &run, std::optional<QJsonObject> checkpoint = std::nullopt);
    void lastWords(Run &run, Application::RunnerResult &result);
    void flushAll();
    void complete(Run &run);
    void fail(Run &run, const QString &message, const QJsonObject &error = {});
    void report(Run &run, Application::RunnerResult result); // ends the run with its result
    void endRun(const QUuid &taskId);
    QJsonObject usageJson(const Run &run) const;

    Application::IClock &m_clock;
    Options m_options;
    Application::IRunnerListener *m_listener = nullptr;
    QNetworkAccessManager m_network;
    QHash<QUuid, std::shared_ptr<Connection>> m_connections; // by agent
    QHash<QUuid, std::shared_ptr<Run>> m_runs;               // by task
    QHash<QString, QUuid> m_bySession;                       // OpenCode session id -> task
    QSet<QUuid> m_cancelledEarly;                            // cancelled before their dispatch prompted
    QTimer m_checkTimer;
    QTimer m_flushTimer;
};

} // namespace Orc::Adapters::Runners
