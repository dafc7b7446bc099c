#pragma once

#include "api/http/httpmessage.h"
#include "api/http/jsonbody.h"

#include "application/ports/repositories.h"

#include <QJsonArray>

namespace Orc::Api {

// The `{id}` path argument; an id that is not a UUID names nothing, so it is NOT_FOUND.
Domain::Result<QUuid> idArg(const HttpRequest &request, const QString &what,
                            const QString &name = QStringLiteral("id"));

// A request's `{id}` argument and its JSON object body (an empty body reads as `{}` when
// `emptyIsObject`): NOT_FOUND for an id that is not a UUID, BAD_REQUEST for a malformed body.
struct IdAndBody
{
    QUuid id;
    JsonBody body;
};
Domain::Result<IdAndBody> idAndBody(const HttpRequest &request, const QString &what, bool emptyIsObject = false);

// `?page&page_size` (page_size ≤ 200, else the field is listed in a 422).
Application::PageRequest pageRequest(QueryParams &params);
QJsonObject pageJson(const QJsonArray &items, qint64 total, int page, int pageSize, int totalPages);

// `?after_seq&limit` (limit ≤ 1000).
Application::EventQuery eventQuery(QueryParams &params);
QJsonObject toJson(const Domain::Event &event);
// `{items: [{seq, type, payload, timestamp}], next_after_seq}`.
QJsonObject eventsJson(const Domain::Events &events, qint64 afterSeq);

} // namespace Orc::Api
