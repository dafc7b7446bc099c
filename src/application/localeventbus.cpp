#include "application/localeventbus.h"

namespace Orc::Application {

void LocalEventBus::publish(const Domain::Events &events)
{
    m_pending.append(events);
    if (m_delivering)
        return;
    m_delivering = true;
    while (!m_pending.isEmpty()) {
        const Domain::Event event = m_pending.takeFirst();
        if (event.seq <= m_lastSeq)
            continue; // unstored (seq 0) or already delivered
        m_lastSeq = event.seq;
        emit published(event);
    }
    m_delivering = false;
}

} // namespace Orc::Application
