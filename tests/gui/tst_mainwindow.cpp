#include "gui/docks/marketplacepanel.h"
#include "gui/docks/sessionspanel.h"
#include "gui/docks/taskspanel.h"
#include "gui/mainwindow.h"
#include "gui/models/sessionmodel.h"
#include "gui/theme.h"
#include "runtime/orchestrator.h"

#include "support/qtprinters.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>

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

// tr() in the room's classes finds its messages: the files' contexts are the classes' full names.
TEST_F(MainWindowTest, GermanTranslationReachesEveryPanelsOwnTexts)
{
    QTranslator german;
    ASSERT_TRUE(german.load(QStringLiteral(":/i18n/orchestrator_de.qm")));
    QCoreApplication::installTranslator(&german);
    Gui::MainWindow window(orchestrator);
    const QString header = window.sessionModel().headerData(0, Qt::Horizontal).toString(); // asked when shown
    QCoreApplication::removeTranslator(&german);
    EXPECT_EQ(header, QStringLiteral("Titel"));
    EXPECT_EQ(window.sessionsPanel()->newAction()->text(), QStringLiteral("&Neu…"));
    EXPECT_NE(window.marketplacePanel()->registerAction()->text(), QStringLiteral("&Register external…"));
    EXPECT_NE(window.tasksPanel()->decomposeAction()->text(), QStringLiteral("&Decompose"));
}

// Every message of both translations is finished, with the source's placeholders (%1 … %n) and,
// when the source has one, a keyboard accelerator; plural messages have their language's forms.
TEST(Translations, AreCompleteWithTheSourcesPlaceholders)
{
    const QRegularExpression placeholder(QStringLiteral("%(\\d+|n)"));
    auto placeholders = [&](const QString &text) {
        QStringList found;
        for (auto it = placeholder.globalMatch(text); it.hasNext();)
            found.append(it.next().captured());
        found.sort();
        return found;
    };
    auto hasAccelerator = [](QString text) {
        text.remove(QStringLiteral("&&"));
        const qsizetype at = text.indexOf(QLatin1Char('&'));
        return at >= 0 && at + 1 < text.size() && text.at(at + 1).isLetterOrNumber();
    };
    for (const auto &[file, forms] :
         {std::pair{QStringLiteral("orchestrator_de.ts"), 2}, std::pair{QStringLiteral("orchestrator_zh_CN.ts"), 1}}) {
        SCOPED_TRACE(file.toStdString());
        QFile ts(QStringLiteral(ORC_SOURCE_DIR "/translations/") + file);
        ASSERT_TRUE(ts.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&ts);
        int messages = 0;
        QString source;
        QStringList translations;
        bool numerus = false;
        bool unfinished = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("message")) {
                numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                translations.clear();
                unfinished = false;
            } else if (xml.isStartElement() && xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("translation")) {
                unfinished = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished");
                if (!numerus)
                    translations.append(xml.readElementText());
            } else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                translations.append(xml.readElementText());
            } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
                ++messages;
                EXPECT_FALSE(unfinished) << "unfinished: " << source.toStdString();
                EXPECT_EQ(translations.size(), numerus ? forms : 1) << source.toStdString();
                for (const QString &translation : std::as_const(translations)) {
                    EXPECT_FALSE(translation.trimmed().isEmpty()) << source.toStdString();
                    EXPECT_EQ(placeholders(translation), placeholders(source)) << source.toStdString();
                    if (hasAccelerator(source)) {
                        EXPECT_TRUE(hasAccelerator(translation)) << "no accelerator: " << translation.toStdString();
                    }
                }
            }
        }
        EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
        EXPECT_GT(messages, 200) << "every string of the room";
    }
}

TEST_F(MainWindowTest, ChineseTranslationNamesThePanels)
{
    QTranslator chinese;
    ASSERT_TRUE(chinese.load(QStringLiteral(":/i18n/orchestrator_zh_CN.qm")));
    QCoreApplication::installTranslator(&chinese);
    Gui::MainWindow window(orchestrator);
    QCoreApplication::removeTranslator(&chinese);
    QStringList titles;
    for (QDockWidget *dock : window.docks())
        titles.append(dock->windowTitle());
    EXPECT_TRUE(titles.contains(QStringLiteral("会话"))) << titles.join(QLatin1Char(',')).toStdString();
    for (const QString &title : std::as_const(titles))
        EXPECT_FALSE(title.contains(QLatin1String("Session"))) << title.toStdString();
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
