#include "gui/demo.h"

#include "gui/client/controlclient.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QPointer>
#include <QStandardPaths>

namespace Orc::Gui {

namespace {

constexpr int StreamMs = 1500;
constexpr int MaxActive = 14;

struct DemoAgent
{
    const char *name;
    const char *mode;
    const char *capabilities;
    const char *workSeconds;
    const char *maxTasks;
};

const DemoAgent Agents[] = {
    {"demo-builder", "async", "code_generation,testing,refactoring", "5", "4"},
    {"demo-reviewer", "sync", "code_review,testing,security_audit", "2", "3"},
    {"demo-writer", "async", "documentation,code_generation", "7", "2"},
};

const char *const Titles[] = {"Parse the config file",  "Add retry to the HTTP client",  "Write the user guide",
                              "Refactor the scheduler", "Review the storage layer",      "Fix the flaky test",
                              "Document the REST API",  "Speed up the queue drain",      "Audit the token handling",
                              "Add a health endpoint",  "Split the 900-line controller", "Port the CLI to Qt"};

QString python()
{
    if (QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
        return QStringLiteral("/usr/bin/python3");
    return QStandardPaths::findExecutable(QStringLiteral("python3"));
}

} // namespace

Demo::Demo(ControlClient &client, QUrl apiUrl, QString apiToken, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_apiUrl(std::move(apiUrl))
    , m_apiToken(std::move(apiToken))
    , m_random(QRandomGenerator::securelySeeded())
{
    m_stream.setInterval(StreamMs);
    connect(&m_stream, &QTimer::timeout, this, [this] {
        createSession();
        tidy();
    });
}

Demo::~Demo()
{
    stop();
}

QString Demo::exampleAgentPath()
{
    const QString configured = qEnvironmentVariable("ORC_EXAMPLE_AGENT");
    const QString beside = QDir(QCoreApplication::applicationDirPath())
                               .filePath(QStringLiteral("../share/industrial-orchestrator/eap_agent.py"));
    for (const QString &candidate : {configured, beside, QStringLiteral(ORC_SOURCE_EXAMPLE_AGENT)}) {
        if (!candidate.isEmpty() && QFileInfo::exists(candidate))
            return QFileInfo(candidate).canonicalFilePath();
    }
    return {};
}

QCoro::Task<QString> Demo::start()
{
    if (m_running)
        co_return QString();
    const QPointer<Demo> self(this);
    const QString interpreter = python();
    const QString script = exampleAgentPath();
    if (interpreter.isEmpty() || script.isEmpty())
        co_return tr("The demo needs python3 and examples/eap-agent/eap_agent.py (or ORC_EXAMPLE_AGENT).");
    m_running = true;
    for (const DemoAgent &agent : Agents) {
        auto process = std::make_unique<QProcess>();
        process->setProgram(interpreter);
        process->setArguments(
            {script, QStringLiteral("--orchestrator"), m_apiUrl.toString(), QStringLiteral("--token"), m_apiToken,
             QStringLiteral("--name"), QLatin1String(agent.name), QStringLiteral("--mode"), QLatin1String(agent.mode),
             QStringLiteral("--capabilities"), QLatin1String(agent.capabilities), QStringLiteral("--work-seconds"),
             QLatin1String(agent.workSeconds), QStringLiteral("--max-tasks"), QLatin1String(agent.maxTasks)});
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start();
        m_agents.push_back(std::move(process));
    }
    // A local command-line agent as well (ignored if one of that name exists from an earlier demo).
    const QJsonObject shell{
        {QStringLiteral("name"), QStringLiteral("demo-shell")},
        {QStringLiteral("kind"), QStringLiteral("process")},
        {QStringLiteral("capabilities"), QJsonArray{QStringLiteral("testing"), QStringLiteral("debugging")}},
        {QStringLiteral("max_concurrent_tasks"), 2},
        {QStringLiteral("config"),
         QJsonObject{
             {QStringLiteral("command"),
              QJsonArray{QStringLiteral("sh"), QStringLiteral("-c"),
                         QStringLiteral("read p; for i in 1 2 3 4; do echo \"step $i: $p\"; sleep 1; done")}}}}};
    const QString agents = QStringLiteral("/api/v1/agents");
    co_await m_client.post(agents, shell);
    if (!self)
        co_return QString();
    co_await plan();
    if (!self)
        co_return QString();
    m_stream.start();
    emit message(tr("Demo running: 4 agents, a new session every %1 s").arg(StreamMs / 1000.0));
    co_return QString();
}

// A small plan (tasks with dependencies, one of them large enough to decompose) and two shared
// contexts, so the Tasks and Contexts panels have something to show.
QCoro::Task<> Demo::plan()
{
    const QPointer<Demo> self(this);
    const QString tasks = QStringLiteral("/api/v1/tasks");
    QStringList ids;
    const QList<std::pair<QString, double>> steps{{tr("Design the plugin API"), 6},
                                                  {tr("Port the storage layer"), 30},
                                                  {tr("Write the migration guide"), 4},
                                                  {tr("Release 2.0"), 2}};
    for (const auto &[title, hours] : steps) {
        const QJsonObject body{{QStringLiteral("title"), title}, {QStringLiteral("estimated_hours"), hours}};
        const ApiReply created = co_await m_client.post(tasks, body);
        if (!self || !created.ok())
            co_return;
        ids.append(created.object.value(QStringLiteral("id")).toString());
    }
    // design -> port -> release, design -> guide -> release
    const QList<std::pair<int, int>> edges{{1, 0}, {2, 0}, {3, 1}, {3, 2}};
    for (const auto &[dependent, dependency] : edges) {
        const QString target = QStringLiteral("/api/v1/tasks/%1/dependencies").arg(ids.at(dependent));
        const QJsonObject body{{QStringLiteral("depends_on_task_id"), ids.at(dependency)}};
        co_await m_client.post(target, body);
        if (!self)
            co_return;
    }
    const QString decompose = QStringLiteral("/api/v1/tasks/%1/decompose").arg(ids.at(1));
    co_await m_client.post(decompose);
    if (!self)
        co_return;
    const QString contexts = QStringLiteral("/api/v1/contexts");
    for (const auto &[name, target] : {std::pair{QStringLiteral("build"), QStringLiteral("x86_64")},
                                       std::pair{QStringLiteral("build-arm"), QStringLiteral("aarch64")}}) {
        const QJsonObject body{
            {QStringLiteral("scope"), QStringLiteral("global")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
            {QStringLiteral("data"),
             QJsonObject{{QStringLiteral("build"),
                          QJsonObject{{QStringLiteral("target"), target}, {QStringLiteral("jobs"), 8}}},
                         {QStringLiteral("style"), QJsonObject{{QStringLiteral("line_length"), 120}}}}}};
        co_await m_client.post(contexts, body);
        if (!self)
            co_return;
    }
}

void Demo::stop()
{
    m_stream.stop();
    for (auto &process : m_agents) {
        process->terminate();
        if (!process->waitForFinished(2000))
            process->kill();
    }
    m_agents.clear();
    m_running = false;
}

QCoro::Task<> Demo::createSession()
{
    const QPointer<Demo> self(this);
    const QString statsTarget = QStringLiteral("/api/v1/sessions/stats");
    const ApiReply stats = co_await m_client.get(statsTarget);
    if (!self || !m_running)
        co_return;
    const QJsonObject by = stats.object.value(QStringLiteral("by_status")).toObject();
    int active = 0;
    for (const char *status : {"pending", "queued", "running", "paused", "degraded"})
        active += by.value(QLatin1String(status)).toInt();
    if (active >= MaxActive)
        co_return;

    const int kind = int(m_random.bounded(20));
    QString prompt = QStringLiteral("STEPS %1").arg(2 + m_random.bounded(4));
    if (kind == 0)
        prompt += QStringLiteral(" FAIL");
    else if (kind == 1)
        prompt = QStringLiteral("HANG");
    static const QStringList needs[] = {{QStringLiteral("code_generation")},
                                        {QStringLiteral("testing")},
                                        {QStringLiteral("documentation")},
                                        {QStringLiteral("code_review")},
                                        {QStringLiteral("debugging")}};
    const QStringList &required = needs[m_random.bounded(int(std::size(needs)))];
    const QJsonObject body{{QStringLiteral("title"), QLatin1String(Titles[m_random.bounded(int(std::size(Titles)))])},
                           {QStringLiteral("initial_prompt"), prompt},
                           {QStringLiteral("priority"), int(m_random.bounded(4))},
                           {QStringLiteral("agent_config"), QJsonObject{{QStringLiteral("required_capabilities"),
                                                                         QJsonArray::fromStringList(required)}}},
                           {QStringLiteral("tags"), QJsonArray{QStringLiteral("demo")}},
                           {QStringLiteral("max_duration_seconds"), 120},
                           {QStringLiteral("auto_start"), true}};
    const QString target = QStringLiteral("/api/v1/sessions");
    const ApiReply created = co_await m_client.post(target, body);
    if (!self)
        co_return;
    if (created.ok()) {
        ++m_created;
        if (prompt == QLatin1String("HANG"))
            m_hanging.append(created.object.value(QStringLiteral("id")).toString());
    }
}

// Hanging sessions are cancelled a few ticks later: the room shows a cancel reaching an agent.
QCoro::Task<> Demo::tidy()
{
    if (m_hanging.size() < 2)
        co_return;
    const QPointer<Demo> self(this);
    const QString id = m_hanging.takeFirst();
    const QString target = QStringLiteral("/api/v1/sessions/%1/cancel").arg(id);
    co_await m_client.post(target);
    if (!self)
        co_return;
}

} // namespace Orc::Gui
