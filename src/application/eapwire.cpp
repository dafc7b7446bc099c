#include "application/eapwire.h"

#include "application/secrets.h"
#include "domain/identifiers.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace Orc::Domain;

namespace Orc::Application::Eap {

namespace {

QByteArray mac(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body)
{
    QMessageAuthenticationCode code(QCryptographicHash::Sha256, secret);
    code.addData(timestamp);
    code.addData(".");
    code.addData(body);
    return code.result().toHex();
}

bool isNumber(const QJsonValue &v)
{
    return v.isDouble() && std::isfinite(v.toDouble());
}

bool isWholeNumber(const QJsonValue &v)
{
    return isNumber(v) && v.toDouble() >= 0 && v.toDouble() <= 9.0e15 && std::floor(v.toDouble()) == v.toDouble();
}

} // namespace

QByteArray signature(const QByteArray &secret, qint64 unixSeconds, const QByteArray &body)
{
    const QByteArray t = QByteArray::number(unixSeconds);
    return "t=" + t + ",v1=" + mac(secret, t, body);
}

bool verifySignature(const QByteArray &secret, const QByteArray &header, const QByteArray &body, qint64 nowUnixSeconds,
                     qint64 maxSkewSeconds)
{
    QByteArray t;
    QByteArray v1;
    for (const QByteArray &part : header.split(',')) {
        const QByteArray item = part.trimmed();
        if (item.startsWith("t="))
            t = item.mid(2);
        else if (item.startsWith("v1="))
            v1 = item.mid(3);
    }
    bool ok = false;
    const qint64 when = t.toLongLong(&ok);
    if (!ok || v1.isEmpty() || std::llabs(nowUnixSeconds - when) > maxSkewSeconds)
        return false;
    return Secrets::constantTimeEquals(mac(secret, t, body), v1.toLower());
}

Result<RunnerResult> resultFromJson(const QJsonObject &o)
{
    QList<FieldError> errors;
    RunnerResult result;
    const QString status = o.value(u"status"_s).toString();
    if (status == u"completed")
        result.status = OutcomeStatus::Completed;
    else if (status == u"partially_completed")
        result.status = OutcomeStatus::PartiallyCompleted;
    else if (status == u"failed")
        result.status = OutcomeStatus::Failed;
    else
        errors.append({u"status"_s, u"must be completed, partially_completed or failed"_s});

    const QJsonValue artifacts = o.value(u"artifacts"_s);
    if (artifacts.isArray()) {
        const QJsonArray list = artifacts.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject a = list.at(i).toObject();
            if (!list.at(i).isObject() || !a.value(u"path"_s).isString() || a.value(u"path"_s).toString().isEmpty())
                errors.append({u"artifacts[%1].path"_s.arg(i), u"each artifact needs a path"_s});
            else if (a.contains(u"content"_s) && !a.value(u"content"_s).isString())
                errors.append({u"artifacts[%1].content"_s.arg(i), u"must be a string"_s});
        }
        result.artifacts = list;
    } else if (!artifacts.isUndefined() && !artifacts.isNull()) {
        errors.append({u"artifacts"_s, u"must be an array"_s});
    }
    const QJsonValue output = o.value(u"output_data"_s);
    if (output.isObject())
        result.output = output.toObject();
    else if (!output.isUndefined() && !output.isNull())
        errors.append({u"output_data"_s, u"must be an object"_s});
    const QJsonValue message = o.value(u"error_message"_s);
    if (message.isString())
        result.errorMessage = message.toString().left(10000);
    else if (!message.isUndefined() && !message.isNull())
        errors.append({u"error_message"_s, u"must be a string"_s});
    const QJsonValue time = o.value(u"execution_time_ms"_s);
    if (isWholeNumber(time))
        result.executionTimeMs = qint64(time.toDouble());
    else if (!time.isUndefined() && !time.isNull())
        errors.append({u"execution_time_ms"_s, u"must be a whole number of milliseconds >= 0"_s});
    const QJsonValue tokens = o.value(u"tokens_used"_s);
    if (isWholeNumber(tokens))
        result.tokensUsed = qint64(tokens.toDouble());
    else if (!tokens.isUndefined() && !tokens.isNull())
        errors.append({u"tokens_used"_s, u"must be a whole number >= 0"_s});
    const QJsonValue cost = o.value(u"cost_usd"_s);
    if (isNumber(cost) && cost.toDouble() >= 0)
        result.costUsd = cost.toDouble();
    else if (!cost.isUndefined() && !cost.isNull())
        errors.append({u"cost_usd"_s, u"must be a number >= 0"_s});
    const QJsonValue quality = o.value(u"quality_score"_s);
    if (isNumber(quality) && quality.toDouble() >= 0 && quality.toDouble() <= 1)
        result.qualityScore = quality.toDouble();
    else if (!quality.isUndefined() && !quality.isNull())
        errors.append({u"quality_score"_s, u"must be between 0 and 1"_s});
    const QJsonValue taskId = o.value(u"task_id"_s);
    if (!taskId.isUndefined() && !taskId.isNull() && !(taskId.isString() && parseId(taskId.toString())))
        errors.append({u"task_id"_s, u"must be the task's id"_s});
    if (!errors.isEmpty())
        return Error::validation(errors);
    return result;
}

QJsonObject toJson(const RunnerResult &result)
{
    QJsonObject o{{u"status"_s, result.status == OutcomeStatus::Completed            ? u"completed"_s
                                : result.status == OutcomeStatus::PartiallyCompleted ? u"partially_completed"_s
                                                                                     : u"failed"_s},
                  {u"artifacts"_s, result.artifacts},
                  {u"output_data"_s, result.output},
                  {u"execution_time_ms"_s, double(result.executionTimeMs)},
                  {u"tokens_used"_s, double(result.tokensUsed)},
                  {u"cost_usd"_s, result.costUsd}};
    if (!result.errorMessage.isEmpty())
        o.insert(u"error_message"_s, result.errorMessage);
    if (result.qualityScore)
        o.insert(u"quality_score"_s, *result.qualityScore);
    return o;
}

Result<RunnerProgress> progressFromJson(const QJsonObject &o)
{
    QList<FieldError> errors;
    RunnerProgress progress;
    const QJsonValue value = o.value(u"progress"_s);
    if (isNumber(value) && value.toDouble() >= 0 && value.toDouble() <= 1)
        progress.progress = value.toDouble();
    else
        errors.append({u"progress"_s, u"required, a number between 0 and 1"_s});
    const QJsonValue message = o.value(u"message"_s);
    if (message.isString())
        progress.message = message.toString().left(10000);
    else if (!message.isUndefined() && !message.isNull())
        errors.append({u"message"_s, u"must be a string"_s});
    const QJsonValue log = o.value(u"log"_s);
    if (log.isArray()) {
        const QJsonArray lines = log.toArray();
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (!lines.at(i).isString())
                errors.append({u"log[%1]"_s.arg(i), u"must be a string"_s});
            else
                progress.log.append(lines.at(i).toString());
        }
    } else if (!log.isUndefined() && !log.isNull()) {
        errors.append({u"log"_s, u"must be an array of strings"_s});
    }
    const QJsonValue checkpoint = o.value(u"checkpoint"_s);
    if (checkpoint.isObject())
        progress.checkpoint = checkpoint.toObject();
    else if (!checkpoint.isUndefined() && !checkpoint.isNull())
        errors.append({u"checkpoint"_s, u"must be an object or null"_s});
    if (!errors.isEmpty())
        return Error::validation(errors);
    return progress;
}

QJsonObject toJson(const DispatchRequest &request)
{
    QJsonArray requirements;
    for (const QString &r : request.requirements)
        requirements.append(r);
    return QJsonObject{
        {u"task_id"_s, idString(request.taskId)},
        {u"session_id"_s, idString(request.sessionId)},
        {u"task_type"_s, u"session_execution"_s},
        {u"input_data"_s, request.prompt},
        {u"context"_s, request.context},
        {u"requirements"_s, requirements},
        {u"timeout_seconds"_s, request.timeoutSeconds},
        {u"resume_from"_s, request.resumeFrom ? QJsonValue(*request.resumeFrom) : QJsonValue()},
        {u"callback_url"_s, request.callbackUrl.isValid() ? QJsonValue(request.callbackUrl.toString()) : QJsonValue()},
    };
}

} // namespace Orc::Application::Eap
