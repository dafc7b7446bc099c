#include "gui/docks/marketplacepanel.h"

#include "gui/client/controlclient.h"
#include "gui/dialogs/diagnosticsdialog.h"
#include "gui/dialogs/registeragentdialog.h"
#include "gui/models/agentmodel.h"
#include "gui/models/filterproxy.h"
#include "gui/widgets/formparts.h"
#include "gui/widgets/loaddelegate.h"

#include "domain/agent.h"
#include "domain/capability.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace Orc::Gui {

namespace {

QComboBox *choice(const QString &any, const QStringList &values, const QString &name, QWidget *parent)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(name);
    combo->addItem(any, QString());
    for (const QString &value : values)
        combo->addItem(value, value);
    return combo;
}

} // namespace

MarketplacePanel::MarketplacePanel(ControlClient &client, AgentModel &agents, QWidget *parent)
    : QWidget(parent), m_client(client), m_agents(agents)
{
    setObjectName(QStringLiteral("marketplacePanel"));
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_register = toolbar->addAction(tr("&Register external…"), this, &MarketplacePanel::openRegisterDialog);
    m_register->setObjectName(QStringLiteral("registerAction"));
    toolbar->addAction(tr("&Add internal…"), this, &MarketplacePanel::openAddInternalDialog)
        ->setObjectName(QStringLiteral("addInternalAction"));
    toolbar->addSeparator();
    QAction *diagnostics = toolbar->addAction(tr("&Diagnostics…"), this, &MarketplacePanel::openDiagnostics);
    QAction *maintenance = toolbar->addAction(tr("&Maintenance"));
    maintenance->setToolTip(tr("Take the agent out of routing, or bring it back"));
    connect(maintenance, &QAction::triggered, this, [this] {
        const QJsonObject *agent = m_agents.object(currentAgentId());
        if (!agent)
            return;
        const bool inMaintenance = agent->value(QStringLiteral("status")).toString() == QLatin1String("maintenance");
        const QString status = inMaintenance ? QStringLiteral("online") : QStringLiteral("maintenance");
        act("PATCH", QString(), QJsonObject{{QStringLiteral("status"), status}},
            inMaintenance ? tr("back online") : tr("in maintenance"));
    });
    QAction *reset = toolbar->addAction(tr("Reset &metrics"));
    connect(reset, &QAction::triggered, this,
            [this] { act("POST", QStringLiteral("/reset-metrics"), QJsonObject(), tr("metrics reset")); });
    QAction *deregister = toolbar->addAction(tr("Deregister"));
    connect(deregister, &QAction::triggered, this, [this] {
        // Asked without a nested event loop: the room stays live while the question is open.
        auto *ask = new QMessageBox(QMessageBox::Question, tr("Deregister agent"),
                                    tr("Deregister %1? Its running sessions become degraded and move to another "
                                       "agent.")
                                        .arg(m_agents.nameOf(currentAgentId())),
                                    QMessageBox::Yes | QMessageBox::No, this);
        ask->setAttribute(Qt::WA_DeleteOnClose);
        connect(ask, &QMessageBox::finished, this, [this](int answer) {
            if (answer == QMessageBox::Yes)
                act("DELETE", QString(), QJsonObject(), tr("deregistered"));
        });
        ask->open();
    });
    m_perAgent = {diagnostics, maintenance, reset, deregister};
    diagnostics->setObjectName(QStringLiteral("diagnosticsAction"));
    maintenance->setObjectName(QStringLiteral("maintenanceAction"));
    reset->setObjectName(QStringLiteral("resetMetricsAction"));
    deregister->setObjectName(QStringLiteral("deregisterAction"));

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("agentFilter"));
    m_filter->setPlaceholderText(tr("Filter: name, type, capability…"));
    m_filter->setClearButtonEnabled(true);
    m_capability = choice(tr("Any capability"), Domain::capabilityNames(), QStringLiteral("capabilityFilter"), this);
    m_tier = choice(tr("Any tier"), Domain::tierNames(), QStringLiteral("tierFilter"), this);
    m_status = choice(tr("Any status"), Domain::agentStatusNames(), QStringLiteral("agentStatusFilter"), this);
    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(m_filter, 1);
    filterBar->addWidget(m_capability);
    filterBar->addWidget(m_tier);
    filterBar->addWidget(m_status);

    m_proxy = new FilterProxy(this);
    m_proxy->setSourceModel(&agents);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &FilterProxy::setText);
    connect(m_capability, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setContains(AgentModel::Capabilities, m_capability->currentData().toString()); });
    auto exact = [this](QComboBox *combo, int column) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this, combo, column] {
            const QString value = combo->currentData().toString();
            m_proxy->setAllowed(column, value.isEmpty() ? QSet<QString>() : QSet<QString>{value});
        });
    };
    exact(m_tier, AgentModel::Tier);
    exact(m_status, AgentModel::Status);

    m_view = new QTableView(this);
    setUpTable(m_view, m_proxy, QStringLiteral("agentsView"), false,
               {AgentModel::Capabilities, {120, 65, 95, 75, 0, 85, 70, 60, 60, 45}, {AgentModel::Type}});
    m_view->sortByColumn(AgentModel::Name, Qt::AscendingOrder);
    m_view->setItemDelegateForColumn(AgentModel::Load, new LoadDelegate(m_view));
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MarketplacePanel::updateActions);
    connect(m_view, &QTableView::activated, this, &MarketplacePanel::openDiagnostics);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addLayout(filterBar);
    layout->addWidget(m_view, 1);
    updateActions();
}

QString MarketplacePanel::currentAgentId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(LiveTableModel::IdRole).toString();
}

void MarketplacePanel::openRegisterDialog()
{
    auto *dialog = new RegisterAgentDialog(m_client, RegisterAgentDialog::Kind::External, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RegisterAgentDialog::registered, this,
            [this](const QString &id) { emit message(tr("Agent %1 registered").arg(id.left(8))); });
    dialog->open();
}

void MarketplacePanel::openAddInternalDialog()
{
    auto *dialog = new RegisterAgentDialog(m_client, RegisterAgentDialog::Kind::Internal, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RegisterAgentDialog::registered, this,
            [this](const QString &id) { emit message(tr("Agent %1 added").arg(id.left(8))); });
    dialog->open();
}

void MarketplacePanel::openDiagnostics()
{
    const QString id = currentAgentId();
    if (id.isEmpty())
        return;
    auto *dialog = new DiagnosticsDialog(m_client, id, m_agents.nameOf(id), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

QCoro::Task<> MarketplacePanel::act(QByteArray method, QString suffix, QJsonObject body, QString done)
{
    const QPointer<MarketplacePanel> self(this);
    const QString id = currentAgentId();
    if (id.isEmpty())
        co_return;
    const QString name = m_agents.nameOf(id);
    const QString target = QStringLiteral("/api/v1/agents/") + id + suffix;
    const ApiReply reply = co_await m_client.request(method, target, body);
    if (!self)
        co_return;
    emit message(reply.ok() ? tr("%1: %2").arg(name, done) : tr("%1: %2").arg(name, reply.describe()));
    if (reply.ok())
        m_agents.refreshLater(id);
}

void MarketplacePanel::updateActions()
{
    const bool one = !currentAgentId().isEmpty();
    for (QAction *action : std::as_const(m_perAgent))
        action->setEnabled(one);
}

} // namespace Orc::Gui
