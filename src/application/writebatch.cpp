#include "application/writebatch.h"

namespace Orc::Application {

QCoro::Task<Domain::Result<Domain::Events>> commit(IUnitOfWork &unitOfWork, WriteBatch &batch)
{
    auto result = co_await unitOfWork.commit(batch.changes);
    if (result.ok())
        batch.keep();
    else
        batch.rollback();
    co_return result;
}

} // namespace Orc::Application
