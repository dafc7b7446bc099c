#pragma once

#include "application/ports/unitofwork.h"

#include <QList>

#include <functional>

namespace Orc::Application {

// A ChangeSet being assembled by one use case, plus the in-memory effects (agent reservations in
// the registry) to undo if its commit fails, so memory and storage never disagree.
class WriteBatch
{
public:
    ChangeSet changes;
    // Events that go before those of the session a use case changes (an agent's last log lines
    // before its session's end).
    Domain::Events leading;

    void onRollback(std::function<void()> undo) { m_undo.append(std::move(undo)); }
    void rollback()
    {
        for (auto it = m_undo.crbegin(); it != m_undo.crend(); ++it)
            (*it)();
        m_undo.clear();
    }
    // The commit succeeded: the effects stay.
    void keep() { m_undo.clear(); }

private:
    QList<std::function<void()>> m_undo;
};

// Commits the batch; on failure its in-memory effects are rolled back.
QCoro::Task<Domain::Result<Domain::Events>> commit(IUnitOfWork &unitOfWork, WriteBatch &batch);

} // namespace Orc::Application
