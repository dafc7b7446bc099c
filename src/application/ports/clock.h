#pragma once

#include <QDateTime>

namespace Orc::Application {

// Time as the services see it; tests move a manual clock instead of sleeping.
class IClock
{
public:
    virtual ~IClock() = default;
    virtual QDateTime now() const = 0; // UTC, millisecond precision
};

class SystemClock final : public IClock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

} // namespace Orc::Application
