#include "api/controllers/sessioncontroller.h"

#include "api/controllers/common.h"
#include "api/http/jsonbody.h"

#include "domain/identifiers.h"
#include "domain/sessionjson.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Orc::Api {

using namespace Orc::Domain;
using Application::CompletionReport;
using Application::FailureReport;

namespace {

const QString Sessions = u"/api/v1/sessions"_s;

// The editable fields of a session from a body (create and PATCH share them).
void readSpecFields(JsonBody &body, SessionSpec &spec)
{
    if (auto v = body.string(u"title"_s))
        spec.title = *v;
    if (auto v = body.string(u"description"_s))
        spec.description = *v;
    if (auto type = body.choice(u"session_type"_s, &sessionTypeFromName, sessionTypeNames()))
        spec.type = *type;
    if (auto v = body.integer(u"priority"_s)) {
        if (*v < 0 || *v > 4)
            body.invalid(u"priority"_s, u"must be 0 (critical) to 4 (deferred)"_s);
        else
            spec.priority = static_cast<SessionPriority>(*v);
    }
    if (auto v = body.object(u"agent_config"_s))
        spec.agentConfig = *v;
    if (auto v = body.string(u"model_identifier"_s))
        spec.modelIdentifier = *v;
    if (auto v = body.string(u"initial_prompt"_s))
        spec.initialPrompt = *v;
    if (auto v = body.integer(u"max_duration_seconds"_s))
        spec.maxDurationSeconds = *v;
    if (auto v = body.number(u"cpu_limit"_s))
        spec.cpuLimit = *v;
    if (auto v = body.integer(u"memory_limit_mb"_s))
        spec.memoryLimitMb = *v;
    if (auto v = body.strings(u"tags"_s))
        spec.tags = *v;
    if (auto v = body.object(u"metadata"_s))
        spec.metadata = *v;
    if (auto v = body.integer(u"max_retries"_s))
        spec.maxRetries = *v;
}

} // namespace

SessionController::SessionController(Application::SessionService &sessions, Application::IEventLog &events,
                                     Application::IClock &clock)
    : m_sessions(sessions), m_events(events), m_clock(clock)
{}

void SessionController::addRoutes(Router &router)
{
    auto bind = [this](auto member) { return [this, member](HttpRequest r) { return (this->*member)(std::move(r)); }; };
    router.add("POST", Sessions, bind(&SessionController::create));
    router.add("GET", Sessions, bind(&SessionController::list));
    router.add("GET", Sessions + u"/stats"_s, bind(&SessionController::stats));
    router.add("GET", Sessions + u"/{id}"_s, bind(&SessionController::get));
    router.add("PATCH", Sessions + u"/{id}"_s, bind(&SessionController::patch));
    router.add("DELETE", Sessions + u"/{id}"_s, bind(&SessionController::remove));
    for (const QString &name :
         {u"start"_s, u"pause"_s, u"resume"_s, u"cancel"_s, u"stop"_s, u"retry"_s, u"complete"_s, u"fail"_s}) {
        router.add("POST", Sessions + u"/{id}/"_s + name,
                   [this, name](HttpRequest r) { return action(std::move(r), name); });
    }
    router.add("POST", Sessions + u"/{id}/checkpoints"_s, bind(&SessionController::addCheckpoint));
    router.add("GET", Sessions + u"/{id}/checkpoints"_s, bind(&SessionController::checkpoints));
    router.add("POST", Sessions + u"/{id}/checkpoints/{sequence}/restore"_s, bind(&SessionController::restore));
    router.add("GET", Sessions + u"/{id}/tree"_s, bind(&SessionController::tree));
    router.add("GET", Sessions + u"/{id}/events"_s, bind(&SessionController::timeline));
    router.add("GET", Sessions + u"/{id}/permissions"_s, bind(&SessionController::permissions));
    router.add("POST", Sessions + u"/{id}/permissions/{permission_id}"_s, bind(&SessionController::answerPermission));
}

QCoro::Task<HttpResponse> SessionController::permissions(HttpRequest request)
{
    const auto id = idArg(request, u"session"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    auto session = co_await m_sessions.get(id.value());
    if (!session)
        co_return HttpResponse::error(session.error());
    const QJsonArray items = m_scheduler ? m_scheduler->permissions(id.value()) : QJsonArray();
    co_return HttpResponse::json(200, QJsonObject{{u"items"_s, items}, {u"total"_s, items.size()}});
}

QCoro::Task<HttpResponse> SessionController::answerPermission(HttpRequest request)
{
    auto in = idAndBody(request, u"session"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.require(u"reply"_s);
    const QString reply = body.string(u"reply"_s).value_or(QString());
    if (!reply.isEmpty() && reply != u"once"_s && reply != u"always"_s && reply != u"reject"_s)
        body.invalid(u"reply"_s, u"must be once, always or reject"_s);
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    auto session = co_await m_sessions.get(id);
    if (!session)
        co_return HttpResponse::error(session.error());
    if (!m_scheduler)
        co_return HttpResponse::error(Error::notFound(u"permission"_s, request.pathArg(u"permission_id"_s)));
    const QString permissionId = request.pathArg(u"permission_id"_s);
    const Status answered = co_await m_scheduler->answerPermission(id, permissionId, reply);
    if (!answered)
        co_return HttpResponse::error(answered.error());
    co_return HttpResponse::noContent();
}

QCoro::Task<HttpResponse> SessionController::respond(const Result<Session> &result, int status, bool withCheckpoints)
{
    if (!result)
        co_return HttpResponse::error(result.error());
    const Session &session = result.value();
    QList<QUuid> childIds;
    if (status != 201) { // a session just created has no children yet: no read for them
        const QList<QUuid> ids{session.id()};
        auto children = co_await m_sessions.childIdsOf(ids);
        if (!children)
            co_return HttpResponse::error(children.error());
        childIds = children->value(session.id());
    }
    const QDateTime now = m_clock.now();
    if (withCheckpoints) {
        auto checkpoints = co_await m_sessions.checkpoints(session.id());
        if (!checkpoints)
            co_return HttpResponse::error(checkpoints.error());
        const QList<Checkpoint> kept = std::move(checkpoints).value();
        co_return HttpResponse::json(status, toJson(session, now, childIds, &kept));
    }
    // Without checkpoints the answer depends only on the committed session (its version), its
    // children and its health score (a step function of the time): the same three give the same bytes.
    const double health = session.healthScore(now);
    if (const Rendered *cached = m_rendered.object(session.id());
        cached && cached->version == session.version() && cached->childIds == childIds && cached->health == health) {
        co_return HttpResponse::text(status, cached->body, "application/json");
    }
    QByteArray body = QJsonDocument(toJson(session, now, childIds)).toJson(QJsonDocument::Compact);
    m_rendered.insert(session.id(), new Rendered{session.version(), childIds, health, body});
    co_return HttpResponse::text(status, std::move(body), "application/json");
}

QJsonObject SessionController::render(const Application::SessionTree &tree) const
{
    QJsonObject node = toJson(tree.session, m_clock.now());
    QJsonArray children;
    for (const Application::SessionTree &child : tree.children)
        children.append(render(child));
    node.insert(u"children"_s, children);
    return node;
}

QCoro::Task<HttpResponse> SessionController::create(HttpRequest request)
{
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    body.require(u"title"_s);
    body.require(u"initial_prompt"_s);
    SessionSpec spec;
    readSpecFields(body, spec);
    if (auto parent = body.id(u"parent_session_id"_s))
        spec.parentId = *parent;
    if (auto v = body.string(u"created_by"_s))
        spec.createdBy = *v;
    const bool autoStart = body.boolean(u"auto_start"_s).value_or(false);
    if (Status checked = body.finish(validate(spec)); !checked)
        co_return HttpResponse::error(checked.error());

    const auto created = co_await m_sessions.create(spec, autoStart);
    HttpResponse response = co_await respond(created, 201);
    if (created)
        response.withHeader("Location", (Sessions + u"/"_s + idString(created->id())).toUtf8());
    co_return response;
}

QCoro::Task<HttpResponse> SessionController::list(HttpRequest request)
{
    QueryParams params(request.query);
    Application::SessionQuery query;
    query.status = params.choice(u"status"_s, &sessionStatusFromName, sessionStatusNames());
    query.type = params.choice(u"session_type"_s, &sessionTypeFromName, sessionTypeNames());
    if (auto priority = params.integer(u"priority"_s, 0, 4))
        query.priority = static_cast<SessionPriority>(*priority);
    query.tag = params.string(u"tag"_s);
    if (const QString parent = params.string(u"parent_id"_s); !parent.isEmpty()) {
        query.parentId = parseId(parent);
        if (!query.parentId)
            params.invalid(u"parent_id"_s, u"must be a UUID"_s);
    }
    query.text = params.string(u"q"_s);
    query.includeDeleted = params.flag(u"include_deleted"_s);
    query.page = pageRequest(params);
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());

    auto page = co_await m_sessions.list(query);
    if (!page)
        co_return HttpResponse::error(page.error());
    const Application::Page<Session> found = std::move(page).value();
    QList<QUuid> ids;
    for (const Session &session : found.items)
        ids.append(session.id());
    auto children = co_await m_sessions.childIdsOf(ids); // one query for the whole page
    if (!children)
        co_return HttpResponse::error(children.error());
    QJsonArray items;
    for (const Session &session : found.items)
        items.append(toJson(session, m_clock.now(), children->value(session.id())));
    co_return HttpResponse::json(200, pageJson(items, found.total, found.page, found.pageSize, found.totalPages()));
}

QCoro::Task<HttpResponse> SessionController::stats(HttpRequest)
{
    auto stats = co_await m_sessions.stats();
    if (!stats)
        co_return HttpResponse::error(stats.error());
    QJsonObject byStatus;
    for (const QString &name : sessionStatusNames())
        byStatus.insert(name, 0);
    for (auto it = stats->byStatus.cbegin(); it != stats->byStatus.cend(); ++it)
        byStatus.insert(sessionStatusName(it.key()), it.value());
    QJsonObject byType;
    for (const QString &name : sessionTypeNames())
        byType.insert(name, 0);
    for (auto it = stats->byType.cbegin(); it != stats->byType.cend(); ++it)
        byType.insert(sessionTypeName(it.key()), it.value());
    co_return HttpResponse::json(200, QJsonObject{{u"total"_s, stats->total},
                                                  {u"deleted"_s, stats->deleted},
                                                  {u"by_status"_s, byStatus},
                                                  {u"by_type"_s, byType}});
}

QCoro::Task<HttpResponse> SessionController::get(HttpRequest request)
{
    const auto id = idArg(request, u"session"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    QueryParams params(request.query);
    const bool includeDeleted = params.flag(u"include_deleted"_s);
    const bool withCheckpoints = params.flag(u"include_checkpoints"_s);
    params.flag(u"include_metrics"_s); // metrics are always included; the flag is accepted
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto session = co_await m_sessions.get(id.value(), includeDeleted);
    co_return co_await respond(session, 200, withCheckpoints);
}

QCoro::Task<HttpResponse> SessionController::patch(HttpRequest request)
{
    const auto id = idArg(request, u"session"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    std::optional<int> expectedVersion;
    if (const QByteArray ifMatch = request.header("If-Match"); !ifMatch.isEmpty()) {
        bool ok = false;
        const int version = QString::fromLatin1(ifMatch).remove(u'"').trimmed().toInt(&ok);
        if (!ok)
            co_return HttpResponse::error(
                Error{ErrorCode::BadRequest, u"If-Match must be the session's version number"_s, {}, {}});
        expectedVersion = version;
    }
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    body.forbid({u"parent_session_id"_s, u"created_by"_s, u"status"_s, u"id"_s, u"version"_s}, u"cannot be changed"_s);
    SessionSpec probe; // the shape check, on a throwaway spec
    readSpecFields(body, probe);
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());

    // A named function object: GCC 12 mishandles a converted temporary inside co_await.
    const std::function<void(SessionSpec &)> apply = [object = body.object()](SessionSpec &spec) {
        JsonBody again(object);
        readSpecFields(again, spec);
    };
    const auto updated = co_await m_sessions.update(id.value(), apply, expectedVersion);
    co_return co_await respond(updated);
}

QCoro::Task<HttpResponse> SessionController::remove(HttpRequest request)
{
    const auto id = idArg(request, u"session"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const Status removed = co_await m_sessions.remove(id.value());
    if (!removed)
        co_return HttpResponse::error(removed.error());
    co_return HttpResponse::noContent();
}

QCoro::Task<HttpResponse> SessionController::action(HttpRequest request, QString name)
{
    auto in = idAndBody(request, u"session"_s, true);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;

    Result<Session> done = Error::internal(u"unknown action"_s);
    if (name == u"complete"_s) {
        CompletionReport report;
        report.result = body.object(u"result"_s);
        if (auto status = body.string(u"status"_s)) {
            if (*status == u"partially_completed"_s)
                report.status = SessionStatus::PartiallyCompleted;
            else if (*status != u"completed"_s)
                body.invalid(u"status"_s, u"must be completed or partially_completed"_s);
        }
        for (auto [field, target] : {std::pair{u"success_rate"_s, &report.successRate},
                                     std::pair{u"confidence_score"_s, &report.confidenceScore},
                                     std::pair{u"code_quality_score"_s, &report.codeQualityScore}}) {
            *target = body.number(field);
            if (*target && (**target < 0.0 || **target > 1.0))
                body.invalid(field, u"must be between 0 and 1"_s);
        }
        if (Status checked = body.finish(); !checked)
            co_return HttpResponse::error(checked.error());
        done = co_await m_sessions.complete(id, report);
    } else if (name == u"fail"_s) {
        FailureReport report;
        body.require(u"error_message"_s);
        report.errorMessage = body.string(u"error_message"_s).value_or(QString());
        report.errorCode = body.string(u"error_code"_s).value_or(u"failed"_s);
        report.errorContext = body.object(u"error_context"_s).value_or(QJsonObject());
        body.boolean(u"retryable"_s); // failures are retryable while retries are left
        if (Status checked = body.finish(); !checked)
            co_return HttpResponse::error(checked.error());
        done = co_await m_sessions.fail(id, report);
    } else if (name == u"start"_s) {
        done = co_await m_sessions.start(id);
    } else if (name == u"pause"_s) {
        done = co_await m_sessions.pause(id);
    } else if (name == u"resume"_s) {
        done = co_await m_sessions.resume(id);
    } else if (name == u"cancel"_s) {
        done = co_await m_sessions.cancel(id);
    } else if (name == u"stop"_s) {
        done = co_await m_sessions.stop(id);
    } else if (name == u"retry"_s) {
        done = co_await m_sessions.retry(id);
    }
    co_return co_await respond(done);
}

QCoro::Task<HttpResponse> SessionController::addCheckpoint(HttpRequest request)
{
    auto in = idAndBody(request, u"session"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.require(u"data"_s);
    const QJsonObject data = body.object(u"data"_s).value_or(QJsonObject());
    const QJsonObject metadata = body.object(u"metadata"_s).value_or(QJsonObject());
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    auto added = co_await m_sessions.addCheckpoint(id, data, metadata);
    if (!added)
        co_return HttpResponse::error(added.error());
    HttpResponse response = HttpResponse::json(201, toJson(added.value()));
    co_return response.withHeader("Location",
                                  u"%1/%2/checkpoints/%3"_s.arg(Sessions, idString(id)).arg(added->sequence).toUtf8());
}

QCoro::Task<HttpResponse> SessionController::checkpoints(HttpRequest request)
{
    const auto id = idArg(request, u"session"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    auto kept = co_await m_sessions.checkpoints(id.value());
    if (!kept)
        co_return HttpResponse::error(kept.error());
    QJsonArray items;
    for (const Checkpoint &checkpoint : kept.value())
        items.append(toJson(checkpoint));
    co_return HttpResponse::json(200, QJsonObject{{u"items"_s, items}, {u"total"_s, items.size()}});
}

QCoro::Task<HttpResponse> SessionController::restore(HttpRequest request)
{
    const auto id = idArg(request, u"session"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    bool ok = false;
    const int sequence = request.pathArg(u"sequence"_s).toInt(&ok);
    if (!ok || sequence < 1)
        co_return HttpResponse::error(Error::notFound(u"checkpoint"_s, request.pathArg(u"sequence"_s)));
    const auto restored = co_await m_sessions.restoreCheckpoint(id.value(), sequence);
    co_return co_await respond(restored);
}

QCoro::Task<HttpResponse> SessionController::tree(HttpRequest request)
{
    const auto id = idArg(request, u"session"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    auto tree = co_await m_sessions.tree(id.value());
    if (!tree)
        co_return HttpResponse::error(tree.error());
    co_return HttpResponse::json(200, render(tree.value()));
}

QCoro::Task<HttpResponse> SessionController::timeline(HttpRequest request)
{
    const auto id = idArg(request, u"session"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    QueryParams params(request.query);
    Application::EventQuery query = eventQuery(params);
    query.sessionId = id.value();
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    auto session = co_await m_sessions.get(id.value(), true);
    if (!session)
        co_return HttpResponse::error(session.error());
    auto events = co_await m_events.events(query);
    if (!events)
        co_return HttpResponse::error(events.error());
    co_return HttpResponse::json(200, eventsJson(events.value(), query.afterSeq));
}

} // namespace Orc::Api
