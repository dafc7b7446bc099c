#include "gui/mainwindow.h"

#include "ui_aboutdialog.h"

#include "gui/client/localclient.h"
#include "gui/demo.h"
#include "gui/dialogs/sessiondetail.h"
#include "gui/docks/contextspanel.h"
#include "gui/docks/eventlogpanel.h"
#include "gui/docks/lockspanel.h"
#include "gui/docks/marketplacepanel.h"
#include "gui/docks/metricspanel.h"
#include "gui/docks/sessionspanel.h"
#include "gui/docks/taskspanel.h"
#include "gui/docks/timelinepanel.h"
#include "gui/models/agentmodel.h"
#include "gui/models/eventlogmodel.h"
#include "gui/models/sessionmodel.h"
#include "gui/theme.h"
#include "gui/widgets/columnmenu.h"

#include "domain/version.h"
#include "runtime/orchestrator.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace Orc::Gui {

namespace {

constexpr int StatusRefreshMs = 2000;
constexpr int MessageMs = 8000;

struct PanelInfo
{
    const char *id;
    const char *title;
    const char *purpose;
    Qt::DockWidgetArea area;
};

// The panels of the control room, in the order of the View menu.
const PanelInfo Panels[] = {
    {"marketplace", QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Agent Marketplace"),
     QT_TRANSLATE_NOOP("Orc::Gui::MainWindow",
                       "Every agent with its tier, capabilities, status, load and success rate."),
     Qt::LeftDockWidgetArea},
    {"sessions", QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Sessions"),
     QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Coding sessions with their status, agent and actions."),
     Qt::RightDockWidgetArea},
    {"timeline", QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Session Timeline"),
     QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Sessions as bars over time, coloured by status, with checkpoints."),
     Qt::BottomDockWidgetArea},
    {"metrics", QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Metrics"),
     QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Charts of sessions, completions, agent load, latency and cost."),
     Qt::BottomDockWidgetArea},
    {"tasks", QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Tasks"),
     QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Task trees, decomposition and the dependency graph."),
     Qt::RightDockWidgetArea},
    {"contexts", QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Contexts"),
     QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Shared context keys, their history, diffs and merges."),
     Qt::RightDockWidgetArea},
    {"events", QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Event Log"),
     QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Every event as it happens, in sequence order."),
     Qt::BottomDockWidgetArea},
    {"locks", QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Locks"),
     QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Lock holders and the queues waiting for them."),
     Qt::LeftDockWidgetArea},
    {"welcome", QT_TRANSLATE_NOOP("Orc::Gui::MainWindow", "Welcome"),
     QT_TRANSLATE_NOOP("Orc::Gui::MainWindow",
                       "<h2>The control room</h2><p>Every agent and coding session, live. The <b>Agent "
                       "Marketplace</b> lists the agents that take work; <b>Sessions</b> lists the work, with its "
                       "actions; the <b>Event Log</b> shows every transition as it happens.</p><p>Register an "
                       "external agent (File menu) or add an internal one in the marketplace, then create a "
                       "session with <b>Ctrl+N</b>. Use the View menu to show or hide a panel.</p>"),
     Qt::RightDockWidgetArea},
};

QLabel *placeholder(const QString &text)
{
    auto *label = new QLabel(text);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setMargin(12);
    label->setProperty("role", QStringLiteral("placeholder"));
    return label;
}

} // namespace

MainWindow::MainWindow(Runtime::Orchestrator &orchestrator, QWidget *parent)
    : MainWindow(std::make_unique<LocalClient>(orchestrator), nullptr, &orchestrator, parent)
{}

MainWindow::MainWindow(ControlClient &client, Runtime::Orchestrator *local, QWidget *parent)
    : MainWindow(nullptr, &client, local, parent)
{}

MainWindow::MainWindow(std::unique_ptr<ControlClient> own, ControlClient *client, Runtime::Orchestrator *local,
                       QWidget *parent)
    : QMainWindow(parent), m_ownClient(std::move(own)), m_client(client ? *client : *m_ownClient), m_local(local)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(m_client.isRemote()
                       ? tr("%1 — Control Room — %2").arg(QLatin1String(ProductName), m_client.describe())
                       : tr("%1 — Control Room").arg(QLatin1String(ProductName)));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);

    createModels();
    createDocks();
    createMenus();
    createStatusBar();
    resize(1400, 900);
    m_defaultState = saveState();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());

    if (m_local) {
        connect(m_local, &Runtime::Orchestrator::started, this, &MainWindow::updateApiStatus);
        connect(m_local, &Runtime::Orchestrator::stopped, this, &MainWindow::updateApiStatus);
    }
    connect(&m_client, &ControlClient::connectionChanged, this, &MainWindow::updateApiStatus);
    updateApiStatus();
    m_statusTimer.setInterval(StatusRefreshMs);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::updateLiveStatus);
    m_statusTimer.start();
}

MainWindow::~MainWindow()
{
    // Everything that reads through the client goes before the client (which may be our own).
    delete m_demo;
    qDeleteAll(findChildren<SessionDetail *>());
    qDeleteAll(m_docks);
    delete m_sessionModel;
    delete m_agentModel;
    delete m_eventModel;
}

void MainWindow::createModels()
{
    m_sessionModel = new SessionModel(m_client, this);
    m_agentModel = new AgentModel(m_client, this);
    m_eventModel = new EventLogModel(m_client, EventLogModel::DefaultCapacity, this);
    // The sessions' agent column shows the marketplace's names, also for agents loaded later.
    auto names = [agents = m_agentModel](const QString &id) { return agents->nameOf(id); };
    m_sessionModel->setAgentNames(names);
    connect(m_agentModel, &AgentModel::loaded, m_sessionModel, [this, names] { m_sessionModel->setAgentNames(names); });
    connect(m_sessionModel, &SessionModel::loading, this, [this](int done, int total) {
        statusBar()->showMessage(
            tr("Loading sessions… %1 of %2").arg(QLocale().toString(done), QLocale().toString(total)), MessageMs);
    });
    connect(m_sessionModel, &SessionModel::loaded, this,
            [this](int count) { statusBar()->showMessage(tr("%n session(s) loaded", nullptr, count), MessageMs); });
    if (m_client.isConnected()) {
        m_agentModel->reload();
        m_sessionModel->reload();
    }
}

void MainWindow::createDocks()
{
    m_marketplacePanel = new MarketplacePanel(m_client, *m_agentModel, this);
    m_sessionsPanel = new SessionsPanel(m_client, *m_sessionModel, m_agentModel, this);
    m_eventLogPanel = new EventLogPanel(*m_eventModel, this);
    m_timelinePanel = new TimelinePanel(m_client, *m_sessionModel, this);
    m_metricsPanel = new MetricsPanel(m_client, *m_sessionModel, *m_agentModel, this);
    auto *locks = new LocksPanel(m_client, this);
    m_tasksPanel = new TasksPanel(m_client, this);
    m_contextsPanel = new ContextsPanel(m_client, this);
    connect(m_timelinePanel, &TimelinePanel::sessionActivated, this, &MainWindow::openSession);
    auto say = [this](const QString &text) { statusBar()->showMessage(text, MessageMs); };
    connect(m_tasksPanel, &TasksPanel::message, this, say);
    connect(m_contextsPanel, &ContextsPanel::message, this, say);
    // The contexts follow the session selected in the Sessions dock.
    connect(m_sessionsPanel->view()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                m_contextsPanel->setSession(current.data(LiveTableModel::IdRole).toString());
            });
    connect(m_marketplacePanel, &MarketplacePanel::message, this, say);
    connect(m_sessionsPanel, &SessionsPanel::message, this, say);
    connect(m_sessionsPanel, &SessionsPanel::sessionActivated, this, &MainWindow::openSession);
    const QHash<QString, QWidget *> built{{QStringLiteral("marketplace"), m_marketplacePanel},
                                          {QStringLiteral("sessions"), m_sessionsPanel},
                                          {QStringLiteral("events"), m_eventLogPanel},
                                          {QStringLiteral("timeline"), m_timelinePanel},
                                          {QStringLiteral("metrics"), m_metricsPanel},
                                          {QStringLiteral("locks"), locks},
                                          {QStringLiteral("tasks"), m_tasksPanel},
                                          {QStringLiteral("contexts"), m_contextsPanel},
                                          {QStringLiteral("welcome"), createWelcome()}};
    for (const PanelInfo &panel : Panels) {
        auto *dock = new QDockWidget(tr(panel.title), this);
        dock->setObjectName(QStringLiteral("dock.") + QLatin1String(panel.id));
        QWidget *content = built.value(QLatin1String(panel.id));
        if (!content) {
            QLabel *text = placeholder(tr(panel.purpose));
            text->setObjectName(QLatin1String(panel.id));
            content = text;
        }
        dock->setWidget(content);
        addDockWidget(panel.area, dock);
        m_docks.append(dock);
    }
    // Related panels share a place as tabs.
    tabifyDockWidget(m_docks.at(1), m_docks.at(4)); // sessions | tasks
    tabifyDockWidget(m_docks.at(4), m_docks.at(5)); // tasks | contexts
    tabifyDockWidget(m_docks.at(2), m_docks.at(3)); // timeline | metrics
    tabifyDockWidget(m_docks.at(3), m_docks.at(6)); // metrics | events
    tabifyDockWidget(m_docks.at(5), m_docks.at(8)); // contexts | welcome
    tabifyDockWidget(m_docks.at(0), m_docks.at(7)); // marketplace | locks
    m_docks.at(0)->raise();
    m_docks.at(1)->raise();
    m_docks.at(6)->raise();
    // The work takes most of the room: sessions wide, the marketplace beside, events below.
    resizeDocks({m_docks.at(0), m_docks.at(1)}, {660, 740}, Qt::Horizontal);
    resizeDocks({m_docks.at(1), m_docks.at(6)}, {560, 300}, Qt::Vertical);
    // First run (nothing registered, nothing created yet): the welcome panel is in front.
    connect(m_sessionModel, &SessionModel::loaded, this, [this](int sessions) {
        if (sessions == 0 && m_agentModel->rowCount() == 0)
            m_docks.at(8)->raise();
    });
}

QWidget *MainWindow::createWelcome()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("welcome"));
    QLabel *text = placeholder(tr(Panels[8].purpose));
    text->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    text->setTextFormat(Qt::RichText);
    auto *demo = new QPushButton(tr("Start &demo"), page);
    demo->setObjectName(QStringLiteral("startDemo"));
    demo->setToolTip(tr("Launches three example agents and one command-line agent, and a stream of sessions, so "
                        "every panel comes alive."));
    demo->setEnabled(m_local != nullptr);
    connect(demo, &QPushButton::clicked, this, [this] { startDemo(); });
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(text);
    layout->addWidget(demo, 0, Qt::AlignLeft);
    layout->addStretch(1);
    return page;
}

QCoro::Task<> MainWindow::startDemo()
{
    if (!m_local || (m_demo && m_demo->isRunning()))
        co_return;
    const QPointer<MainWindow> self(this);
    if (!m_demo) {
        m_demo = new Demo(m_client, QUrl(m_local->apiUrl()), m_local->apiToken(), this);
        connect(m_demo, &Demo::message, this,
                [this](const QString &text) { statusBar()->showMessage(text, MessageMs); });
    }
    const QString refused = co_await m_demo->start();
    if (!self)
        co_return;
    if (!refused.isEmpty()) {
        statusBar()->showMessage(refused, MessageMs);
        co_return;
    }
    m_docks.at(1)->raise(); // the sessions, where the demo's work shows first
    m_docks.at(2)->raise(); // the timeline
}

SessionDetail *MainWindow::openSession(const QString &id)
{
    // One window per session: a second request brings the first to the front.
    for (SessionDetail *open : findChildren<SessionDetail *>()) {
        if (open->sessionId() == id) {
            open->raise();
            open->activateWindow();
            return open;
        }
    }
    auto *detail = new SessionDetail(m_client, id, this);
    detail->setAttribute(Qt::WA_DeleteOnClose);
    connect(detail, &SessionDetail::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, MessageMs); });
    detail->show();
    return detail;
}

QDockWidget *MainWindow::dock(const QString &id) const
{
    return findChild<QDockWidget *>(QStringLiteral("dock.") + id);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newSession
        = file->addAction(tr("&New Session…"), this, [this] { m_sessionsPanel->openNewSessionDialog(); });
    newSession->setShortcut(QKeySequence::New);
    file->addAction(tr("&Register External Agent…"), this, [this] { m_marketplacePanel->openRegisterDialog(); });
    file->addSeparator();
    QAction *copyToken = file->addAction(tr("Copy API &Token"), this, &MainWindow::copyApiToken);
    copyToken->setObjectName(QStringLiteral("action.copyToken"));
    copyToken->setEnabled(m_local != nullptr);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menu.view"));
    for (QDockWidget *dock : std::as_const(m_docks))
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    QAction *reset = view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    reset->setObjectName(QStringLiteral("action.resetLayout"));
    QAction *light = view->addAction(tr("&Light Theme"));
    light->setObjectName(QStringLiteral("action.lightTheme"));
    light->setCheckable(true);
    light->setChecked(QSettings().value(QStringLiteral("mainWindow/lightTheme"), false).toBool());
    connect(light, &QAction::toggled, this, &MainWindow::setLightTheme);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About %1").arg(QLatin1String(ProductName)), this, &MainWindow::showAbout);
}

void MainWindow::createStatusBar()
{
    auto label = [this](const char *name) {
        auto *l = new QLabel(this);
        l->setObjectName(QLatin1String(name));
        statusBar()->addPermanentWidget(l);
        return l;
    };
    m_healthLabel = label("status.health");
    m_storageLabel = label("status.storage");
    m_clientsLabel = label("status.clients");
    m_apiLabel = label("status.api");
    m_apiLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (m_local) {
        auto *copy = new QToolButton(this);
        copy->setObjectName(QStringLiteral("status.copyToken"));
        copy->setText(tr("Copy token"));
        copy->setToolTip(tr("Copy the API token to the clipboard"));
        copy->setAutoRaise(true);
        connect(copy, &QToolButton::clicked, this, &MainWindow::copyApiToken);
        statusBar()->addPermanentWidget(copy);
    }
}

void MainWindow::updateApiStatus()
{
    if (m_local) {
        m_apiLabel->setText(m_local->isRunning() ? tr("API %1").arg(m_local->apiUrl()) : tr("API stopped"));
        m_storageLabel->setText(tr("Storage: %1").arg(m_local->storageDescription()));
    } else {
        m_apiLabel->setText(m_client.isConnected() ? tr("Connected to %1").arg(m_client.describe())
                                                   : tr("Reconnecting to %1…").arg(m_client.describe()));
    }
    updateLiveStatus();
}

void MainWindow::updateLiveStatus()
{
    if (m_local)
        m_clientsLabel->setText(tr("WebSocket clients: %1").arg(m_local->webSocketClients()));
    else
        m_clientsLabel->setText(m_client.isConnected() ? tr("Events: live") : tr("Events: reconnecting"));
    refreshHealth();
}

QCoro::Task<> MainWindow::refreshHealth()
{
    if (m_healthBusy || !m_client.isConnected())
        co_return;
    const QPointer<MainWindow> self(this);
    m_healthBusy = true;
    const QString target = QStringLiteral("/health");
    const ApiReply reply = co_await m_client.get(target);
    if (!self)
        co_return;
    m_healthBusy = false;
    const QString status = reply.object.value(QStringLiteral("status")).toString();
    m_healthLabel->setText(status.isEmpty() ? tr("Health: unknown") : tr("Health: %1").arg(status));
    if (!m_local) {
        const QJsonObject database
            = reply.object.value(QStringLiteral("components")).toObject().value(QStringLiteral("database")).toObject();
        const QString backend = database.value(QStringLiteral("backend")).toString();
        m_storageLabel->setText(backend.isEmpty() ? QString() : tr("Storage: %1").arg(backend));
    }
}

void MainWindow::copyApiToken()
{
    if (!m_local)
        return;
    QApplication::clipboard()->setText(m_local->apiToken());
    statusBar()->showMessage(tr("API token copied to the clipboard"), 4000);
}

void MainWindow::setLightTheme(bool light)
{
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        applyTheme(*app, light ? Theme::Light : Theme::IndustrialDark);
    QSettings().setValue(QStringLiteral("mainWindow/lightTheme"), light);
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState);
    for (QDockWidget *dock : std::as_const(m_docks))
        dock->show();
}

void MainWindow::showAbout()
{
    QDialog dialog(this);
    Ui::AboutDialog ui;
    ui.setupUi(&dialog);
    ui.title->setText(QStringLiteral("<h2>%1</h2>").arg(QLatin1String(ProductName)));
    ui.version->setText(tr("Version %1, Qt %2").arg(QLatin1String(Version), QLatin1String(qVersion())));
    ui.apiAddress->setText(m_local ? (m_local->isRunning() ? m_local->apiUrl() : tr("not serving"))
                                   : m_client.describe());
    dialog.exec();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_demo)
        m_demo->stop();
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    for (const QTableView *view : findChildren<QTableView *>()) {
        if (!view->objectName().isEmpty())
            saveColumns(view);
    }
    QMainWindow::closeEvent(event);
}

} // namespace Orc::Gui
