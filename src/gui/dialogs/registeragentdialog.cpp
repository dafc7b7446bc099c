#include "gui/dialogs/registeragentdialog.h"

#include "gui/client/controlclient.h"
#include "gui/widgets/formparts.h"

#include "domain/agent.h"
#include "domain/capability.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace Orc::Gui {

namespace {

// A read-only field with a "Copy" button next to it.
QWidget *copyableField(QLineEdit *edit, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    edit->setReadOnly(true);
    edit->setMinimumWidth(360);
    auto *copy = new QPushButton(QCoreApplication::translate("Orc::Gui::RegisterAgentDialog", "Copy"), row);
    copy->setObjectName(edit->objectName() + QStringLiteral("Copy"));
    QObject::connect(copy, &QPushButton::clicked, edit, [edit] { QApplication::clipboard()->setText(edit->text()); });
    layout->addWidget(edit, 1);
    layout->addWidget(copy);
    return row;
}

} // namespace

RegisterAgentDialog::RegisterAgentDialog(ControlClient &client, Kind kind, QWidget *parent)
    : QDialog(parent), m_client(client), m_kind(kind)
{
    setObjectName(QStringLiteral("registerAgentDialog"));
    setWindowTitle(kind == Kind::External ? tr("Register external agent") : tr("Add internal agent"));

    // Page 1: the form.
    auto *formPage = new QWidget(this);
    auto *form = new QFormLayout(formPage);
    m_name = new QLineEdit(formPage);
    m_name->setObjectName(QStringLiteral("name"));
    m_name->setPlaceholderText(tr("unique, 3–100 of A–Z a–z 0–9 _ . -"));
    form->addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("name"), formPage));
    m_type = new QComboBox(formPage);
    for (const QString &type : Domain::agentTypeNames())
        m_type->addItem(type, type);
    m_type->setCurrentIndex(std::max(0, m_type->findData(QStringLiteral("implementer"))));
    form->addRow(tr("&Type:"), m_type);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("agent_type"), formPage));
    m_capabilities = checkList(Domain::capabilityNames(), QStringLiteral("capabilities"), formPage);
    form->addRow(tr("&Capabilities:"), m_capabilities);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("capabilities"), formPage));
    if (kind == Kind::External) {
        m_endpoint = new QLineEdit(formPage);
        m_endpoint->setObjectName(QStringLiteral("endpoint"));
        m_endpoint->setPlaceholderText(QStringLiteral("http://127.0.0.1:9100"));
        form->addRow(tr("&Endpoint URL:"), m_endpoint);
        form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("endpoint_url"), formPage));
    } else {
        m_runner = new QComboBox(formPage);
        m_runner->setObjectName(QStringLiteral("runner"));
        m_runner->addItem(tr("Process: a command line"), QStringLiteral("process"));
        m_runner->addItem(tr("OpenCode server"), QStringLiteral("opencode"));
        form->addRow(tr("&Runner:"), m_runner);
        m_runnerPages = new QStackedWidget(formPage);
        form->addRow(m_runnerPages);
        connect(m_runner, &QComboBox::currentIndexChanged, m_runnerPages, &QStackedWidget::setCurrentIndex);

        auto *processPage = new QWidget(m_runnerPages);
        auto *process = new QFormLayout(processPage);
        process->setContentsMargins(0, 0, 0, 0);
        m_command = new QLineEdit(processPage);
        m_command->setObjectName(QStringLiteral("command"));
        m_command->setPlaceholderText(tr("program and arguments, e.g. sh -c \"my-agent --once\""));
        process->addRow(tr("Co&mmand:"), m_command);
        process->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("config"), processPage));
        m_workingDirectory = new QLineEdit(processPage);
        m_workingDirectory->setPlaceholderText(tr("where it runs (default: the current directory)"));
        process->addRow(tr("&Working directory:"), m_workingDirectory);
        m_runnerPages->addWidget(processPage);

        auto *openCodePage = new QWidget(m_runnerPages);
        auto *openCode = new QFormLayout(openCodePage);
        openCode->setContentsMargins(0, 0, 0, 0);
        auto field = [&](QLineEdit *&edit, const QString &name, const QString &label, const QString &placeholder) {
            edit = new QLineEdit(openCodePage);
            edit->setObjectName(QStringLiteral("opencode_") + name);
            edit->setPlaceholderText(placeholder);
            openCode->addRow(label, edit);
            openCode->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("config.") + name, openCodePage));
        };
        field(m_openCodeUrl, QStringLiteral("url"), tr("Server &URL:"),
              tr("a running opencode serve, e.g. http://127.0.0.1:4096"));
        field(m_openCodeBinary, QStringLiteral("binary"), tr("or start &program:"),
              tr("opencode: the orchestrator starts and supervises opencode serve"));
        field(m_openCodePassword, QStringLiteral("password"), tr("Server pass&word:"),
              tr("optional: the server's OPENCODE_SERVER_PASSWORD (HTTP Basic)"));
        m_openCodePassword->setEchoMode(QLineEdit::Password);
        field(m_openCodeProvider, QStringLiteral("provider_id"), tr("&Provider:"), tr("e.g. anthropic"));
        field(m_openCodeModel, QStringLiteral("model_id"), tr("&Model:"), tr("e.g. claude-sonnet-4-5"));
        field(m_openCodeDirectory, QStringLiteral("directory"), tr("Wor&king directory:"),
              tr("the project's absolute path (a session may name another)"));
        field(m_openCodeAgent, QStringLiteral("agent"), tr("OpenCode a&gent:"), tr("optional, e.g. build or plan"));
        m_openCodePermission = new QComboBox(openCodePage);
        m_openCodePermission->setObjectName(QStringLiteral("opencode_permission"));
        m_openCodePermission->addItem(tr("Allow everything (autonomous)"), QStringLiteral("allow"));
        m_openCodePermission->addItem(tr("Ask the operator"), QStringLiteral("ask"));
        m_openCodePermission->addItem(tr("Deny what needs permission"), QStringLiteral("deny"));
        openCode->addRow(tr("Per&missions:"), m_openCodePermission);
        openCode->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("config.permission"), openCodePage));
        m_runnerPages->addWidget(openCodePage);
    }
    m_capacity = new QSpinBox(formPage);
    m_capacity->setRange(1, 1000);
    m_capacity->setValue(5);
    form->addRow(tr("Max &concurrent tasks:"), m_capacity);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("max_concurrent_tasks"), formPage));

    // Page 2: the secrets, shown once.
    auto *secretsPage = new QWidget(this);
    auto *secrets = new QFormLayout(secretsPage);
    auto *warning = new QLabel(tr("<b>Copy these now.</b> They are shown this once: the orchestrator keeps only a "
                                  "hash of the token. The agent sends the token as <tt>X-Agent-Token</tt> and "
                                  "checks each task's <tt>X-EAP-Signature</tt> with the secret."),
                               secretsPage);
    warning->setWordWrap(true);
    secrets->addRow(warning);
    m_token = new QLineEdit(secretsPage);
    m_token->setObjectName(QStringLiteral("authToken"));
    secrets->addRow(tr("Auth token:"), copyableField(m_token, secretsPage));
    m_secret = new QLineEdit(secretsPage);
    m_secret->setObjectName(QStringLiteral("dispatchSecret"));
    secrets->addRow(tr("Dispatch secret:"), copyableField(m_secret, secretsPage));

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(formPage);
    m_pages->addWidget(secretsPage);

    m_error = errorLine(this);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(kind == Kind::External ? tr("Register") : tr("Add"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RegisterAgentDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RegisterAgentDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
}

QJsonObject RegisterAgentDialog::body() const
{
    QJsonObject body{{QStringLiteral("name"), m_name->text().trimmed()},
                     {QStringLiteral("agent_type"), m_type->currentData().toString()},
                     {QStringLiteral("capabilities"), checkedItems(m_capabilities)},
                     {QStringLiteral("max_concurrent_tasks"), m_capacity->value()}};
    if (m_kind == Kind::External) {
        body.insert(QStringLiteral("protocol_version"), QStringLiteral("1.0"));
        body.insert(QStringLiteral("version"), QStringLiteral("1.0.0"));
        body.insert(QStringLiteral("endpoint_url"), m_endpoint->text().trimmed());
        body.insert(QStringLiteral("metadata"),
                    QJsonObject{{QStringLiteral("registered_from"), QStringLiteral("gui")}});
    } else if (m_runner->currentData().toString() == QLatin1String("opencode")) {
        QJsonObject config{{QStringLiteral("provider_id"), m_openCodeProvider->text().trimmed()},
                           {QStringLiteral("model_id"), m_openCodeModel->text().trimmed()},
                           {QStringLiteral("directory"), m_openCodeDirectory->text().trimmed()},
                           {QStringLiteral("permission"), m_openCodePermission->currentData().toString()}};
        // Only what was filled in: the API names what is missing.
        for (const auto &[key, edit] :
             {std::pair{QStringLiteral("url"), m_openCodeUrl}, std::pair{QStringLiteral("binary"), m_openCodeBinary},
              std::pair{QStringLiteral("agent"), m_openCodeAgent}}) {
            if (!edit->text().trimmed().isEmpty())
                config.insert(key, edit->text().trimmed());
        }
        if (!m_openCodePassword->text().isEmpty())
            config.insert(QStringLiteral("password"), m_openCodePassword->text());
        body.insert(QStringLiteral("kind"), QStringLiteral("opencode"));
        body.insert(QStringLiteral("config"), config);
    } else {
        QJsonArray command;
        for (const QString &part : QProcess::splitCommand(m_command->text()))
            command.append(part);
        QJsonObject config{{QStringLiteral("command"), command},
                           {QStringLiteral("prompt_mode"), QStringLiteral("stdin")}};
        if (!m_workingDirectory->text().trimmed().isEmpty())
            config.insert(QStringLiteral("working_directory"), m_workingDirectory->text().trimmed());
        body.insert(QStringLiteral("kind"), QStringLiteral("process"));
        body.insert(QStringLiteral("config"), config);
    }
    return body;
}

void RegisterAgentDialog::accept()
{
    if (m_pages->currentIndex() == 1) { // the secrets were seen: done
        QDialog::accept();
        return;
    }
    if (!m_busy)
        submit();
}

QCoro::Task<> RegisterAgentDialog::submit()
{
    const QPointer<RegisterAgentDialog> self(this);
    m_busy = true;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_error->hide();
    m_fieldErrors.clear();
    const QString target = m_kind == Kind::External ? QStringLiteral("/api/v1/agents/external/register")
                                                    : QStringLiteral("/api/v1/agents");
    const QJsonObject request = body();
    const ApiReply reply = co_await m_client.post(target, request);
    if (!self)
        co_return;
    m_busy = false;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
    if (!reply.ok()) {
        showRefusal(reply, m_fieldErrors, m_error);
        co_return;
    }
    m_agentId
        = reply.object.value(m_kind == Kind::External ? QStringLiteral("agent_id") : QStringLiteral("id")).toString();
    emit registered(m_agentId);
    if (m_kind == Kind::External)
        showSecrets(reply.object);
    else
        QDialog::accept();
}

void RegisterAgentDialog::showSecrets(const QJsonObject &answer)
{
    m_token->setText(answer.value(QStringLiteral("auth_token")).toString());
    m_secret->setText(answer.value(QStringLiteral("dispatch_secret")).toString());
    m_pages->setCurrentIndex(1);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Done, I copied them"));
    m_buttons->button(QDialogButtonBox::Cancel)->hide();
}

QString RegisterAgentDialog::shownToken() const
{
    return m_token->text();
}

QString RegisterAgentDialog::shownSecret() const
{
    return m_secret->text();
}

} // namespace Orc::Gui
