#include "gui/mainwindow.h"

#include "ui_aboutdialog.h"

#include "domain/version.h"
#include "runtime/orchestrator.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialog>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

namespace Orc::Gui {

namespace {

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
    : QMainWindow(parent), m_orchestrator(orchestrator)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("%1 — Control Room").arg(QLatin1String(ProductName)));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);

    auto *welcome = placeholder(tr("<h2>%1</h2><p>Agents, sessions, tasks and contexts appear in the panels around "
                                   "this room as they change. Use the View menu to show or hide a panel.</p>")
                                    .arg(QLatin1String(ProductName)));
    welcome->setObjectName(QStringLiteral("welcome"));
    setCentralWidget(welcome);

    createDocks();
    createMenus();
    createStatusBar();
    resize(1400, 900);
    m_defaultState = saveState();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());

    connect(&m_orchestrator, &Runtime::Orchestrator::started, this, &MainWindow::updateApiStatus);
    connect(&m_orchestrator, &Runtime::Orchestrator::stopped, this, &MainWindow::updateApiStatus);
    updateApiStatus();
}

void MainWindow::createDocks()
{
    for (const PanelInfo &panel : Panels) {
        auto *dock = new QDockWidget(tr(panel.title), this);
        dock->setObjectName(QStringLiteral("dock.") + QLatin1String(panel.id));
        dock->setWidget(placeholder(tr(panel.purpose)));
        addDockWidget(panel.area, dock);
        m_docks.append(dock);
    }
    // Related panels share a place as tabs.
    tabifyDockWidget(m_docks.at(1), m_docks.at(4)); // sessions | tasks
    tabifyDockWidget(m_docks.at(4), m_docks.at(5)); // tasks | contexts
    tabifyDockWidget(m_docks.at(2), m_docks.at(3)); // timeline | metrics
    tabifyDockWidget(m_docks.at(3), m_docks.at(6)); // metrics | events
    m_docks.at(1)->raise();
    m_docks.at(2)->raise();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *copyToken = file->addAction(tr("Copy API &Token"), this, &MainWindow::copyApiToken);
    copyToken->setObjectName(QStringLiteral("action.copyToken"));
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

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About %1").arg(QLatin1String(ProductName)), this, &MainWindow::showAbout);
}

void MainWindow::createStatusBar()
{
    m_apiLabel = new QLabel(this);
    m_apiLabel->setObjectName(QStringLiteral("status.api"));
    m_apiLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_storageLabel = new QLabel(this);
    m_storageLabel->setObjectName(QStringLiteral("status.storage"));
    statusBar()->addPermanentWidget(m_storageLabel);
    statusBar()->addPermanentWidget(m_apiLabel);
}

void MainWindow::updateApiStatus()
{
    m_apiLabel->setText(m_orchestrator.isRunning() ? tr("API %1").arg(m_orchestrator.apiUrl()) : tr("API stopped"));
    m_storageLabel->setText(tr("Storage: %1").arg(m_orchestrator.storageDescription()));
}

void MainWindow::copyApiToken()
{
    QApplication::clipboard()->setText(m_orchestrator.apiToken());
    statusBar()->showMessage(tr("API token copied to the clipboard"), 4000);
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
    ui.apiAddress->setText(m_orchestrator.isRunning() ? m_orchestrator.apiUrl() : tr("not serving"));
    dialog.exec();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace Orc::Gui
