#pragma once

#include <QByteArray>
#include <QObject>
#include <QSslServer>
#include <QTcpServer>

class QTcpSocket;

namespace Orc::Api {

// Refuses an oversized request before its body is read. Qt 6.4's HTTP server buffers a whole body
// before anyone can look at it, so a client announcing gigabytes would be buffered whole. The guard
// watches each connection's bytes as they arrive (ahead of the HTTP parser): a request whose
// Content-Length exceeds the limit, or whose chunked body grows past it, is answered 413 with the
// error envelope and the connection is closed. It steps aside after a WebSocket upgrade.
class BodyGuard : public QObject
{
    Q_OBJECT

public:
    // Watches `socket` (and is deleted with it). Call before the HTTP server connects to it.
    static void watch(QTcpSocket *socket, qsizetype maxBodyBytes);

private:
    BodyGuard(QTcpSocket *socket, qsizetype maxBodyBytes);
    void onReadyRead();
    // Consumes `bytes` (new on the wire); false when the request was refused.
    bool inspect(QByteArrayView bytes);
    // Answers `status` with the error envelope, then reads away up to `discard` more bytes the client
    // may still send (so that it reads the answer) before closing.
    void refuse(int status, const QByteArray &code, const QString &message, qint64 discard);

    enum class State { Headers, Body, Chunked, Passive, Refused };
    QTcpSocket *m_socket;
    qsizetype m_max;
    State m_state = State::Headers;
    QByteArray m_headers;        // the header block being read
    qsizetype m_bodyLeft = 0;    // Content-Length bytes still to come
    qsizetype m_chunkedSeen = 0; // bytes of a chunked body so far
    QByteArray m_chunkTail;      // the last bytes of a chunked body, to see its end
    qint64 m_discardLeft = 0;    // after a refusal: bytes still to read away
};

// Listening sockets whose connections are watched by a BodyGuard: plain TCP, and TLS (the guard sees
// the decrypted bytes).
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    GuardedTcpServer(qsizetype maxBodyBytes, QObject *parent) : QTcpServer(parent), m_max(maxBodyBytes) {}

protected:
    void incomingConnection(qintptr handle) override;

private:
    qsizetype m_max;
};

class GuardedSslServer : public QSslServer
{
    Q_OBJECT
public:
    GuardedSslServer(qsizetype maxBodyBytes, QObject *parent);

private:
    qsizetype m_max;
};

} // namespace Orc::Api
