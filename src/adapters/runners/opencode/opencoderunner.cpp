#include "adapters/runners/opencode/opencoderunner.h"

#include "application/agentservice.h"
#include "domain/identifiers.h"

#include <qcoronetworkreply.h>
#include <qcorosignal.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QRandomGenerator>

#include <algorithm>
#include <atomic>
#include <utility>

using namespace Qt::StringLiterals;
using namespace Orc::Domain;
using namespace Orc::Application;

namespace Orc::Adapters::Runners {

namespace {

Q_LOGGING_CATEGORY(lcOpenCode, "orc.runner.opencode")

constexpr int SlowChecksTolerated = 3; // health checks in a row without an answer before "offline"
constexpr qsizetype MaxCancelledEarly = 1000;
constexpr int MaxResends = 3;                  // a turn the server lost is sent again at most this often
constexpr qsizetype MaxLineChars = 4000;       // a longer line is cut
constexpr qsizetype MaxPendingChars = 160;     // streamed text without a newline is logged in pieces
constexpr qsizetype MaxResultText = 64 * 1024; // of the final answer, in the result
constexpr qsizetype MaxPermissionDiff = 8 * 1024;
constexpr auto StreamBackoffFirst = std::chrono::milliseconds(250);
constexpr auto StreamBackoffMax = std::chrono::milliseconds(5000);
const QString LogStream = QStringLiteral("opencode");

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString snippet(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(300)).simplified();
    if (body.size() > 300)
        text += u"…"_s;
    return text;
}

// What a tool was asked to do, in a few words: its path, command or pattern, else its input.
QString toolInput(const QJsonObject &input)
{
    for (const char *key : {"filePath", "command", "pattern", "path", "url", "description"}) {
        const QString value = input.value(QLatin1String(key)).toString();
        if (!value.isEmpty())
            return value.left(200);
    }
    return QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact)).left(200);
}

QString errorText(const QJsonObject &error)
{
    const QJsonObject data = error.value(u"data"_s).toObject();
    QString message = data.value(u"message"_s).toString();
    if (message.isEmpty())
        message = error.value(u"message"_s).toString();
    return message.isEmpty() ? error.value(u"name"_s).toString(u"unknown error"_s) : message;
}

} // namespace

QString newOpenCodeMessageId()
{
    static std::atomic<quint64> counter{0};
    static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const quint64 ms = quint64(QDateTime::currentMSecsSinceEpoch());
    const quint64 value = (ms * 4096 + (counter++ % 4096)) & ((quint64(1) << 48) - 1);
    QString id = u"msg_"_s + u"%1"_s.arg(value, 12, 16, QLatin1Char('0'));
    for (int i = 0; i < 14; ++i)
        id += QLatin1Char(base62[QRandomGenerator::global()->bounded(62)]);
    return id;
}

// ---- state -----------------------------------------------------------------------------------

struct OpenCodeRunner::Connection
{
    QUuid agentId;
    QString name;
    QJsonObject config;
    QUrl base; // invalid while a supervised server is down
    QByteArray authorization;
    std::unique_ptr<OpenCodeServer> server;
    QPointer<QNetworkReply> stream;
    QByteArray buffer;
    QElapsedTimer lastData;
    bool streamUp = false;
    bool streamLost = false; // it was up and went away: degraded until it is back
    bool reconnectScheduled = false;
    std::chrono::milliseconds streamBackoff = StreamBackoffFirst;
    bool healthy = false;
    bool checking = false;
    int failedChecks = 0; // in a row
    bool known = false;   // a health answer (or the supervisor's ready) has come: a status can be told
    QString version;
    QString lastError;
    std::optional<AgentStatus> reported;
    QElapsedTimer reportedAt;
};

struct OpenCodeRunner::Run
{
    struct Usage
    {
        qint64 input = 0;
        qint64 output = 0;
        qint64 reasoning = 0;
        qint64 cacheRead = 0;
        qint64 cacheWrite = 0;
        double cost = 0.0;
    };
    struct Text
    {
        QString text;
        qsizetype logged = 0;
    };

    QUuid taskId;
    QUuid agentId;
    QString agentName;
    QString directory;
    QString session; // the OpenCode session
    QString prompt;
    QString providerId;
    QString modelId;
    QString openCodeAgent;
    QString messageId;         // our prompt in flight
    QSet<QString> ourMessages; // every prompt we sent in this task
    QString finalMessage;      // the assistant message that ended the turn (then: idle ends the task)
    QString finish;
    QHash<QString, Usage> usage; // by assistant message
    QSet<QString> steps;         // step-finish parts seen
    QHash<QString, Text> texts;  // by part
    QSet<QString> hiddenParts;   // reasoning: not logged
    QString lastText;
    QHash<QString, QString> toolStatus; // by part: the last state logged
    QJsonArray stepTools;               // tool results since the last checkpoint
    QList<QJsonObject> permissions;
    QList<std::pair<QString, QString>> pending; // (level, line) not yet written
    std::optional<int> maxRetries;
    int apiErrors = 0;
    int resends = 0;
    QElapsedTimer elapsed;
    bool ended = false;
    bool aborting = false;
    bool sending = false;
    bool reconciling = false;
    std::optional<QJsonObject> heldCheckpoint; // of the step that ended the turn: goes with the result
};

QJsonValue OpenCodeRunner::Answer::json() const
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isObject())
        return document.object();
    if (document.isArray())
        return document.array();
    return QJsonValue(QString::fromUtf8(body).trimmed() == u"true"_s);
}

// ---- construction ----------------------------------------------------------------------------

OpenCodeRunner::OpenCodeRunner(IClock &clock, QObject *parent) : OpenCodeRunner(clock, Options{}, parent) {}

OpenCodeRunner::OpenCodeRunner(IClock &clock, Options options, QObject *parent)
    : QObject(parent), m_clock(clock), m_options(std::move(options))
{
    m_network.setAutoDeleteReplies(true);
    m_checkTimer.setInterval(m_options.checkInterval);
    connect(&m_checkTimer, &QTimer::timeout, this, [this] {
        const QList<QUuid> agents = m_connections.keys();
        for (const QUuid &agentId : agents) {
            Connection *c = connectionOf(agentId);
            if (!c)
                continue;
            if (c->stream && c->lastData.isValid() && c->lastData.elapsed() > m_options.streamSilence.count()) {
                qCWarning(lcOpenCode).noquote()
                    << u"agent %1: no event for %2 ms; reconnecting"_s.arg(c->name).arg(c->lastData.elapsed());
                c->stream->abort(); // streamEnded() follows
                continue;
            }
            if (!c->stream && c->base.isValid() && !c->reconnectScheduled)
                openStream(*c);
            checkHealth(agentId);
        }
    });
    m_checkTimer.start();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(m_options.flushInterval);
    connect(&m_flushTimer, &QTimer::timeout, this, &OpenCodeRunner::flushAll);
}

OpenCodeRunner::~OpenCodeRunner()
{
    m_checkTimer.stop();
    m_flushTimer.stop();
    for (const auto &c : std::as_const(m_connections)) {
        if (c->stream) {
            c->stream->disconnect(this);
            c->stream->abort();
        }
        if (c->server)
            c->server->disconnect(this);
    }
    m_connections.clear(); // stops the supervised servers
}

OpenCodeRunner::Connection *OpenCodeRunner::connectionOf(const QUuid &agentId)
{
    const auto it = m_connections.constFind(agentId);
    return it == m_connections.cend() ? nullptr : it->get();
}

OpenCodeRunner::Run *OpenCodeRunner::runOf(const QUuid &taskId)
{
    const auto it = m_runs.constFind(taskId);
    return it == m_runs.cend() || (*it)->ended ? nullptr : it->get();
}

const OpenCodeServer *OpenCodeRunner::server(const QUuid &agentId) const
{
    const auto it = m_connections.constFind(agentId);
    return it == m_connections.cend() ? nullptr : (*it)->server.get();
}

// ---- agents ----------------------------------------------------------------------------------

void OpenCodeRunner::watch(const Agent &agent)
{
    if (agent.kind != AgentKind::Opencode)
        return;
    if (Connection *existing = connectionOf(agent.id); existing && existing->config == agent.config) {
        existing->name = agent.name;
        return;
    }
    // A changed config: a new connection (and server). Tasks running on the old one fail (their
    // sessions may be retried), and their OpenCode sessions are aborted.
    const QList<QUuid> tasks = m_runs.keys();
    for (const QUuid &taskId : tasks) {
        if (Run *run = runOf(taskId); run && run->agentId == agent.id) {
            const QString session = run->session;
            const QString directory = run->directory;
            run->aborting = true;
            fail(*run, u"the agent's OpenCode configuration changed while the task ran"_s);
            abortSession(agent.id, session, directory); // sent on the old connection, before it goes
        }
    }
    forget(agent.id);

    auto c = std::make_shared<Connection>();
    c->agentId = agent.id;
    c->name = agent.name;
    c->config = agent.config;
    const QString password = agent.config.value(u"password"_s).toString();
    if (!password.isEmpty())
        c->authorization = "Basic " + (u"opencode:"_s + password).toUtf8().toBase64();
    const QString binary = agent.config.value(u"binary"_s).toString();
    const QUuid agentId = agent.id;
    if (!binary.isEmpty()) {
        OpenCodeServer::Options options = m_options.server;
        options.program = Application::findExecutable(binary, QDir::currentPath());
        options.password = password;
        options.port = QUrl(agent.config.value(u"url"_s).toString()).port(0);
        const QJsonObject env = agent.config.value(u"env"_s).toObject();
        for (auto it = env.begin(); it != env.end(); ++it)
            options.environment.insert(it.key(), it.value().toString());
        c->server = std::make_unique<OpenCodeServer>(options);
        connect(c->server.get(), &OpenCodeServer::ready, this,
                [this, agentId](const QUrl &url) { serverUp(agentId, url); });
        connect(c->server.get(), &OpenCodeServer::down, this,
                [this, agentId](const QString &reason) { serverDown(agentId, reason); });
        c->lastError = u"opencode serve is starting"_s;
        m_connections.insert(agentId, c);
        c->server->start();
    } else {
        c->base = QUrl(agent.config.value(u"url"_s).toString());
        m_connections.insert(agentId, c);
        openStream(*c);
        checkHealth(agentId);
    }
}

void OpenCodeRunner::forget(const QUuid &agentId)
{
    if (!m_connections.contains(agentId))
        return;
    // Its tasks cannot go on without it (the scheduler moves their sessions): their OpenCode
    // sessions are aborted while the connection is still there to say so.
    const QList<QUuid> tasks = m_runs.keys();
    for (const QUuid &taskId : tasks) {
        const std::shared_ptr<Run> run = m_runs.value(taskId);
        if (!run || run->agentId != agentId)
            continue;
        run->aborting = true;
        endRun(taskId);
        abortSession(agentId, run->session, run->directory); // sent before the connection goes
    }
    const std::shared_ptr<Connection> c = m_connections.take(agentId);
    if (c->stream) {
        c->stream->disconnect(this);
        c->stream->abort();
    }
    if (c->server)
        c->server->disconnect(this);
    emit connectionChanged(agentId);
}

void OpenCodeRunner::serverUp(const QUuid &agentId, const QUrl &url)
{
    Connection *c = connectionOf(agentId);
    if (!c)
        return;
    c->base = url;
    c->healthy = true; // the server polled its health before saying it is ready
    c->known = true;
    c->lastError.clear();
    openStream(*c);
    updateStatus(*c);
    emit connectionChanged(agentId);
}

void OpenCodeRunner::serverDown(const QUuid &agentId, const QString &reason)
{
    Connection *c = connectionOf(agentId);
    if (!c)
        return;
    c->base.clear();
    c->healthy = false;
    c->lastError = reason;
    if (c->stream)
        c->stream->abort(); // streamEnded() follows
    updateStatus(*c);
    emit connectionChanged(agentId);
}

void OpenCodeRunner::updateStatus(Connection &c, bool force)
{
    if (!c.known && c.base.isValid())
        return; // the first health check is still on its way
    AgentStatus status = AgentStatus::Online;
    QString detail;
    if (!c.healthy || !c.base.isValid()) {
        status = AgentStatus::Offline;
        detail = c.lastError.isEmpty() ? u"the OpenCode server does not answer"_s : c.lastError;
    } else if (c.streamLost && !c.streamUp) {
        status = AgentStatus::Degraded;
        detail = u"the OpenCode event stream was lost; reconnecting"_s;
    }
    if (!force && c.reported == status && c.reportedAt.isValid()
        && c.reportedAt.elapsed() < m_options.statusRefresh.count())
        return;
    if (c.reported != status)
        qCInfo(lcOpenCode).noquote() << u"agent %1 is %2%3"_s.arg(c.name,
                                                                  status == AgentStatus::Online     ? u"online"_s
                                                                  : status == AgentStatus::Degraded ? u"degraded"_s
                                                                                                    : u"offline"_s,
                                                                  detail.isEmpty() ? QString()
                                                                                   : u" (%1)"_s.arg(detail));
    c.reported = status;
    c.reportedAt.start();
    if (m_listener)
        m_listener->agentStatusReported(c.agentId, status, detail);
}

QCoro::Task<> OpenCodeRunner::checkHealth(QUuid agentId)
{
    const QPointer<OpenCodeRunner> self(this);
    Connection *c = connectionOf(agentId);
    if (!c || c->checking)
        co_return;
    if (!c->base.isValid()) {
        c->healthy = false;
        updateStatus(*c);
        co_return;
    }
    c->checking = true;
    const QByteArray method = "GET";
    const QString path = u"/global/health"_s;
    const Answer answer = co_await call(agentId, method, path, QString(), QByteArray(), m_options.healthTimeout);
    if (!self)
        co_return;
    c = connectionOf(agentId);
    if (!c)
        co_return;
    c->checking = false;
    const bool wasHealthy = c->healthy;
    const QJsonObject health = answer.json().toObject();
    const bool ok = answer.status == 200 && health.value(u"healthy"_s).toBool();
    // A server busy loading (its first prompt) may miss an answer or two: slow answers count only
    // when they repeat; a refused connection or an error answer counts at once.
    c->failedChecks = ok ? 0 : c->failedChecks + 1;
    if (!ok && answer.status == 0 && answer.error.startsWith(u"no answer"_s) && c->failedChecks < SlowChecksTolerated)
        co_return;
    c->healthy = ok;
    c->known = true;
    if (c->healthy) {
        c->version = health.value(u"version"_s).toString();
        c->lastError.clear();
    } else {
        c->lastError = answer.status ? u"health check answered HTTP %1"_s.arg(answer.status)
                                     : u"health check: %1"_s.arg(answer.error);
        if (c->server && c->server->state() != OpenCodeServer::State::Ready && !c->server->lastError().isEmpty())
            c->lastError = c->server->lastError();
    }
    updateStatus(*c);
    if (wasHealthy != c->healthy)
        emit connectionChanged(agentId);
}

// ---- HTTP ------------------------------------------------------------------------------------

QCoro::Task<OpenCodeRunner::Answer> OpenCodeRunner::call(QUuid agentId, QByteArray method, QString path,
                                                         QString directory, QByteArray body,
                                                         std::chrono::milliseconds timeout)
{
    const QPointer<OpenCodeRunner> self(this);
    Connection *c = connectionOf(agentId);
    Answer answer;
    if (!c || !c->base.isValid()) {
        answer.error = !c ? u"the agent has no OpenCode connection"_s
                          : (c->lastError.isEmpty() ? u"the OpenCode server is not running"_s : c->lastError);
        co_return answer;
    }
    QUrl url = c->base;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + path);
    if (!directory.isEmpty())
        url.setQuery(u"directory="_s + QString::fromLatin1(QUrl::toPercentEncoding(directory, "/")), QUrl::StrictMode);
    QNetworkRequest request(url);
    // Every call has its own limit: a connection made to a server that is starting can hang forever.
    request.setTransferTimeout(int(timeout.count()));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setRawHeader("Accept", "application/json");
    if (!c->authorization.isEmpty())
        request.setRawHeader("Authorization", c->authorization);
    if (method != "GET")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply
        = method == "GET" ? m_network.get(request) : m_network.sendCustomRequest(request, method, body);
    if (!reply->isFinished())
        co_await qCoro(reply, &QNetworkReply::finished);
    if (!self) {
        answer.error = u"shutting down"_s;
        co_return answer;
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        answer.body = reply->readAll();
    if (answer.status == 0)
        answer.error
            = reply->error() == QNetworkReply::OperationCanceledError
                  ? u"no answer from %1 within %2 ms"_s.arg(url.toString(QUrl::RemoveQuery)).arg(timeout.count())
                  : u"%1: %2"_s.arg(url.toString(QUrl::RemoveQuery), reply->errorString());
    else if (answer.status >= 300)
        answer.error
            = u"HTTP %1 from %2: %3"_s.arg(answer.status).arg(url.toString(QUrl::RemoveQuery), snippet(answer.body));
    co_return answer;
}

QCoro::Task<Status> OpenCodeRunner::waitReady(QUuid agentId)
{
    const QPointer<OpenCodeRunner> self(this);
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        Connection *c = connectionOf(agentId);
        if (!c)
            co_return Error::unavailable(u"the agent is not watched by the OpenCode runner"_s);
        if (c->healthy && c->base.isValid() && c->streamUp)
            co_return Status();
        const auto remaining = m_options.readyTimeout - std::chrono::milliseconds(waited.elapsed());
        if (remaining <= std::chrono::milliseconds(0)) {
            co_return Error::unavailable(u"the OpenCode server of agent %1 is not ready after %2 s: %3"_s.arg(
                c->name, QString::number(m_options.readyTimeout.count() / 1000.0),
                c->lastError.isEmpty() ? u"its event stream is not connected"_s : c->lastError));
        }
        const auto slice = std::min(remaining, std::chrono::milliseconds(500));
        auto changed = qCoro(this, &OpenCodeRunner::connectionChanged, slice);
        co_await changed;
        if (!self)
            co_return Error::unavailable(u"shutting down"_s);
    }
}

// ---- the event stream ------------------------------------------------------------------------

void OpenCodeRunner::openStream(Connection &c)
{
    if (c.stream || !c.base.isValid())
        return;
    QUrl url = c.base;
    url.setPath(u"/global/event"_s);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setRawHeader("Accept", "text/event-stream");
    if (!c.authorization.isEmpty())
        request.setRawHeader("Authorization", c.authorization);
    QNetworkReply *reply = m_network.get(request);
    c.stream = reply;
    c.buffer.clear();
    c.lastData.start();
    const QUuid agentId = c.agentId;
    connect(reply, &QNetworkReply::readyRead, this, [this, agentId] { streamData(agentId); });
    connect(reply, &QNetworkReply::finished, this, [this, agentId, reply] {
        Connection *current = connectionOf(agentId);
        if (current && current->stream == reply)
            streamEnded(agentId);
    });
}

void OpenCodeRunner::streamData(const QUuid &agentId)
{
    const std::shared_ptr<Connection> c = m_connections.value(agentId);
    if (!c || !c->stream)
        return;
    c->buffer += c->stream->readAll();
    c->lastData.start();
    if (!c->streamUp) {
        c->streamUp = true;
        c->streamBackoff = StreamBackoffFirst;
        const bool wasLost = c->streamLost;
        c->streamLost = false;
        updateStatus(*c);
        emit connectionChanged(agentId);
        if (wasLost)
            qCInfo(lcOpenCode).noquote() << u"agent %1: the event stream is back; reconciling its tasks"_s.arg(c->name);
        // Whatever happened while nobody listened is read back from the server.
        const QList<QUuid> tasks = m_runs.keys();
        for (const QUuid &taskId : tasks) {
            Run *run = runOf(taskId);
            if (!run || run->agentId != agentId || run->sending)
                continue;
            if (wasLost)
                log(*run, u"the OpenCode event stream is back: the session's state is read from the server"_s);
            reconcile(taskId);
        }
    }
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = c->buffer.indexOf('\n', start);
        if (newline < 0)
            break;
        QByteArray line = c->buffer.mid(start, newline - start);
        start = newline + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.startsWith("data:") || !concerns(line))
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line.mid(5).trimmed(), &error);
        if (document.isObject())
            handleEvent(*c, document.object());
        if (m_connections.value(agentId) != c)
            return; // forgotten meanwhile
    }
    c->buffer.remove(0, start);
}

bool OpenCodeRunner::concerns(const QByteArray &line) const
{
    // The server sends every session's events (its sync copies too, large ones): only those of our
    // tasks are parsed.
    static const QByteArray sync = QByteArrayLiteral("\"payload\":{\"type\":\"sync\"");
    static const QByteArray key = QByteArrayLiteral("\"sessionID\":\"");
    if (line.contains(sync))
        return false;
    const qsizetype at = line.indexOf(key);
    if (at < 0)
        return true; // not about a session: let the parser decide
    const qsizetype start = at + key.size();
    const qsizetype end = line.indexOf('"', start);
    return end > start && m_bySession.contains(QString::fromLatin1(line.mid(start, end - start)));
}

void OpenCodeRunner::streamEnded(const QUuid &agentId)
{
    Connection *c = connectionOf(agentId);
    if (!c)
        return;
    const QString error = c->stream ? c->stream->errorString() : QString();
    c->stream = nullptr;
    c->buffer.clear();
    if (c->streamUp) {
        c->streamLost = true;
        qCWarning(lcOpenCode).noquote() << u"agent %1: the event stream was lost: %2"_s.arg(c->name, error);
    }
    c->streamUp = false;
    updateStatus(*c);
    emit connectionChanged(agentId);
    checkHealth(agentId); // offline, or only the stream?
    if (!c->reconnectScheduled) {
        c->reconnectScheduled = true;
        QTimer::singleShot(c->streamBackoff, this, [this, agentId] {
            Connection *current = connectionOf(agentId);
            if (!current)
                return;
            current->reconnectScheduled = false;
            openStream(*current);
        });
        c->streamBackoff = std::min(c->streamBackoff * 2, std::chrono::milliseconds(StreamBackoffMax));
    }
}

void OpenCodeRunner::handleEvent(Connection &c, const QJsonObject &event)
{
    // /global/event wraps each event as {directory, project, payload: {type, properties}}.
    const QJsonObject payload = event.contains(u"payload"_s) ? event.value(u"payload"_s).toObject() : event;
    const QString type = payload.value(u"type"_s).toString();
    if (type.isEmpty() || type == u"sync" || type.startsWith(u"server."_s))
        return;
    const QJsonObject properties = payload.value(u"properties"_s).toObject();
    QString session = properties.value(u"sessionID"_s).toString();
    if (session.isEmpty()) {
        const QJsonObject info = properties.value(u"info"_s).toObject();
        session = info.value(u"sessionID"_s).toString();
    }
    if (session.isEmpty()) {
        const QJsonObject part = properties.value(u"part"_s).toObject();
        session = part.value(u"sessionID"_s).toString();
    }
    const auto task = m_bySession.constFind(session);
    if (task == m_bySession.cend())
        return;
    const std::shared_ptr<Run> run = m_runs.value(*task);
    if (!run || run->ended || run->agentId != c.agentId)
        return;
    if (type == u"message.updated") {
        handleMessage(*run, properties.value(u"info"_s).toObject());
    } else if (type == u"message.part.updated") {
        handlePart(*run, properties.value(u"part"_s).toObject());
    } else if (type == u"message.part.delta") {
        handleDelta(*run, properties);
    } else if (type == u"session.status") {
        handleStatus(*run, properties.value(u"status"_s).toObject());
    } else if (type == u"session.idle") {
        const QJsonObject idle{{u"type"_s, u"idle"_s}};
        handleStatus(*run, idle);
    } else if (type == u"session.error") {
        const QJsonObject error = properties.value(u"error"_s).toObject();
        if (!error.isEmpty())
            handleError(*run, error);
    } else if (type.startsWith(u"permission."_s)) {
        handlePermission(*run, type, properties);
    }
}

void OpenCodeRunner::handleMessage(Run &run, const QJsonObject &info)
{
    if (info.value(u"role"_s).toString() != u"assistant")
        return;
    const QString parent = info.value(u"parentID"_s).toString();
    if (!run.ourMessages.contains(parent))
        return;
    const QString id = info.value(u"id"_s).toString();
    const QJsonObject tokens = info.value(u"tokens"_s).toObject();
    const QJsonObject cache = tokens.value(u"cache"_s).toObject();
    Run::Usage &usage = run.usage[id];
    usage.input = qint64(tokens.value(u"input"_s).toDouble());
    usage.output = qint64(tokens.value(u"output"_s).toDouble());
    usage.reasoning = qint64(tokens.value(u"reasoning"_s).toDouble());
    usage.cacheRead = qint64(cache.value(u"read"_s).toDouble());
    usage.cacheWrite = qint64(cache.value(u"write"_s).toDouble());
    usage.cost = info.value(u"cost"_s).toDouble();
    if (parent != run.messageId)
        return; // an earlier turn of this task
    const QJsonObject error = info.value(u"error"_s).toObject();
    if (!error.isEmpty()) {
        if (run.reconciling && error.value(u"name"_s).toString() == u"MessageAbortedError" && !run.aborting)
            return; // ended by the server's restart, not by anyone's choice: reconcile() sends it again
        handleError(run, error);
        return;
    }
    const QJsonObject time = info.value(u"time"_s).toObject();
    const QString finish = info.value(u"finish"_s).toString();
    if (time.contains(u"completed"_s) && !finish.isEmpty() && finish != u"tool-calls") {
        run.finalMessage = id;
        run.finish = finish;
    }
}

void OpenCodeRunner::handlePart(Run &run, const QJsonObject &part)
{
    if (run.ourMessages.contains(part.value(u"messageID"_s).toString()))
        return; // the prompt's own parts
    const QString type = part.value(u"type"_s).toString();
    const QString id = part.value(u"id"_s).toString();
    if (type == u"text") {
        if (part.value(u"time"_s).toObject().contains(u"end"_s))
            endText(run, id, part.value(u"text"_s).toString());
    } else if (type == u"reasoning") {
        run.hiddenParts.insert(id);
    } else if (type == u"tool") {
        const QJsonObject state = part.value(u"state"_s).toObject();
        const QString status = state.value(u"status"_s).toString();
        QString &last = run.toolStatus[id];
        if (last == status)
            return;
        last = status;
        const QString tool = part.value(u"tool"_s).toString();
        if (status == u"running") {
            log(run, u"tool %1: %2"_s.arg(tool, toolInput(state.value(u"input"_s).toObject())));
        } else if (status == u"completed" || status == u"error") {
            QString title = state.value(u"title"_s).toString();
            if (title.isEmpty())
                title = state.value(u"output"_s).toString().section(u'\n', 0, 0).left(200);
            const QString error = state.value(u"error"_s).toString();
            if (status == u"completed")
                log(run, u"tool %1 done: %2"_s.arg(tool, title));
            else
                log(run, u"tool %1 failed: %2"_s.arg(tool, error.left(500)), u"warning"_s);
            run.stepTools.append(QJsonObject{{u"tool"_s, tool},
                                             {u"status"_s, status},
                                             {u"call_id"_s, part.value(u"callID"_s).toString()},
                                             {u"title"_s, status == u"completed" ? title : error.left(500)}});
        }
    } else if (type == u"step-finish") {
        if (run.steps.contains(id))
            return;
        run.steps.insert(id);
        if (run.heldCheckpoint) { // the turn went on after a step that looked like its last
            const std::optional<QJsonObject> held = std::exchange(run.heldCheckpoint, std::nullopt);
            flush(run, held);
        }
        // A checkpoint per finished step: where a retry picks up, and what the step did.
        const QJsonObject checkpoint{{u"runner"_s, u"opencode"_s},
                                     {u"opencode_session_id"_s, run.session},
                                     {u"directory"_s, run.directory},
                                     {u"prompt_message_id"_s, run.messageId},
                                     {u"message_id"_s, part.value(u"messageID"_s).toString()},
                                     {u"step"_s, int(run.steps.size())},
                                     {u"reason"_s, part.value(u"reason"_s).toString()},
                                     {u"tools"_s, run.stepTools},
                                     {u"tokens"_s, part.value(u"tokens"_s).toObject()},
                                     {u"cost"_s, part.value(u"cost"_s).toDouble()}};
        run.stepTools = QJsonArray();
        // A step that ends the turn is written with the result, in the same transaction; the
        // others at once.
        if (part.value(u"reason"_s).toString() == u"tool-calls")
            flush(run, checkpoint);
        else
            run.heldCheckpoint = checkpoint;
    }
}

void OpenCodeRunner::endText(Run &run, const QString &partId, const QString &full)
{
    Run::Text &text = run.texts[partId];
    text.text = full;
    const QString rest = text.text.mid(text.logged);
    text.logged = text.text.size();
    for (const QString &line : rest.split(u'\n')) {
        if (!line.trimmed().isEmpty())
            log(run, line);
    }
    run.lastText = text.text;
}

void OpenCodeRunner::handleDelta(Run &run, const QJsonObject &properties)
{
    if (properties.value(u"field"_s).toString() != u"text")
        return;
    const QString partId = properties.value(u"partID"_s).toString();
    if (run.hiddenParts.contains(partId) || run.ourMessages.contains(properties.value(u"messageID"_s).toString()))
        return;
    Run::Text &text = run.texts[partId];
    text.text += properties.value(u"delta"_s).toString();
    // Whole lines as they arrive, a long line in pieces (at a space); the rest when the part ends.
    qsizetype end = text.text.lastIndexOf(u'\n') + 1;
    if (end <= text.logged && text.text.size() - text.logged >= MaxPendingChars) {
        const qsizetype space = text.text.lastIndexOf(u' ', text.logged + MaxPendingChars);
        end = space > text.logged ? space + 1 : text.logged + MaxPendingChars;
    }
    if (end <= text.logged)
        return;
    const QString chunk = text.text.mid(text.logged, end - text.logged);
    text.logged = end;
    for (const QString &line : chunk.split(u'\n'))
        if (!line.trimmed().isEmpty())
            log(run, line);
}

void OpenCodeRunner::handleStatus(Run &run, const QJsonObject &status)
{
    const QString type = status.value(u"type"_s).toString();
    if (type == u"idle") {
        if (!run.finalMessage.isEmpty())
            complete(run);
        return;
    }
    if (type != u"retry")
        return;
    const int attempt = status.value(u"attempt"_s).toInt();
    const QString message = status.value(u"message"_s).toString();
    ++run.apiErrors;
    const qint64 next = qint64(status.value(u"next"_s).toDouble());
    const qint64 inMs = next > 0 ? next - QDateTime::currentMSecsSinceEpoch() : 0;
    const bool givingUp = run.maxRetries && attempt > *run.maxRetries;
    log(run,
        u"the model provider failed (attempt %1): %2%3"_s.arg(attempt).arg(
            message, givingUp ? QString()
                              : u"; OpenCode tries again%1"_s.arg(
                                  inMs > 0 ? u" in %1 s"_s.arg(double(inMs) / 1000.0, 0, 'f', 1) : QString())),
        u"warning"_s);
    if (givingUp) {
        const QUuid agentId = run.agentId;
        const QString session = run.session;
        const QString directory = run.directory;
        run.aborting = true;
        fail(run,
             u"the model provider kept failing (max_provider_retries is %1): %2"_s.arg(*run.maxRetries).arg(message),
             QJsonObject{{u"name"_s, u"ProviderRetriesExceeded"_s}, {u"data"_s, QJsonObject{{u"message"_s, message}}}});
        abortSession(agentId, session, directory);
    }
}

void OpenCodeRunner::handleError(Run &run, const QJsonObject &error)
{
    const QString name = error.value(u"name"_s).toString();
    if (name == u"MessageAbortedError" && run.aborting)
        return;
    const QString text
        = name == u"MessageAbortedError" ? u"the OpenCode session was aborted on the server"_s : errorText(error);
    fail(run, u"OpenCode %1: %2"_s.arg(name.isEmpty() ? u"error"_s : name, text), error);
}

void OpenCodeRunner::handlePermission(Run &run, const QString &type, const QJsonObject &properties)
{
    if (type == u"permission.asked") {
        const QString id = properties.value(u"id"_s).toString();
        QJsonObject metadata = properties.value(u"metadata"_s).toObject();
        if (metadata.value(u"diff"_s).toString().size() > MaxPermissionDiff)
            metadata.insert(u"diff"_s,
                            QString(metadata.value(u"diff"_s).toString().left(MaxPermissionDiff) + u"\n…"_s));
        QStringList patterns;
        for (const QJsonValue &v : properties.value(u"patterns"_s).toArray())
            patterns.append(v.toString());
        run.permissions.append(QJsonObject{{u"id"_s, id},
                                           {u"permission"_s, properties.value(u"permission"_s).toString()},
                                           {u"patterns"_s, properties.value(u"patterns"_s).toArray()},
                                           {u"metadata"_s, metadata},
                                           {u"asked_at"_s, m_clock.now().toString(Qt::ISODateWithMs)}});
        log(run,
            u"OpenCode asks permission %1 to %2 %3; the session waits for an answer (once, always or reject)"_s.arg(
                id, properties.value(u"permission"_s).toString(), patterns.join(u", "_s)),
            u"warning"_s);
    } else if (type == u"permission.replied") {
        const QString id = properties.value(u"requestID"_s).toString();
        const auto before = run.permissions.size();
        run.permissions.removeIf([&id](const QJsonObject &p) { return p.value(u"id"_s).toString() == id; });
        if (run.permissions.size() != before)
            log(run, u"permission %1 answered: %2"_s.arg(id, properties.value(u"reply"_s).toString()));
    }
}

// ---- tasks -----------------------------------------------------------------------------------

QCoro::Task<Result<DispatchAck>> OpenCodeRunner::dispatch(Agent agent, DispatchRequest request)
{
    const QPointer<OpenCodeRunner> self(this);
    watch(agent);
    const Status ready = co_await waitReady(agent.id);
    if (!self)
        co_return Error::unavailable(u"shutting down"_s);
    if (!ready)
        co_return ready.error();

    const QJsonObject &config = agent.config;
    QString directory = request.context.value(u"agent_config"_s).toObject().value(u"directory"_s).toString();
    if (directory.isEmpty())
        directory = config.value(u"directory"_s).toString();
    if (!QFileInfo(directory).isAbsolute() || !QFileInfo(directory).isDir())
        co_return Error::unavailable(u"the working directory %1 does not exist"_s.arg(directory));
    directory = QDir::cleanPath(directory);

    auto run = std::make_shared<Run>();
    run->taskId = request.taskId;
    run->agentId = agent.id;
    run->agentName = agent.name;
    run->directory = directory;
    run->prompt = request.prompt;
    run->providerId = config.value(u"provider_id"_s).toString();
    run->modelId = config.value(u"model_id"_s).toString();
    run->openCodeAgent = config.value(u"agent"_s).toString();
    if (config.value(u"max_provider_retries"_s).isDouble())
        run->maxRetries = config.value(u"max_provider_retries"_s).toInt();
    run->elapsed.start();
    const QUuid taskId = request.taskId;
    const QUuid agentId = agent.id;
    const QByteArray get = "GET";
    const QByteArray post = "POST";

    // resume_from: the same OpenCode session when it still exists (it has the whole conversation).
    QString session;
    bool resumed = false;
    if (request.resumeFrom && request.resumeFrom->value(u"directory"_s).toString() == directory) {
        const QString previous = request.resumeFrom->value(u"opencode_session_id"_s).toString();
        if (!previous.isEmpty()) {
            const QString path = u"/session/%1"_s.arg(previous);
            const Answer found = co_await call(agentId, get, path, directory, QByteArray(), m_options.requestTimeout);
            if (!self)
                co_return Error::unavailable(u"shutting down"_s);
            if (found.status == 200) {
                session = previous;
                resumed = true;
            }
        }
    }
    if (resumed) {
        // One prompt in flight per OpenCode session: a turn still running there is aborted first.
        const QString path = u"/session/status"_s;
        const Answer status = co_await call(agentId, get, path, directory, QByteArray(), m_options.requestTimeout);
        if (!self)
            co_return Error::unavailable(u"shutting down"_s);
        if (status.json().toObject().contains(session)) {
            co_await abortSession(agentId, session, directory);
            if (!self)
                co_return Error::unavailable(u"shutting down"_s);
        }
    } else {
        const QString action = config.value(u"permission"_s).toString(u"allow"_s);
        const QJsonObject body{
            {u"title"_s, request.context.value(u"title"_s).toString()},
            {u"permission"_s,
             QJsonArray{QJsonObject{{u"permission"_s, u"*"_s}, {u"pattern"_s, u"*"_s}, {u"action"_s, action}}}}};
        const QByteArray bytes = compact(body);
        const QString path = u"/session"_s;
        const Answer created = co_await call(agentId, post, path, directory, bytes, m_options.requestTimeout);
        if (!self)
            co_return Error::unavailable(u"shutting down"_s);
        session = created.json().toObject().value(u"id"_s).toString();
        if (created.status != 200 || session.isEmpty())
            co_return Error::unavailable(u"OpenCode did not create a session: %1"_s.arg(created.error));
    }
    if (m_cancelledEarly.remove(taskId) || m_runs.contains(taskId) || !m_connections.contains(agentId))
        co_return Error::unavailable(u"the task was cancelled or its agent removed while it was being dispatched"_s);
    run->session = session;
    m_runs.insert(taskId, run);
    m_bySession.insert(session, taskId);
    log(*run, resumed ? u"continuing OpenCode session %1 in %2"_s.arg(session, directory)
                      : u"OpenCode session %1 created in %2"_s.arg(session, directory));
    const Status sent = co_await sendPrompt(taskId);
    if (!self)
        co_return Error::unavailable(u"shutting down"_s);
    if (!sent) {
        endRun(taskId);
        co_return sent.error();
    }
    co_return DispatchAck{};
}

QCoro::Task<Status> OpenCodeRunner::sendPrompt(QUuid taskId)
{
    const QPointer<OpenCodeRunner> self(this);
    const std::shared_ptr<Run> run = m_runs.value(taskId);
    if (!run || run->ended)
        co_return Error::notFound(u"task"_s, idString(taskId));
    run->messageId = newOpenCodeMessageId();
    run->ourMessages.insert(run->messageId);
    run->finalMessage.clear();
    QJsonObject body{{u"messageID"_s, run->messageId},
                     {u"parts"_s, QJsonArray{QJsonObject{{u"type"_s, u"text"_s}, {u"text"_s, run->prompt}}}},
                     {u"model"_s, QJsonObject{{u"providerID"_s, run->providerId}, {u"modelID"_s, run->modelId}}}};
    if (!run->openCodeAgent.isEmpty())
        body.insert(u"agent"_s, run->openCodeAgent);
    const QByteArray bytes = compact(body);
    const QByteArray method = "POST";
    const QString path = u"/session/%1/prompt_async"_s.arg(run->session);
    run->sending = true;
    const Answer answer = co_await call(run->agentId, method, path, run->directory, bytes, m_options.requestTimeout);
    if (!self)
        co_return Error::unavailable(u"shutting down"_s);
    run->sending = false;
    if (answer.status == 204 || answer.status == 200)
        co_return Status();
    co_return Error::unavailable(u"OpenCode did not take the prompt: %1"_s.arg(answer.error));
}

QCoro::Task<> OpenCodeRunner::reconcile(QUuid taskId)
{
    const QPointer<OpenCodeRunner> self(this);
    std::shared_ptr<Run> run = m_runs.value(taskId);
    if (!run || run->ended || run->reconciling)
        co_return;
    run->reconciling = true;
    const QUuid agentId = run->agentId;
    const QString directory = run->directory;
    const QString session = run->session;
    const QByteArray get = "GET";
    const QString statusPath = u"/session/status"_s;
    const QString messagesPath = u"/session/%1/message"_s.arg(session);
    const Answer status = co_await call(agentId, get, statusPath, directory, QByteArray(), m_options.requestTimeout);
    if (!self)
        co_return;
    const Answer messages
        = co_await call(agentId, get, messagesPath, directory, QByteArray(), m_options.requestTimeout);
    if (!self || run->ended)
        co_return;
    if (messages.status == 404) {
        run->reconciling = false;
        fail(*run, u"the OpenCode session %1 no longer exists on the server"_s.arg(session));
        co_return;
    }
    if (status.status != 200 || messages.status != 200) {
        run->reconciling = false;
        co_return; // the next reconnect tries again
    }
    const QJsonArray list = messages.json().toArray();
    for (const QJsonValue &value : list) {
        const QJsonObject message = value.toObject();
        const QJsonObject info = message.value(u"info"_s).toObject();
        handleMessage(*run, info);
        if (run->ended)
            co_return;
        if (!run->ourMessages.contains(info.value(u"parentID"_s).toString()))
            continue;
        const QJsonArray parts = message.value(u"parts"_s).toArray();
        for (const QJsonValue &p : parts) {
            const QJsonObject part = p.toObject();
            const QString type = part.value(u"type"_s).toString();
            if (type == u"step-finish")
                run->steps.insert(part.value(u"id"_s).toString());
            else if (type == u"text" && part.value(u"time"_s).toObject().contains(u"end"_s))
                endText(*run, part.value(u"id"_s).toString(), part.value(u"text"_s).toString()); // what was missed
        }
    }
    run->reconciling = false;
    if (status.json().toObject().contains(session))
        co_return; // still working: the stream tells the rest
    if (!run->finalMessage.isEmpty()) {
        complete(*run);
        co_return;
    }
    if (run->sending)
        co_return;
    // Idle, and no answer to our prompt: the server lost the turn (it was restarted). Sent again.
    if (run->resends >= MaxResends) {
        fail(*run, u"the OpenCode server lost the turn %1 times"_s.arg(run->resends));
        co_return;
    }
    ++run->resends;
    log(*run,
        u"the OpenCode server lost the turn in flight (was it restarted?): the prompt is sent again in session %1"_s
            .arg(session),
        u"warning"_s);
    const Status sent = co_await sendPrompt(taskId);
    if (!self || run->ended)
        co_return;
    if (!sent)
        fail(*run, sent.error().message);
}

QCoro::Task<> OpenCodeRunner::abortSession(QUuid agentId, QString sessionId, QString directory)
{
    const QPointer<OpenCodeRunner> self(this);
    const QByteArray post = "POST";
    const QString path = u"/session/%1/abort"_s.arg(sessionId);
    const Answer answer = co_await call(agentId, post, path, directory, QByteArray(), m_options.requestTimeout);
    if (!self)
        co_return;
    if (answer.status != 200)
        qCWarning(lcOpenCode).noquote() << "abort of OpenCode session" << sessionId << "failed:" << answer.error;
}

QCoro::Task<Status> OpenCodeRunner::cancel(Agent agent, QUuid taskId)
{
    const QPointer<OpenCodeRunner> self(this);
    const std::shared_ptr<Run> run = m_runs.value(taskId);
    if (!run || run->ended) {
        if (m_cancelledEarly.size() >= MaxCancelledEarly)
            m_cancelledEarly.clear();    // cancels of tasks long gone; a bound, not a history
        m_cancelledEarly.insert(taskId); // a dispatch still on its way stops before it prompts
        co_return Status();
    }
    run->aborting = true;
    const QString session = run->session;
    const QString directory = run->directory;
    endRun(taskId); // nothing more is reported for it
    const QByteArray post = "POST";
    const QString path = u"/session/%1/abort"_s.arg(session);
    const Answer answer = co_await call(agent.id, post, path, directory, QByteArray(), m_options.requestTimeout);
    if (!self)
        co_return Status();
    if (answer.status != 200)
        co_return Error::unavailable(u"OpenCode session %1 was not aborted: %2"_s.arg(session, answer.error));
    co_return Status();
}

QCoro::Task<Status> OpenCodeRunner::pause(Agent agent, QUuid)
{
    co_return Error{ErrorCode::InvalidTransition, u"OpenCode agent %1 cannot pause a task"_s.arg(agent.name), {}, {}};
}

QCoro::Task<Status> OpenCodeRunner::resume(Agent agent, QUuid)
{
    co_return Error{ErrorCode::InvalidTransition, u"OpenCode agent %1 cannot resume a task"_s.arg(agent.name), {}, {}};
}

QCoro::Task<Result<HealthProbe>> OpenCodeRunner::probe(Agent agent)
{
    const QPointer<OpenCodeRunner> self(this);
    watch(agent);
    QElapsedTimer elapsed;
    elapsed.start();
    const QByteArray get = "GET";
    const QString path = u"/global/health"_s;
    const Answer answer = co_await call(agent.id, get, path, QString(), QByteArray(), m_options.healthTimeout);
    if (!self)
        co_return Error::unavailable(u"shutting down"_s);
    HealthProbe probe;
    probe.roundTripMs = double(elapsed.nsecsElapsed()) / 1e6;
    probe.checkedAt = m_clock.now();
    probe.ok = answer.status == 200 && answer.json().toObject().value(u"healthy"_s).toBool();
    if (!probe.ok)
        probe.error = answer.error.isEmpty() ? u"the OpenCode server is not healthy"_s : answer.error;
    if (const Connection *c = connectionOf(agent.id)) {
        probe.details = QJsonObject{{u"url"_s, c->base.toString()},
                                    {u"version"_s, answer.json().toObject().value(u"version"_s).toString()},
                                    {u"event_stream"_s, c->streamUp ? u"connected"_s : u"disconnected"_s}};
        if (c->server)
            probe.details.insert(u"server"_s, c->server->describe());
    }
    co_return probe;
}

QJsonArray OpenCodeRunner::permissions(const QUuid &taskId) const
{
    const auto it = m_runs.constFind(taskId);
    QJsonArray list;
    if (it != m_runs.cend()) {
        for (const QJsonObject &p : std::as_const((*it)->permissions))
            list.append(p);
    }
    return list;
}

QCoro::Task<Status> OpenCodeRunner::answerPermission(Agent agent, QUuid taskId, QString permissionId, QString reply)
{
    const QPointer<OpenCodeRunner> self(this);
    const std::shared_ptr<Run> run = m_runs.value(taskId);
    const auto asked = [&] {
        return run && std::any_of(run->permissions.cbegin(), run->permissions.cend(), [&](const QJsonObject &p) {
                   return p.value(u"id"_s).toString() == permissionId;
               });
    };
    if (!asked())
        co_return Error::notFound(u"permission"_s, permissionId);
    const QByteArray post = "POST";
    const QString path = u"/permission/%1/reply"_s.arg(permissionId);
    const QByteArray body = compact(QJsonObject{{u"reply"_s, reply}});
    const QString directory = run->directory;
    const Answer answer = co_await call(agent.id, post, path, directory, body, m_options.requestTimeout);
    if (!self)
        co_return Error::unavailable(u"shutting down"_s);
    if (answer.status == 404) {
        run->permissions.removeIf([&](const QJsonObject &p) { return p.value(u"id"_s).toString() == permissionId; });
        co_return Error::notFound(u"permission"_s, permissionId);
    }
    if (answer.status != 200)
        co_return Error::unavailable(u"OpenCode did not take the answer: %1"_s.arg(answer.error));
    if (!run->ended) {
        const auto before = run->permissions.size();
        run->permissions.removeIf([&](const QJsonObject &p) { return p.value(u"id"_s).toString() == permissionId; });
        if (run->permissions.size() != before)
            log(*run, u"the operator answered permission %1: %2"_s.arg(permissionId, reply));
    }
    co_return Status();
}

// ---- reporting -------------------------------------------------------------------------------

void OpenCodeRunner::log(Run &run, const QString &line, const QString &level)
{
    run.pending.append({level, line.size() > MaxLineChars ? line.left(MaxLineChars) + u"…"_s : line});
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void OpenCodeRunner::flush(Run &run, std::optional<QJsonObject> checkpoint)
{
    if (!m_listener) {
        run.pending.clear();
        return;
    }
    // One report per run of lines of the same level; the checkpoint goes with the last one.
    QList<RunnerProgress> reports;
    for (const auto &[level, line] : std::as_const(run.pending)) {
        if (reports.isEmpty() || reports.constLast().logLevel != level) {
            RunnerProgress progress;
            progress.logStream = LogStream;
            progress.logLevel = level;
            reports.append(progress);
        }
        reports.last().log.append(line);
    }
    run.pending.clear();
    if (checkpoint) {
        if (reports.isEmpty()) {
            RunnerProgress progress;
            progress.logStream = LogStream;
            reports.append(progress);
        }
        reports.last().checkpoint = std::move(checkpoint);
    }
    for (const RunnerProgress &progress : std::as_const(reports))
        m_listener->progressReported(run.taskId, progress);
}

void OpenCodeRunner::flushAll()
{
    const QList<QUuid> tasks = m_runs.keys();
    for (const QUuid &taskId : tasks) {
        if (Run *run = runOf(taskId); run && !run->pending.isEmpty())
            flush(*run);
    }
}

QJsonObject OpenCodeRunner::usageJson(const Run &run) const
{
    Run::Usage total;
    for (const Run::Usage &u : run.usage) {
        total.input += u.input;
        total.output += u.output;
        total.reasoning += u.reasoning;
        total.cacheRead += u.cacheRead;
        total.cacheWrite += u.cacheWrite;
        total.cost += u.cost;
    }
    return QJsonObject{{u"input"_s, double(total.input)},
                       {u"output"_s, double(total.output)},
                       {u"reasoning"_s, double(total.reasoning)},
                       {u"cache_read"_s, double(total.cacheRead)},
                       {u"cache_write"_s, double(total.cacheWrite)},
                       {u"cost_usd"_s, total.cost}};
}

// The run's last lines (when all are plain output) and its held checkpoint go with its result, in
// one write; anything else is written first.
void OpenCodeRunner::lastWords(Run &run, RunnerResult &result)
{
    const bool plain
        = std::all_of(run.pending.cbegin(), run.pending.cend(), [](const auto &line) { return line.first == u"info"; });
    if (!plain)
        flush(run);
    for (const auto &[level, line] : std::as_const(run.pending))
        result.log.append(line);
    run.pending.clear();
    result.logStream = LogStream;
    result.checkpoint = std::exchange(run.heldCheckpoint, std::nullopt);
}

void OpenCodeRunner::complete(Run &run)
{
    RunnerResult result;
    result.status = OutcomeStatus::Completed;
    result.output = QJsonObject{{u"message_id"_s, run.finalMessage},
                                {u"finish"_s, run.finish},
                                {u"text"_s, run.lastText.left(MaxResultText)},
                                {u"model"_s, u"%1/%2"_s.arg(run.providerId, run.modelId)}};
    report(run, std::move(result));
}

void OpenCodeRunner::fail(Run &run, const QString &message, const QJsonObject &error)
{
    qCInfo(lcOpenCode).noquote() << "task" << idString(run.taskId) << "failed:" << message;
    RunnerResult result;
    result.status = OutcomeStatus::Failed;
    result.errorMessage = message;
    result.output = QJsonObject{{u"error"_s, error}};
    report(run, std::move(result));
}

void OpenCodeRunner::report(Run &run, RunnerResult result)
{
    // What every end carries: where it ran, what it used, its last words.
    const QJsonObject tokens = usageJson(run);
    result.output.insert(u"opencode_session_id"_s, run.session);
    result.output.insert(u"directory"_s, run.directory);
    result.output.insert(u"tokens"_s, tokens);
    result.output.insert(u"steps"_s, int(run.steps.size()));
    result.tokensUsed = qint64(tokens.value(u"input"_s).toDouble() + tokens.value(u"output"_s).toDouble()
                               + tokens.value(u"reasoning"_s).toDouble());
    result.costUsd = tokens.value(u"cost_usd"_s).toDouble();
    result.apiCalls = int(std::max(run.steps.size(), run.usage.size()));
    result.apiErrors = run.apiErrors;
    result.executionTimeMs = run.elapsed.elapsed();
    lastWords(run, result);
    const QUuid taskId = run.taskId;
    endRun(taskId);
    if (m_listener)
        m_listener->resultReported(taskId, result);
}

void OpenCodeRunner::endRun(const QUuid &taskId)
{
    const std::shared_ptr<Run> run = m_runs.take(taskId);
    if (!run)
        return;
    run->ended = true;
    if (m_bySession.value(run->session) == taskId)
        m_bySession.remove(run->session);
}

} // namespace Orc::Adapters::Runners
