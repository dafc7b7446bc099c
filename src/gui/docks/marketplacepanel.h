#pragma once

#include <qcorotask.h>

#include <QWidget>

class QAction;
class QComboBox;
class QLineEdit;
class QTableView;

namespace Orc::Gui {

class AgentModel;
class ControlClient;
class FilterProxy;

// The Agent Marketplace dock: every agent with kind, type, tier, capabilities, a status light,
// heartbeat age, a load bar, success rate and tasks; filters by capability, tier, status and
// text; registers external agents and adds internal ones; per agent: diagnostics (a real health
// probe), maintenance on/off, reset metrics, deregister.
class MarketplacePanel : public QWidget
{
    Q_OBJECT

public:
    MarketplacePanel(ControlClient &client, AgentModel &agents, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    FilterProxy *proxy() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *capabilityCombo() const { return m_capability; }
    QComboBox *tierCombo() const { return m_tier; }
    QComboBox *statusCombo() const { return m_status; }
    QAction *registerAction() const { return m_register; }
    QString currentAgentId() const;

    void openRegisterDialog();
    void openAddInternalDialog();
    void openDiagnostics();

signals:
    void message(const QString &text);

private:
    QCoro::Task<> act(QByteArray method, QString suffix, QJsonObject body, QString done);
    void updateActions();

    ControlClient &m_client;
    AgentModel &m_agents;
    FilterProxy *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_capability = nullptr;
    QComboBox *m_tier = nullptr;
    QComboBox *m_status = nullptr;
    QAction *m_register = nullptr;
    QList<QAction *> m_perAgent;
};

} // namespace Orc::Gui
