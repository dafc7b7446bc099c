#include "api/controllers/common.h"

#include "domain/identifiers.h"
#include "domain/jsonutil.h"

using namespace Qt::StringLiterals;

namespace Orc::Api {

Domain::Result<QUuid> idArg(const HttpRequest &request, const QString &what, const QString &name)
{
    const QString text = request.pathArg(name);
    if (const auto id = Domain::parseId(text))
        return *id;
    return Domain::Error::notFound(what, text);
}

Domain::Result<IdAndBody> idAndBody(const HttpRequest &request, const QString &what, bool emptyIsObject)
{
    auto id = idArg(request, what);
    if (!id)
        return std::move(id).error();
    auto body = JsonBody::parse(request.body, emptyIsObject);
    if (!body)
        return std::move(body).error();
    return IdAndBody{id.value(), std::move(body).value()};
}

Application::PageRequest pageRequest(QueryParams &params)
{
    Application::PageRequest page;
    constexpr qint64 MaxPage = 1000000; // page × page_size stays far from overflowing an offset
    if (auto number = params.integer(u"page"_s, 1, MaxPage))
        page.page = int(*number);
    if (auto size = params.integer(u"page_size"_s, 1, Application::PageRequest::MaxPageSize))
        page.pageSize = int(*size);
    return page;
}

QJsonObject pageJson(const QJsonArray &items, qint64 total, int page, int pageSize, int totalPages)
{
    return QJsonObject{{u"items"_s, items},
                       {u"total"_s, total},
                       {u"page"_s, page},
                       {u"page_size"_s, pageSize},
                       {u"total_pages"_s, totalPages}};
}

Application::EventQuery eventQuery(QueryParams &params)
{
    Application::EventQuery query;
    if (auto after = params.integer(u"after_seq"_s, 0, std::numeric_limits<qint64>::max()))
        query.afterSeq = *after;
    if (auto limit = params.integer(u"limit"_s, 1, Application::EventQuery::MaxLimit))
        query.limit = int(*limit);
    return query;
}

QJsonObject toJson(const Domain::Event &event)
{
    return QJsonObject{{u"seq"_s, event.seq},
                       {u"type"_s, event.type},
                       {u"payload"_s, event.payload},
                       {u"timestamp"_s, Domain::Json::time(event.timestamp)}};
}

QJsonObject eventsJson(const Domain::Events &events, qint64 afterSeq)
{
    QJsonArray items;
    for (const Domain::Event &event : events)
        items.append(toJson(event));
    return QJsonObject{{u"items"_s, items}, {u"next_after_seq"_s, events.isEmpty() ? afterSeq : events.last().seq}};
}

} // namespace Orc::Api
