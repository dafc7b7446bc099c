#pragma once

#include "gui/dialogs/fielderrors.h"

#include <qcorotask.h>

#include <QDialog>
#include <QJsonObject>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QStackedWidget;
class QComboBox;

namespace Orc::Gui {

class ControlClient;

// "Register external agent": the agent's name, type, capabilities, endpoint and capacity go to
// POST /api/v1/agents/external/register; the answer's auth_token and dispatch_secret are shown
// once, with copy buttons, and never again (the server keeps only a hash of the token).
// With `Kind::Internal` it is "Add internal agent" instead (POST /api/v1/agents): a command line run
// by the process runner, or an OpenCode server (a running one by URL, or one the orchestrator
// starts and supervises) with its model, working directory and permission policy.
class RegisterAgentDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { External, Internal };

    RegisterAgentDialog(ControlClient &client, Kind kind, QWidget *parent = nullptr);

    QJsonObject body() const;
    QString agentId() const { return m_agentId; }
    // Shown after a successful external registration; empty before.
    QString shownToken() const;
    QString shownSecret() const;

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *endpointEdit() const { return m_endpoint; }
    QLineEdit *commandEdit() const { return m_command; }
    QComboBox *runnerCombo() const { return m_runner; }
    QListWidget *capabilityList() const { return m_capabilities; }
    QLabel *errorLabel() const { return m_error; }

public slots:
    void accept() override;

signals:
    void registered(const QString &agentId);

private:
    QCoro::Task<> submit();
    void showSecrets(const QJsonObject &answer);

    ControlClient &m_client;
    Kind m_kind;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_type = nullptr;
    QListWidget *m_capabilities = nullptr;
    QLineEdit *m_endpoint = nullptr;
    QLineEdit *m_command = nullptr;
    QLineEdit *m_workingDirectory = nullptr;
    QComboBox *m_runner = nullptr; // internal: process or opencode
    QStackedWidget *m_runnerPages = nullptr;
    QLineEdit *m_openCodeUrl = nullptr;
    QLineEdit *m_openCodeBinary = nullptr;
    QLineEdit *m_openCodePassword = nullptr;
    QLineEdit *m_openCodeProvider = nullptr;
    QLineEdit *m_openCodeModel = nullptr;
    QLineEdit *m_openCodeDirectory = nullptr;
    QLineEdit *m_openCodeAgent = nullptr;
    QComboBox *m_openCodePermission = nullptr;
    QSpinBox *m_capacity = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_secret = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    FieldErrors m_fieldErrors;
    QString m_agentId;
    bool m_busy = false;
};

} // namespace Orc::Gui
