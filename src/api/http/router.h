#pragma once

#include "api/http/httpmessage.h"

#include <qcorotask.h>

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace Orc::Api {

using Handler = std::function<QCoro::Task<HttpResponse>(HttpRequest)>;

// Routes and their methods declared together. A path pattern is literal segments and `{name}`
// parameters; where several patterns match a path, the one with a literal at the first segment
// where they differ wins, so `/sessions/stats` is never shadowed by `/sessions/{id}`.
// A known path with another method answers 405 with `Allow`; an unknown path a JSON 404.
class Router
{
public:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Handler handler;
    };

    void add(QByteArray method, const QString &pattern, Handler handler);
    QCoro::Task<HttpResponse> dispatch(HttpRequest request) const;

    const QList<Route> &routes() const { return m_routes; }
    // The pattern of the route that serves `encodedPath` (whatever the method), or "unmatched": the
    // label of a request in the metrics.
    QString patternFor(const QString &encodedPath) const;

    // Splits a raw (percent-encoded) path into decoded segments.
    static QStringList splitPath(const QString &encodedPath);

private:
    struct Selection
    {
        std::optional<HttpResponse> immediate;
        Handler handler;
        QString pattern; // of the route that answers, or "unmatched"
    };
    Selection select(HttpRequest &request) const;
    QList<const Route *> matching(const QStringList &segments) const;
    QList<Route> m_routes;
};

} // namespace Orc::Api
