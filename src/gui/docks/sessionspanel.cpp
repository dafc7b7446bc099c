#include "gui/docks/sessionspanel.h"

#include "gui/client/controlclient.h"
#include "gui/dialogs/newsessiondialog.h"
#include "gui/models/filterproxy.h"
#include "gui/models/sessionmodel.h"
#include "gui/widgets/formparts.h"

#include "domain/session.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPointer>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace Orc::Gui {

SessionsPanel::SessionsPanel(ControlClient &client, SessionModel &sessions, const AgentModel *agents, QWidget *parent)
    : QWidget(parent), m_client(client), m_sessions(sessions), m_agents(agents)
{
    setObjectName(QStringLiteral("sessionsPanel"));
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_new = toolbar->addAction(tr("&New…"), this, &SessionsPanel::openNewSessionDialog);
    m_new->setShortcut(QKeySequence::New);
    m_new->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_new->setToolTip(tr("Create a session (Ctrl+N)"));
    toolbar->addSeparator();
    const QList<std::pair<QString, QString>> actions{
        {QStringLiteral("start"), tr("Start")},   {QStringLiteral("pause"), tr("Pause")},
        {QStringLiteral("resume"), tr("Resume")}, {QStringLiteral("cancel"), tr("Cancel")},
        {QStringLiteral("retry"), tr("Retry")},
    };
    for (const auto &[action, label] : actions) {
        QAction *a = toolbar->addAction(label);
        a->setObjectName(action + QStringLiteral("Action"));
        const QString name = action;
        connect(a, &QAction::triggered, this, [this, name] { act(name); });
        m_actions.append({action, a});
    }

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("sessionFilter"));
    m_filter->setPlaceholderText(tr("Filter: title, agent, tag…"));
    m_filter->setClearButtonEnabled(true);
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("Any status"), QString());
    for (const QString &status : Domain::sessionStatusNames())
        m_status->addItem(status, status);
    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_filter, 1);
    filterBar->addWidget(m_status);

    m_proxy = new FilterProxy(this);
    m_proxy->setSourceModel(&sessions);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &FilterProxy::setText);
    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        const QString status = m_status->currentData().toString();
        m_proxy->setAllowed(SessionModel::Status, status.isEmpty() ? QSet<QString>() : QSet<QString>{status});
    });

    m_view = new QTableView(this);
    setUpTable(m_view, m_proxy, QStringLiteral("sessionsView"), true,
               {SessionModel::Title,
                {0, 130, 70, 80, 120, 80, 70, 80, 140, 140},
                {SessionModel::Type, SessionModel::Checkpoints, SessionModel::Updated}});
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SessionsPanel::updateActions);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &SessionsPanel::updateActions);
    connect(m_view, &QTableView::activated, this,
            [this](const QModelIndex &index) { emit sessionActivated(index.data(LiveTableModel::IdRole).toString()); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addLayout(filterBar);
    layout->addWidget(m_view, 1);
    updateActions();
}

QStringList SessionsPanel::selectedIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        ids.append(index.data(LiveTableModel::IdRole).toString());
    return ids;
}

void SessionsPanel::openNewSessionDialog()
{
    auto *dialog = new NewSessionDialog(m_client, m_agents, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewSessionDialog::created, this,
            [this](const QString &id) { emit message(tr("Session %1 created").arg(id.left(8))); });
    dialog->open();
}

QCoro::Task<> SessionsPanel::act(QString action)
{
    const QPointer<SessionsPanel> self(this);
    const QStringList ids = selectedIds();
    int done = 0;
    QStringList refused;
    for (const QString &id : ids) {
        const QString target = QStringLiteral("/api/v1/sessions/%1/%2").arg(id, action);
        const ApiReply reply = co_await m_client.post(target);
        if (!self)
            co_return;
        if (reply.ok())
            ++done;
        else
            refused.append(QStringLiteral("%1: %2").arg(id.left(8), reply.describe()));
    }
    QString label = action; // as the toolbar says it (translated), not the API's word
    for (const auto &[name, a] : std::as_const(m_actions)) {
        if (name == action)
            label = a->text().remove(QLatin1Char('&'));
    }
    if (refused.isEmpty())
        emit message(tr("%1: %n session(s)", nullptr, done).arg(label));
    else
        emit message(tr("%1 refused for %2").arg(label, refused.join(QStringLiteral("; "))));
}

void SessionsPanel::updateActions()
{
    // Offer what the rules allow for at least one selected session.
    QSet<QString> statuses;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        statuses.insert(m_proxy->index(index.row(), SessionModel::Status).data().toString());
    auto any = [&statuses](std::initializer_list<const char *> names) {
        for (const char *name : names) {
            if (statuses.contains(QLatin1String(name)))
                return true;
        }
        return false;
    };
    for (const auto &[action, a] : std::as_const(m_actions)) {
        bool enabled = false;
        if (action == QLatin1String("start"))
            enabled = any({"pending", "queued"});
        else if (action == QLatin1String("pause"))
            enabled = any({"running"});
        else if (action == QLatin1String("resume"))
            enabled = any({"paused"});
        else if (action == QLatin1String("cancel"))
            enabled = any({"pending", "queued", "running", "paused", "degraded"});
        else if (action == QLatin1String("retry"))
            enabled = any({"failed", "timeout", "stopped", "orphaned"});
        a->setEnabled(enabled);
    }
}

} // namespace Orc::Gui
