#include "gui/client/localclient.h"

#include "application/localeventbus.h"
#include "application/sessionservice.h"
#include "domain/sessionjson.h"
#include "runtime/orchestrator.h"

#include <qcorotimer.h>

#include <QDateTime>
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

// Sessions in one read of the store (on its thread), then turned into the API's JSON a thousand at a
// time, giving the event loop a turn between: the window stays live while a large history loads.
QCoro::Task<QString> LocalClient::listAll(QString collection, Sink sink, Progress progress)
{
    if (collection != QLatin1String("/api/v1/sessions"))
        co_return co_await ControlClient::listAll(std::move(collection), std::move(sink), std::move(progress));
    constexpr int Chunk = 1000;
    const QPointer<LocalClient> self(this);
    auto all = co_await m_orchestrator.sessions().all();
    if (!self)
        co_return QStringLiteral("closed");
    if (!all)
        co_return all.error().message;
    QList<Domain::Session> sessions = std::move(all).value();
    const int total = int(sessions.size());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int done = 0;
    while (!sessions.isEmpty()) { // newest first, as the API lists them; each freed once handed over
        sink(Domain::toJson(sessions.constLast(), now));
        sessions.removeLast();
        if (++done % Chunk == 0) {
            if (progress)
                progress(done, total);
            co_await QCoro::sleepFor(std::chrono::milliseconds(0));
            if (!self)
                co_return QStringLiteral("closed");
        }
    }
    if (progress)
        progress(done, total);
    co_return QString();
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
