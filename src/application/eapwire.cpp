#include "application/eapwire.h"

#include "application/secrets.h"
#include "domain/identifiers.h"
#include "domain/jsonutil.h"

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

bool isFraction(const QJsonValue &v) // 0..1
{
    return isNumber(v) && v.toDouble() >= 0 && v.toDouble() <= 1;
}

// The fields of one report body: each optional field is absent, null or of its kind; anything else
// is listed as an error.
class Fields
{
public:
    explicit Fields(const QJsonObject &object) : m_object(object) {}

    // The field's value when present and accepted by `ok`; an undefined value otherwise.
    QJsonValue optional(const QString &name, bool (*ok)(const QJsonValue &), const QString &message)
    {
        const QJsonValue value = m_object.value(name);
        if (ok(value))
            return value;
        if (!value.isUndefined() && !value.isNull())
            errors.append({name, message});
        return QJsonValue(QJsonValue::Undefined);
    }

    QList<FieldError> errors;

private:
    const QJsonObject &m_object;
};

bool isObject(const QJsonValue &v)
{
    return v.isObject();
}
bool isString(const QJsonValue &v)
{
    return v.isString();
}
bool isArray(const QJsonValue &v)
{
    return v.isArray();
}
bool isCost(const QJsonValue &v)
{
    return isNumber(v) && v.toDouble() >= 0;
}
bool isTaskId(const QJsonValue &v)
{
    return v.isString() && parseId(v.toString()).has_value();
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
    Fields fields(o);
    RunnerResult result;
    const QString status = o.value(u"status"_s).toString();
    if (status == u"completed")
        result.status = OutcomeStatus::Completed;
    else if (status == u"partially_completed")
        result.status = OutcomeStatus::PartiallyCompleted;
    else if (status == u"failed")
        result.status = OutcomeStatus::Failed;
    else
        fields.errors.append({u"status"_s, u"must be completed, partially_completed or failed"_s});

    if (const QJsonValue artifacts = fields.optional(u"artifacts"_s, isArray, u"must be an array"_s);
        artifacts.isArray()) {
        result.artifacts = artifacts.toArray();
        for (qsizetype i = 0; i < result.artifacts.size(); ++i) {
            const QJsonObject a = result.artifacts.at(i).toObject();
            if (!a.value(u"path"_s).isString() || a.value(u"path"_s).toString().isEmpty())
                fields.errors.append({u"artifacts[%1].path"_s.arg(i), u"each artifact needs a path"_s});
            else if (a.contains(u"content"_s) && !a.value(u"content"_s).isString())
                fields.errors.append({u"artifacts[%1].content"_s.arg(i), u"must be a string"_s});
        }
    }
    result.output = fields.optional(u"output_data"_s, isObject, u"must be an object"_s).toObject();
    result.errorMessage = fields.optional(u"error_message"_s, isString, u"must be a string"_s).toString().left(10000);
    result.executionTimeMs = qint64(
        fields.optional(u"execution_time_ms"_s, isWholeNumber, u"must be a whole number of milliseconds >= 0"_s)
            .toDouble());
    result.tokensUsed
        = qint64(fields.optional(u"tokens_used"_s, isWholeNumber, u"must be a whole number >= 0"_s).toDouble());
    result.costUsd = fields.optional(u"cost_usd"_s, isCost, u"must be a number >= 0"_s).toDouble();
    if (const QJsonValue quality = fields.optional(u"quality_score"_s, isFraction, u"must be between 0 and 1"_s);
        !quality.isUndefined())
        result.qualityScore = quality.toDouble();
    fields.optional(u"task_id"_s, isTaskId, u"must be the task's id"_s);
    if (!fields.errors.isEmpty())
        return Error::validation(fields.errors);
    return result;
}

Result<RunnerProgress> progressFromJson(const QJsonObject &o)
{
    Fields fields(o);
    RunnerProgress progress;
    const QJsonValue value = o.value(u"progress"_s);
    if (isFraction(value))
        progress.progress = value.toDouble();
    else
        fields.errors.append({u"progress"_s, u"required, a number between 0 and 1"_s});
    progress.message = fields.optional(u"message"_s, isString, u"must be a string"_s).toString().left(10000);
    const QJsonArray lines = fields.optional(u"log"_s, isArray, u"must be an array of strings"_s).toArray();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (!lines.at(i).isString())
            fields.errors.append({u"log[%1]"_s.arg(i), u"must be a string"_s});
        else
            progress.log.append(lines.at(i).toString());
    }
    if (const QJsonValue checkpoint = fields.optional(u"checkpoint"_s, isObject, u"must be an object or null"_s);
        checkpoint.isObject())
        progress.checkpoint = checkpoint.toObject();
    if (!fields.errors.isEmpty())
        return Error::validation(fields.errors);
    return progress;
}

QJsonObject toJson(const DispatchRequest &request)
{
    return QJsonObject{
        {u"task_id"_s, idString(request.taskId)},
        {u"session_id"_s, idString(request.sessionId)},
        {u"task_type"_s, u"session_execution"_s},
        {u"input_data"_s, request.prompt},
        {u"context"_s, request.context},
        {u"requirements"_s, Json::strings(request.requirements)},
        {u"timeout_seconds"_s, request.timeoutSeconds},
        {u"resume_from"_s, request.resumeFrom ? QJsonValue(*request.resumeFrom) : QJsonValue()},
        {u"callback_url"_s, request.callbackUrl.isValid() ? QJsonValue(request.callbackUrl.toString()) : QJsonValue()},
    };
}

} // namespace Orc::Application::Eap
