#pragma once

#include "domain/event.h"

#include <QObject>

namespace Orc::Application {

// Fan-out of stored events to everything that watches: WebSocket clients, GUI models, metrics,
// the scheduler. Only events the store has given a seq reach it (nothing is announced that was not
// stored); each is delivered once, in seq order.
class IEventBus : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void publish(const Domain::Events &events) = 0;
    // The seq of the newest event delivered (0 before the first).
    virtual qint64 lastSeq() const = 0;

signals:
    void published(const Orc::Domain::Event &event);
};

} // namespace Orc::Application
