#include "api/http/router.h"

#include <QUrl>

#include <algorithm>

namespace Orc::Api {

namespace {

bool isParameter(const QString &segment)
{
    return segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

bool matches(const QStringList &pattern, const QStringList &segments)
{
    if (pattern.size() != segments.size())
        return false;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (isParameter(pattern.at(i)) ? segments.at(i).isEmpty() : pattern.at(i) != segments.at(i))
            return false;
    }
    return true;
}

// True when `a` is more specific than `b`: a literal where `b` has a parameter, at the first
// segment where they differ in kind.
bool moreSpecific(const QStringList &a, const QStringList &b)
{
    for (qsizetype i = 0; i < a.size(); ++i) {
        const bool aParam = isParameter(a.at(i));
        const bool bParam = isParameter(b.at(i));
        if (aParam != bParam)
            return !aParam;
    }
    return false;
}

} // namespace

void Router::add(QByteArray method, const QString &pattern, Handler handler)
{
    QStringList segments = pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    m_routes.append(Route{std::move(method), pattern, std::move(segments), std::move(handler)});
}

QStringList Router::splitPath(const QString &encodedPath)
{
    QStringList segments;
    const QStringList raw = encodedPath.split(QLatin1Char('/'));
    for (qsizetype i = 0; i < raw.size(); ++i) {
        // A leading slash gives one empty segment; any other empty segment (`//`, a trailing
        // slash) is kept so that such paths do not match.
        if (i == 0 && raw.at(i).isEmpty())
            continue;
        segments.append(QUrl::fromPercentEncoding(raw.at(i).toUtf8()));
    }
    return segments;
}

QList<const Router::Route *> Router::matching(const QStringList &segments) const
{
    QList<const Route *> best;
    for (const Route &route : m_routes) {
        if (!matches(route.segments, segments))
            continue;
        if (best.isEmpty() || moreSpecific(route.segments, best.first()->segments)) {
            best = {&route};
        } else if (!moreSpecific(best.first()->segments, route.segments)) {
            best.append(&route); // same shape: another method of the same path
        }
    }
    return best;
}

QString Router::patternFor(const QString &encodedPath) const
{
    const QList<const Route *> candidates = matching(splitPath(encodedPath));
    return candidates.isEmpty() ? QStringLiteral("unmatched") : candidates.first()->pattern;
}

Router::Selection Router::select(HttpRequest &request) const
{
    const QStringList segments = splitPath(request.path);
    const QList<const Route *> candidates = matching(segments);
    if (candidates.isEmpty()) {
        Domain::Error error{Domain::ErrorCode::NotFound, QStringLiteral("No such path: %1").arg(request.path), {}, {}};
        return {HttpResponse::error(error), {}, QStringLiteral("unmatched")};
    }

    QList<QByteArray> allowed;
    for (const Route *route : candidates) {
        if (!allowed.contains(route->method))
            allowed.append(route->method);
    }
    std::sort(allowed.begin(), allowed.end());
    const QByteArray allow = allowed.join(", ");

    const auto route = std::find_if(candidates.begin(), candidates.end(),
                                    [&](const Route *r) { return r->method == request.method; });
    if (route == candidates.end()) {
        if (request.method == "OPTIONS")
            return {HttpResponse::noContent().withHeader("Allow", allow), {}, candidates.first()->pattern};
        Domain::Error error{Domain::ErrorCode::MethodNotAllowed,
                            QStringLiteral("%1 is not allowed on %2 (allowed: %3)")
                                .arg(QString::fromLatin1(request.method), request.path, QString::fromLatin1(allow)),
                            {},
                            {}};
        return {HttpResponse::error(error).withHeader("Allow", allow), {}, candidates.first()->pattern};
    }

    const QStringList &pattern = (*route)->segments;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (isParameter(pattern.at(i)))
            request.pathArgs.insert(pattern.at(i).mid(1, pattern.at(i).size() - 2), segments.at(i));
    }
    return {std::nullopt, (*route)->handler, (*route)->pattern};
}

QCoro::Task<HttpResponse> Router::dispatch(HttpRequest request) const
{
    // The handler is copied out: the route table may change while a handler is suspended.
    Selection selection = select(request);
    if (selection.immediate) {
        HttpResponse immediate = std::move(*selection.immediate);
        immediate.route = selection.pattern;
        co_return immediate;
    }
    HttpResponse response = co_await selection.handler(std::move(request));
    response.route = selection.pattern;
    co_return response;
}

} // namespace Orc::Api
