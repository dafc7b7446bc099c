#pragma once

#include "adapters/memory/memorystore.h"
#include "application/agentservice.h"
#include "application/contextservice.h"
#include "application/localeventbus.h"
#include "application/lockservice.h"
#include "application/scheduler.h"
#include "application/sessionservice.h"
#include "application/taskservice.h"
#include "support/await.h"
#include "support/manualclock.h"
#include "support/qtprinters.h"

#include <qcorotask.h>

#include <QJsonArray>
#include <QObject>

#include <gtest/gtest.h>

namespace Orc::Testing {

// The services wired over the in-memory store, with every published event recorded.
struct Harness
{
    ManualClock clock;
    Application::LocalEventBus bus;
    Adapters::MemoryStore store{bus};
    Application::AgentService agents{clock, store, store};
    Application::SessionService sessions{clock, store, store, agents};
    Application::LockService locks{clock};
    Application::TaskService tasks{clock, store, store, store, agents, locks};
    Application::ContextService contexts{clock, store, store, store, agents};
    Application::Scheduler scheduler{clock, sessions, agents, bus}; // not started unless a test does
    Domain::Events published;

    Harness()
    {
        QObject::connect(&bus, &Application::IEventBus::published, &bus,
                         [this](const Domain::Event &e) { published.append(e); });
    }

    QStringList publishedTypes() const
    {
        QStringList types;
        for (const Domain::Event &e : published)
            types.append(e.type);
        return types;
    }

    Domain::Agent addAgent(const QString &name, Domain::CapabilitySet capabilities, int maxTasks = 5,
                           QStringList features = {})
    {
        Application::AgentRegistration r;
        r.name = name;
        r.kind = Domain::AgentKind::Process;
        r.capabilities = capabilities;
        r.maxConcurrentTasks = maxTasks;
        r.features = std::move(features);
        r.config = QJsonObject{{QStringLiteral("command"), QJsonArray{QStringLiteral("true")}}};
        auto agent = await(agents.registerInternal(r));
        EXPECT_TRUE(agent.ok()) << (agent.ok() ? std::string() : agent.error().message.toStdString());
        return agent.value();
    }

    Domain::Session addSession(const QString &title = QStringLiteral("Fix the build"), QJsonObject agentConfig = {},
                               Domain::SessionPriority priority = Domain::SessionPriority::Medium)
    {
        Domain::SessionSpec spec;
        spec.title = title;
        spec.initialPrompt = QStringLiteral("Make the tests pass");
        spec.agentConfig = std::move(agentConfig);
        spec.priority = priority;
        auto session = await(sessions.create(spec));
        EXPECT_TRUE(session.ok());
        return session.value();
    }
};

} // namespace Orc::Testing
