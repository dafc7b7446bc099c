#include "gui/dialogs/newsessiondialog.h"

#include "gui/client/controlclient.h"
#include "gui/models/agentmodel.h"
#include "gui/models/sessionmodel.h"
#include "gui/widgets/formparts.h"

#include "domain/capability.h"
#include "domain/session.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Orc::Gui {

NewSessionDialog::NewSessionDialog(ControlClient &client, const AgentModel *agents, QWidget *parent)
    : QDialog(parent), m_client(client)
{
    setObjectName(QStringLiteral("newSessionDialog"));
    setWindowTitle(tr("New session"));
    auto *form = new QFormLayout;

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("title"));
    m_title->setPlaceholderText(tr("What this session is for (1–200 characters)"));
    form->addRow(tr("&Title:"), m_title);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("title"), this));

    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_prompt->setPlaceholderText(tr("The instructions the agent gets (1–10,000 characters)"));
    m_prompt->setTabChangesFocus(true);
    form->addRow(tr("&Prompt:"), m_prompt);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("initial_prompt"), this));

    m_type = new QComboBox(this);
    for (const QString &type : Domain::sessionTypeNames())
        m_type->addItem(type, type);
    m_type->setCurrentIndex(m_type->findData(QStringLiteral("execution")));
    form->addRow(tr("T&ype:"), m_type);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("session_type"), this));

    m_priority = new QComboBox(this);
    for (int p = 0; p <= 4; ++p)
        m_priority->addItem(priorityName(p), p);
    m_priority->setCurrentIndex(2);
    form->addRow(tr("P&riority:"), m_priority);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("priority"), this));

    m_agent = new QComboBox(this);
    m_agent->setObjectName(QStringLiteral("agent"));
    m_agent->addItem(tr("The best agent with these capabilities"), QString());
    if (agents) {
        for (int row = 0; row < agents->rowCount(); ++row) {
            const QJsonObject a = agents->objectAt(row);
            m_agent->addItem(tr("%1 (%2, %3)")
                                 .arg(a.value(QStringLiteral("name")).toString(),
                                      a.value(QStringLiteral("kind")).toString(),
                                      a.value(QStringLiteral("status")).toString()),
                             a.value(QStringLiteral("id")).toString());
        }
    }
    form->addRow(tr("&Agent:"), m_agent);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("agent_config"), this));

    m_capabilities = checkList(Domain::capabilityNames(), QStringLiteral("capabilities"), this);
    form->addRow(tr("&Capabilities:"), m_capabilities);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("agent_config.required_capabilities"), this));
    connect(m_agent, &QComboBox::currentIndexChanged, this,
            [this] { m_capabilities->setEnabled(m_agent->currentData().toString().isEmpty()); });

    m_maxDuration = new QSpinBox(this);
    m_maxDuration->setRange(1, 86400); // the API says what it accepts (60–86,400)
    m_maxDuration->setValue(3600);
    m_maxDuration->setSuffix(tr(" s"));
    form->addRow(tr("Time &limit:"), m_maxDuration);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("max_duration_seconds"), this));

    m_tags = new QLineEdit(this);
    m_tags->setPlaceholderText(tr("comma-separated, up to 20"));
    form->addRow(tr("Ta&gs:"), m_tags);
    form->addRow(QString(), m_fieldErrors.labelFor(QStringLiteral("tags"), this));

    m_autoStart = new QCheckBox(tr("&Start at once"), this);
    m_autoStart->setChecked(true);
    form->addRow(QString(), m_autoStart);

    m_error = errorLine(this);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewSessionDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NewSessionDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resize(560, sizeHint().height());
}

QJsonObject NewSessionDialog::body() const
{
    QJsonObject agentConfig;
    if (const QString agentId = m_agent->currentData().toString(); !agentId.isEmpty()) {
        agentConfig.insert(QStringLiteral("agent_id"), agentId);
    } else {
        const QJsonArray capabilities = checkedItems(m_capabilities);
        if (!capabilities.isEmpty())
            agentConfig.insert(QStringLiteral("required_capabilities"), capabilities);
    }
    QJsonArray tags;
    for (const QString &tag : m_tags->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!tag.trimmed().isEmpty())
            tags.append(tag.trimmed());
    }
    return QJsonObject{{QStringLiteral("title"), m_title->text()},
                       {QStringLiteral("initial_prompt"), m_prompt->toPlainText()},
                       {QStringLiteral("session_type"), m_type->currentData().toString()},
                       {QStringLiteral("priority"), m_priority->currentData().toInt()},
                       {QStringLiteral("agent_config"), agentConfig},
                       {QStringLiteral("max_duration_seconds"), m_maxDuration->value()},
                       {QStringLiteral("tags"), tags},
                       {QStringLiteral("auto_start"), m_autoStart->isChecked()}};
}

void NewSessionDialog::accept()
{
    if (!m_busy)
        submit();
}

QCoro::Task<> NewSessionDialog::submit()
{
    const QPointer<NewSessionDialog> self(this);
    m_busy = true;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_error->hide();
    m_fieldErrors.clear();
    const QString target = QStringLiteral("/api/v1/sessions");
    const QJsonObject request = body(); // a named local: no temporaries inside co_await (GCC 12)
    const ApiReply reply = co_await m_client.post(target, request);
    if (!self)
        co_return;
    m_busy = false;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
    if (reply.ok()) {
        m_createdId = reply.object.value(QStringLiteral("id")).toString();
        emit created(m_createdId);
        QDialog::accept();
        co_return;
    }
    showRefusal(reply, m_fieldErrors, m_error);
}

} // namespace Orc::Gui
