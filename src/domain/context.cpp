#include "domain/context.h"

#include "domain/enumnames.h"
#include "domain/identifiers.h"
#include "domain/jsonpath.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Orc::Domain {

template<>
struct EnumNames<ContextScope>
{
    static constexpr std::array names{"temporary", "session", "agent", "global"};
};

QString contextScopeName(ContextScope scope)
{
    return enumName(scope);
}
std::optional<ContextScope> contextScopeFromName(QStringView name)
{
    return enumFromName<ContextScope>(name);
}
QStringList contextScopeNames()
{
    return enumNameList<ContextScope>();
}

std::optional<qint64> scopeLifetimeSeconds(ContextScope scope)
{
    switch (scope) {
    case ContextScope::Temporary: return 3600;
    case ContextScope::Session: return 24 * 3600;
    case ContextScope::Agent: return 7 * 24 * 3600;
    case ContextScope::Global: return std::nullopt;
    }
    return std::nullopt;
}

QList<FieldError> validate(const ContextSpec &spec)
{
    QList<FieldError> errors;
    if (spec.scope == ContextScope::Session && spec.sessionId.isNull())
        errors.append({u"session_id"_s, u"required for session scope"_s});
    if (spec.scope == ContextScope::Agent && spec.agentId.isNull())
        errors.append({u"agent_id"_s, u"required for agent scope"_s});
    return errors;
}

static QDateTime expiry(ContextScope scope, const QDateTime &from)
{
    const auto lifetime = scopeLifetimeSeconds(scope);
    return lifetime ? from.addSecs(*lifetime) : QDateTime();
}

Result<Context> Context::create(ContextSpec spec, QJsonObject data, const QUuid &id, const QDateTime &now)
{
    if (auto errors = validate(spec); !errors.isEmpty())
        return Error::validation(std::move(errors));
    Context context;
    context.m_id = id;
    context.m_spec = std::move(spec);
    context.m_state.data = std::move(data);
    context.m_state.createdAt = now;
    context.m_state.updatedAt = now;
    context.m_state.expiresAt = expiry(context.m_spec.scope, now);
    context.record(EventType::ContextCreated, {}, now);
    return context;
}

Context Context::restore(const QUuid &id, ContextSpec spec, ContextState state)
{
    Context context;
    context.m_id = id;
    context.m_spec = std::move(spec);
    context.m_state = std::move(state);
    return context;
}

bool Context::isExpired(const QDateTime &now) const
{
    return m_state.expiresAt.isValid() && m_state.expiresAt <= now;
}

std::optional<QJsonValue> Context::value(QStringView key) const
{
    return JsonPath::get(m_state.data, key);
}

void Context::record(QLatin1String type, QJsonObject payload, const QDateTime &now)
{
    payload.insert(u"context_id"_s, idString(m_id));
    payload.insert(u"scope"_s, contextScopeName(m_spec.scope));
    if (!m_spec.sessionId.isNull())
        payload.insert(u"session_id"_s, idString(m_spec.sessionId));
    if (!m_spec.agentId.isNull())
        payload.insert(u"agent_id"_s, idString(m_spec.agentId));
    payload.insert(u"version"_s, m_state.version);
    m_events.append(makeEvent(type, std::move(payload), now));
}

QStringList Context::conflictingKeys(const QList<ContextWrite> &writes, int expectedVersion) const
{
    QStringList conflicts;
    if (expectedVersion >= m_state.version)
        return conflicts;
    for (const ContextWrite &write : writes) {
        for (auto it = m_state.keyVersions.constBegin(); it != m_state.keyVersions.constEnd(); ++it) {
            if (it.value() > expectedVersion && JsonPath::overlaps(write.key, it.key())) {
                if (!conflicts.contains(write.key))
                    conflicts.append(write.key);
                break;
            }
        }
    }
    return conflicts;
}

Result<QList<ContextChange>> Context::apply(const QList<ContextWrite> &writes, std::optional<int> expectedVersion,
                                            const QString &changedBy, const QDateTime &now)
{
    QList<FieldError> invalid;
    for (const ContextWrite &write : writes) {
        if (!JsonPath::isValidKey(write.key))
            invalid.append({u"updates."_s + write.key, u"not a valid dot-notation key"_s});
    }
    if (!invalid.isEmpty())
        return Error::validation(std::move(invalid));
    if (expectedVersion && *expectedVersion > m_state.version) {
        return Error::conflict(
            ErrorCode::VersionMismatch,
            u"expected_version %1 is ahead of the current version %2"_s.arg(*expectedVersion).arg(m_state.version),
            QJsonObject{{u"current_version"_s, m_state.version}});
    }
    if (expectedVersion) {
        const QStringList conflicts = conflictingKeys(writes, *expectedVersion);
        if (!conflicts.isEmpty()) {
            return Error::conflict(
                ErrorCode::ContextConflict,
                u"keys changed since version %1: %2"_s.arg(*expectedVersion).arg(conflicts.join(u", "_s)),
                QJsonObject{{u"conflicting_keys"_s, QJsonArray::fromStringList(conflicts)},
                            {u"current_version"_s, m_state.version}});
        }
    }
    QList<ContextChange> changes;
    const int newVersion = m_state.version + 1;
    for (const ContextWrite &write : writes) {
        const std::optional<QJsonValue> old = JsonPath::get(m_state.data, write.key);
        if (write.value.isUndefined()) {
            if (!old)
                continue;
            JsonPath::remove(m_state.data, write.key);
        } else {
            if (old && *old == write.value)
                continue;
            JsonPath::set(m_state.data, write.key, write.value);
        }
        m_state.keyVersions.insert(write.key, newVersion);
        changes.append(
            {write.key, old.value_or(QJsonValue(QJsonValue::Undefined)), write.value, now, changedBy, newVersion});
    }
    if (changes.isEmpty())
        return changes; // nothing changed: no new version
    m_state.version = newVersion;
    m_state.updatedAt = now;
    m_state.expiresAt = expiry(m_spec.scope, now);
    QStringList keys;
    for (const ContextChange &c : changes)
        keys.append(c.key);
    record(EventType::ContextUpdated, QJsonObject{{u"keys"_s, QJsonArray::fromStringList(keys)}}, now);
    return changes;
}

Status Context::promoteToGlobal(const QDateTime &now)
{
    if (m_spec.scope == ContextScope::Temporary)
        return Error::validation({{u"scope"_s, u"a temporary context cannot be promoted to global"_s}});
    if (m_spec.scope == ContextScope::Global)
        return {};
    m_spec.scope = ContextScope::Global;
    m_state.expiresAt = {};
    ++m_state.version;
    m_state.updatedAt = now;
    record(EventType::ContextUpdated, QJsonObject{{u"promoted"_s, true}}, now);
    return {};
}

void Context::markDeleted(const QDateTime &now)
{
    record(EventType::ContextDeleted, {}, now);
}

} // namespace Orc::Domain
