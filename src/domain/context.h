#pragma once

#include "domain/event.h"
#include "domain/result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QUuid>

#include <optional>

namespace Orc::Domain {

// Widening order: temporary < session < agent < global.
enum class ContextScope { Temporary, Session, Agent, Global };

QString contextScopeName(ContextScope scope);
std::optional<ContextScope> contextScopeFromName(QStringView name);
QStringList contextScopeNames();
// temporary 1 h, session 24 h, agent 7 days, global none (counted from the last change).
std::optional<qint64> scopeLifetimeSeconds(ContextScope scope);

struct ContextChange
{
    QString key;
    QJsonValue oldValue; // undefined when the key did not exist
    QJsonValue newValue; // undefined when the key was deleted
    QDateTime changedAt;
    QString changedBy;
    int version = 0;
    friend bool operator==(const ContextChange &, const ContextChange &) = default;
};

struct ContextSpec
{
    ContextScope scope = ContextScope::Temporary;
    QUuid sessionId;
    QUuid agentId;
    QString createdBy;
    QJsonObject metadata;
    friend bool operator==(const ContextSpec &, const ContextSpec &) = default;
};

// session scope needs session_id; agent scope needs agent_id.
QList<FieldError> validate(const ContextSpec &spec);

struct ContextState
{
    QJsonObject data;
    int version = 1;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime expiresAt; // null for global contexts
    // The version at which each written key (as written, dot notation) last changed: what makes the
    // conflict check exact ("keys changed since expected_version") however old that version is.
    QHash<QString, int> keyVersions;
    friend bool operator==(const ContextState &, const ContextState &) = default;
};

struct ContextWrite
{
    QString key;
    QJsonValue value; // undefined: delete the key
};

class Context
{
public:
    static constexpr int HistoryKept = 100;

    Context() = default;
    static Result<Context> create(ContextSpec spec, QJsonObject data, const QUuid &id, const QDateTime &now);
    static Context restore(const QUuid &id, ContextSpec spec, ContextState state);

    const QUuid &id() const { return m_id; }
    const ContextSpec &spec() const { return m_spec; }
    const ContextState &state() const { return m_state; }
    const QJsonObject &data() const { return m_state.data; }
    int version() const { return m_state.version; }
    bool isExpired(const QDateTime &now) const;

    std::optional<QJsonValue> value(QStringView key) const;

    // The keys among `writes` changed by someone else since `expectedVersion` (exactly those; keys
    // overlap when one is a path prefix of the other). Empty when expectedVersion is current.
    QStringList conflictingKeys(const QList<ContextWrite> &writes, int expectedVersion) const;

    // Applies the writes as one change (version + 1). With an expected version behind the current
    // one, fails with CONTEXT_CONFLICT listing `conflicting_keys` only if a written key overlaps a key
    // changed since; otherwise the writes merge. An expected version ahead of the current one is
    // VERSION_MISMATCH. Returns the changes for the history (unchanged values are skipped).
    Result<QList<ContextChange>> apply(const QList<ContextWrite> &writes, std::optional<int> expectedVersion,
                                       const QString &changedBy, const QDateTime &now);

    // Moves a context to global scope (not from temporary: VALIDATION_ERROR).
    Status promoteToGlobal(const QDateTime &now);
    void markDeleted(const QDateTime &now);

    Events takeEvents() { return std::exchange(m_events, {}); }

private:
    void record(QLatin1String type, QJsonObject payload, const QDateTime &now);

    QUuid m_id;
    ContextSpec m_spec;
    ContextState m_state;
    Events m_events;
};

} // namespace Orc::Domain
