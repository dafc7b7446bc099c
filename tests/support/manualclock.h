#pragma once

#include "application/ports/clock.h"

#include <QDateTime>

namespace Orc::Testing {

// A clock the test moves by hand: no sleeping, no flakiness.
class ManualClock final : public Application::IClock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC))
        : m_now(std::move(start))
    {}
    QDateTime now() const override { return m_now; }
    void advance(qint64 ms) { m_now = m_now.addMSecs(ms); }
    void set(const QDateTime &time) { m_now = time; }

private:
    QDateTime m_now;
};

} // namespace Orc::Testing
