#pragma once

#include "gui/client/controlclient.h"

#include <QNetworkAccessManager>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace Orc::Gui {

// The control room's client of an orchestrator elsewhere (`--connect URL --token T`): REST
// requests over HTTP, events from the WebSocket `/ws/system`. A lost WebSocket reconnects with
// backoff (0.5 s doubling to 10 s) and resumes with `after_seq`, so no event is missed or repeated.
class RemoteClient final : public ControlClient
{
    Q_OBJECT

public:
    RemoteClient(QUrl base, QByteArray token, QObject *parent = nullptr);
    ~RemoteClient() override;

    QCoro::Task<ApiReply> request(QByteArray method, QString target, QJsonObject body) override;
    QString describe() const override;
    bool isRemote() const override { return true; }
    bool isConnected() const override { return m_connected; }

    // Opens the event stream (and keeps it open until destruction).
    void open();

private:
    void connectSocket();
    void onMessage(const QString &message);
    void onDisconnected();

    QUrl m_base;
    QByteArray m_token;
    QNetworkAccessManager m_network;
    QWebSocket m_socket;
    QTimer m_reconnect;
    int m_backoffMs = 500;
    bool m_connected = false;
    bool m_closing = false;
};

} // namespace Orc::Gui
