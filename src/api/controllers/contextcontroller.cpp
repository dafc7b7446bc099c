#include "api/controllers/contextcontroller.h"

#include "api/controllers/common.h"
#include "api/http/jsonbody.h"

#include "domain/identifiers.h"
#include "domain/jsonpath.h"
#include "domain/jsonutil.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Orc::Api {

using namespace Orc::Domain;
using Application::ContextQuery;
using Application::PageRequest;

namespace {

const QString Contexts = u"/api/v1/contexts"_s;

// JSON has no "absent": a key that did not exist before (or no longer exists) reads as null.
QJsonValue presentOrNull(const QJsonValue &value)
{
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

// The context object of CONTRACT §4.
QJsonObject toJson(const Context &context)
{
    const ContextSpec &spec = context.spec();
    const ContextState &state = context.state();
    return QJsonObject{
        {u"id"_s, idString(context.id())},
        {u"scope"_s, contextScopeName(spec.scope)},
        {u"session_id"_s, Json::id(spec.sessionId)},
        {u"agent_id"_s, Json::id(spec.agentId)},
        {u"data"_s, state.data},
        {u"version"_s, state.version},
        {u"created_by"_s, spec.createdBy},
        {u"metadata"_s, spec.metadata},
        {u"created_at"_s, Json::time(state.createdAt)},
        {u"updated_at"_s, Json::time(state.updatedAt)},
        {u"expires_at"_s, Json::time(state.expiresAt)},
    };
}

QJsonObject toJson(const ContextChange &change)
{
    return QJsonObject{
        {u"key"_s, change.key},
        {u"old_value"_s, presentOrNull(change.oldValue)},
        {u"new_value"_s, presentOrNull(change.newValue)},
        {u"changed_at"_s, Json::time(change.changedAt)},
        {u"changed_by"_s, change.changedBy},
        {u"version"_s, change.version},
    };
}

// `{added, modified: {key: {old, new}}, deleted, has_conflicts}` (CONTRACT §11).
QJsonObject toJson(const ContextDiff &diff)
{
    return QJsonObject{{u"added"_s, diff.added},
                       {u"modified"_s, diff.modified},
                       {u"deleted"_s, Json::strings(diff.deleted)},
                       {u"has_conflicts"_s, diff.hasConflicts()}};
}

QJsonObject toJson(const Application::ContextSummary &summary)
{
    QJsonObject byScope;
    for (const QString &name : contextScopeNames())
        byScope.insert(name, 0);
    for (auto it = summary.byScope.cbegin(); it != summary.byScope.cend(); ++it)
        byScope.insert(contextScopeName(it.key()), it.value());
    return QJsonObject{{u"session_id"_s, idString(summary.sessionId)},
                       {u"context_count"_s, summary.contexts},
                       {u"key_count"_s, summary.keys},
                       {u"by_scope"_s, byScope},
                       {u"last_updated_at"_s, Json::time(summary.lastUpdatedAt)}};
}

// The answer of a use case that yields a context: its error, or the context.
HttpResponse respond(const Result<Context> &result, int status = 200)
{
    if (!result)
        return HttpResponse::error(result.error());
    return HttpResponse::json(status, toJson(result.value()));
}

// One page of what a query found, in the list shape of CONTRACT §6.
HttpResponse pageOf(const Result<QList<Context>> &found, const PageRequest &page)
{
    if (!found)
        return HttpResponse::error(found.error());
    const QList<Context> &contexts = found.value();
    QJsonArray items;
    const qsizetype first = qsizetype(page.page - 1) * page.pageSize;
    for (qsizetype i = first; i < contexts.size() && i < first + page.pageSize; ++i)
        items.append(toJson(contexts.at(i)));
    const int totalPages = int((contexts.size() + page.pageSize - 1) / page.pageSize);
    return HttpResponse::json(200, pageJson(items, contexts.size(), page.page, page.pageSize, totalPages));
}

// `changed_by` of a write; the service records it in the history.
QString changedBy(JsonBody &body)
{
    return body.string(u"changed_by"_s).value_or(QString());
}

} // namespace

ContextController::ContextController(Application::ContextService &contexts, Application::SessionService &sessions,
                                     Application::AgentService &agents)
    : m_contexts(contexts), m_sessions(sessions), m_agents(agents)
{}

void ContextController::addRoutes(Router &router)
{
    auto bind = [this](auto member) { return [this, member](HttpRequest r) { return (this->*member)(std::move(r)); }; };
    router.add("POST", Contexts, bind(&ContextController::create));
    // The literal routes win over /{id} in the router: /global is never read as a context id.
    router.add("GET", Contexts + u"/global"_s, bind(&ContextController::global));
    router.add("POST", Contexts + u"/merge"_s, bind(&ContextController::merge));
    router.add("GET", Contexts + u"/session/{sid}"_s, bind(&ContextController::bySession));
    router.add("GET", Contexts + u"/session/{sid}/summary"_s, bind(&ContextController::sessionSummary));
    router.add("GET", Contexts + u"/agent/{aid}"_s, bind(&ContextController::byAgent));
    router.add("GET", Contexts + u"/{id}"_s, bind(&ContextController::get));
    router.add("PATCH", Contexts + u"/{id}"_s, bind(&ContextController::patch));
    router.add("DELETE", Contexts + u"/{id}"_s, bind(&ContextController::remove));
    router.add("GET", Contexts + u"/{id}/keys/{key}"_s, bind(&ContextController::getKey));
    router.add("PUT", Contexts + u"/{id}/keys/{key}"_s, bind(&ContextController::putKey));
    router.add("DELETE", Contexts + u"/{id}/keys/{key}"_s, bind(&ContextController::deleteKey));
    router.add("POST", Contexts + u"/{id}/promote-to-global"_s, bind(&ContextController::promote));
    router.add("POST", Contexts + u"/{id}/share"_s, bind(&ContextController::share));
    router.add("GET", Contexts + u"/{id}/diff/{other_id}"_s, bind(&ContextController::diff));
    router.add("GET", Contexts + u"/{id}/history"_s, bind(&ContextController::history));
}

QCoro::Task<HttpResponse> ContextController::create(HttpRequest request)
{
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    body.require(u"scope"_s);
    ContextSpec spec;
    if (auto scope = body.choice(u"scope"_s, &contextScopeFromName, contextScopeNames()))
        spec.scope = *scope;
    if (auto v = body.id(u"session_id"_s))
        spec.sessionId = *v;
    if (auto v = body.id(u"agent_id"_s))
        spec.agentId = *v;
    if (auto v = body.string(u"created_by"_s))
        spec.createdBy = *v;
    spec.metadata = body.object(u"metadata"_s).value_or(QJsonObject());
    const QJsonObject data = body.object(u"data"_s).value_or(QJsonObject());
    if (Status checked = body.finish(validate(spec)); !checked)
        co_return HttpResponse::error(checked.error());

    const auto created = co_await m_contexts.create(spec, data);
    HttpResponse response = respond(created, 201);
    if (created)
        response.withHeader("Location", (Contexts + u"/"_s + idString(created->id())).toUtf8());
    co_return response;
}

QCoro::Task<HttpResponse> ContextController::get(HttpRequest request)
{
    const auto id = idArg(request, u"context"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const auto context = co_await m_contexts.get(id.value());
    co_return respond(context);
}

QCoro::Task<HttpResponse> ContextController::patch(HttpRequest request)
{
    auto in = idAndBody(request, u"context"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    // Only data keys change, through `updates`; the rest of a context is fixed at creation.
    body.forbid(
        {u"id"_s, u"scope"_s, u"session_id"_s, u"agent_id"_s, u"created_by"_s, u"metadata"_s, u"version"_s, u"data"_s},
        u"cannot be changed (write data keys through updates)"_s);
    body.require(u"updates"_s);
    QList<ContextWrite> writes;
    if (const auto updates = body.object(u"updates"_s)) {
        if (updates->isEmpty())
            body.invalid(u"updates"_s, u"at least one key to write"_s);
        for (auto it = updates->constBegin(); it != updates->constEnd(); ++it) {
            if (JsonPath::isValidKey(it.key()))
                writes.append({it.key(), it.value()});
            else
                body.invalid(u"updates."_s + it.key(), u"not a valid dot-notation key"_s);
        }
    }
    const std::optional<int> expectedVersion = body.integer(u"expected_version"_s);
    if (expectedVersion && *expectedVersion < 1)
        body.invalid(u"expected_version"_s, u"must be 1 or more"_s);
    const QString writer = changedBy(body);
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());

    const auto updated = co_await m_contexts.update(id, writes, expectedVersion, writer);
    co_return respond(updated);
}

QCoro::Task<HttpResponse> ContextController::remove(HttpRequest request)
{
    const auto id = idArg(request, u"context"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const Status removed = co_await m_contexts.remove(id.value());
    if (!removed)
        co_return HttpResponse::error(removed.error());
    co_return HttpResponse::noContent();
}

QCoro::Task<HttpResponse> ContextController::getKey(HttpRequest request)
{
    const auto id = idArg(request, u"context"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const QString key = request.pathArg(u"key"_s);
    const auto value = co_await m_contexts.key(id.value(), key);
    if (!value)
        co_return HttpResponse::error(value.error());
    co_return HttpResponse::json(200, QJsonObject{{u"key"_s, key}, {u"value"_s, value.value()}});
}

QCoro::Task<HttpResponse> ContextController::putKey(HttpRequest request)
{
    auto in = idAndBody(request, u"context"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    const QString key = request.pathArg(u"key"_s);
    if (!JsonPath::isValidKey(key))
        body.invalid(u"key"_s, u"not a valid dot-notation key"_s);
    // Any JSON value, null included: only a missing `value` is an error.
    if (!body.object().contains(u"value"_s))
        body.invalid(u"value"_s, u"is required"_s);
    const QJsonValue value = body.object().value(u"value"_s);
    const QString writer = changedBy(body);
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());

    const auto updated = co_await m_contexts.putKey(id, key, value, writer);
    co_return respond(updated);
}

QCoro::Task<HttpResponse> ContextController::deleteKey(HttpRequest request)
{
    const auto id = idArg(request, u"context"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const QString key = request.pathArg(u"key"_s);
    const auto updated = co_await m_contexts.deleteKey(id.value(), key, QString());
    if (!updated)
        co_return HttpResponse::error(updated.error());
    co_return HttpResponse::noContent();
}

QCoro::Task<HttpResponse> ContextController::bySession(HttpRequest request)
{
    const auto sessionId = idArg(request, u"session"_s, u"sid"_s);
    if (!sessionId)
        co_return HttpResponse::error(sessionId.error());
    QueryParams params(request.query);
    const PageRequest page = pageRequest(params);
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    // A soft-deleted session still owns its contexts until they expire.
    const auto session = co_await m_sessions.get(sessionId.value(), true);
    if (!session)
        co_return HttpResponse::error(session.error());
    ContextQuery query;
    query.sessionId = sessionId.value();
    const auto found = co_await m_contexts.find(query);
    co_return pageOf(found, page);
}

QCoro::Task<HttpResponse> ContextController::sessionSummary(HttpRequest request)
{
    const auto sessionId = idArg(request, u"session"_s, u"sid"_s);
    if (!sessionId)
        co_return HttpResponse::error(sessionId.error());
    const auto summary = co_await m_contexts.sessionSummary(sessionId.value());
    if (!summary)
        co_return HttpResponse::error(summary.error());
    co_return HttpResponse::json(200, toJson(summary.value()));
}

QCoro::Task<HttpResponse> ContextController::byAgent(HttpRequest request)
{
    const auto agentId = idArg(request, u"agent"_s, u"aid"_s);
    if (!agentId)
        co_return HttpResponse::error(agentId.error());
    QueryParams params(request.query);
    const PageRequest page = pageRequest(params);
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    if (const auto agent = m_agents.find(agentId.value()); !agent)
        co_return HttpResponse::error(agent.error());
    ContextQuery query;
    query.agentId = agentId.value();
    const auto found = co_await m_contexts.find(query);
    co_return pageOf(found, page);
}

QCoro::Task<HttpResponse> ContextController::global(HttpRequest request)
{
    QueryParams params(request.query);
    const PageRequest page = pageRequest(params);
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    ContextQuery query;
    query.scope = ContextScope::Global;
    const auto found = co_await m_contexts.find(query);
    co_return pageOf(found, page);
}

QCoro::Task<HttpResponse> ContextController::promote(HttpRequest request)
{
    const auto id = idArg(request, u"context"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const auto promoted = co_await m_contexts.promoteToGlobal(id.value());
    co_return respond(promoted);
}

QCoro::Task<HttpResponse> ContextController::share(HttpRequest request)
{
    auto in = idAndBody(request, u"context"_s);
    if (!in)
        co_return HttpResponse::error(in.error());
    const QUuid id = in->id;
    JsonBody &body = in->body;
    body.require(u"target_session_id"_s);
    body.require(u"mode"_s);
    const QUuid target = body.id(u"target_session_id"_s).value_or(QUuid());
    Application::ShareMode mode = Application::ShareMode::Clone;
    if (const auto name = body.string(u"mode"_s)) {
        if (*name == u"merge"_s)
            mode = Application::ShareMode::Merge;
        else if (*name != u"clone"_s)
            body.invalid(u"mode"_s, mustBeOneOf({u"clone"_s, u"merge"_s}));
    }
    const QString writer = changedBy(body);
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());

    const auto shared = co_await m_contexts.share(id, target, mode, writer);
    co_return respond(shared);
}

QCoro::Task<HttpResponse> ContextController::merge(HttpRequest request)
{
    auto parsed = JsonBody::parse(request.body);
    if (!parsed)
        co_return HttpResponse::error(parsed.error());
    JsonBody body = std::move(parsed).value();
    body.require(u"context_ids"_s);
    body.require(u"strategy"_s);
    QList<QUuid> ids;
    if (const auto texts = body.strings(u"context_ids"_s)) {
        for (const QString &text : *texts) {
            if (const auto parsedId = parseId(text))
                ids.append(*parsedId);
        }
        if (ids.size() != texts->size())
            body.invalid(u"context_ids"_s, u"must be an array of UUIDs"_s);
        else if (ids.size() < 2)
            body.invalid(u"context_ids"_s, u"at least two contexts"_s);
    }
    const auto strategy = body.choice(u"strategy"_s, &mergeStrategyFromName, mergeStrategyNames());
    const QString createdBy = body.string(u"created_by"_s).value_or(QString());
    if (Status checked = body.finish(); !checked)
        co_return HttpResponse::error(checked.error());

    const auto merged = co_await m_contexts.merge(ids, strategy.value_or(MergeStrategy::LastWriteWins), createdBy);
    if (!merged)
        co_return HttpResponse::error(merged.error());
    // The new context, and for `manual` the keys left unresolved (CONTRACT §11).
    QJsonArray conflicts;
    for (const MergeConflict &conflict : merged->conflicts)
        conflicts.append(QJsonObject{{u"key"_s, conflict.key}, {u"values"_s, conflict.values}});
    QJsonObject result = toJson(merged->context);
    result.insert(u"conflicts"_s, conflicts);
    co_return HttpResponse::json(200, result);
}

QCoro::Task<HttpResponse> ContextController::diff(HttpRequest request)
{
    const auto id = idArg(request, u"context"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    const auto otherId = idArg(request, u"context"_s, u"other_id"_s);
    if (!otherId)
        co_return HttpResponse::error(otherId.error());
    const auto diff = co_await m_contexts.diff(id.value(), otherId.value());
    if (!diff)
        co_return HttpResponse::error(diff.error());
    co_return HttpResponse::json(200, toJson(diff.value()));
}

QCoro::Task<HttpResponse> ContextController::history(HttpRequest request)
{
    const auto id = idArg(request, u"context"_s);
    if (!id)
        co_return HttpResponse::error(id.error());
    QueryParams params(request.query);
    const int limit = int(params.integer(u"limit"_s, 1, Context::HistoryKept).value_or(Context::HistoryKept));
    if (Status checked = params.finish(); !checked)
        co_return HttpResponse::error(checked.error());
    const auto changes = co_await m_contexts.history(id.value(), limit);
    if (!changes)
        co_return HttpResponse::error(changes.error());
    QJsonArray items; // newest first
    for (const ContextChange &change : changes.value())
        items.append(toJson(change));
    co_return HttpResponse::json(200, QJsonObject{{u"items"_s, items}, {u"total"_s, items.size()}});
}

} // namespace Orc::Api
