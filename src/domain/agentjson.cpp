#include "domain/agentjson.h"

#include "domain/jsonutil.h"

using namespace Qt::StringLiterals;

namespace Orc::Domain {

namespace {

// Runner settings that are secrets and never leave the orchestrator.
const QStringList &secretConfigKeys()
{
    static const QStringList keys{u"password"_s, u"token"_s, u"api_key"_s, u"secret"_s};
    return keys;
}

} // namespace

QJsonObject unmaskConfig(const QJsonObject &incoming, const QJsonObject &current)
{
    QJsonObject config = incoming;
    for (const QString &key : secretConfigKeys()) {
        if (config.value(key).toString() == MaskedSecret && current.contains(key))
            config.insert(key, current.value(key));
    }
    if (config.value(u"env"_s).isObject()) {
        QJsonObject env = config.value(u"env"_s).toObject();
        const QJsonObject currentEnv = current.value(u"env"_s).toObject();
        for (auto it = env.begin(); it != env.end(); ++it) {
            if (it.value().toString() == MaskedSecret && currentEnv.contains(it.key()))
                it.value() = currentEnv.value(it.key());
        }
        config.insert(u"env"_s, env);
    }
    return config;
}

QJsonObject toJson(const AgentPerformance &p)
{
    return QJsonObject{{u"tasks_total"_s, p.tasksTotal},
                       {u"tasks_succeeded"_s, p.tasksSucceeded},
                       {u"tasks_partial"_s, p.tasksPartial},
                       {u"tasks_failed"_s, p.tasksFailed},
                       {u"success_rate"_s, p.successRate()},
                       {u"avg_quality_score"_s, Json::optional(p.avgQualityScore)},
                       {u"avg_execution_seconds"_s, Json::optional(p.avgExecutionSeconds)},
                       {u"total_tokens"_s, double(p.totalTokens)},
                       {u"total_cost_usd"_s, p.totalCostUsd}};
}

QJsonObject toJson(const Agent &agent)
{
    QJsonObject config = agent.config;
    for (const QString &key : secretConfigKeys()) {
        if (config.contains(key))
            config.insert(key, MaskedSecret);
    }
    // Environment variables often carry provider keys: only their names are shown.
    if (config.value(u"env"_s).isObject()) {
        QJsonObject env = config.value(u"env"_s).toObject();
        for (auto it = env.begin(); it != env.end(); ++it)
            it.value() = MaskedSecret;
        config.insert(u"env"_s, env);
    }
    return QJsonObject{
        {u"id"_s, Json::id(agent.id)},
        {u"name"_s, agent.name},
        {u"kind"_s, agentKindName(agent.kind)},
        {u"agent_type"_s, agentTypeName(agent.agentType)},
        {u"capabilities"_s, Json::strings(agent.capabilities.names())},
        {u"version"_s, agent.version},
        {u"endpoint_url"_s,
         agent.endpointUrl.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(agent.endpointUrl.toString())},
        {u"features"_s, Json::strings(agent.features)},
        {u"status"_s, agentStatusName(agent.status)},
        {u"performance_tier"_s, tierName(agent.tier())},
        {u"load_level"_s, loadLevelName(agent.loadLevel())},
        {u"current_tasks"_s, agent.currentTasks},
        {u"max_concurrent_tasks"_s, agent.maxConcurrentTasks},
        {u"reported_load"_s, agent.reportedLoad},
        {u"is_available"_s, agent.isAvailable()},
        {u"last_heartbeat_at"_s, Json::time(agent.lastHeartbeatAt)},
        {u"registered_at"_s, Json::time(agent.registeredAt)},
        {u"updated_at"_s, Json::time(agent.updatedAt)},
        {u"preferred_technologies"_s, Json::strings(agent.preferredTechnologies)},
        {u"metadata"_s, agent.metadata},
        {u"config"_s, config},
        {u"performance"_s, toJson(agent.performance)},
    };
}

Result<Agent> agentFromJson(const QJsonObject &o)
{
    QList<FieldError> errors;
    Agent agent;
    agent.id = Json::toId(o.value(u"id"_s));
    if (agent.id.isNull())
        errors.append({u"id"_s, u"missing or not a UUID"_s});
    agent.name = o.value(u"name"_s).toString();
    if (agent.name.isEmpty())
        errors.append({u"name"_s, u"missing"_s});
    const auto kind = agentKindFromName(o.value(u"kind"_s).toString());
    const auto type = agentTypeFromName(o.value(u"agent_type"_s).toString());
    const auto status = agentStatusFromName(o.value(u"status"_s).toString());
    if (!kind)
        errors.append({u"kind"_s, u"unknown kind"_s});
    if (!type)
        errors.append({u"agent_type"_s, u"unknown agent type"_s});
    if (!status)
        errors.append({u"status"_s, u"unknown status"_s});
    if (!errors.isEmpty())
        return Error::validation(std::move(errors));
    agent.kind = *kind;
    agent.agentType = *type;
    agent.status = *status;
    agent.capabilities = CapabilitySet::fromNames(Json::toStrings(o.value(u"capabilities"_s)));
    agent.version = o.value(u"version"_s).toString();
    agent.endpointUrl = QUrl(o.value(u"endpoint_url"_s).toString());
    agent.features = Json::toStrings(o.value(u"features"_s));
    agent.currentTasks = o.value(u"current_tasks"_s).toInt();
    agent.maxConcurrentTasks = o.value(u"max_concurrent_tasks"_s).toInt(Agent::DefaultMaxConcurrentTasks);
    agent.reportedLoad = o.value(u"reported_load"_s).toDouble();
    agent.lastHeartbeatAt = Json::toTime(o.value(u"last_heartbeat_at"_s));
    agent.registeredAt = Json::toTime(o.value(u"registered_at"_s));
    agent.updatedAt = Json::toTime(o.value(u"updated_at"_s));
    agent.preferredTechnologies = Json::toStrings(o.value(u"preferred_technologies"_s));
    agent.metadata = o.value(u"metadata"_s).toObject();
    agent.config = o.value(u"config"_s).toObject();
    const QJsonObject p = o.value(u"performance"_s).toObject();
    agent.performance.tasksTotal = p.value(u"tasks_total"_s).toInt();
    agent.performance.tasksSucceeded = p.value(u"tasks_succeeded"_s).toInt();
    agent.performance.tasksPartial = p.value(u"tasks_partial"_s).toInt();
    agent.performance.tasksFailed = p.value(u"tasks_failed"_s).toInt();
    agent.performance.avgQualityScore = Json::toOptionalDouble(p.value(u"avg_quality_score"_s));
    agent.performance.avgExecutionSeconds = Json::toOptionalDouble(p.value(u"avg_execution_seconds"_s));
    agent.performance.totalTokens = qint64(p.value(u"total_tokens"_s).toDouble());
    agent.performance.totalCostUsd = p.value(u"total_cost_usd"_s).toDouble();
    return agent;
}

} // namespace Orc::Domain
