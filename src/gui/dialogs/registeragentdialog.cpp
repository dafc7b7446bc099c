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
        m_command = new QLineEdit(formPage);
        m_command->setObjectName(QStringLiteral("command"));
        m_command->setPlaceholderText(tr("program and arguments, e.g. sh -c \"my-agent --once\""));
        form->addRow(tr("Co&mmand:"), m_command);
        form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("config"), formPage));
        m_workingDirectory = new QLineEdit(formPage);
        m_workingDirectory->setPlaceholderText(tr("where it runs (default: the current directory)"));
        form->addRow(tr("&Working directory:"), m_workingDirectory);
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
