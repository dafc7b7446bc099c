#pragma once

#include "application/ports/agentrunner.h"
#include "domain/result.h"

#include <QByteArray>
#include <QJsonObject>

namespace Orc::Application::Eap {

// X-EAP-Signature: "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>" (CONTRACT §8).
QByteArray signature(const QByteArray &secret, qint64 unixSeconds, const QByteArray &body);
// Checks a signature header in constant time; `maxSkewSeconds` bounds replay of old requests.
bool verifySignature(const QByteArray &secret, const QByteArray &header, const QByteArray &body, qint64 nowUnixSeconds,
                     qint64 maxSkewSeconds = 300);

// The result body of §8.5 (also the 200 answer of a dispatch). Every invalid field is listed.
Domain::Result<RunnerResult> resultFromJson(const QJsonObject &object);
// The progress body of §8.4.
Domain::Result<RunnerProgress> progressFromJson(const QJsonObject &object);
// The dispatch body of §8.3.
QJsonObject toJson(const DispatchRequest &request);

} // namespace Orc::Application::Eap
