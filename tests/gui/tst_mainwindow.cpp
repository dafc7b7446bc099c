#include "gui/mainwindow.h"
#include "gui/theme.h"
#include "runtime/orchestrator.h"

#include "support/qtprinters.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>

#include <gtest/gtest.h>

using namespace Orc;

namespace {

class MainWindowTest : public ::testing::Test
{
protected:
    MainWindowTest() : orchestrator(config()) {}

    Runtime::Config config()
    {
        Runtime::Config c;
        c.dataDir = dir.path();
        c.listenPort = 0;
        c.database = QUrl(QStringLiteral("memory:"));
        return c;
    }

    QMenu *viewMenu(Gui::MainWindow &window)
    {
        return window.menuBar()->findChild<QMenu *>(QStringLiteral("menu.view"));
    }

    QTemporaryDir dir;
    Runtime::Orchestrator orchestrator;
};

const QStringList ExpectedDocks = {
    QStringLiteral("dock.marketplace"), QStringLiteral("dock.sessions"), QStringLiteral("dock.timeline"),
    QStringLiteral("dock.metrics"),     QStringLiteral("dock.tasks"),    QStringLiteral("dock.contexts"),
    QStringLiteral("dock.events"),      QStringLiteral("dock.locks"),    QStringLiteral("dock.welcome"),
};

} // namespace

TEST_F(MainWindowTest, HasTheDocksOfTheControlRoom)
{
    Gui::MainWindow window(orchestrator);
    window.show();
    QStringList names;
    for (QDockWidget *dock : window.docks()) {
        names.append(dock->objectName());
        EXPECT_FALSE(dock->windowTitle().isEmpty());
        EXPECT_NE(window.dockWidgetArea(dock), Qt::NoDockWidgetArea) << dock->objectName().toStdString();
    }
    EXPECT_EQ(names, ExpectedDocks);

    // Look at it: the screenshot is kept next to the test binary.
    const QString shot = QDir::current().filePath(QStringLiteral("mainwindow.png"));
    EXPECT_TRUE(window.grab().save(shot));
}

TEST_F(MainWindowTest, ViewMenuShowsAndHidesEachDock)
{
    Gui::MainWindow window(orchestrator);
    window.show();
    QMenu *view = viewMenu(window);
    ASSERT_NE(view, nullptr);
    for (QDockWidget *dock : window.docks()) {
        QAction *toggle = dock->toggleViewAction();
        EXPECT_TRUE(view->actions().contains(toggle)) << dock->objectName().toStdString();
        EXPECT_FALSE(dock->isHidden());
        toggle->trigger();
        EXPECT_TRUE(dock->isHidden());
        toggle->trigger();
        EXPECT_FALSE(dock->isHidden());
    }
}

TEST_F(MainWindowTest, ResetLayoutBringsBackHiddenDocks)
{
    Gui::MainWindow window(orchestrator);
    window.show();
    for (QDockWidget *dock : window.docks())
        dock->hide();
    window.resetLayout();
    for (QDockWidget *dock : window.docks())
        EXPECT_FALSE(dock->isHidden()) << dock->objectName().toStdString();
}

TEST_F(MainWindowTest, StatusBarShowsTheApiAddressOnceStarted)
{
    Gui::MainWindow window(orchestrator);
    auto *api = window.findChild<QLabel *>(QStringLiteral("status.api"));
    ASSERT_NE(api, nullptr);
    EXPECT_TRUE(api->text().contains(QLatin1String("stopped")));
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());
    EXPECT_TRUE(api->text().contains(orchestrator.apiUrl())) << api->text().toStdString();
    orchestrator.stop();
    EXPECT_TRUE(api->text().contains(QLatin1String("stopped")));
}

TEST_F(MainWindowTest, IndustrialThemeIsDarkWithAmberAccents)
{
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    ASSERT_NE(app, nullptr);
    const QPalette before = QApplication::palette();
    Gui::applyIndustrialTheme(*app);
    EXPECT_LT(QApplication::palette().color(QPalette::Window).lightnessF(), 0.25);
    EXPECT_GT(QApplication::palette().color(QPalette::WindowText).lightnessF(), 0.75);
    EXPECT_EQ(QApplication::palette().color(QPalette::Highlight), QColor(0xF5, 0x9E, 0x0B));
    EXPECT_TRUE(app->styleSheet().contains(QLatin1String("QDockWidget::title")));

    Gui::MainWindow window(orchestrator);
    window.show();
    EXPECT_TRUE(window.grab().save(QDir::current().filePath(QStringLiteral("mainwindow-dark.png"))));
    app->setStyleSheet({});
    QApplication::setPalette(before);
}

// The .ts files are compiled into the binary; a German user gets German panel titles.
TEST_F(MainWindowTest, GermanTranslationNamesThePanels)
{
    QTranslator german;
    ASSERT_TRUE(german.load(QStringLiteral(":/i18n/orchestrator_de.qm")));
    QCoreApplication::installTranslator(&german);
    Gui::MainWindow window(orchestrator);
    QCoreApplication::removeTranslator(&german);
    QStringList titles;
    for (QDockWidget *dock : window.docks())
        titles.append(dock->windowTitle());
    EXPECT_TRUE(titles.contains(QStringLiteral("Sitzungen"))) << titles.join(QLatin1Char(',')).toStdString();
    EXPECT_TRUE(titles.contains(QStringLiteral("Agenten-Marktplatz")));
}

int main(int argc, char **argv)
{
    QStandardPaths::setTestModeEnabled(true); // layout settings go to a test location
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // test discovery runs without the tests' environment
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("industrial-orchestrator-tests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
