// The control room under a real X server (Xvfb, started here) with the demo running: one PNG per
// dock, each raised in turn, written next to the test binary and to docs/screenshots/, and checked
// not to be blank (many colours, and the dock's own area not one flat colour).

#include "gui/demo.h"
#include "gui/docks/contextspanel.h"
#include "gui/docks/taskspanel.h"
#include "gui/mainwindow.h"
#include "gui/models/sessionmodel.h"
#include "gui/theme.h"
#include "gui/widgets/graphview.h"
#include "runtime/orchestrator.h"

#include "support/gate.h"

#include <qcorotask.h>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QImage>
#include <QListWidget>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <memory>

#include <signal.h>

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

qint64 g_xvfb = 0; // the Xvfb process, when one runs

// Distinct colours in a region (sampled every 2 px), up to a cap.
int colours(const QImage &image, const QRect &region)
{
    QSet<QRgb> seen;
    for (int y = region.top(); y < region.bottom(); y += 2) {
        for (int x = region.left(); x < region.right(); x += 2) {
            seen.insert(image.pixel(x, y));
            if (seen.size() > 500)
                return int(seen.size());
        }
    }
    return int(seen.size());
}

TEST(Screenshots, TheDemoRunningWithEachDockInFront)
{
    if (g_xvfb == 0)
        GTEST_SKIP() << "Xvfb is not installed (scripts/install-deps installs it)";
    if (Gui::Demo::exampleAgentPath().isEmpty())
        GTEST_SKIP() << "the example agent is not found";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    Runtime::Config config;
    config.dataDir = dir.path();
    config.listenPort = 0;
    config.database = QUrl(u"sqlite://"_s + dir.filePath(u"orc.db"_s));
    Runtime::Orchestrator orchestrator(config);
    ASSERT_TRUE(QCoro::waitFor(orchestrator.start()).ok());

    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    Gui::applyIndustrialTheme(*app);
    {
        Gui::MainWindow window(orchestrator);
        window.resize(1600, 1000);
        window.show();
        QCoro::waitFor(window.startDemo());
        ASSERT_NE(window.demo(), nullptr);
        ASSERT_TRUE(window.demo()->isRunning());
        // Alive: several sessions made, some running and some done, agents registered.
        ASSERT_TRUE(waitUntil(
            [&] {
                int running = 0, done = 0;
                for (int r = 0; r < window.sessionModel().rowCount(); ++r) {
                    const QString s = window.sessionModel().index(r, Gui::SessionModel::Status).data().toString();
                    running += s == u"running"_s ? 1 : 0;
                    done += s == u"completed"_s || s == u"failed"_s ? 1 : 0;
                }
                return running >= 2 && done >= 2;
            },
            60000))
            << window.sessionModel().rowCount() << " sessions";

        // The plan's graph and a diff of the two contexts on screen too.
        Gui::TasksPanel *tasks = window.tasksPanel();
        ASSERT_TRUE(waitUntil([&] { return !tasks->tree()->findItems(u"Release 2.0"_s, Qt::MatchExactly).isEmpty(); }));
        tasks->tree()->setCurrentItem(tasks->tree()->findItems(u"Release 2.0"_s, Qt::MatchExactly).first());
        ASSERT_TRUE(waitUntil([&] { return tasks->graph()->nodeCount() >= 4; }));
        Gui::ContextsPanel *contexts = window.contextsPanel();
        ASSERT_TRUE(waitUntil([&] { return contexts->list()->count() >= 2; }));
        contexts->diffWith()->setCurrentIndex(2);
        contexts->list()->setCurrentRow(0);
        ASSERT_TRUE(waitUntil([&] { return contexts->diff()->topLevelItemCount() > 0; }));

        const QDir out = QDir::current();
        const QDir docs(QStringLiteral(ORC_SOURCE_DIR "/docs/screenshots"));
        QDir().mkpath(docs.path());
        for (QDockWidget *dock : window.docks()) {
            dock->show();
            dock->raise();
            const QImage image = window.grab().toImage();
            const QString name = dock->objectName().mid(5) + u".png"_s; // "dock.sessions" -> "sessions.png"
            ASSERT_TRUE(image.save(out.filePath(u"screenshot-"_s + name)));
            EXPECT_TRUE(image.save(docs.filePath(name))) << docs.filePath(name).toStdString();
            EXPECT_GT(colours(image, image.rect()), 40) << name.toStdString() << " looks blank";
            const QRect area(dock->mapTo(&window, QPoint(0, 0)), dock->size());
            EXPECT_GT(colours(image, area.intersected(image.rect())), 3) << name.toStdString() << ": the dock is flat";
        }
        window.demo()->stop();
    }
    orchestrator.stop();
}

// Starts Xvfb on the first free display from :91 and waits until its socket exists; its pid, or 0.
qint64 startXvfb()
{
    const QString xvfb = QStandardPaths::findExecutable(u"Xvfb"_s);
    if (xvfb.isEmpty())
        return 0;
    for (int display = 91; display < 120; ++display) {
        const QString socket = u"/tmp/.X11-unix/X%1"_s.arg(display);
        if (QFileInfo::exists(socket) || QFileInfo::exists(u"/tmp/.X%1-lock"_s.arg(display)))
            continue;
        qint64 pid = 0;
        const QStringList args{u":%1"_s.arg(display), u"-screen"_s,   u"0"_s,
                               u"1600x1000x24"_s,     u"-nolisten"_s, u"tcp"_s};
        if (!QProcess::startDetached(xvfb, args, QString(), &pid))
            return 0;
        for (int i = 0; i < 200 && ::kill(pid_t(pid), 0) == 0; ++i) {
            if (QFileInfo::exists(socket)) {
                qputenv("DISPLAY", u":%1"_s.arg(display).toUtf8());
                return pid;
            }
            QThread::msleep(25); // an external process's start-up: its socket is the readiness signal
        }
        ::kill(pid_t(pid), SIGKILL);
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QStandardPaths::setTestModeEnabled(true);
    bool listing = false;
    for (int i = 1; i < argc; ++i)
        listing = listing || QByteArrayView(argv[i]).startsWith("--gtest_list_tests");
    if (!listing)
        g_xvfb = startXvfb();
    qputenv("QT_QPA_PLATFORM", g_xvfb ? "xcb" : "offscreen");
    int code = 0;
    {
        QApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("industrial-orchestrator-tests"));
        ::testing::InitGoogleTest(&argc, argv);
        code = RUN_ALL_TESTS();
    }
    if (g_xvfb)
        ::kill(pid_t(g_xvfb), SIGTERM);
    return code;
}
