#pragma once

#include "domain/agent.h"
#include "domain/context.h"
#include "domain/result.h"
#include "domain/session.h"
#include "domain/task.h"

#include <QJsonObject>

namespace Orc::Adapters::Storage {

// The stored form of each entity: a JSON document holding everything needed to restore it
// exactly (the API's shapes leave out internals such as key versions or secrets), plus the
// columns the queries filter on, which the store writes beside it.
QByteArray sessionRecord(const Domain::Session &session);
Domain::Result<Domain::Session> sessionFromRecord(const QByteArray &record);

QByteArray checkpointRecord(const Domain::Checkpoint &checkpoint);
Domain::Result<Domain::Checkpoint> checkpointFromRecord(const QByteArray &record);

// Secrets (token hash, dispatch secret) live in their own columns, never in the document.
QByteArray agentRecord(const Domain::Agent &agent);
Domain::Result<Domain::Agent> agentFromRecord(const QByteArray &record, const QByteArray &tokenHash,
                                              const QByteArray &dispatchSecret);

QByteArray taskRecord(const Domain::Task &task);
Domain::Result<Domain::Task> taskFromRecord(const QByteArray &record);

QByteArray contextRecord(const Domain::Context &context);
Domain::Result<Domain::Context> contextFromRecord(const QByteArray &record);

QByteArray changeRecord(const Domain::ContextChange &change);
Domain::Result<Domain::ContextChange> changeFromRecord(const QByteArray &record);

} // namespace Orc::Adapters::Storage
