#include "adapters/runners/eap/eaprunner.h"

#include "application/eapwire.h"
#include "domain/identifiers.h"
#include "domain/version.h"

#include <qcorosignal.h>
#include <qcorotimer.h>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;
using namespace Orc::Domain;
using namespace Orc::Application;

namespace Orc::Adapters::Runners {

namespace {

bool isConnectionError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError: return true;
    default: return false;
    }
}

QString snippet(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(300)).simplified();
    if (body.size() > 300)
        text += u"…"_s;
    return text;
}

QUrl endpoint(const Agent &agent, const QString &path)
{
    QUrl url = agent.endpointUrl;
    QString base = url.path();
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    return url;
}

} // namespace

EapRunner::EapRunner(IClock &clock, QObject *parent) : EapRunner(clock, Options{}, parent) {}

EapRunner::EapRunner(IClock &clock, Options options, QObject *parent)
    : QObject(parent), m_clock(clock), m_options(options)
{
    m_network.setAutoDeleteReplies(true);
}

EapRunner::~EapRunner() = default;

QCoro::Task<Result<EapRunner::Answer>> EapRunner::send(Agent agent, QByteArray method, QString path, QByteArray body,
                                                       QUuid taskId, std::chrono::milliseconds timeout, int attempts)
{
    const QPointer<EapRunner> self(this);
    const QUrl url = endpoint(agent, path);
    QString lastError;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        if (attempt > 1) {
            // 0.5 s, 1 s, ... each with up to ±20% jitter, so agents that failed together do not retry together.
            const qint64 base = qint64(m_options.firstBackoff.count()) << (attempt - 2);
            const qint64 jitter = QRandomGenerator::global()->bounded(base * 2 / 5 + 1) - base / 5;
            co_await QCoro::sleepFor(std::chrono::milliseconds(base + jitter));
            if (!self)
                co_return Error::unavailable(u"shutting down"_s);
        }
        QNetworkRequest request(url);
        request.setTransferTimeout(int(std::min<qint64>(timeout.count(), std::numeric_limits<int>::max())));
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        request.setHeader(QNetworkRequest::UserAgentHeader,
                          QByteArray(QByteArray("IndustrialOrchestrator/") + Version));
        request.setRawHeader("X-EAP-Signature",
                             Eap::signature(agent.dispatchSecret, m_clock.now().toSecsSinceEpoch(), body));
        if (!taskId.isNull())
            request.setRawHeader("X-EAP-Task-Id", idString(taskId).toUtf8());
        if (method != "GET")
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply
            = method == "GET" ? m_network.get(request) : m_network.sendCustomRequest(request, method, body);
        if (!reply->isFinished())
            co_await qCoro(reply, &QNetworkReply::finished);
        if (!self)
            co_return Error::unavailable(u"shutting down"_s);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QNetworkReply::NetworkError error = reply->error();
        const QByteArray answer = reply->readAll();
        if (status == 0) { // no HTTP answer at all
            lastError = error == QNetworkReply::OperationCanceledError
                            ? u"no answer within %1 ms"_s.arg(timeout.count())
                            : reply->errorString();
            if (!isConnectionError(error))
                break; // a timeout is not retried: the agent may be working on it
            continue;
        }
        if (status >= 500) {
            lastError = u"HTTP %1: %2"_s.arg(status).arg(snippet(answer));
            continue;
        }
        co_return Answer{status, answer};
    }
    co_return Error::unavailable(u"agent %1 at %2: %3"_s.arg(agent.name, url.toString(), lastError));
}

QCoro::Task<Result<DispatchAck>> EapRunner::dispatch(Agent agent, DispatchRequest request)
{
    const QByteArray body = QJsonDocument(Eap::toJson(request)).toJson(QJsonDocument::Compact);
    // Long enough for an agent that does the work before answering; the session's limit bounds it.
    const std::chrono::milliseconds timeout(qint64(request.timeoutSeconds) * 1000 + 5000);
    // Named locals: temporaries inside a co_await expression are a GCC 12 hazard.
    const QByteArray method("POST");
    const QString path = u"/task"_s;
    auto sent = co_await send(agent, method, path, body, request.taskId, timeout, m_options.attempts);
    if (!sent)
        co_return std::move(sent).error();
    const Answer answer = sent.value();
    if (answer.status == 202)
        co_return DispatchAck{};
    if (answer.status != 200) {
        co_return Error::unavailable(
            u"agent %1 refused the task: HTTP %2: %3"_s.arg(agent.name).arg(answer.status).arg(snippet(answer.body)));
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(answer.body, &parseError);
    if (!document.isObject())
        co_return Error::unavailable(u"agent %1 answered 200 without a result object"_s.arg(agent.name));
    auto result = Eap::resultFromJson(document.object());
    if (!result) {
        QStringList fields;
        for (const FieldError &e : result.error().details)
            fields.append(e.field + u": "_s + e.message);
        co_return Error::unavailable(u"agent %1 answered an invalid result (%2)"_s.arg(agent.name, fields.join(u"; ")));
    }
    co_return DispatchAck{std::move(result).value()};
}

QCoro::Task<Status> EapRunner::control(Agent agent, QUuid taskId, QString action)
{
    const QString path = u"/task/%1/%2"_s.arg(idString(taskId), action);
    const QByteArray method("POST");
    const QByteArray body("{}");
    auto sent = co_await send(agent, method, path, body, taskId, m_options.controlTimeout, m_options.attempts);
    if (!sent)
        co_return std::move(sent).error();
    if (sent->status >= 300 && sent->status != 404) // 404: the agent no longer knows the task, which is fine
        co_return Error::unavailable(u"agent %1 answered %2 with HTTP %3: %4"_s.arg(agent.name, action)
                                         .arg(sent->status)
                                         .arg(snippet(sent->body)));
    co_return Status();
}

QCoro::Task<Status> EapRunner::cancel(Agent agent, QUuid taskId)
{
    const QString action = u"cancel"_s;
    co_return co_await control(std::move(agent), taskId, action);
}

QCoro::Task<Status> EapRunner::pause(Agent agent, QUuid taskId)
{
    const QString action = u"pause"_s;
    co_return co_await control(std::move(agent), taskId, action);
}

QCoro::Task<Status> EapRunner::resume(Agent agent, QUuid taskId)
{
    const QString action = u"resume"_s;
    co_return co_await control(std::move(agent), taskId, action);
}

QCoro::Task<Result<HealthProbe>> EapRunner::probe(Agent agent)
{
    HealthProbe probe;
    probe.checkedAt = m_clock.now();
    QElapsedTimer elapsed;
    elapsed.start();
    const QByteArray method("GET");
    const QString path = u"/health"_s;
    const QByteArray body;
    const QUuid noTask;
    auto sent = co_await send(agent, method, path, body, noTask, m_options.controlTimeout, 1);
    probe.roundTripMs = double(elapsed.nsecsElapsed()) / 1e6;
    if (!sent) {
        probe.error = sent.error().message;
    } else if (sent->status != 200) {
        probe.error = u"HTTP %1: %2"_s.arg(sent->status).arg(snippet(sent->body));
    } else {
        probe.ok = true;
    }
    co_return probe;
}

} // namespace Orc::Adapters::Runners
