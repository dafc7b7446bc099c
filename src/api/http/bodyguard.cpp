#include "api/http/bodyguard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSslSocket>
#include <QTimer>
#include <QUuid>

namespace Orc::Api {

namespace {

Q_LOGGING_CATEGORY(lcGuard, "orc.api.http", QtInfoMsg)

constexpr qsizetype MaxHeaderBytes = 64 * 1024;
// After a refusal, up to this many times the limit of the body still coming is read away, for at
// most this long, before the connection is closed.
constexpr qint64 DiscardLimitFactor = 4;
constexpr int DiscardSeconds = 5;

// The value of header `name` in a raw header block (case-insensitive), or empty.
QByteArray headerValue(const QByteArray &block, const QByteArray &name)
{
    for (const QByteArray &line : block.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

void BodyGuard::watch(QTcpSocket *socket, qsizetype maxBodyBytes)
{
    new BodyGuard(socket, maxBodyBytes);
}

BodyGuard::BodyGuard(QTcpSocket *socket, qsizetype maxBodyBytes)
    : QObject(socket), m_socket(socket), m_max(maxBodyBytes)
{
    // Connected before the HTTP server connects its own reader, so this sees every byte first.
    connect(socket, &QIODevice::readyRead, this, &BodyGuard::onReadyRead);
}

void BodyGuard::onReadyRead()
{
    if (m_state == State::Passive)
        return;
    if (m_state == State::Refused) {
        // The client may still be sending the body it announced: read it away (the HTTP server gets
        // none of it) so that it reads our answer, and close once it is done or too much came.
        const qint64 read = m_socket->read(m_socket->bytesAvailable()).size();
        m_discardLeft -= read;
        if (m_discardLeft <= 0)
            m_socket->disconnectFromHost();
        return;
    }
    // The bytes not yet read by the HTTP server: new since the last time (it reads all it gets).
    const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
    inspect(fresh);
}

bool BodyGuard::inspect(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        switch (m_state) {
        case State::Passive:
        case State::Refused: return m_state == State::Passive;
        case State::Headers: {
            const qsizetype before = m_headers.size();
            m_headers.append(bytes);
            const qsizetype end = m_headers.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_headers.size() > MaxHeaderBytes) {
                    refuse(431, "BAD_REQUEST",
                           QStringLiteral("The request headers exceed %1 bytes").arg(MaxHeaderBytes), 0);
                    return false;
                }
                return true;
            }
            const QByteArray block = m_headers.left(end);
            bytes = bytes.sliced(end + 4 - before);
            m_headers.clear();
            if (!headerValue(block, "Upgrade").isEmpty()) {
                m_state = State::Passive; // a WebSocket from here on
                return true;
            }
            if (headerValue(block, "Transfer-Encoding").toLower().contains("chunked")) {
                m_state = State::Chunked;
                m_chunkedSeen = 0;
                m_chunkTail.clear();
                continue;
            }
            bool ok = true;
            const QByteArray length = headerValue(block, "Content-Length");
            const qint64 announced = length.isEmpty() ? 0 : length.toLongLong(&ok);
            if (!ok || announced < 0) {
                refuse(400, "BAD_REQUEST", QStringLiteral("Content-Length is not a number"), 0);
                return false;
            }
            if (announced > m_max) {
                refuse(413, "PAYLOAD_TOO_LARGE",
                       QStringLiteral("The request body (%1 bytes) exceeds %2 bytes").arg(announced).arg(m_max),
                       std::min<qint64>(announced, DiscardLimitFactor * m_max) - bytes.size());
                return false;
            }
            m_bodyLeft = qsizetype(announced);
            m_state = m_bodyLeft > 0 ? State::Body : State::Headers;
            continue;
        }
        case State::Body: {
            const qsizetype taken = std::min(m_bodyLeft, bytes.size());
            m_bodyLeft -= taken;
            bytes = bytes.sliced(taken);
            if (m_bodyLeft == 0)
                m_state = State::Headers;
            continue;
        }
        case State::Chunked: {
            // The chunk framing is left to the parser; the body ends with a zero-size chunk and an
            // empty line. Everything until then counts (framing included, a little generously).
            m_chunkedSeen += bytes.size();
            m_chunkTail = QByteArray(m_chunkTail + bytes.toByteArray()).right(8);
            if (m_chunkedSeen > m_max + m_max / 16) {
                refuse(413, "PAYLOAD_TOO_LARGE", QStringLiteral("The request body exceeds %1 bytes").arg(m_max),
                       DiscardLimitFactor * m_max);
                return false;
            }
            if (m_chunkTail.endsWith("\r\n0\r\n\r\n") || m_chunkTail == "0\r\n\r\n")
                m_state = State::Headers;
            return true;
        }
        }
    }
    return true;
}

void BodyGuard::refuse(int status, const QByteArray &code, const QString &message, qint64 discard)
{
    m_state = State::Refused;
    m_discardLeft = discard;
    const QByteArray requestId = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"), QString::fromLatin1(code)},
                                                      {QStringLiteral("message"), message},
                                                      {QStringLiteral("details"), QJsonValue(QJsonValue::Array)},
                                                      {QStringLiteral("request_id"), QString::fromLatin1(requestId)}})
                                .toJson(QJsonDocument::Compact);
    const QByteArray reason = status == 413   ? "Payload Too Large"
                              : status == 431 ? "Request Header Fields Too Large"
                                              : "Bad Request";
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                          + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                          + "\r\nX-Request-ID: " + requestId + "\r\nConnection: close\r\n\r\n" + body;
    qCInfo(lcGuard).noquote() << "refused a request from" << m_socket->peerAddress().toString()
                              << "before its body:" << message;
    m_socket->write(response);
    // What came with the headers is not for the HTTP server either.
    m_socket->read(m_socket->bytesAvailable());
    if (m_discardLeft <= 0) {
        m_socket->disconnectFromHost();
        return;
    }
    // A client that stops sending is not waited for.
    QTimer::singleShot(DiscardSeconds * 1000, m_socket, [socket = m_socket] { socket->disconnectFromHost(); });
}

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    BodyGuard::watch(socket, m_max);
    addPendingConnection(socket);
}

GuardedSslServer::GuardedSslServer(qsizetype maxBodyBytes, QObject *parent) : QSslServer(parent), m_max(maxBodyBytes)
{
    // The socket is known from the start of its handshake, before the HTTP server reads from it.
    connect(this, &QSslServer::startedEncryptionHandshake, this,
            [this](QSslSocket *socket) { BodyGuard::watch(socket, m_max); });
}

} // namespace Orc::Api
