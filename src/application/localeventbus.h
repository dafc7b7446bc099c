#pragma once

#include "application/ports/eventbus.h"

#include <QList>

namespace Orc::Application {

// The in-process event bus (the embedded default; Redis carries events between instances).
// Delivery is in seq order and exactly once; events published by a subscriber while a delivery is
// running are queued behind it, never interleaved.
class LocalEventBus final : public IEventBus
{
    Q_OBJECT

public:
    using IEventBus::IEventBus;

    void publish(const Domain::Events &events) override;
    qint64 lastSeq() const override { return m_lastSeq; }

private:
    QList<Domain::Event> m_pending;
    qint64 m_lastSeq = 0;
    bool m_delivering = false;
};

} // namespace Orc::Application
