#pragma once

#include "application/ports/repositories.h"
#include "application/ports/unitofwork.h"

namespace Orc::Application {

// Everything a storage backend provides: the repositories and the unit of work over them.
// The runtime holds one store and hands each service the ports it needs.
class IStore
    : public ISessionRepository
    , public IAgentRepository
    , public ITaskRepository
    , public IContextRepository
    , public IEventLog
    , public IUnitOfWork
{};

} // namespace Orc::Application
