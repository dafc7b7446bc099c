#include "application/contextservice.h"

#include "domain/identifiers.h"
#include "domain/jsonpath.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using namespace Orc::Domain;

namespace Orc::Application {

namespace {

constexpr int MaxWriteAttempts = 5;

} // namespace

ContextService::ContextService(IClock &clock, IContextRepository &contexts, ISessionRepository &sessions,
                               IUnitOfWork &unitOfWork, AgentService &agents)
    : m_clock(clock), m_contexts(contexts), m_sessions(sessions), m_unitOfWork(unitOfWork), m_agents(agents)
{}

QCoro::Task<Status> ContextService::checkOwners(const ContextSpec &spec)
{
    if (!spec.sessionId.isNull()) {
        auto session = co_await m_sessions.session(spec.sessionId);
        if (!session && session.error().code != ErrorCode::NotFound)
            co_return std::move(session).error();
        if (!session || session->isDeleted())
            co_return Error::validation({{u"session_id"_s, u"no such session"_s}});
    }
    if (!spec.agentId.isNull() && !m_agents.agent(spec.agentId))
        co_return Error::validation({{u"agent_id"_s, u"no such agent"_s}});
    co_return Status();
}

QCoro::Task<Result<Context>> ContextService::insert(Context context)
{
    ChangeSet changes;
    changes.events = context.takeEvents();
    changes.contexts.append(context);
    auto committed = co_await m_unitOfWork.commit(std::move(changes));
    if (!committed)
        co_return std::move(committed).error();
    co_return context;
}

QCoro::Task<Result<Context>> ContextService::create(ContextSpec spec, QJsonObject data)
{
    auto created = Context::create(spec, std::move(data), newId(), m_clock.now());
    if (!created)
        co_return std::move(created).error();
    if (Status owners = co_await checkOwners(spec); !owners)
        co_return std::move(owners).error();
    co_return co_await insert(std::move(created).value());
}

QCoro::Task<Result<Context>> ContextService::get(QUuid id)
{
    auto context = co_await m_contexts.context(id);
    if (context && context->isExpired(m_clock.now()))
        co_return Error::notFound(u"context"_s, idString(id));
    co_return context;
}

QCoro::Task<Result<Context>> ContextService::update(QUuid id, QList<ContextWrite> writes,
                                                    std::optional<int> expectedVersion, QString changedBy)
{
    if (writes.isEmpty())
        co_return Error::validation({{u"updates"_s, u"at least one key to write"_s}});
    for (int attempt = 1;; ++attempt) {
        auto loaded = co_await get(id);
        if (!loaded)
            co_return std::move(loaded).error();
        Context context = std::move(loaded).value();
        auto changes = context.apply(writes, expectedVersion, changedBy, m_clock.now());
        if (!changes)
            co_return std::move(changes).error();
        if (changes->isEmpty())
            co_return context; // nothing new to write
        ChangeSet set;
        set.events = context.takeEvents();
        set.contexts.append(context);
        for (const ContextChange &change : changes.value())
            set.contextHistory.append({id, change});
        auto committed = co_await m_unitOfWork.commit(std::move(set));
        if (committed)
            co_return context;
        // A concurrent write won: check again against what it wrote.
        if (committed.error().code != ErrorCode::VersionMismatch || attempt >= MaxWriteAttempts)
            co_return std::move(committed).error();
    }
}

QCoro::Task<Result<QJsonValue>> ContextService::key(QUuid id, QString key)
{
    auto context = co_await get(id);
    if (!context)
        co_return std::move(context).error();
    if (!JsonPath::isValidKey(key))
        co_return Error::validation({{u"key"_s, u"not a valid dot-notation key"_s}});
    const auto value = context->value(key);
    if (!value)
        co_return Error::notFound(u"key"_s, key);
    co_return *value;
}

QCoro::Task<Result<Context>> ContextService::putKey(QUuid id, QString key, QJsonValue value, QString changedBy)
{
    const QList<ContextWrite> writes{{key, value}};
    co_return co_await update(id, writes, std::nullopt, std::move(changedBy));
}

QCoro::Task<Result<Context>> ContextService::deleteKey(QUuid id, QString key, QString changedBy)
{
    auto existing = co_await this->key(id, key);
    if (!existing)
        co_return std::move(existing).error();
    const QList<ContextWrite> writes{{key, QJsonValue(QJsonValue::Undefined)}};
    co_return co_await update(id, writes, std::nullopt, std::move(changedBy));
}

QCoro::Task<Status> ContextService::remove(QUuid id)
{
    auto context = co_await m_contexts.context(id);
    if (!context)
        co_return std::move(context).error();
    context->markDeleted(m_clock.now());
    ChangeSet changes;
    changes.events = context->takeEvents();
    changes.removedContexts.append(id);
    auto committed = co_await m_unitOfWork.commit(std::move(changes));
    if (!committed)
        co_return std::move(committed).error();
    co_return Status();
}

QCoro::Task<Result<QList<Context>>> ContextService::find(ContextQuery query)
{
    auto found = co_await m_contexts.contexts(query);
    if (!found)
        co_return found;
    QList<Context> live;
    const QDateTime now = m_clock.now();
    for (const Context &c : found.value()) {
        if (!c.isExpired(now))
            live.append(c);
    }
    co_return live;
}

QCoro::Task<Result<ContextSummary>> ContextService::sessionSummary(QUuid sessionId)
{
    auto session = co_await m_sessions.session(sessionId);
    if (!session)
        co_return std::move(session).error();
    ContextQuery query;
    query.sessionId = sessionId;
    auto contexts = co_await find(query);
    if (!contexts)
        co_return std::move(contexts).error();
    ContextSummary summary;
    summary.sessionId = sessionId;
    for (const Context &c : contexts.value()) {
        ++summary.contexts;
        summary.keys += int(JsonPath::flatten(c.data()).size());
        ++summary.byScope[c.spec().scope];
        if (!summary.lastUpdatedAt.isValid() || c.state().updatedAt > summary.lastUpdatedAt)
            summary.lastUpdatedAt = c.state().updatedAt;
    }
    co_return summary;
}

QCoro::Task<Result<Context>> ContextService::promoteToGlobal(QUuid id)
{
    for (int attempt = 1;; ++attempt) {
        auto loaded = co_await get(id);
        if (!loaded)
            co_return std::move(loaded).error();
        Context context = std::move(loaded).value();
        if (context.spec().scope == ContextScope::Global)
            co_return context;
        if (Status promoted = context.promoteToGlobal(m_clock.now()); !promoted)
            co_return std::move(promoted).error();
        ChangeSet set;
        set.events = context.takeEvents();
        set.contexts.append(context);
        auto committed = co_await m_unitOfWork.commit(std::move(set));
        if (committed)
            co_return context;
        if (committed.error().code != ErrorCode::VersionMismatch || attempt >= MaxWriteAttempts)
            co_return std::move(committed).error();
    }
}

QCoro::Task<Result<Context>> ContextService::share(QUuid id, QUuid targetSessionId, ShareMode mode, QString changedBy)
{
    auto source = co_await get(id);
    if (!source)
        co_return std::move(source).error();
    ContextSpec spec;
    spec.scope = ContextScope::Session;
    spec.sessionId = targetSessionId;
    spec.createdBy = changedBy;
    spec.metadata = QJsonObject{{u"shared_from"_s, idString(id)}};
    if (Status owners = co_await checkOwners(spec); !owners) {
        Error error = std::move(owners).error();
        for (FieldError &field : error.details)
            field.field = u"target_session_id"_s;
        co_return error;
    }
    if (mode == ShareMode::Merge) {
        ContextQuery query;
        query.sessionId = targetSessionId;
        query.scope = ContextScope::Session;
        auto targets = co_await find(query);
        if (!targets)
            co_return std::move(targets).error();
        if (!targets->isEmpty()) {
            const Context &target = targets->first();
            const QList<const Context *> inputs{&target, &source.value()};
            const MergeResult merged = Domain::merge(inputs, MergeStrategy::DeepMerge);
            QList<ContextWrite> writes;
            for (auto it = merged.data.constBegin(); it != merged.data.constEnd(); ++it) {
                if (target.data().value(it.key()) != it.value())
                    writes.append({it.key(), it.value()});
            }
            if (writes.isEmpty())
                co_return target;
            co_return co_await update(target.id(), writes, std::nullopt, changedBy);
        }
    }
    auto created = Context::create(spec, source->data(), newId(), m_clock.now());
    if (!created)
        co_return std::move(created).error();
    co_return co_await insert(std::move(created).value());
}

QCoro::Task<Result<MergeOutcome>> ContextService::merge(QList<QUuid> ids, MergeStrategy strategy, QString createdBy)
{
    if (ids.size() < 2)
        co_return Error::validation({{u"context_ids"_s, u"at least two contexts"_s}});
    QList<Context> inputs;
    QList<FieldError> missing;
    for (const QUuid &id : std::as_const(ids)) {
        auto context = co_await get(id);
        if (context)
            inputs.append(context.value());
        else if (context.error().code == ErrorCode::NotFound)
            missing.append({u"context_ids"_s, u"no such context: %1"_s.arg(idString(id))});
        else
            co_return std::move(context).error();
    }
    if (!missing.isEmpty())
        co_return Error::validation(std::move(missing));
    QList<const Context *> pointers;
    for (const Context &c : std::as_const(inputs))
        pointers.append(&c);
    const MergeResult merged = Domain::merge(pointers, strategy);
    ContextSpec spec;
    spec.scope = merged.scope;
    spec.sessionId = merged.sessionId;
    spec.agentId = merged.agentId;
    spec.createdBy = createdBy;
    QJsonArray from;
    for (const QUuid &id : std::as_const(ids))
        from.append(idString(id));
    spec.metadata = QJsonObject{{u"merged_from"_s, from}, {u"merge_strategy"_s, mergeStrategyName(strategy)}};
    auto created = Context::create(spec, merged.data, newId(), m_clock.now());
    if (!created)
        co_return std::move(created).error();
    auto inserted = co_await insert(std::move(created).value());
    if (!inserted)
        co_return std::move(inserted).error();
    co_return MergeOutcome{inserted.value(), merged.conflicts};
}

QCoro::Task<Result<ContextDiff>> ContextService::diff(QUuid id, QUuid otherId)
{
    auto from = co_await get(id);
    if (!from)
        co_return std::move(from).error();
    auto to = co_await get(otherId);
    if (!to)
        co_return std::move(to).error();
    co_return Domain::diff(from->data(), to->data());
}

QCoro::Task<Result<QList<ContextChange>>> ContextService::history(QUuid id, int limit)
{
    if (limit < 1 || limit > Context::HistoryKept)
        co_return Error::validation({{u"limit"_s, u"must be between 1 and %1"_s.arg(Context::HistoryKept)}});
    auto context = co_await get(id);
    if (!context)
        co_return std::move(context).error();
    co_return co_await m_contexts.history(id, limit);
}

QCoro::Task<Result<int>> ContextService::purgeExpired()
{
    const QDateTime now = m_clock.now();
    auto expired = co_await m_contexts.expiredContexts(now);
    if (!expired)
        co_return std::move(expired).error();
    if (expired->isEmpty())
        co_return 0;
    ChangeSet changes;
    for (const QUuid &id : expired.value()) {
        changes.removedContexts.append(id);
        changes.events.append(makeEvent(
            EventType::ContextDeleted, QJsonObject{{u"context_id"_s, idString(id)}, {u"reason"_s, u"expired"_s}}, now));
    }
    auto committed = co_await m_unitOfWork.commit(std::move(changes));
    if (!committed)
        co_return std::move(committed).error();
    co_return int(expired->size());
}

} // namespace Orc::Application
