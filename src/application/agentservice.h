#pragma once

#include "application/ports/clock.h"
#include "application/ports/repositories.h"
#include "application/ports/unitofwork.h"
#include "application/writebatch.h"
#include "domain/agentregistry.h"

#include <QJsonObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace Orc::Application {

// What a client asks for when it registers an agent (internal runner or external EAP agent).
struct AgentRegistration
{
    QString name;
    Domain::AgentKind kind = Domain::AgentKind::External;
    Domain::AgentType agentType = Domain::AgentType::Implementer;
    Domain::CapabilitySet capabilities;
    QString version;
    QUrl endpointUrl; // external agents
    int maxConcurrentTasks = Domain::Agent::DefaultMaxConcurrentTasks;
    QStringList features;
    QStringList preferredTechnologies;
    QJsonObject metadata;
    QJsonObject config; // runner configuration of internal agents
};

// Every invalid field of a registration (names as on the wire).
QList<Domain::FieldError> validate(const AgentRegistration &registration);
// A process runner's config (CONTRACT §11): {command: [argv...], working_directory, prompt_mode, env}.
QList<Domain::FieldError> validateProcessConfig(const QJsonObject &config);
// An OpenCode agent's config (CONTRACT §11): {url?, binary?, password?, provider_id, model_id,
// directory, agent?, env?, permission?: allow|ask|deny, max_provider_retries?}; url or binary.
QList<Domain::FieldError> validateOpenCodeConfig(const QJsonObject &config);
// The program a process runner runs: an absolute path, or empty when it is not an executable file.
QString findExecutable(const QString &program, const QString &workingDirectory);

// The answer to an external registration: the secrets are shown once and stored only as a hash
// (auth token) or used only to sign (dispatch secret).
struct ExternalRegistration
{
    Domain::Agent agent;
    QString authToken;
    QString dispatchSecret;
};

enum class HeartbeatStatus { Healthy, Degraded, Busy, Offline };
QString heartbeatStatusName(HeartbeatStatus status);
std::optional<HeartbeatStatus> heartbeatStatusFromName(QStringView name);

struct Heartbeat
{
    HeartbeatStatus status = HeartbeatStatus::Healthy;
    double currentLoad = 0.0; // 0..1
    int tasksInProgress = 0;
    QJsonObject metrics;
};

struct AgentFilter
{
    std::optional<Domain::AgentType> type;
    std::optional<Domain::Capability> capability;
    std::optional<Domain::PerformanceTier> tier;
    std::optional<Domain::AgentStatus> status;
    bool availableOnly = false;
};

struct AgentStats
{
    int total = 0;
    int available = 0;
    int currentTasks = 0;
    int capacity = 0;
    QMap<Domain::AgentStatus, int> byStatus;
    QMap<Domain::PerformanceTier, int> byTier;
    QMap<Domain::AgentType, int> byType;
};

// The agents of this orchestrator: the registry in memory (authoritative while running, loaded from
// storage at start-up) and every change persisted with its event.
class AgentService
{
public:
    AgentService(IClock &clock, IAgentRepository &repository, IUnitOfWork &unitOfWork);

    QCoro::Task<Domain::Status> load();

    const Domain::AgentRegistry &registry() const { return m_registry; }
    std::optional<Domain::Agent> agent(const QUuid &id) const;
    Domain::Result<Domain::Agent> find(const QUuid &id) const; // NOT_FOUND when unknown
    QList<Domain::Agent> list(const AgentFilter &filter = {}) const;
    AgentStats stats() const;
    // Whether any agent is available (§2) now: cheaper than stats() for a yes or no.
    bool anyAvailable() const;

    // Internal agents (process, opencode). Duplicate name: CONFLICT; invalid fields: VALIDATION_ERROR.
    QCoro::Task<Domain::Result<Domain::Agent>> registerInternal(AgentRegistration registration);
    QCoro::Task<Domain::Result<ExternalRegistration>> registerExternal(AgentRegistration registration);
    QCoro::Task<Domain::Result<Domain::Agent>> update(QUuid id, std::function<Domain::Status(Domain::Agent &)> change);
    QCoro::Task<Domain::Status> deregister(QUuid id);
    QCoro::Task<Domain::Result<QString>> rotateToken(QUuid id);

    // EAP: NOT_FOUND for an unknown agent, then UNAUTHORIZED for a wrong token (constant time).
    // A success is a sign of life (lastContact), even before the agent's report is stored.
    Domain::Result<Domain::Agent> authenticate(const QUuid &id, QStringView token) const;
    // When the agent last authenticated (invalid if never since start-up).
    QDateTime lastContact(const QUuid &id) const;
    QCoro::Task<Domain::Result<Domain::Agent>> heartbeat(QUuid id, Heartbeat heartbeat);

    // Advisory routing (POST /agents/route): NO_CAPABLE_AGENT when none qualifies.
    Domain::Result<Domain::RoutingDecision> route(const Domain::RoutingRequest &request) const;
    // Routing for a real dispatch: reserves one unit of capacity on the chosen agent at once and
    // adds the agent's write and events to `batch` (undone if the batch's commit fails).
    Domain::Result<Domain::RoutingDecision> reserve(Domain::RoutingRequest request, WriteBatch &batch);
    // Reserves on a named agent (NOT_FOUND, or NO_CAPABLE_AGENT when it takes no work now).
    Domain::Status reserveAgent(const QUuid &id, WriteBatch &batch);
    // Gives a unit back (the task ended in any way); false when the agent held none.
    bool release(const QUuid &id, WriteBatch &batch);
    // Start-up recovery: every reservation left is given back (its task died with the process).
    // The number of units released.
    int releaseAll(WriteBatch &batch);

    // One finished task: performance (EMA quality and time, tokens, cost) and tier.
    QCoro::Task<Domain::Result<Domain::Agent>> recordOutcome(QUuid id, Domain::TaskOutcome outcome);
    // The same, added to `batch` (written with the session's end; undone if the commit fails).
    // False for an unknown agent.
    bool recordOutcome(const QUuid &id, const Domain::TaskOutcome &outcome, WriteBatch &batch);
    QCoro::Task<Domain::Result<Domain::Agent>> resetMetrics(QUuid id);

private:
    QCoro::Task<Domain::Result<Domain::Agent>> insert(Domain::Agent agent);
    // Stages the registry's current copy of the agent and its events in `batch`.
    void stage(const QUuid &id, WriteBatch &batch, Domain::Events events);
    Domain::Event loadEvent(const Domain::Agent &agent) const;
    QCoro::Task<Domain::Result<Domain::Agent>>
    commitChange(QUuid id, Domain::Agent before, std::function<Domain::Status(Domain::Agent &)> change,
                 std::function<Domain::Events(const Domain::Agent &, const Domain::Agent &)> events);

    IClock &m_clock;
    IAgentRepository &m_repository;
    IUnitOfWork &m_unitOfWork;
    Domain::AgentRegistry m_registry;
    mutable QHash<QUuid, QDateTime> m_lastContact;
};

} // namespace Orc::Application
