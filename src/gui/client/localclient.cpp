#include "gui/client/localclient.h"

#include "application/localeventbus.h"
#include "runtime/orchestrator.h"

#include <QJsonDocument>
#include <QPointer>

namespace Orc::Gui {

LocalClient::LocalClient(Runtime::Orchestrator &orchestrator, QObject *parent)
    : ControlClient(parent), m_orchestrator(orchestrator)
{
    connect(&orchestrator.eventBus(), &Application::IEventBus::published, this, &LocalClient::onEvent);
    connect(&orchestrator, &Runtime::Orchestrator::started, this, [this] { emit connectionChanged(true); });
    connect(&orchestrator, &Runtime::Orchestrator::stopped, this, [this] { emit connectionChanged(false); });
}

QCoro::Task<ApiReply> LocalClient::request(QByteArray method, QString target, QJsonObject body)
{
    const QByteArray bytes = body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    const auto [status, answer] = co_await m_orchestrator.serveLocally(std::move(method), std::move(target), bytes);
    co_return ApiReply::fromBody(status, answer);
}

QString LocalClient::describe() const
{
    return tr("in process · %1").arg(m_orchestrator.storageDescription());
}

bool LocalClient::isConnected() const
{
    return m_orchestrator.isRunning();
}

void LocalClient::onEvent(const Domain::Event &event)
{
    deliver(Runtime::Orchestrator::eventJson(event));
}

} // namespace Orc::Gui
