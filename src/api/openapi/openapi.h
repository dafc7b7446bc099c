#pragma once

#include "api/http/router.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Orc::Api {

// The OpenAPI 3.0 document of the REST API v1, written from a table of operations kept beside the
// controllers (not from the router: a test walks both and fails when they differ, so a route cannot
// be added without its description, nor described without being served).
QJsonObject openApiDocument(const QString &version);

// (method, path pattern) of every operation the document describes.
QList<std::pair<QByteArray, QString>> documentedOperations();

// GET /api/v1/openapi.json.
class OpenApiController
{
public:
    explicit OpenApiController(QString version);
    void addRoutes(Router &router);

private:
    QByteArray m_document; // built once
};

} // namespace Orc::Api
