#include "api/ws/websockethub.h"

#include "api/controllers/common.h"
#include "domain/identifiers.h"

#include <qcorosignal.h>

#include <QAbstractHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>
#include <QWebSocket>

namespace Orc::Api {

using namespace Qt::StringLiterals;
using Domain::Event;

namespace {

Q_LOGGING_CATEGORY(lcWs, "orc.api.ws", QtInfoMsg)

const QString WsPrefix = u"/ws/"_s;

} // namespace

WebSocketHub::Message WebSocketHub::message(const QJsonObject &object)
{
    const QByteArray utf8 = QJsonDocument(object).toJson(QJsonDocument::Compact);
    // A server frame on the wire: the payload, unmasked, after 2, 4 or 10 header bytes.
    const qint64 payload = utf8.size();
    return {QString::fromUtf8(utf8), payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10)};
}

namespace {

// The rooms a path subscribes to; empty when the path names none.
QStringList roomsOfPath(const QString &path)
{
    const QStringList parts = path.mid(WsPrefix.size()).split(QLatin1Char('/'));
    if (parts.size() == 1) {
        if (parts[0] == u"sessions"_s)
            return {u"sessions"_s};
        if (parts[0] == u"agents"_s)
            return {u"agents"_s};
        if (parts[0] == u"system"_s)
            return {u"system"_s};
        return {};
    }
    if (parts.size() != 2)
        return {};
    static const QHash<QString, QString> prefix{
        {u"sessions"_s, u"session:"_s}, {u"agents"_s, u"agent:"_s}, {u"tasks"_s, u"task:"_s}};
    if (!prefix.contains(parts[0]))
        return {};
    const QString room = WebSocketHub::normalizedRoom(prefix.value(parts[0]) + parts[1]);
    return room.isEmpty() ? QStringList() : QStringList{room};
}

QJsonArray sortedRooms(const QSet<QString> &rooms)
{
    QStringList list(rooms.cbegin(), rooms.cend());
    list.sort();
    return QJsonArray::fromStringList(list);
}

} // namespace

WebSocketHub::WebSocketHub(Application::IEventBus &bus, Application::IEventLog &log, WebSocketSettings settings,
                           QObject *parent)
    : QObject(parent), m_bus(bus), m_log(log), m_settings(settings)
{
    connect(&m_bus, &Application::IEventBus::published, this, &WebSocketHub::onPublished);
    // Often enough to evict a silent client within a third of the limit after it is due.
    const auto period = std::min(m_settings.heartbeatInterval, m_settings.silenceLimit / 3);
    m_timer.setInterval(std::max(period, std::chrono::milliseconds(10)));
    connect(&m_timer, &QTimer::timeout, this, &WebSocketHub::tick);
    m_timer.start();
    m_sinceHeartbeat.start();
}

WebSocketHub::~WebSocketHub()
{
    // Sockets first: their signals reach this object.
    for (const auto &client : std::as_const(m_clients)) {
        client->socket->disconnect(this);
        if (!client->disconnected)
            client->socket->abort();
    }
    m_clients.clear();
}

void WebSocketHub::attach(QAbstractHttpServer &server)
{
    connect(&server, &QAbstractHttpServer::newWebSocketConnection, this, [this, s = QPointer(&server)] {
        while (s && s->hasPendingWebSocketConnections())
            accept(s->nextPendingWebSocketConnection());
    });
}

bool WebSocketHub::isWebSocketPath(const QString &path)
{
    return path.startsWith(WsPrefix);
}

QString WebSocketHub::normalizedRoom(const QString &room)
{
    if (room == u"sessions"_s || room == u"agents"_s || room == u"system"_s)
        return room;
    for (const QString &prefix : {u"session:"_s, u"agent:"_s, u"task:"_s}) {
        if (!room.startsWith(prefix))
            continue;
        const auto id = Domain::parseId(QStringView(room).mid(prefix.size()));
        return id ? prefix + Domain::idString(*id) : QString();
    }
    return {};
}

QStringList WebSocketHub::roomsOf(const Event &event)
{
    QStringList rooms{u"system"_s};
    if (event.type.startsWith(u"session."_s))
        rooms << u"sessions"_s;
    else if (event.type.startsWith(u"agent."_s))
        rooms << u"agents"_s;
    for (const auto &[key, prefix] : {std::pair{u"session_id"_s, u"session:"_s}, std::pair{u"agent_id"_s, u"agent:"_s},
                                      std::pair{u"task_id"_s, u"task:"_s}}) {
        const QString id = event.payload.value(key).toString();
        if (!id.isEmpty())
            rooms << prefix + id.toLower();
    }
    return rooms;
}

void WebSocketHub::accept(std::unique_ptr<QWebSocket> socket)
{
    if (!socket)
        return;
    const QUrl url = socket->requestUrl();
    const QUrlQuery query(url);

    // The token: header first, then ?token= (browsers cannot set headers on a WebSocket).
    const QByteArray authorization = socket->request().rawHeader("Authorization");
    const QByteArray token = authorization.isEmpty() ? query.queryItemValue(u"token"_s, QUrl::FullyDecoded).toUtf8()
                                                     : bearerToken(authorization);
    const bool authorized = isApiToken(token, m_apiToken);

    auto client = std::make_shared<Client>();
    client->id = Domain::idString(Domain::newId());
    client->socket = std::move(socket);
    client->lastActivity.start();
    QWebSocket *ws = client->socket.get();
    ws->setMaxAllowedIncomingMessageSize(64 * 1024); // control messages only
    ws->setMaxAllowedIncomingFrameSize(64 * 1024);

    m_clients.insert(client->id, client);
    const QString id = client->id;
    // Removal is queued: close() can disconnect at once, and the client must outlive the code that
    // closed it. Until then the socket is not touched (its TCP socket may already be gone).
    connect(ws, &QWebSocket::disconnected, this, [this, id] {
        if (Client *c = find(id)) {
            c->disconnected = true;
            c->closing = true;
        }
        QMetaObject::invokeMethod(
            this, [this, id] { remove(id); }, Qt::QueuedConnection);
    });
    if (!authorized) {
        qCInfo(lcWs).noquote() << "refused a WebSocket client from" << ws->peerAddress().toString()
                               << "(missing or wrong API token)";
        close(*client, CloseUnauthorized, u"UNAUTHORIZED: the API token is missing or not valid"_s);
        return;
    }
    const QStringList rooms = roomsOfPath(url.path());
    if (rooms.isEmpty()) {
        close(*client, CloseNotFound, u"NOT_FOUND: no such WebSocket endpoint: %1"_s.arg(url.path()));
        return;
    }
    bool afterOk = true;
    qint64 afterSeq = -1;
    if (query.hasQueryItem(u"after_seq"_s)) {
        afterSeq = query.queryItemValue(u"after_seq"_s).toLongLong(&afterOk);
        if (!afterOk || afterSeq < 0) {
            close(*client, int(QWebSocketProtocol::CloseCodePolicyViolated),
                  u"VALIDATION_ERROR: after_seq must be a whole number >= 0"_s);
            return;
        }
    }
    client->rooms = QSet<QString>(rooms.cbegin(), rooms.cend());
    client->coveredSeq = m_bus.lastSeq();

    connect(ws, &QWebSocket::textMessageReceived, this, [this, id](const QString &message) {
        if (Client *c = find(id))
            onMessage(*c, message);
    });
    connect(ws, &QWebSocket::binaryMessageReceived, this, [this, id](const QByteArray &) {
        if (Client *c = find(id))
            c->lastActivity.restart();
    });
    connect(ws, &QWebSocket::pong, this, [this, id](quint64, const QByteArray &) {
        if (Client *c = find(id))
            c->lastActivity.restart();
    });
    connect(ws, &QWebSocket::bytesWritten, this, [this, id](qint64 bytes) {
        Client *c = find(id);
        if (!c)
            return;
        c->writtenBytes += bytes;
        while (!c->messageEnds.empty() && c->messageEnds.front() <= c->writtenBytes)
            c->messageEnds.pop_front();
        if (c->waitingDrain && !queueHigh(*c)) {
            c->waitingDrain = false;
            emit drained(c->id);
        }
    });

    sendControl(*client, u"connection.established"_s,
                {{u"client_id"_s, id},
                 {u"rooms"_s, sortedRooms(client->rooms)},
                 {u"server_time"_s, Domain::isoTime(QDateTime::currentDateTimeUtc())}});
    sendControl(*client, u"subscription.confirmed"_s, {{u"rooms"_s, sortedRooms(client->rooms)}});
    qCInfo(lcWs).noquote() << "client" << id << "on" << url.path() << "from" << ws->peerAddress().toString();
    emit clientCountChanged(clientCount());
    if (afterSeq >= 0) {
        client->replaying = true;
        client->coveredSeq = afterSeq;
        replay(id, afterSeq);
    }
}

QCoro::Task<> WebSocketHub::replay(QString clientId, qint64 afterSeq)
{
    qint64 cursor = afterSeq;
    for (;;) {
        Application::EventQuery query;
        query.afterSeq = cursor;
        query.limit = m_settings.replayPage;
        auto page = co_await m_log.events(query);
        Client *client = find(clientId);
        if (!client || client->closing)
            co_return;
        if (!page.ok()) {
            close(*client, CloseUnavailable,
                  u"UNAVAILABLE: the event log cannot be read: %1"_s.arg(page.error().message));
            co_return;
        }
        for (const Event &event : page.value()) {
            cursor = event.seq;
            if (!wants(*client, roomsOf(event))) {
                client->coveredSeq = std::max(client->coveredSeq, event.seq);
                continue;
            }
            // The log is read as fast as the client takes it: its queue stays under half the bound.
            while (queueHigh(*client)) {
                client->waitingDrain = true;
                auto drainedOrSecond = qCoro(this, &WebSocketHub::drained, std::chrono::milliseconds(1000));
                co_await drainedOrSecond;
                client = find(clientId);
                if (!client || client->closing)
                    co_return;
            }
            deliver(*client, event, message(toJson(event)));
            client->coveredSeq = std::max(client->coveredSeq, event.seq);
            if (client->closing)
                co_return;
        }
        if (page.value().size() < query.limit)
            break;
    }
    Client *client = find(clientId);
    if (!client || client->closing)
        co_return;
    client->replaying = false;
    const Domain::Events held = std::exchange(client->held, {});
    for (const Event &event : held) {
        if (event.seq > client->coveredSeq && wants(*client, roomsOf(event)))
            deliver(*client, event, message(toJson(event)));
        client->coveredSeq = std::max(client->coveredSeq, event.seq);
        if (client->closing)
            co_return;
    }
}

void WebSocketHub::onPublished(const Event &event)
{
    if (m_clients.isEmpty())
        return;
    const QStringList rooms = roomsOf(event);
    std::optional<Message> text; // encoded once, for every client that wants it
    // A copy: a client closed on the way is removed from m_clients.
    const auto clients = m_clients.values();
    for (const auto &client : clients) {
        if (client->closing || event.seq <= client->coveredSeq)
            continue;
        if (client->replaying) {
            if (int(client->held.size()) >= m_settings.maxQueuedMessages) {
                close(*client, CloseTooSlow,
                      u"too slow: more live events arrived than the replay could hold; resume with after_seq"_s);
                continue;
            }
            client->held.append(event);
            continue;
        }
        if (wants(*client, rooms)) {
            if (!text)
                text = message(toJson(event));
            deliver(*client, event, *text);
        }
        client->coveredSeq = event.seq;
    }
}

bool WebSocketHub::wants(const Client &client, const QStringList &rooms) const
{
    for (const QString &room : rooms) {
        if (client.rooms.contains(room))
            return true;
    }
    return false;
}

bool WebSocketHub::queueHigh(const Client &client) const
{
    if (client.disconnected)
        return false;
    return int(client.messageEnds.size()) >= m_settings.maxQueuedMessages / 2
           || client.socket->bytesToWrite() >= m_settings.maxQueuedBytes / 2;
}

void WebSocketHub::deliver(Client &client, const Event &event, const Message &text)
{
    if (send(client, text))
        client.coveredSeq = std::max(client.coveredSeq, event.seq);
}

void WebSocketHub::sendControl(Client &client, const QString &type, const QJsonObject &payload)
{
    // Control messages carry no seq (CONTRACT §11).
    const QJsonObject envelope{
        {u"type"_s, type}, {u"payload"_s, payload}, {u"timestamp"_s, Domain::isoTime(QDateTime::currentDateTimeUtc())}};
    send(client, message(envelope));
}

bool WebSocketHub::send(Client &client, const Message &text)
{
    if (client.closing)
        return false;
    const qint64 queuedBytes = client.socket->bytesToWrite();
    if (int(client.messageEnds.size()) >= m_settings.maxQueuedMessages || queuedBytes >= m_settings.maxQueuedBytes) {
        close(client, CloseTooSlow,
              u"too slow: %1 messages (%2 bytes) waiting to be sent; resume with after_seq=%3"_s
                  .arg(client.messageEnds.size())
                  .arg(queuedBytes)
                  .arg(client.coveredSeq));
        return false;
    }
    client.sentBytes += text.wireBytes;
    client.messageEnds.push_back(client.sentBytes);
    client.socket->sendTextMessage(text.text);
    return true;
}

void WebSocketHub::onMessage(Client &client, const QString &message)
{
    client.lastActivity.restart();
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(message.toUtf8(), &parseError);
    auto reject = [&](const QString &code, const QString &why) {
        sendControl(client, u"error"_s, {{u"error"_s, code}, {u"message"_s, why}});
    };
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        reject(u"BAD_REQUEST"_s, u"a message must be a JSON object"_s);
        return;
    }
    const QJsonObject object = document.object();
    const QString type = object.value(u"type"_s).toString();
    if (type == u"pong"_s || type == u"ping"_s)
        return;
    if (type == u"join_room"_s || type == u"leave_room"_s) {
        const QString room = normalizedRoom(object.value(u"room"_s).toString());
        if (room.isEmpty()) {
            reject(u"VALIDATION_ERROR"_s, u"room must be sessions, agents, system, session:{id}, agent:{id} or "
                                          "task:{id}"_s);
            return;
        }
        if (type == u"join_room"_s)
            client.rooms.insert(room);
        else
            client.rooms.remove(room);
        sendControl(client, u"subscription.confirmed"_s, {{u"rooms"_s, sortedRooms(client.rooms)}});
        return;
    }
    reject(u"BAD_REQUEST"_s, u"unknown message type '%1' (pong, join_room, leave_room)"_s.arg(type));
}

void WebSocketHub::tick()
{
    const bool heartbeat = m_sinceHeartbeat.elapsed() >= m_settings.heartbeatInterval.count();
    if (heartbeat)
        m_sinceHeartbeat.restart();
    const auto clients = m_clients.values();
    for (const auto &client : clients) {
        if (client->closing)
            continue;
        if (client->lastActivity.elapsed() >= m_settings.silenceLimit.count()) {
            qCInfo(lcWs).noquote() << "closing client" << client->id << "silent for" << client->lastActivity.elapsed()
                                   << "ms";
            close(*client, int(QWebSocketProtocol::CloseCodeGoingAway),
                  u"silent for %1 s; send {\"type\":\"pong\"} on each heartbeat"_s.arg(m_settings.silenceLimit.count()
                                                                                       / 1000.0));
            continue;
        }
        if (heartbeat)
            sendControl(*client, u"heartbeat"_s,
                        {{u"server_time"_s, Domain::isoTime(QDateTime::currentDateTimeUtc())}});
    }
}

void WebSocketHub::close(Client &client, int code, const QString &reason)
{
    if (client.closing)
        return;
    client.closing = true;
    client.held.clear();
    if (code == CloseTooSlow)
        qCWarning(lcWs).noquote() << "closing client" << client.id << "(" << reason << ")";
    // The reason of a close frame is at most 123 bytes.
    QString shortReason = reason;
    while (shortReason.toUtf8().size() > 123)
        shortReason.chop(1);
    client.socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), shortReason);
    // A client that does not read never answers the close handshake: drop it after a second.
    QTimer::singleShot(1000, this, [this, id = client.id] {
        if (Client *c = find(id); c && !c->disconnected)
            c->socket->abort();
    });
}

void WebSocketHub::remove(const QString &clientId)
{
    auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return;
    std::shared_ptr<Client> client = it.value();
    m_clients.erase(it);
    client->socket->disconnect(this);
    client->socket.release()->deleteLater(); // may be inside its own signal
    emit clientCountChanged(clientCount());
}

WebSocketHub::Client *WebSocketHub::find(const QString &clientId)
{
    auto it = m_clients.find(clientId);
    return it == m_clients.end() ? nullptr : it.value().get();
}

} // namespace Orc::Api
