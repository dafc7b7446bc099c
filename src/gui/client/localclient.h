#pragma once

#include "gui/client/controlclient.h"

namespace Orc::Domain {
struct Event;
}

namespace Orc::Runtime {
class Orchestrator;
}

namespace Orc::Gui {

// The control room's client of its own embedded orchestrator: requests go straight to the API's
// routes (no socket, no token), events straight from the event bus. Nothing here waits: the
// services answer through coroutines, SQL runs on the storage thread.
class LocalClient final : public ControlClient
{
    Q_OBJECT

public:
    explicit LocalClient(Runtime::Orchestrator &orchestrator, QObject *parent = nullptr);

    QCoro::Task<ApiReply> request(QByteArray method, QString target, QJsonObject body) override;
    QCoro::Task<QString> listAll(QString collection, Sink sink, Progress progress) override;
    QString describe() const override;
    bool isRemote() const override { return false; }
    bool isConnected() const override;

private:
    void onEvent(const Domain::Event &event);

    Runtime::Orchestrator &m_orchestrator;
};

} // namespace Orc::Gui
