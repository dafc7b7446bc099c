#pragma once

#include "api/http/router.h"

#include "application/ports/clock.h"
#include "application/ports/repositories.h"
#include "application/scheduler.h"
#include "application/sessionservice.h"

#include <QCache>

namespace Orc::Api {

// /api/v1/sessions: the session resource of CONTRACT §6, its actions, checkpoints, tree and
// timeline. Request bodies are checked field by field (every invalid field in one 422) before the
// domain's own rules run.
class SessionController
{
public:
    SessionController(Application::SessionService &sessions, Application::IEventLog &events,
                      Application::IClock &clock);

    void addRoutes(Router &router);
    // The scheduler answers for the agents' questions (permissions); without one there are none.
    void setScheduler(Application::Scheduler *scheduler) { m_scheduler = scheduler; }

private:
    QCoro::Task<HttpResponse> create(HttpRequest request);
    QCoro::Task<HttpResponse> list(HttpRequest request);
    QCoro::Task<HttpResponse> stats(HttpRequest request);
    QCoro::Task<HttpResponse> get(HttpRequest request);
    QCoro::Task<HttpResponse> patch(HttpRequest request);
    QCoro::Task<HttpResponse> remove(HttpRequest request);
    QCoro::Task<HttpResponse> action(HttpRequest request, QString name);
    QCoro::Task<HttpResponse> addCheckpoint(HttpRequest request);
    QCoro::Task<HttpResponse> checkpoints(HttpRequest request);
    QCoro::Task<HttpResponse> restore(HttpRequest request);
    QCoro::Task<HttpResponse> tree(HttpRequest request);
    QCoro::Task<HttpResponse> timeline(HttpRequest request);
    QCoro::Task<HttpResponse> permissions(HttpRequest request);
    QCoro::Task<HttpResponse> answerPermission(HttpRequest request);

    // The answer of a use case that yields a session: its error, or the rendered session. Awaited at
    // once by every caller, so the reference outlives the call.
    QCoro::Task<HttpResponse> respond(const Domain::Result<Domain::Session> &result, int status = 200,
                                      bool withCheckpoints = false);
    QJsonObject render(const Application::SessionTree &tree) const;

    Application::SessionService &m_sessions;
    Application::IEventLog &m_events;
    Application::IClock &m_clock;
    Application::Scheduler *m_scheduler = nullptr;

    // The last answer sent for a session, reused while nothing it shows has changed.
    struct Rendered
    {
        int version = 0;
        QList<QUuid> childIds;
        double health = 0.0;
        QByteArray body;
    };
    QCache<QUuid, Rendered> m_rendered{2048};
};

} // namespace Orc::Api
