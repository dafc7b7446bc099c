// Interaction tests of the control room (offscreen): the window embeds a real orchestrator on a
// temporary SQLite file, the panels are driven through their widgets, and what they show is
// checked against the API. The remote window talks to an orchestrator over a real socket.

#include "gui/client/localclient.h"
#include "gui/client/remoteclient.h"
#include "gui/dialogs/diagnosticsdialog.h"
#include "gui/dialogs/newsessiondialog.h"
#include "gui/dialogs/registeragentdialog.h"
#include "gui/dialogs/sessiondetail.h"
#include "gui/docks/contextspanel.h"
#include "gui/docks/eventlogpanel.h"
#include "gui/docks/lockspanel.h"
#include "gui/docks/marketplacepanel.h"
#include "gui/docks/metricspanel.h"
#include "gui/docks/sessionspanel.h"
#include "gui/docks/taskspanel.h"
#include "gui/docks/timelinepanel.h"
#include "gui/mainwindow.h"
#include "gui/models/agentmodel.h"
#include "gui/models/eventlogmodel.h"
#include "gui/models/filterproxy.h"
#include "gui/models/sessionmodel.h"
#include "gui/widgets/graphview.h"
#include "gui/widgets/timelineview.h"
#include "runtime/orchestrator.h"

#include "application/lockservice.h"

#include "domain/session.h"

#include "support/gate.h"
#include "support/httpclient.h"
#include "support/opencodeenv.h"
#include "support/running.h"

#include <qcorotask.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace Orc;
using namespace Orc::Testing;
using namespace Qt::StringLiterals;

namespace {

class ControlRoom : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(dir.isValid());
        Runtime::Config config;
        config.dataDir = dir.path();
        config.listenPort = 0;
        config.database = QUrl(u"sqlite://"_s + dir.filePath(u"orc.db"_s));
        orchestrator = std::make_unique<Runtime::Orchestrator>(config);
        ASSERT_TRUE(QCoro::waitFor(orchestrator->start()).ok());
        client = std::make_unique<Gui::LocalClient>(*orchestrator);
    }
    void TearDown() override
    {
        window.reset();
        client.reset();
        if (orchestrator)
            orchestrator->stop();
    }

    Gui::MainWindow &openWindow()
    {
        window = std::make_unique<Gui::MainWindow>(*client, orchestrator.get());
        window->show();
        return *window;
    }

    Gui::ApiReply api(const QByteArray &method, const QString &target, const QJsonObject &body = {})
    {
        return QCoro::waitFor(client->request(method, target, body));
    }

    // A process agent that echoes its prompt.
    QString processAgent(const QString &name, const QStringList &capabilities = {u"testing"_s})
    {
        const Gui::ApiReply reply
            = api("POST", u"/api/v1/agents"_s,
                  QJsonObject{{u"name"_s, name},
                              {u"kind"_s, u"process"_s},
                              {u"capabilities"_s, QJsonArray::fromStringList(capabilities)},
                              {u"config"_s,
                               QJsonObject{{u"command"_s, QJsonArray{u"sh"_s, u"-c"_s, u"read p; echo \"did: $p\""_s}},
                                           {u"working_directory"_s, dir.path()}}}});
        EXPECT_EQ(reply.status, 201) << reply.describe().toStdString();
        return reply.object.value(u"id"_s).toString();
    }

    template<typename Dialog>
    Dialog *openDialog(QWidget *parent)
    {
        Dialog *dialog = nullptr;
        waitUntil([&] { return (dialog = parent->findChild<Dialog *>()) != nullptr && dialog->isVisible(); }, 2000);
        return dialog;
    }

    static int rowOf(const QAbstractItemModel *model, int column, const QString &text)
    {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, column).data().toString() == text)
                return row;
        }
        return -1;
    }

    QTemporaryDir dir;
    std::unique_ptr<Runtime::Orchestrator> orchestrator;
    std::unique_ptr<Gui::LocalClient> client;
    std::unique_ptr<Gui::MainWindow> window;
};

TEST_F(ControlRoom, ASessionCreatedThroughTheDialogRunsInTheTable)
{
    const QString agentId = processAgent(u"echo-runner"_s);
    Gui::MainWindow &w = openWindow();
    ASSERT_TRUE(waitUntil([&] { return w.agentModel().rowCount() == 1; }));

    Gui::SessionsPanel *panel = w.sessionsPanel();
    panel->newAction()->trigger();
    auto *dialog = openDialog<Gui::NewSessionDialog>(panel);
    ASSERT_NE(dialog, nullptr);
    dialog->titleEdit()->setText(u"Write the parser"_s);
    dialog->promptEdit()->setPlainText(u"parse it"_s);
    const int agentIndex = dialog->agentCombo()->findData(agentId);
    ASSERT_GT(agentIndex, 0) << "the marketplace's agents are offered";
    dialog->agentCombo()->setCurrentIndex(agentIndex);
    ASSERT_TRUE(dialog->autoStartBox()->isChecked());
    QStringList seen; // every status the table showed for the new session
    QObject::connect(&w.sessionModel(), &QAbstractItemModel::dataChanged, &w, [&] {
        const int row = rowOf(&w.sessionModel(), Gui::SessionModel::Title, u"Write the parser"_s);
        const QString status
            = row < 0 ? QString() : w.sessionModel().index(row, Gui::SessionModel::Status).data().toString();
        if (!status.isEmpty() && (seen.isEmpty() || seen.constLast() != status))
            seen.append(status);
    });
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();

    // The row appears in the table (through the filter proxy) and reaches completed.
    QAbstractItemModel *shown = panel->view()->model();
    ASSERT_TRUE(waitUntil(
        [&] {
            const int row = rowOf(shown, Gui::SessionModel::Title, u"Write the parser"_s);
            return row >= 0 && shown->index(row, Gui::SessionModel::Status).data().toString() == u"completed"_s;
        },
        20000))
        << seen.join(u","_s).toStdString();
    const int row = rowOf(shown, Gui::SessionModel::Title, u"Write the parser"_s);
    EXPECT_EQ(shown->index(row, Gui::SessionModel::Agent).data().toString(), u"echo-runner"_s);
    EXPECT_EQ(shown->index(row, Gui::SessionModel::Status).data(Qt::DecorationRole).value<QColor>(),
              QColor(0x05, 0x96, 0x69));
    EXPECT_EQ(seen.constLast(), u"completed"_s);

    // The timeline drew it: pending, running, completed; a click on its bar opens the session.
    const QString sessionId = shown->index(row, 0).data(Gui::LiveTableModel::IdRole).toString();
    Gui::TimelineView *timeline = w.timelinePanel()->view();
    w.dock(u"timeline"_s)->raise();
    ASSERT_TRUE(waitUntil([&] {
        const Gui::TimelineView::Row *bar = timeline->row(sessionId);
        return bar && !bar->segments.empty() && bar->segments.back().status == u"completed"_s;
    }));
    QStringList segments;
    for (const auto &segment : timeline->row(sessionId)->segments)
        segments.append(segment.status);
    EXPECT_EQ(segments, (QStringList{u"pending"_s, u"running"_s, u"completed"_s}));
    timeline->setSpan(10000); // 10 s: the short run is wide enough to hit
    const QRect bar = timeline->barRect(sessionId);
    ASSERT_TRUE(bar.isValid());
    QTest::mouseClick(timeline, Qt::LeftButton, {}, bar.center());
    ASSERT_TRUE(waitUntil([&] { return w.findChild<Gui::SessionDetail *>() != nullptr; }));
    EXPECT_EQ(w.findChild<Gui::SessionDetail *>()->sessionId(), sessionId);

    // The event log saw it run, and the process's output line.
    QStringList summaries;
    for (int r = 0; r < w.eventModel().rowCount(); ++r)
        summaries.append(w.eventModel().index(r, Gui::EventLogModel::Summary).data().toString());
    EXPECT_TRUE(summaries.contains(u"pending → running"_s)) << summaries.join(u"|"_s).toStdString();
    EXPECT_TRUE(summaries.contains(u"did: parse it"_s)) << summaries.join(u"|"_s).toStdString();
    EXPECT_TRUE(window->grab().save(QDir::current().filePath(u"controlroom-session.png"_s)));
}

TEST_F(ControlRoom, TheNewSessionDialogShowsTheApisValidationUnderEachField)
{
    Gui::MainWindow &w = openWindow();
    w.sessionsPanel()->openNewSessionDialog();
    auto *dialog = openDialog<Gui::NewSessionDialog>(w.sessionsPanel());
    ASSERT_NE(dialog, nullptr);
    dialog->titleEdit()->setText(u"   "_s); // empty after trimming
    dialog->promptEdit()->setPlainText(QString());
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();

    auto *titleError = dialog->findChild<QLabel *>(u"error_title"_s);
    auto *promptError = dialog->findChild<QLabel *>(u"error_initial_prompt"_s);
    ASSERT_NE(titleError, nullptr);
    ASSERT_NE(promptError, nullptr);
    ASSERT_TRUE(waitUntil([&] { return titleError->isVisible(); }));
    EXPECT_FALSE(titleError->text().isEmpty());
    EXPECT_TRUE(promptError->isVisible());
    EXPECT_TRUE(dialog->isVisible()) << "what was typed stays";
    EXPECT_EQ(dialog->titleEdit()->text(), u"   "_s);
    EXPECT_EQ(api("GET", u"/api/v1/sessions"_s).object.value(u"total"_s).toInt(), 0);

    // Fixed, it goes through.
    dialog->titleEdit()->setText(u"Now valid"_s);
    dialog->promptEdit()->setPlainText(u"do it"_s);
    dialog->autoStartBox()->setChecked(false);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    ASSERT_TRUE(waitUntil([&] { return w.sessionModel().rowCount() == 1; }));
    EXPECT_EQ(w.sessionModel().index(0, Gui::SessionModel::Status).data().toString(), u"pending"_s);
}

TEST_F(ControlRoom, SortingTheSessionsKeepsNewOnesInOrderAndFiltersDoNotResort)
{
    for (const QString &title : {u"bravo"_s, u"alpha"_s, u"charlie"_s})
        ASSERT_EQ(
            api("POST", u"/api/v1/sessions"_s, QJsonObject{{u"title"_s, title}, {u"initial_prompt"_s, u"x"_s}}).status,
            201);
    Gui::MainWindow &w = openWindow();
    ASSERT_TRUE(waitUntil([&] { return w.sessionModel().rowCount() == 3; }));
    QAbstractItemModel *shown = w.sessionsPanel()->view()->model();
    auto titles = [&] {
        QStringList list;
        for (int row = 0; row < shown->rowCount(); ++row)
            list.append(shown->index(row, Gui::SessionModel::Title).data().toString());
        return list;
    };
    EXPECT_EQ(titles(), (QStringList{u"charlie"_s, u"alpha"_s, u"bravo"_s})) << "newest first, as loaded";
    w.sessionsPanel()->view()->sortByColumn(Gui::SessionModel::Title, Qt::AscendingOrder);
    EXPECT_EQ(titles(), (QStringList{u"alpha"_s, u"bravo"_s, u"charlie"_s}));
    // The model itself holds that order: a filter keeps it without sorting again.
    EXPECT_EQ(w.sessionModel().index(0, Gui::SessionModel::Title).data().toString(), u"alpha"_s);
    w.sessionsPanel()->filterEdit()->setText(u"a"_s);
    EXPECT_EQ(titles(), (QStringList{u"alpha"_s, u"bravo"_s, u"charlie"_s}));
    w.sessionsPanel()->filterEdit()->setText(u"r"_s);
    EXPECT_EQ(titles(), (QStringList{u"bravo"_s, u"charlie"_s}));
    w.sessionsPanel()->filterEdit()->clear();
    // A session created later joins its place.
    ASSERT_EQ(
        api("POST", u"/api/v1/sessions"_s, QJsonObject{{u"title"_s, u"apple"_s}, {u"initial_prompt"_s, u"x"_s}}).status,
        201);
    ASSERT_TRUE(waitUntil([&] {
        return titles() == QStringList{u"alpha"_s, u"apple"_s, u"bravo"_s, u"charlie"_s};
    })) << titles().join(u","_s).toStdString();
}

TEST_F(ControlRoom, RegisteringAnExternalAgentShowsItsSecretsOnce)
{
    Gui::MainWindow &w = openWindow();
    Gui::MarketplacePanel *market = w.marketplacePanel();
    market->registerAction()->trigger();
    auto *dialog = openDialog<Gui::RegisterAgentDialog>(market);
    ASSERT_NE(dialog, nullptr);
    dialog->nameEdit()->setText(u"outside-agent"_s);
    dialog->endpointEdit()->setText(u"http://127.0.0.1:9"_s);
    dialog->capabilityList()->item(0)->setCheckState(Qt::Checked);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();

    ASSERT_TRUE(waitUntil([&] { return !dialog->shownToken().isEmpty(); }))
        << dialog->errorLabel()->text().toStdString();
    const QString token = dialog->shownToken();
    EXPECT_FALSE(dialog->shownSecret().isEmpty());
    EXPECT_NE(token, dialog->shownSecret());
    auto *copy = dialog->findChild<QPushButton *>(u"authTokenCopy"_s);
    ASSERT_NE(copy, nullptr);
    copy->click();
    EXPECT_EQ(QApplication::clipboard()->text(), token);

    // The marketplace lists it; nothing the API shows afterwards carries the secrets.
    ASSERT_TRUE(waitUntil([&] { return rowOf(&w.agentModel(), Gui::AgentModel::Name, u"outside-agent"_s) >= 0; }));
    const QString agentId = dialog->agentId();
    const QByteArray shown = QJsonDocument(api("GET", u"/api/v1/agents/"_s + agentId).object).toJson();
    EXPECT_FALSE(shown.contains(token.toUtf8()));
    EXPECT_FALSE(shown.contains(dialog->shownSecret().toUtf8()));
    // The token shown is the real one: a heartbeat with it is taken.
    HttpClient http;
    const HttpResult beat
        = http.send("POST", QUrl(orchestrator->apiUrl() + u"/api/v1/agents/external/%1/heartbeat"_s.arg(agentId)),
                    R"({"status":"healthy","current_load":0.1,"tasks_in_progress":0,"metrics":{}})",
                    {{"X-Agent-Token", token.toUtf8()}, {"Content-Type", "application/json"}});
    EXPECT_EQ(beat.status, 204) << beat.body.toStdString();

    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click(); // "Done"
    ASSERT_TRUE(waitUntil([&] { return market->findChild<Gui::RegisterAgentDialog *>() == nullptr; }));
}

// A real OpenCode server (scripts/install-deps), supervised by the orchestrator, with the fake model.
TEST_F(ControlRoom, AnOpenCodeAgentAddedInTheMarketplaceAsksAndTheSessionWindowAnswers)
{
    if (const QString missing = OpenCodeEnvironment::missing(); !missing.isEmpty())
        GTEST_SKIP() << missing.toStdString();
    OpenCodeEnvironment environment(dir.path());
    ASSERT_TRUE(environment.start());
    const QString project = dir.filePath(u"project"_s);
    ASSERT_TRUE(QDir().mkpath(project));

    Gui::MainWindow &w = openWindow();
    Gui::MarketplacePanel *market = w.marketplacePanel();
    QAction *addInternal = market->findChild<QAction *>(u"addInternalAction"_s);
    ASSERT_NE(addInternal, nullptr);
    addInternal->trigger();
    auto *dialog = openDialog<Gui::RegisterAgentDialog>(market);
    ASSERT_NE(dialog, nullptr);
    dialog->runnerCombo()->setCurrentIndex(dialog->runnerCombo()->findData(u"opencode"_s));
    dialog->nameEdit()->setText(u"opencode-gui"_s);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);

    // What is missing is named under its field.
    ok->click();
    auto *modelError = dialog->findChild<QLabel *>(u"error_config.model_id"_s);
    ASSERT_NE(modelError, nullptr);
    ASSERT_TRUE(waitUntil([&] { return modelError->isVisible(); })) << dialog->errorLabel()->text().toStdString();
    EXPECT_FALSE(modelError->text().isEmpty());
    EXPECT_TRUE(dialog->findChild<QLabel *>(u"error_config.url"_s)->isVisible()) << "a URL or a program";

    auto edit = [&](const QString &name) { return dialog->findChild<QLineEdit *>(u"opencode_"_s + name); };
    edit(u"binary"_s)->setText(environment.wrapper());
    edit(u"password"_s)->setText(u"gui-secret"_s);
    edit(u"provider_id"_s)->setText(u"fake"_s);
    edit(u"model_id"_s)->setText(u"fake-model"_s);
    edit(u"directory"_s)->setText(project);
    auto *permission = dialog->findChild<QComboBox *>(u"opencode_permission"_s);
    permission->setCurrentIndex(permission->findData(u"ask"_s));
    dialog->capabilityList()->item(0)->setCheckState(Qt::Checked);
    // The dialog closes and deletes itself once the agent is added: only its signal tells the id.
    QString agentId;
    QObject::connect(dialog, &Gui::RegisterAgentDialog::registered, dialog,
                     [&agentId](const QString &id) { agentId = id; });
    const QPointer<Gui::RegisterAgentDialog> open(dialog);
    ok->click();
    ASSERT_TRUE(waitUntil([&] { return !agentId.isEmpty(); }))
        << (open ? open->errorLabel()->text().toStdString() : std::string());
    const QJsonObject config = api("GET", u"/api/v1/agents/"_s + agentId).object.value(u"config"_s).toObject();
    EXPECT_EQ(config.value(u"permission"_s).toString(), u"ask"_s);
    EXPECT_EQ(config.value(u"password"_s).toString(), u"********"_s);
    // The marketplace shows it offline while its server starts, then online.
    ASSERT_TRUE(waitUntil(
        [&] { return api("GET", u"/api/v1/agents/"_s + agentId).object.value(u"status"_s).toString() == u"online"_s; },
        90000));

    // A session that edits a file: its window shows the question and answers it.
    const QString target = QDir(project).filePath(u"from-the-gui.txt"_s);
    const QString id = api("POST", u"/api/v1/sessions"_s,
                           QJsonObject{{u"title"_s, u"write a file"_s},
                                       {u"initial_prompt"_s, u"WRITE_FILE %1 answered in the window"_s.arg(target)},
                                       {u"agent_config"_s, QJsonObject{{u"agent_id"_s, agentId}}},
                                       {u"auto_start"_s, true}})
                           .object.value(u"id"_s)
                           .toString();
    ASSERT_FALSE(id.isEmpty());
    Gui::SessionDetail *detail = w.openSession(id);
    ASSERT_NE(detail, nullptr);
    ASSERT_TRUE(waitUntil([&] { return detail->permissionsBox()->isVisible(); }, 90000))
        << detail->log()->toPlainText().toStdString();
    ASSERT_EQ(detail->permissions()->rowCount(), 1);
    EXPECT_EQ(detail->permissions()->item(0, 0)->text(), u"edit"_s);
    EXPECT_TRUE(detail->permissions()->item(0, 0)->toolTip().contains(u"answered in the window"_s)) << "the diff";
    EXPECT_TRUE(detail->log()->toPlainText().contains(u"asks permission"_s));
    EXPECT_FALSE(QFileInfo::exists(target));
    auto *once = detail->findChild<QPushButton *>(u"answer_once"_s);
    ASSERT_TRUE(once && once->isEnabled());
    once->click();
    ASSERT_TRUE(waitUntil(
        [&] { return api("GET", u"/api/v1/sessions/"_s + id).object.value(u"status"_s).toString() == u"completed"_s; },
        60000))
        << detail->log()->toPlainText().toStdString();
    EXPECT_TRUE(QFileInfo::exists(target));
    EXPECT_TRUE(waitUntil([&] { return !detail->permissionsBox()->isVisible(); }));
    EXPECT_TRUE(detail->log()->toPlainText().contains(u"FAKE_DONE: tool result received"_s));
}

TEST_F(ControlRoom, TheMarketplacesAgentActionsProbeMaintainResetAndDeregister)
{
    const QString agentId = processAgent(u"acted-on"_s);
    const QString sessionId = api("POST", u"/api/v1/sessions"_s,
                                  QJsonObject{{u"title"_s, u"one run"_s},
                                              {u"initial_prompt"_s, u"x"_s},
                                              {u"agent_config"_s, QJsonObject{{u"agent_id"_s, agentId}}},
                                              {u"auto_start"_s, true}})
                                  .object.value(u"id"_s)
                                  .toString();
    auto performance
        = [&] { return api("GET", u"/api/v1/agents/"_s + agentId).object.value(u"performance"_s).toObject(); };
    ASSERT_TRUE(waitUntil([&] { return performance().value(u"tasks_total"_s).toInt() == 1; }, 20000));
    Gui::MainWindow &w = openWindow();
    Gui::MarketplacePanel *market = w.marketplacePanel();
    ASSERT_TRUE(waitUntil([&] { return w.agentModel().rowCount() == 1; }));
    auto action = [&](const char *name) { return market->findChild<QAction *>(QLatin1String(name)); };
    EXPECT_FALSE(action("maintenanceAction")->isEnabled()) << "nothing selected";
    market->view()->selectRow(0);
    ASSERT_TRUE(action("maintenanceAction")->isEnabled());

    // Diagnostics: a real probe through the runner, and the run just made.
    action("diagnosticsAction")->trigger();
    auto *diagnostics = market->findChild<Gui::DiagnosticsDialog *>();
    ASSERT_NE(diagnostics, nullptr);
    ASSERT_TRUE(waitUntil([&] { return diagnostics->recentTasks()->rowCount() == 1; }))
        << diagnostics->probeLabel()->text().toStdString();
    EXPECT_FALSE(diagnostics->probeLabel()->text().contains(u"failed"_s))
        << diagnostics->probeLabel()->text().toStdString();
    EXPECT_EQ(diagnostics->recentTasks()->item(0, 1)->text(), sessionId.left(8));
    diagnostics->close();

    // Maintenance on, then off; the status column follows.
    auto status = [&] { return w.agentModel().index(0, Gui::AgentModel::Status).data().toString(); };
    action("maintenanceAction")->trigger();
    ASSERT_TRUE(waitUntil([&] { return status() == u"maintenance"_s; }));
    action("maintenanceAction")->trigger();
    ASSERT_TRUE(waitUntil([&] { return status() == u"online"_s; }));

    // Reset metrics: the run is forgotten.
    action("resetMetricsAction")->trigger();
    ASSERT_TRUE(waitUntil([&] { return performance().value(u"tasks_total"_s).toInt() == 0; }));

    // Deregister asks first; "No" keeps the agent, "Yes" removes it from the marketplace.
    action("deregisterAction")->trigger();
    auto *ask = market->findChild<QMessageBox *>();
    ASSERT_NE(ask, nullptr);
    ask->button(QMessageBox::No)->click();
    ASSERT_TRUE(waitUntil([&] { return market->findChild<QMessageBox *>() == nullptr; })) << "the question is gone";
    EXPECT_EQ(api("GET", u"/api/v1/agents/"_s + agentId).status, 200);
    action("deregisterAction")->trigger();
    ASSERT_TRUE(waitUntil([&] { return market->findChild<QMessageBox *>() != nullptr; }));
    market->findChild<QMessageBox *>()->button(QMessageBox::Yes)->click();
    ASSERT_TRUE(waitUntil([&] { return w.agentModel().rowCount() == 0; }));
    EXPECT_EQ(api("GET", u"/api/v1/agents/"_s + agentId).status, 404);
}

TEST_F(ControlRoom, TheSessionActionsPauseResumeAndCancelTheSelectedSessions)
{
    const Gui::ApiReply agent
        = api("POST", u"/api/v1/agents"_s,
              QJsonObject{{u"name"_s, u"long-runner"_s},
                          {u"kind"_s, u"process"_s},
                          {u"capabilities"_s, QJsonArray{u"testing"_s}},
                          {u"config"_s, QJsonObject{{u"command"_s, QJsonArray{u"sleep"_s, u"60"_s}}}}});
    ASSERT_EQ(agent.status, 201);
    const QString id = api("POST", u"/api/v1/sessions"_s,
                           QJsonObject{{u"title"_s, u"long"_s},
                                       {u"initial_prompt"_s, u"x"_s},
                                       {u"agent_config"_s, QJsonObject{{u"agent_id"_s, agent.object.value(u"id"_s)}}},
                                       {u"auto_start"_s, true}})
                           .object.value(u"id"_s)
                           .toString();
    Gui::MainWindow &w = openWindow();
    Gui::SessionsPanel *panel = w.sessionsPanel();
    auto status = [&] { return api("GET", u"/api/v1/sessions/"_s + id).object.value(u"status"_s).toString(); };
    auto shown = [&] {
        const int row = w.sessionModel().rowOf(id);
        return row < 0 ? QString() : w.sessionModel().index(row, Gui::SessionModel::Status).data().toString();
    };
    ASSERT_TRUE(waitUntil([&] { return shown() == u"running"_s; }));
    panel->view()->selectRow(0);
    auto action = [&](const char *name) { return panel->findChild<QAction *>(QLatin1String(name)); };
    EXPECT_FALSE(action("resumeAction")->isEnabled()) << "a running session cannot resume";
    ASSERT_TRUE(action("pauseAction")->isEnabled());
    action("pauseAction")->trigger();
    ASSERT_TRUE(waitUntil([&] { return shown() == u"paused"_s; }));
    EXPECT_EQ(status(), u"paused"_s);
    ASSERT_TRUE(action("resumeAction")->isEnabled());
    action("resumeAction")->trigger();
    ASSERT_TRUE(waitUntil([&] { return shown() == u"running"_s; }));
    action("cancelAction")->trigger();
    ASSERT_TRUE(waitUntil([&] { return shown() == u"cancelled"_s; }));
    EXPECT_EQ(status(), u"cancelled"_s);
    EXPECT_FALSE(action("cancelAction")->isEnabled()) << "nothing left to cancel";
}

TEST_F(ControlRoom, TheMarketplaceFiltersByCapabilityStatusAndText)
{
    processAgent(u"tester-one"_s, {u"testing"_s});
    processAgent(u"writer-two"_s, {u"documentation"_s, u"testing"_s});
    processAgent(u"coder-three"_s, {u"code_generation"_s});
    Gui::MainWindow &w = openWindow();
    ASSERT_TRUE(waitUntil([&] { return w.agentModel().rowCount() == 3; }));
    Gui::MarketplacePanel *market = w.marketplacePanel();
    QAbstractItemModel *shown = market->view()->model();

    market->capabilityCombo()->setCurrentIndex(market->capabilityCombo()->findData(u"testing"_s));
    EXPECT_EQ(shown->rowCount(), 2);
    market->filterEdit()->setText(u"writer"_s);
    EXPECT_EQ(shown->rowCount(), 1);
    EXPECT_EQ(shown->index(0, Gui::AgentModel::Name).data().toString(), u"writer-two"_s);
    market->filterEdit()->clear();
    market->capabilityCombo()->setCurrentIndex(0);
    EXPECT_EQ(shown->rowCount(), 3);

    // Maintenance through the API: the status filter follows the live change.
    const QString coder = w.agentModel().ids().at(rowOf(&w.agentModel(), Gui::AgentModel::Name, u"coder-three"_s));
    ASSERT_TRUE(api("PATCH", u"/api/v1/agents/"_s + coder, QJsonObject{{u"status"_s, u"maintenance"_s}}).ok());
    market->statusCombo()->setCurrentIndex(market->statusCombo()->findData(u"maintenance"_s));
    ASSERT_TRUE(waitUntil([&] { return shown->rowCount() == 1; }));
    EXPECT_EQ(shown->index(0, Gui::AgentModel::Name).data().toString(), u"coder-three"_s);
    EXPECT_TRUE(window->grab().save(QDir::current().filePath(u"controlroom-marketplace.png"_s)));
}

TEST_F(ControlRoom, TheSessionViewShowsTheLiveLogAndRestoresACheckpoint)
{
    const Gui::ApiReply agent
        = api("POST", u"/api/v1/agents"_s,
              QJsonObject{{u"name"_s, u"slow-runner"_s},
                          {u"kind"_s, u"process"_s},
                          {u"capabilities"_s, QJsonArray{u"testing"_s}},
                          {u"config"_s,
                           QJsonObject{{u"command"_s, QJsonArray{u"sh"_s, u"-c"_s, u"echo started; sleep 60"_s}}}}});
    ASSERT_EQ(agent.status, 201) << agent.describe().toStdString();
    const QString id = api("POST", u"/api/v1/sessions"_s,
                           QJsonObject{{u"title"_s, u"long job"_s},
                                       {u"initial_prompt"_s, u"go"_s},
                                       {u"agent_config"_s, QJsonObject{{u"agent_id"_s, agent.object.value(u"id"_s)}}},
                                       {u"auto_start"_s, true}})
                           .object.value(u"id"_s)
                           .toString();
    ASSERT_FALSE(id.isEmpty());
    Gui::MainWindow &w = openWindow();
    Gui::SessionDetail *detail = w.openSession(id);
    ASSERT_NE(detail, nullptr);
    EXPECT_EQ(w.openSession(id), detail) << "one window per session";

    // The process's output arrives in the log, live.
    ASSERT_TRUE(waitUntil([&] { return detail->log()->toPlainText().contains(u"started"_s); }, 10000));
    for (int step = 1; step <= 2; ++step) {
        ASSERT_EQ(api("POST", u"/api/v1/sessions/%1/checkpoints"_s.arg(id),
                      QJsonObject{{u"data"_s, QJsonObject{{u"step"_s, step}}}})
                      .status,
                  201);
    }
    ASSERT_TRUE(api("POST", u"/api/v1/sessions/%1/fail"_s.arg(id), QJsonObject{{u"error_message"_s, u"boom"_s}}).ok());
    ASSERT_TRUE(waitUntil(
        [&] { return detail->checkpoints()->rowCount() == 2 && detail->statusLabel()->text().contains(u"failed"_s); },
        10000))
        << detail->statusLabel()->text().toStdString();
    EXPECT_TRUE(detail->statusLabel()->text().contains(u"boom"_s));

    // Restore the older one (rows are newest first).
    EXPECT_FALSE(detail->restoreButton()->isEnabled()) << "nothing selected yet";
    detail->checkpoints()->selectRow(1);
    EXPECT_EQ(detail->checkpoints()->item(1, 0)->text(), u"1"_s);
    ASSERT_TRUE(detail->restoreButton()->isEnabled());
    detail->restoreButton()->click();
    ASSERT_TRUE(waitUntil([&] { return detail->statusLabel()->text().contains(u"pending"_s); }, 10000))
        << detail->statusLabel()->text().toStdString();
    const QJsonObject restored = api("GET", u"/api/v1/sessions/"_s + id).object;
    EXPECT_EQ(restored.value(u"status"_s).toString(), u"pending"_s);
    EXPECT_EQ(restored.value(u"resume_from"_s).toInt(), 1);
    EXPECT_TRUE(detail->statusLabel()->text().contains(u"checkpoint 1"_s));
    EXPECT_TRUE(detail->grab().save(QDir::current().filePath(u"controlroom-session-detail.png"_s)));
}

TEST_F(ControlRoom, TheMetricsChartSessionsCompletionsSuccessAndApiLatency)
{
    const QString agentId = processAgent(u"metric-runner"_s);
    Gui::MainWindow &w = openWindow();
    Gui::MetricsPanel *metrics = w.metricsPanel();
    QCoro::waitFor(metrics->sample()); // the baseline of the Prometheus counters
    for (const QString &title : {u"one"_s, u"two"_s}) {
        ASSERT_EQ(api("POST", u"/api/v1/sessions"_s,
                      QJsonObject{{u"title"_s, title},
                                  {u"initial_prompt"_s, u"x"_s},
                                  {u"agent_config"_s, QJsonObject{{u"agent_id"_s, agentId}}},
                                  {u"auto_start"_s, true}})
                      .status,
                  201);
    }
    ASSERT_TRUE(waitUntil(
        [&] {
            int done = 0;
            for (int r = 0; r < w.sessionModel().rowCount(); ++r)
                done += w.sessionModel().index(r, Gui::SessionModel::Status).data().toString() == u"completed"_s;
            return done == 2;
        },
        20000));
    HttpClient http; // API traffic over HTTP (the room's own requests do not use a socket)
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(http.send("GET", QUrl(orchestrator->apiUrl() + u"/api/v1/sessions"_s), {},
                            {{"Authorization", "Bearer " + orchestrator->apiToken().toUtf8()}})
                      .status,
                  200);
    QCoro::waitFor(metrics->sample());
    const Gui::MetricSample &last = metrics->history().samples().back();
    EXPECT_EQ(last.sessionsByStatus.value(u"completed"_s), 2);
    EXPECT_EQ(last.completionsPerMinute, 2.0);
    EXPECT_EQ(last.successRate, 1.0);
    EXPECT_GT(last.apiRequestsPerSecond, 0.0);
    EXPECT_GT(last.apiP99Ms, 0.0);
    EXPECT_GT(last.dispatchMs, 0.0) << "two dispatches were timed";
    // Drawn: the "completed" line of the first chart ends at 2.
    const int completed = int(Domain::sessionStatusNames().indexOf(u"completed"_s));
    ASSERT_FALSE(metrics->points(0, completed).isEmpty());
    EXPECT_EQ(metrics->points(0, completed).constLast().y(), 2.0);
    w.dock(u"metrics"_s)->raise();
    EXPECT_TRUE(window->grab().save(QDir::current().filePath(u"controlroom-metrics.png"_s)));
}

TEST_F(ControlRoom, TheLocksDockShowsHoldersAndQueuesLive)
{
    Gui::MainWindow &w = openWindow();
    auto *locks = qobject_cast<Gui::LocksPanel *>(w.dock(u"locks"_s)->widget());
    ASSERT_NE(locks, nullptr) << "the Locks dock holds the panel";
    Application::LockService &service = orchestrator->locks();
    Application::LockRequest first{u"repo:main"_s, u"session-a"_s, 1, 60000, 60000};
    auto held = QCoro::waitFor(service.acquire(first));
    ASSERT_TRUE(held.ok());
    // A second owner waits in the queue (its acquire is pending until the first lets go).
    Application::LockRequest second{u"repo:main"_s, u"session-b"_s, 5, 60000, 60000};
    auto waiting = service.acquire(second);
    ASSERT_TRUE(waitUntil([&] {
        QTreeWidgetItem *top = locks->tree()->topLevelItem(0);
        return top && top->text(1) == u"session-a"_s && top->childCount() == 1;
    })) << "held by session-a, session-b waiting";
    EXPECT_EQ(locks->tree()->topLevelItem(0)->child(0)->text(1), u"session-b"_s);

    ASSERT_TRUE(QCoro::waitFor(service.release(held.value())).ok());
    ASSERT_TRUE(waitUntil([&] {
        QTreeWidgetItem *top = locks->tree()->topLevelItem(0);
        return top && top->text(1) == u"session-b"_s && top->childCount() == 0;
    })) << "the lock passed to the waiter";
    auto second_ = QCoro::waitFor(std::move(waiting));
    ASSERT_TRUE(second_.ok());
    ASSERT_TRUE(QCoro::waitFor(service.release(second_.value())).ok());
}

TEST_F(ControlRoom, TheTasksDockShowsTheTreeTheCriticalPathAndDecomposes)
{
    auto task = [&](const QString &title, double hours) {
        const Gui::ApiReply created
            = api("POST", u"/api/v1/tasks"_s, QJsonObject{{u"title"_s, title}, {u"estimated_hours"_s, hours}});
        EXPECT_EQ(created.status, 201) << created.describe().toStdString();
        return created.object.value(u"id"_s).toString();
    };
    const QString design = task(u"Design the schema"_s, 8);
    const QString build = task(u"Build the importer"_s, 16);
    const QString docs = task(u"Write the docs"_s, 2);
    for (const QString &dependent : {build, docs}) {
        ASSERT_TRUE(api("POST", u"/api/v1/tasks/%1/dependencies"_s.arg(dependent),
                        QJsonObject{{u"depends_on_task_id"_s, design}})
                        .ok());
    }
    Gui::MainWindow &w = openWindow();
    Gui::TasksPanel *tasks = w.tasksPanel();
    ASSERT_TRUE(waitUntil([&] { return tasks->tree()->topLevelItemCount() == 3; }));
    w.dock(u"tasks"_s)->raise();

    // The importer's graph: the schema before it, on the critical path.
    QTreeWidgetItem *buildItem = tasks->tree()->findItems(u"Build the importer"_s, Qt::MatchExactly).value(0);
    ASSERT_NE(buildItem, nullptr);
    QSignalSpy shown(tasks, &Gui::TasksPanel::graphShown);
    tasks->tree()->setCurrentItem(buildItem);
    ASSERT_TRUE(shown.wait(5000));
    EXPECT_GE(tasks->graph()->nodeCount(), 2);
    EXPECT_EQ(tasks->graph()->criticalPath(), (QStringList{design, build}));
    EXPECT_FALSE(tasks->graph()->nodeRect(design).isNull());
    EXPECT_LT(tasks->graph()->nodeRect(design).x(), tasks->graph()->nodeRect(build).x()) << "dependencies to the left";
    EXPECT_TRUE(window->grab().save(QDir::current().filePath(u"controlroom-tasks.png"_s)));

    // Decompose a large task: its subtasks appear under it, live.
    const QString big = task(u"Migrate the whole platform"_s, 120);
    ASSERT_TRUE(waitUntil([&] { return tasks->tree()->topLevelItemCount() == 4; }));
    tasks->tree()->setCurrentItem(tasks->tree()->findItems(u"Migrate the whole platform"_s, Qt::MatchExactly).value(0));
    ASSERT_TRUE(tasks->decomposeAction()->isEnabled());
    tasks->decomposeAction()->trigger();
    int subtasks = 0;
    ASSERT_TRUE(waitUntil([&] {
        subtasks = api("GET", u"/api/v1/tasks/%1/subtasks"_s.arg(big)).object.value(u"total"_s).toInt();
        return subtasks > 0;
    })) << "the server split it";
    ASSERT_TRUE(waitUntil([&] {
        QTreeWidgetItem *item = tasks->tree()->findItems(u"Migrate the whole platform"_s, Qt::MatchExactly).value(0);
        return item && item->childCount() == subtasks;
    })) << "every subtask under its parent";
}

TEST_F(ControlRoom, TheContextsDockShowsDataHistoryDiffAndMerges)
{
    auto context = [&](const QString &name, const QJsonObject &data) {
        const Gui::ApiReply created = api(
            "POST", u"/api/v1/contexts"_s,
            QJsonObject{{u"scope"_s, u"global"_s}, {u"data"_s, data}, {u"metadata"_s, QJsonObject{{u"name"_s, name}}}});
        EXPECT_EQ(created.status, 201) << created.describe().toStdString();
        return created.object.value(u"id"_s).toString();
    };
    const QString left
        = context(u"left"_s, QJsonObject{{u"build"_s, QJsonObject{{u"target"_s, u"x86"_s}}}, {u"only_left"_s, 1}});
    const QString right
        = context(u"right"_s, QJsonObject{{u"build"_s, QJsonObject{{u"target"_s, u"arm"_s}}}, {u"only_right"_s, 2}});
    ASSERT_TRUE(api("PUT", u"/api/v1/contexts/%1/keys/build.jobs"_s.arg(left), QJsonObject{{u"value"_s, 8}}).ok());

    Gui::MainWindow &w = openWindow();
    Gui::ContextsPanel *contexts = w.contextsPanel();
    w.dock(u"contexts"_s)->raise();
    ASSERT_TRUE(waitUntil([&] { return contexts->list()->count() == 2; }));
    int leftRow = -1;
    for (int row = 0; row < 2; ++row)
        leftRow = contexts->list()->item(row)->text().contains(u"left"_s) ? row : leftRow;
    ASSERT_GE(leftRow, 0);
    contexts->diffWith()->setCurrentIndex(contexts->diffWith()->findData(right));
    contexts->list()->setCurrentRow(-1); // choosing it again reads it with the diff chosen above
    contexts->list()->setCurrentRow(leftRow);
    ASSERT_TRUE(waitUntil([&] { return contexts->diff()->topLevelItemCount() == 4; }))
        << contexts->diff()->topLevelItemCount() << " changes shown";

    // Data as a tree (build.target, build.jobs, only_left), the history of the PUT, and the diff.
    const QList<QTreeWidgetItem *> build = contexts->data()->findItems(u"build"_s, Qt::MatchExactly);
    ASSERT_EQ(build.size(), 1);
    EXPECT_EQ(build.first()->childCount(), 2);
    ASSERT_GE(contexts->history()->topLevelItemCount(), 1);
    EXPECT_EQ(contexts->history()->topLevelItem(0)->text(1), u"build.jobs"_s);
    QStringList changes;
    for (int i = 0; i < contexts->diff()->topLevelItemCount(); ++i)
        changes.append(contexts->diff()->topLevelItem(i)->text(1));
    changes.sort();
    EXPECT_EQ(changes, (QStringList{u"build.jobs"_s, u"build.target"_s, u"only_left"_s, u"only_right"_s}))
        << "every flattened key that differs";
    w.dock(u"contexts"_s)->raise();
    EXPECT_TRUE(window->grab().save(QDir::current().filePath(u"controlroom-contexts.png"_s)));

    // Merge the two (deep): a third context appears, live, with both sides' keys.
    const QString merged = QCoro::waitFor(contexts->merge({left, right}, u"deep_merge"_s));
    ASSERT_FALSE(merged.isEmpty());
    ASSERT_TRUE(waitUntil([&] { return contexts->list()->count() == 3; }));
    const QJsonObject data = api("GET", u"/api/v1/contexts/"_s + merged).object.value(u"data"_s).toObject();
    EXPECT_TRUE(data.contains(u"only_left"_s));
    EXPECT_TRUE(data.contains(u"only_right"_s));
}

// `orchestrator --connect` against the real headless service, a separate process.
TEST(RemoteControlRoom, AConnectedWindowShowsTheHeadlessServicesSessionsLive)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    Running service(QStringLiteral(ORC_HEADLESS_BINARY), {u"--data-dir"_s, dir.path(), u"--listen"_s, u"127.0.0.1:0"_s},
                    dir);
    const QString url = service.waitForListening();
    ASSERT_FALSE(url.isEmpty()) << service.process().readAllStandardError().toStdString();
    QFile tokenFile(dir.filePath(u"api-token"_s));
    ASSERT_TRUE(tokenFile.open(QIODevice::ReadOnly));
    const QByteArray token = tokenFile.readAll().trimmed();
    HttpClient http;
    auto create = [&](const QString &title) {
        const HttpResult created
            = http.send("POST", QUrl(url + u"/api/v1/sessions"_s),
                        QJsonDocument(QJsonObject{{u"title"_s, title}, {u"initial_prompt"_s, u"x"_s}}).toJson(),
                        {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
        EXPECT_EQ(created.status, 201) << created.body.toStdString();
        return created.json().value(u"id"_s).toString();
    };
    const QString first = create(u"made before the window"_s);

    Gui::RemoteClient remote{QUrl(url), token};
    remote.open();
    Gui::MainWindow window(remote, nullptr);
    window.show();
    ASSERT_TRUE(waitUntil([&] { return remote.isConnected() && window.sessionModel().rowOf(first) >= 0; }, 15000));
    const QString second = create(u"made while it watches"_s);
    ASSERT_TRUE(waitUntil([&] { return window.sessionModel().rowOf(second) >= 0; }, 15000)) << "over the WebSocket";
    EXPECT_EQ(window.sessionModel().rowCount(), 2);
    EXPECT_TRUE(window.windowTitle().contains(url));
}

TEST(MetricSeries, PrometheusTotalsAndTheP99OfAnInterval)
{
    const QByteArray before = "http_requests_total{method=\"GET\",route=\"/a\",status=\"200\"} 10\n"
                              "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.001\"} 5\n"
                              "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.01\"} 10\n"
                              "http_request_duration_seconds_bucket{route=\"/a\",le=\"+Inf\"} 10\n"
                              "orchestrator_dispatch_duration_seconds_sum 0.5\n"
                              "orchestrator_dispatch_duration_seconds_count 5\n";
    const QByteArray after = "# HELP x\nhttp_requests_total{method=\"GET\",route=\"/a\",status=\"200\"} 110\n"
                             "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.001\"} 5\n"
                             "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.01\"} 105\n"
                             "http_request_duration_seconds_bucket{route=\"/a\",le=\"+Inf\"} 110\n"
                             "orchestrator_dispatch_duration_seconds_sum 1.5\n"
                             "orchestrator_dispatch_duration_seconds_count 10\n";
    const Gui::PrometheusTotals a = Gui::parsePrometheus(before);
    const Gui::PrometheusTotals b = Gui::parsePrometheus(after);
    EXPECT_EQ(a.requests, 10.0);
    EXPECT_EQ(b.requests, 110.0);
    EXPECT_EQ(b.dispatchCount, 10.0);
    // Of the 100 requests in between, 95 took <= 10 ms and 5 more: the p99 is beyond the last bound.
    EXPECT_EQ(Gui::p99Between(a, b), -1.0);
    const Gui::PrometheusTotals c = Gui::parsePrometheus(QByteArray(after).replace("} 110\n", "} 105\n"));
    EXPECT_DOUBLE_EQ(Gui::p99Between(a, c), 10.0) << "95 requests, all within 10 ms";
}

TEST(MetricSeries, AWindowIsDownsampledToAtMostTheAskedPoints)
{
    Gui::MetricHistory history;
    for (int i = 0; i < 10000; ++i) {
        Gui::MetricSample s;
        s.atMs = 1000000 + i * 100;
        s.tokens = i;
        s.dispatchMs = i % 2 ? -1 : 5; // unknown every other sample
        history.append(s);
    }
    const qint64 now = 1000000 + 10000 * 100;
    const QList<QPointF> tokens
        = history.series([](const Gui::MetricSample &s) { return s.tokens; }, now, 1000000, 600);
    EXPECT_LE(tokens.size(), 600);
    EXPECT_GE(tokens.size(), 590);
    EXPECT_NEAR(tokens.constLast().y(), 9999.0, 10.0) << "the newest sample of the last bucket";
    EXPECT_LE(tokens.constLast().x(), 0.0);
    for (const QPointF &p : history.series([](const Gui::MetricSample &s) { return s.dispatchMs; }, now, 1000000, 100))
        EXPECT_EQ(p.y(), 5.0) << "unknown samples are left out, not averaged in";
}

TEST_F(ControlRoom, ARemoteWindowShowsTheSameSessionsLive)
{
    for (const QString &title : {u"alpha"_s, u"beta"_s})
        ASSERT_EQ(
            api("POST", u"/api/v1/sessions"_s, QJsonObject{{u"title"_s, title}, {u"initial_prompt"_s, u"x"_s}}).status,
            201);
    Gui::RemoteClient remote(QUrl(orchestrator->apiUrl()), orchestrator->apiToken().toUtf8());
    remote.open();
    Gui::MainWindow w(remote, nullptr);
    w.show();
    ASSERT_TRUE(waitUntil([&] { return remote.isConnected() && w.sessionModel().rowCount() == 2; }, 10000));
    QStringList local;
    for (const QJsonValue &s : api("GET", u"/api/v1/sessions"_s).object.value(u"items"_s).toArray())
        local.append(s.toObject().value(u"id"_s).toString());
    QStringList shown = w.sessionModel().ids();
    local.sort();
    shown.sort();
    EXPECT_EQ(shown, local);

    // A session made elsewhere arrives over the WebSocket; an action from the remote window acts.
    const QString gamma
        = api("POST", u"/api/v1/sessions"_s, QJsonObject{{u"title"_s, u"gamma"_s}, {u"initial_prompt"_s, u"x"_s}})
              .object.value(u"id"_s)
              .toString();
    ASSERT_TRUE(waitUntil([&] { return w.sessionModel().rowOf(gamma) >= 0; }, 10000));
    const Gui::ApiReply cancelled = QCoro::waitFor(remote.post(u"/api/v1/sessions/%1/cancel"_s.arg(gamma)));
    EXPECT_TRUE(cancelled.ok()) << cancelled.describe().toStdString();
    ASSERT_TRUE(waitUntil(
        [&] {
            const int row = w.sessionModel().rowOf(gamma);
            return row >= 0
                   && w.sessionModel().index(row, Gui::SessionModel::Status).data().toString() == u"cancelled"_s;
        },
        10000));
    EXPECT_EQ(api("GET", u"/api/v1/sessions/"_s + gamma).object.value(u"status"_s).toString(), u"cancelled"_s);
    EXPECT_TRUE(w.windowTitle().contains(orchestrator->apiUrl()));

    // "http://host:port/" is the same server as "http://host:port".
    Gui::RemoteClient slash(QUrl(orchestrator->apiUrl() + u"/"_s), orchestrator->apiToken().toUtf8());
    EXPECT_EQ(QCoro::waitFor(slash.get(u"/api/v1/sessions"_s)).object.value(u"total"_s).toInt(), 3);

    // A wrong token is refused, with the API's answer.
    Gui::RemoteClient wrong(QUrl(orchestrator->apiUrl()), "not-the-token");
    const Gui::ApiReply refused = QCoro::waitFor(wrong.get(u"/api/v1/sessions"_s));
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.error, u"UNAUTHORIZED"_s);
}

} // namespace

int main(int argc, char **argv)
{
    QStandardPaths::setTestModeEnabled(true);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("industrial-orchestrator-tests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
