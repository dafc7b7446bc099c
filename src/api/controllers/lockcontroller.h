#pragma once

#include "api/http/router.h"

#include "application/ports/clock.h"
#include "application/ports/lockservice.h"

namespace Orc::Api {

// GET /api/v1/locks: every lock held or waited for, its holder, its queue in grant order and how
// long each has waited (CONTRACT §5, the glass box of the fair lock).
class LockController
{
public:
    LockController(const Application::ILockService &locks, const Application::IClock &clock);
    void addRoutes(Router &router);

private:
    QCoro::Task<HttpResponse> list();

    const Application::ILockService &m_locks;
    const Application::IClock &m_clock;
};

} // namespace Orc::Api
