#include "gui/client/remoteclient.h"

#include <qcorosignal.h>

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QUrlQuery>

namespace Orc::Gui {

namespace {

constexpr int RequestTimeoutMs = 15000;
constexpr int MaxBackoffMs = 10000;

} // namespace

RemoteClient::RemoteClient(QUrl base, QByteArray token, QObject *parent)
    : ControlClient(parent), m_base(std::move(base)), m_token(std::move(token))
{
    QString path = m_base.path(); // "http://host:8420/" and "http://host:8420" are the same server
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    m_base.setPath(path);
    m_network.setAutoDeleteReplies(true);
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &RemoteClient::connectSocket);
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_backoffMs = 500;
        m_connected = true;
        emit connectionChanged(true);
    });
    connect(&m_socket, &QWebSocket::disconnected, this, &RemoteClient::onDisconnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &RemoteClient::onMessage);
}

RemoteClient::~RemoteClient()
{
    m_closing = true;
    m_socket.abort();
}

void RemoteClient::open()
{
    connectSocket();
}

void RemoteClient::connectSocket()
{
    QUrl url = m_base;
    url.setScheme(m_base.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(m_base.path() + QStringLiteral("/ws/system"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after_seq"), QString::number(lastSeq()));
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    m_socket.open(request);
}

void RemoteClient::onDisconnected()
{
    const bool was = m_connected;
    m_connected = false;
    if (was)
        emit connectionChanged(false);
    if (m_closing)
        return;
    m_reconnect.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, MaxBackoffMs);
}

void RemoteClient::onMessage(const QString &message)
{
    const QJsonObject envelope = QJsonDocument::fromJson(message.toUtf8()).object();
    const QString type = envelope.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("heartbeat")) {
        m_socket.sendTextMessage(QStringLiteral(R"({"type":"pong"})"));
        return;
    }
    // Control messages have no seq; events do.
    if (envelope.value(QStringLiteral("seq")).toInteger() > 0)
        deliver(envelope);
}

QCoro::Task<ApiReply> RemoteClient::request(QByteArray method, QString target, QJsonObject body)
{
    const QPointer<RemoteClient> self(this);
    const QUrl relative(target);
    QUrl url = m_base;
    url.setPath(m_base.path() + relative.path());
    url.setQuery(relative.query(QUrl::FullyEncoded), QUrl::StrictMode);
    QNetworkRequest request(url);
    request.setTransferTimeout(RequestTimeoutMs);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QByteArray bytes;
    if (!body.isEmpty())
        bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, bytes);
    if (!reply->isFinished())
        co_await qCoro(reply, &QNetworkReply::finished);
    if (!self)
        co_return ApiReply::failure(tr("the window closed"));
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        co_return ApiReply::failure(tr("%1 did not answer: %2").arg(m_base.toString(), reply->errorString()));
    co_return ApiReply::fromBody(status, reply->readAll());
}

QString RemoteClient::describe() const
{
    return tr("remote · %1").arg(m_base.toString());
}

} // namespace Orc::Gui
