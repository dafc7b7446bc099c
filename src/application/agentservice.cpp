#include "application/agentservice.h"

#include <algorithm>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QStandardPaths>

#include "application/secrets.h"
#include "domain/agentjson.h"
#include "domain/enumnames.h"
#include "domain/identifiers.h"

using namespace Qt::StringLiterals;
using namespace Orc::Domain;

namespace Orc::Domain {
template<>
struct EnumNames<Application::HeartbeatStatus>
{
    static constexpr std::array names{"healthy", "degraded", "busy", "offline"};
};
} // namespace Orc::Domain

namespace Orc::Application {

QString heartbeatStatusName(HeartbeatStatus status)
{
    return enumName(status);
}

std::optional<HeartbeatStatus> heartbeatStatusFromName(QStringView name)
{
    return enumFromName<HeartbeatStatus>(name);
}

QList<FieldError> validate(const AgentRegistration &r)
{
    QList<FieldError> errors = validateAgentName(r.name);
    errors.append(validateMaxConcurrentTasks(r.maxConcurrentTasks));
    if (r.version.size() > 50)
        errors.append({u"version"_s, u"must be at most 50 characters"_s});
    if (r.kind == AgentKind::External) {
        const QString scheme = r.endpointUrl.scheme();
        if (!r.endpointUrl.isValid() || r.endpointUrl.host().isEmpty() || (scheme != u"http"_s && scheme != u"https"_s))
            errors.append({u"endpoint_url"_s, u"must be an http:// or https:// URL"_s});
    }
    for (const QString &feature : r.features) {
        if (feature != u"pause"_s)
            errors.append({u"features"_s, u"unknown feature '%1' (known: pause)"_s.arg(feature)});
    }
    if (r.kind == AgentKind::Process)
        errors.append(validateProcessConfig(r.config));
    if (r.kind == AgentKind::Opencode)
        errors.append(validateOpenCodeConfig(r.config));
    return errors;
}

QString findExecutable(const QString &program, const QString &workingDirectory)
{
    if (program.contains(u'/')) {
        const QFileInfo info(QDir(workingDirectory).absoluteFilePath(program));
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(program);
}

static bool isStringMap(const QJsonValue &value)
{
    if (!value.isObject())
        return false;
    const QJsonObject vars = value.toObject();
    for (auto it = vars.begin(); it != vars.end(); ++it) {
        if (!it.value().isString() || it.key().isEmpty() || it.key().contains(u'='))
            return false;
    }
    return true;
}

QList<FieldError> validateProcessConfig(const QJsonObject &config)
{
    QList<FieldError> errors;
    const QJsonValue command = config.value(u"command"_s);
    bool commandOk = command.isArray() && !command.toArray().isEmpty();
    for (const QJsonValue &v : command.toArray())
        commandOk = commandOk && v.isString() && !v.toString().isEmpty();
    if (!commandOk)
        errors.append({u"config.command"_s, u"required: the command line as a non-empty array of strings"_s});
    const QJsonValue directory = config.value(u"working_directory"_s);
    if (!directory.isUndefined() && !directory.isNull()) {
        if (!directory.isString() || !QFileInfo(directory.toString()).isDir())
            errors.append({u"config.working_directory"_s, u"must name an existing directory"_s});
    }
    const QJsonValue mode = config.value(u"prompt_mode"_s);
    if (!mode.isUndefined() && mode.toString() != u"stdin" && mode.toString() != u"argument")
        errors.append({u"config.prompt_mode"_s, u"must be stdin or argument"_s});
    const QJsonValue env = config.value(u"env"_s);
    if (!env.isUndefined() && !isStringMap(env))
        errors.append({u"config.env"_s, u"must be an object of string values"_s});
    if (commandOk && errors.isEmpty()) {
        const QString cwd = directory.isString() ? directory.toString() : QDir::currentPath();
        if (findExecutable(config.value(u"command"_s).toArray().first().toString(), cwd).isEmpty())
            errors.append({u"config.command"_s, u"%1 is not an executable program"_s.arg(
                                                    config.value(u"command"_s).toArray().first().toString())});
    }
    return errors;
}

QList<FieldError> validateOpenCodeConfig(const QJsonObject &config)
{
    QList<FieldError> errors;
    const QJsonValue url = config.value(u"url"_s);
    const QJsonValue binary = config.value(u"binary"_s);
    if (url.isUndefined() && binary.isUndefined())
        errors.append({u"config.url"_s, u"required unless config.binary names an opencode program to start"_s});
    if (!url.isUndefined()) {
        const QUrl parsed(url.toString());
        if (!url.isString() || !parsed.isValid() || parsed.host().isEmpty()
            || (parsed.scheme() != u"http"_s && parsed.scheme() != u"https"_s))
            errors.append({u"config.url"_s, u"must be the OpenCode server's http:// or https:// URL"_s});
    }
    if (!binary.isUndefined()) {
        if (!binary.isString() || binary.toString().isEmpty())
            errors.append({u"config.binary"_s, u"must name the opencode program"_s});
        else if (findExecutable(binary.toString(), QDir::currentPath()).isEmpty())
            errors.append({u"config.binary"_s, u"%1 is not an executable program"_s.arg(binary.toString())});
    }
    for (const char *key : {"provider_id", "model_id"}) {
        const QJsonValue v = config.value(QLatin1String(key));
        if (!v.isString() || v.toString().trimmed().isEmpty())
            errors.append({u"config."_s + QLatin1String(key), u"required: a non-empty string"_s});
    }
    const QJsonValue directory = config.value(u"directory"_s);
    if (!directory.isString() || !QFileInfo(directory.toString()).isAbsolute()
        || !QFileInfo(directory.toString()).isDir())
        errors.append({u"config.directory"_s, u"required: the absolute path of an existing directory"_s});
    for (const char *key : {"password", "agent"}) {
        const QJsonValue v = config.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString())
            errors.append({u"config."_s + QLatin1String(key), u"must be a string"_s});
    }
    const QJsonValue env = config.value(u"env"_s);
    if (!env.isUndefined() && !isStringMap(env))
        errors.append({u"config.env"_s, u"must be an object of string values"_s});
    const QJsonValue permission = config.value(u"permission"_s);
    if (!permission.isUndefined() && permission.toString() != u"allow" && permission.toString() != u"ask"
        && permission.toString() != u"deny")
        errors.append({u"config.permission"_s, u"must be allow, ask or deny"_s});
    const QJsonValue retries = config.value(u"max_provider_retries"_s);
    if (!retries.isUndefined() && !retries.isNull()
        && (!retries.isDouble() || retries.toDouble() != double(retries.toInt()) || retries.toInt() < 0
            || retries.toInt() > 100))
        errors.append({u"config.max_provider_retries"_s, u"must be a whole number from 0 to 100"_s});
    return errors;
}

AgentService::AgentService(IClock &clock, IAgentRepository &repository, IUnitOfWork &unitOfWork)
    : m_clock(clock), m_repository(repository), m_unitOfWork(unitOfWork)
{}

QCoro::Task<Status> AgentService::load()
{
    auto agents = co_await m_repository.agents();
    if (!agents)
        co_return std::move(agents).error();
    for (const Agent &agent : agents.value())
        m_registry.upsert(agent);
    co_return Status();
}

std::optional<Agent> AgentService::agent(const QUuid &id) const
{
    const Agent *agent = m_registry.find(id);
    return agent ? std::optional<Agent>(*agent) : std::nullopt;
}

bool AgentService::anyAvailable() const
{
    const auto agents = m_registry.agents();
    return std::any_of(agents.begin(), agents.end(), [](const Agent *agent) { return agent->isAvailable(); });
}

Result<Agent> AgentService::find(const QUuid &id) const
{
    const Agent *agent = m_registry.find(id);
    if (!agent)
        return Error::notFound(u"agent"_s, idString(id));
    return *agent;
}

QList<Agent> AgentService::list(const AgentFilter &filter) const
{
    QList<Agent> result;
    for (const Agent *agent : m_registry.agents()) {
        if (filter.type && agent->agentType != *filter.type)
            continue;
        if (filter.capability && !agent->capabilities.contains(*filter.capability))
            continue;
        if (filter.tier && agent->tier() != *filter.tier)
            continue;
        if (filter.status && agent->status != *filter.status)
            continue;
        if (filter.availableOnly && !agent->isAvailable())
            continue;
        result.append(*agent);
    }
    return result;
}

AgentStats AgentService::stats() const
{
    AgentStats stats;
    for (const Agent *agent : m_registry.agents()) {
        ++stats.total;
        stats.available += agent->isAvailable() ? 1 : 0;
        stats.currentTasks += agent->currentTasks;
        stats.capacity += agent->maxConcurrentTasks;
        ++stats.byStatus[agent->status];
        ++stats.byTier[agent->tier()];
        ++stats.byType[agent->agentType];
    }
    return stats;
}

Event AgentService::loadEvent(const Agent &agent) const
{
    return makeEvent(EventType::AgentLoadChanged,
                     QJsonObject{{u"agent_id"_s, idString(agent.id)},
                                 {u"current_tasks"_s, agent.currentTasks},
                                 {u"max_concurrent_tasks"_s, agent.maxConcurrentTasks},
                                 {u"load_level"_s, loadLevelName(agent.loadLevel())}},
                     m_clock.now());
}

QCoro::Task<Result<Agent>> AgentService::insert(Agent agent)
{
    if (m_registry.findByName(agent.name))
        co_return Error::conflict(ErrorCode::Conflict, u"an agent named '%1' already exists"_s.arg(agent.name));
    // Reserve the name now: two registrations of one name cannot both pass the check.
    m_registry.upsert(agent);
    WriteBatch batch;
    batch.onRollback([this, id = agent.id] { m_registry.remove(id); });
    batch.changes.agents.append(agent);
    batch.changes.events.append(makeEvent(EventType::AgentRegistered,
                                          QJsonObject{{u"agent_id"_s, idString(agent.id)}, {u"agent"_s, toJson(agent)}},
                                          agent.registeredAt));
    auto committed = co_await commit(m_unitOfWork, batch);
    if (!committed)
        co_return std::move(committed).error();
    co_return agent;
}

static Agent agentFrom(const AgentRegistration &r, const QDateTime &now)
{
    Agent agent;
    agent.id = newId();
    agent.name = r.name;
    agent.kind = r.kind;
    agent.agentType = r.agentType;
    agent.capabilities = r.capabilities;
    agent.version = r.version;
    agent.endpointUrl = r.endpointUrl;
    agent.maxConcurrentTasks = r.maxConcurrentTasks;
    agent.features = r.features;
    agent.preferredTechnologies = r.preferredTechnologies;
    agent.metadata = r.metadata;
    agent.config = r.config;
    agent.status = AgentStatus::Online;
    agent.registeredAt = now;
    agent.updatedAt = now;
    return agent;
}

QCoro::Task<Result<Agent>> AgentService::registerInternal(AgentRegistration registration)
{
    QList<FieldError> errors = validate(registration);
    if (registration.kind == AgentKind::External)
        errors.append({u"kind"_s, u"must be process or opencode (external agents register over EAP)"_s});
    if (!errors.isEmpty())
        co_return Error::validation(std::move(errors));
    if (registration.kind == AgentKind::Process && !registration.features.contains(u"pause"_s))
        registration.features.append(u"pause"_s); // the process runner pauses a run's process group
    co_return co_await insert(agentFrom(registration, m_clock.now()));
}

QCoro::Task<Result<ExternalRegistration>> AgentService::registerExternal(AgentRegistration registration)
{
    registration.kind = AgentKind::External;
    if (auto errors = validate(registration); !errors.isEmpty())
        co_return Error::validation(std::move(errors));
    Agent agent = agentFrom(registration, m_clock.now());
    ExternalRegistration result;
    result.authToken = Secrets::generateToken(u"orc_agent_");
    result.dispatchSecret = Secrets::generateToken(u"orc_sign_");
    agent.authTokenHash = Secrets::hashToken(result.authToken);
    agent.dispatchSecret = result.dispatchSecret.toUtf8();
    agent.lastHeartbeatAt = agent.registeredAt; // registering counts as the first sign of life
    auto inserted = co_await insert(agent);
    if (!inserted)
        co_return std::move(inserted).error();
    result.agent = inserted.value();
    co_return result;
}

QCoro::Task<Result<Agent>> AgentService::commitChange(QUuid id, Agent before, std::function<Status(Agent &)> change,
                                                      std::function<Events(const Agent &, const Agent &)> events)
{
    Agent after = before;
    if (Status status = change(after); !status)
        co_return std::move(status).error();
    after.id = id;
    after.updatedAt = m_clock.now();
    if (const Agent *named = m_registry.findByName(after.name); named && named->id != id)
        co_return Error::conflict(ErrorCode::Conflict, u"an agent named '%1' already exists"_s.arg(after.name));
    WriteBatch batch;
    batch.changes.agents.append(after);
    batch.changes.events = events(before, after);
    auto committed = co_await commit(m_unitOfWork, batch);
    if (!committed)
        co_return std::move(committed).error();
    // Reservations may have moved while the write was in flight: keep the registry's count.
    m_registry.update(id, [&after](Agent &agent) {
        const int current = agent.currentTasks;
        agent = after;
        agent.currentTasks = current;
    });
    co_return *m_registry.find(id);
}

QCoro::Task<Result<Agent>> AgentService::update(QUuid id, std::function<Status(Agent &)> change)
{
    const Agent *current = m_registry.find(id);
    if (!current)
        co_return Error::notFound(u"agent"_s, idString(id));
    // Named std::function locals, never lambdas converted inside the co_await below: GCC 12 destroys
    // such temporaries twice (a lambda holding a QJsonObject or a std::function corrupts the heap).
    const std::function<Status(Agent &)> checked = [change = std::move(change)](Agent &agent) -> Status {
        if (Status status = change(agent); !status)
            return status;
        QList<FieldError> errors = validateAgentName(agent.name);
        errors.append(validateMaxConcurrentTasks(agent.maxConcurrentTasks));
        if (!errors.isEmpty())
            return Error::validation(std::move(errors));
        return {};
    };
    const std::function<Events(const Agent &, const Agent &)> describe
        = [this](const Agent &before, const Agent &after) {
              Events events{makeEvent(EventType::AgentUpdated,
                                      QJsonObject{{u"agent_id"_s, idString(after.id)}, {u"agent"_s, toJson(after)}},
                                      m_clock.now())};
              if (before.maxConcurrentTasks != after.maxConcurrentTasks)
                  events.append(loadEvent(after));
              return events;
          };
    co_return co_await commitChange(id, *current, checked, describe);
}

QCoro::Task<Status> AgentService::deregister(QUuid id)
{
    const Agent *current = m_registry.find(id);
    if (!current)
        co_return Error::notFound(u"agent"_s, idString(id));
    const Agent before = *current;
    m_registry.remove(id); // no new work from now on
    WriteBatch batch;
    batch.onRollback([this, before] { m_registry.upsert(before); });
    batch.changes.removedAgents.append(id);
    batch.changes.events.append(makeEvent(EventType::AgentDeregistered,
                                          QJsonObject{{u"agent_id"_s, idString(id)}, {u"name"_s, before.name}},
                                          m_clock.now()));
    auto committed = co_await commit(m_unitOfWork, batch);
    if (!committed)
        co_return std::move(committed).error();
    co_return Status();
}

QCoro::Task<Result<QString>> AgentService::rotateToken(QUuid id)
{
    const Agent *current = m_registry.find(id);
    if (!current)
        co_return Error::notFound(u"agent"_s, idString(id));
    if (current->kind != AgentKind::External)
        co_return Error::conflict(ErrorCode::NotSupported, u"only external agents have a token"_s);
    const QString token = Secrets::generateToken(u"orc_agent_");
    auto changed = co_await commitChange(
        id, *current,
        [&token](Agent &agent) -> Status {
            agent.authTokenHash = Secrets::hashToken(token);
            return {};
        },
        [this](const Agent &, const Agent &after) {
            return Events{makeEvent(EventType::AgentUpdated,
                                    QJsonObject{{u"agent_id"_s, idString(after.id)}, {u"token_rotated"_s, true}},
                                    m_clock.now())};
        });
    if (!changed)
        co_return std::move(changed).error();
    co_return token;
}

Result<Agent> AgentService::authenticate(const QUuid &id, QStringView token) const
{
    const Agent *agent = m_registry.find(id);
    if (!agent)
        return Error::notFound(u"agent"_s, idString(id));
    if (!Secrets::verifyToken(token, agent->authTokenHash))
        return Error{ErrorCode::Unauthorized, u"invalid agent token"_s, {}, {}};
    m_lastContact.insert(id, m_clock.now()); // alive now, whether or not its report is stored yet
    return *agent;
}

QDateTime AgentService::lastContact(const QUuid &id) const
{
    return m_lastContact.value(id);
}

QCoro::Task<Result<Agent>> AgentService::heartbeat(QUuid id, Heartbeat heartbeat)
{
    const Agent *current = m_registry.find(id);
    if (!current)
        co_return Error::notFound(u"agent"_s, idString(id));
    if (!(heartbeat.currentLoad >= 0.0 && heartbeat.currentLoad <= 1.0))
        co_return Error::validation({{u"current_load"_s, u"must be between 0 and 1"_s}});
    if (heartbeat.tasksInProgress < 0)
        co_return Error::validation({{u"tasks_in_progress"_s, u"must not be negative"_s}});
    const QDateTime now = m_clock.now();
    // Named locals, not lambdas converted inside co_await (see update()): this one holds a QJsonObject.
    const std::function<Status(Agent &)> change = [&heartbeat, now](Agent &agent) -> Status {
        if (agent.status != AgentStatus::Maintenance) { // the operator's choice wins
            switch (heartbeat.status) {
            case HeartbeatStatus::Healthy: agent.status = AgentStatus::Online; break;
            case HeartbeatStatus::Busy: agent.status = AgentStatus::Busy; break;
            case HeartbeatStatus::Degraded: agent.status = AgentStatus::Degraded; break;
            case HeartbeatStatus::Offline: agent.status = AgentStatus::Offline; break;
            }
        }
        agent.reportedLoad = heartbeat.currentLoad;
        agent.reportedTasksInProgress = heartbeat.tasksInProgress;
        agent.lastHeartbeatAt = now;
        return {};
    };
    const std::function<Events(const Agent &, const Agent &)> describe
        = [now, heartbeat](const Agent &, const Agent &after) {
              return Events{makeEvent(EventType::AgentHeartbeat,
                                      QJsonObject{{u"agent_id"_s, idString(after.id)},
                                                  {u"status"_s, agentStatusName(after.status)},
                                                  {u"reported_status"_s, heartbeatStatusName(heartbeat.status)},
                                                  {u"current_load"_s, heartbeat.currentLoad},
                                                  {u"tasks_in_progress"_s, heartbeat.tasksInProgress},
                                                  {u"metrics"_s, heartbeat.metrics}},
                                      now)};
          };
    co_return co_await commitChange(id, *current, change, describe);
}

Result<RoutingDecision> AgentService::route(const RoutingRequest &request) const
{
    auto decision = m_registry.route(request);
    if (!decision) {
        return Error::conflict(ErrorCode::NoCapableAgent,
                               request.required.isEmpty()
                                   ? u"no agent can take this task"_s
                                   : u"no agent qualifies for: %1"_s.arg(request.required.names().join(u", "_s)));
    }
    return *decision;
}

void AgentService::stage(const QUuid &id, WriteBatch &batch, Events events)
{
    const Agent *agent = m_registry.find(id);
    if (!agent)
        return;
    Agent copy = *agent;
    copy.updatedAt = m_clock.now();
    // One row per agent and batch: a later stage of the same agent carries every earlier change.
    const auto staged = std::find_if(batch.changes.agents.begin(), batch.changes.agents.end(),
                                     [&id](const Agent &a) { return a.id == id; });
    if (staged != batch.changes.agents.end())
        *staged = copy;
    else
        batch.changes.agents.append(copy);
    batch.changes.events.append(std::move(events));
}

bool AgentService::recordOutcome(const QUuid &id, const TaskOutcome &outcome, WriteBatch &batch)
{
    const Agent *agent = m_registry.find(id);
    if (!agent)
        return false;
    const PerformanceTier tierBefore = agent->tier();
    // Undone with the batch: the performance as it was (an outcome recorded by another write
    // while this one was in flight would go with it; both then fail or both land in practice, as
    // a failing store fails every write).
    batch.onRollback([this, id, performance = agent->performance] {
        m_registry.update(id, [&performance](Agent &a) { a.performance = performance; });
    });
    m_registry.update(id, [&outcome](Agent &a) { a.performance.record(outcome); });
    const Agent &after = *m_registry.find(id);
    QJsonObject payload{{u"agent_id"_s, idString(after.id)},
                        {u"performance"_s, toJson(after.performance)},
                        {u"performance_tier"_s, tierName(after.tier())}};
    if (tierBefore != after.tier())
        payload.insert(u"previous_tier"_s, tierName(tierBefore));
    stage(id, batch, {makeEvent(EventType::AgentPerformanceUpdated, payload, m_clock.now())});
    return true;
}

Result<RoutingDecision> AgentService::reserve(RoutingRequest request, WriteBatch &batch)
{
    request.forDispatch = true;
    auto decision = m_registry.routeAndReserve(request);
    if (!decision) {
        return Error::conflict(ErrorCode::NoCapableAgent, request.required.isEmpty()
                                                              ? u"no agent has free capacity"_s
                                                              : u"no agent with free capacity holds: %1"_s.arg(
                                                                  request.required.names().join(u", "_s)));
    }
    const QUuid id = decision->selected.agentId;
    batch.onRollback([this, id] { m_registry.release(id); });
    stage(id, batch, {loadEvent(*m_registry.find(id))});
    return *decision;
}

Status AgentService::reserveAgent(const QUuid &id, WriteBatch &batch)
{
    const Agent *agent = m_registry.find(id);
    if (!agent)
        return Error::notFound(u"agent"_s, idString(id));
    if (!m_registry.reserve(id)) {
        return Error::conflict(ErrorCode::NoCapableAgent, u"agent %1 takes no new work now (%2, %3/%4 tasks)"_s
                                                              .arg(agent->name, agentStatusName(agent->status))
                                                              .arg(agent->currentTasks)
                                                              .arg(agent->maxConcurrentTasks));
    }
    batch.onRollback([this, id] { m_registry.release(id); });
    stage(id, batch, {loadEvent(*m_registry.find(id))});
    return {};
}

bool AgentService::release(const QUuid &id, WriteBatch &batch)
{
    if (!m_registry.release(id))
        return false;
    batch.onRollback([this, id] { m_registry.update(id, [](Agent &agent) { ++agent.currentTasks; }); });
    stage(id, batch, {loadEvent(*m_registry.find(id))});
    return true;
}

int AgentService::releaseAll(WriteBatch &batch)
{
    int released = 0;
    for (const Agent *agent : m_registry.agents()) {
        const int extra = agent->currentTasks;
        if (extra <= 0)
            continue;
        const QUuid id = agent->id;
        m_registry.update(id, [](Agent &a) { a.currentTasks = 0; });
        batch.onRollback([this, id, extra] { m_registry.update(id, [extra](Agent &a) { a.currentTasks += extra; }); });
        stage(id, batch, {loadEvent(*m_registry.find(id))});
        released += extra;
    }
    return released;
}

QCoro::Task<Result<Agent>> AgentService::recordOutcome(QUuid id, TaskOutcome outcome)
{
    const Agent *current = m_registry.find(id);
    if (!current)
        co_return Error::notFound(u"agent"_s, idString(id));
    co_return co_await commitChange(
        id, *current,
        [&outcome](Agent &agent) -> Status {
            agent.performance.record(outcome);
            return {};
        },
        [this](const Agent &before, const Agent &after) {
            QJsonObject payload{{u"agent_id"_s, idString(after.id)},
                                {u"performance"_s, toJson(after.performance)},
                                {u"performance_tier"_s, tierName(after.tier())}};
            if (before.tier() != after.tier())
                payload.insert(u"previous_tier"_s, tierName(before.tier()));
            return Events{makeEvent(EventType::AgentPerformanceUpdated, payload, m_clock.now())};
        });
}

QCoro::Task<Result<Agent>> AgentService::resetMetrics(QUuid id)
{
    const Agent *current = m_registry.find(id);
    if (!current)
        co_return Error::notFound(u"agent"_s, idString(id));
    co_return co_await commitChange(
        id, *current,
        [](Agent &agent) -> Status {
            agent.performance = {};
            return {};
        },
        [this](const Agent &, const Agent &after) {
            return Events{makeEvent(EventType::AgentPerformanceUpdated,
                                    QJsonObject{{u"agent_id"_s, idString(after.id)},
                                                {u"performance"_s, toJson(after.performance)},
                                                {u"performance_tier"_s, tierName(after.tier())},
                                                {u"reset"_s, true}},
                                    m_clock.now())};
        });
}

} // namespace Orc::Application
