#pragma once

#include "application/ports/eventbus.h"
#include "application/ports/repositories.h"

#include <qcorotask.h>

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>

class QAbstractHttpServer;
class QWebSocket;

namespace Orc::Api {

// Limits and timers of the hub (CONTRACT §7 and §11); tests shorten the timers.
struct WebSocketSettings
{
    std::chrono::milliseconds heartbeatInterval{30'000};
    std::chrono::milliseconds silenceLimit{90'000}; // a client that sends nothing for this long is closed
    int maxQueuedMessages = 1000;                   // per client, not yet handed to the network
    qint64 maxQueuedBytes = 4 * 1024 * 1024;
    int replayPage = Application::EventQuery::MaxLimit;
};

// Live events over WebSocket, on the HTTP server's port (CONTRACT §7).
//
// A client connects to /ws/sessions, /ws/sessions/{id}, /ws/agents, /ws/agents/{id},
// /ws/tasks/{id} or /ws/system with the API token (`Authorization: Bearer` or `?token=`; a bad one
// is closed with 4401), receives `connection.established` and `subscription.confirmed`, then every
// stored event of its rooms as `{type, seq, payload, timestamp}`, in seq order and exactly once.
// `?after_seq=N` first replays the rooms' events after N from the event log, then goes live with no
// gap and no duplicate. Rooms:
//   sessions       every session.* event        session:{id}  every event whose payload names the session
//   agents         every agent.* event          agent:{id}    every event whose payload names the agent
//   task:{id}      every event naming the task  system        every event (the whole log, live)
// A client joins and leaves rooms with {"type":"join_room"|"leave_room","room":...}. The server
// sends `heartbeat` every 30 s and closes a client that sent nothing (not even a pong) for 90 s.
// Each client's queue of messages not yet taken by the network is bounded (1,000 messages or
// 4 MiB): a client that stops reading is closed with 4008 and never slows the others.
class WebSocketHub : public QObject
{
    Q_OBJECT

public:
    static constexpr int CloseUnauthorized = 4401;
    static constexpr int CloseNotFound = 4404;
    static constexpr int CloseTooSlow = 4008;
    static constexpr int CloseUnavailable = 4503;

    WebSocketHub(Application::IEventBus &bus, Application::IEventLog &log, WebSocketSettings settings = {},
                 QObject *parent = nullptr);
    ~WebSocketHub() override;

    void setApiToken(const QString &token) { m_apiToken = token.toUtf8(); }
    // Takes the server's WebSocket connections (the server answers the upgrade on /ws/ paths).
    void attach(QAbstractHttpServer &server);
    static bool isWebSocketPath(const QString &path);

    int clientCount() const { return int(m_clients.size()); }

    // The rooms an event belongs to (see above).
    static QStringList roomsOf(const Domain::Event &event);
    // A room name as a client may ask for it: `sessions`, `session:{uuid}`, … ; empty when invalid.
    static QString normalizedRoom(const QString &room);

signals:
    void clientCountChanged(int clients);
    // Internal: a client's queue went below half its bound (a replay waits for it).
    void drained(const QString &clientId);

private:
    struct Client
    {
        QString id;
        std::unique_ptr<QWebSocket> socket;
        QSet<QString> rooms;
        qint64 coveredSeq = 0; // every event of its rooms up to here was sent (or skipped)
        bool replaying = false;
        Domain::Events held; // live events that arrived during the replay
        QElapsedTimer lastActivity;
        qint64 sentBytes = 0;
        qint64 writtenBytes = 0;
        std::deque<qint64> messageEnds; // sentBytes after each queued message
        bool closing = false;
        bool waitingDrain = false;
        bool disconnected = false;
    };

    struct Message
    {
        QString text;
        qint64 wireBytes = 0; // frame header included
    };
    static Message message(const QJsonObject &object);

    void accept(std::unique_ptr<QWebSocket> socket);
    QCoro::Task<> replay(QString clientId, qint64 afterSeq);
    void onPublished(const Domain::Event &event);
    void onMessage(Client &client, const QString &message);
    void tick();

    bool wants(const Client &client, const QStringList &rooms) const;
    bool queueHigh(const Client &client) const;
    void deliver(Client &client, const Domain::Event &event, const Message &text);
    void sendControl(Client &client, const QString &type, const QJsonObject &payload);
    bool send(Client &client, const Message &text);
    void close(Client &client, int code, const QString &reason);
    void remove(const QString &clientId);
    Client *find(const QString &clientId);

    Application::IEventBus &m_bus;
    Application::IEventLog &m_log;
    WebSocketSettings m_settings;
    QByteArray m_apiToken;
    QHash<QString, std::shared_ptr<Client>> m_clients;
    QTimer m_timer;
    QElapsedTimer m_sinceHeartbeat;
};

} // namespace Orc::Api
