#include "gui/dialogs/sessiondetail.h"

#include "gui/client/controlclient.h"
#include "gui/models/eventlogmodel.h"
#include "gui/theme.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Orc::Gui {

namespace {

constexpr int HistoryLimit = 1000;

QTableWidget *table(const QStringList &headers, const QString &name, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->horizontalHeader()->setStretchLastSection(true);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    return t;
}

void setRow(QTableWidget *t, int row, const QStringList &cells)
{
    for (int column = 0; column < cells.size(); ++column)
        t->setItem(row, column, new QTableWidgetItem(cells.at(column)));
}

QString compact(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

} // namespace

SessionDetail::SessionDetail(ControlClient &client, QString sessionId, QWidget *parent)
    : QDialog(parent), m_client(client), m_id(std::move(sessionId))
{
    setObjectName(QStringLiteral("sessionDetail"));
    setWindowTitle(tr("Session %1").arg(m_id.left(8)));
    m_title = new QLabel(this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));

    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("log"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(20000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *checkpointPage = new QWidget(this);
    m_checkpoints = table({tr("Sequence"), tr("Created"), tr("Data")}, QStringLiteral("checkpoints"), checkpointPage);
    m_restore = new QPushButton(tr("&Restore from this checkpoint"), checkpointPage);
    m_restore->setObjectName(QStringLiteral("restore"));
    m_restore->setToolTip(tr("The session goes back to pending; its next run resumes from this checkpoint."));
    m_restore->setEnabled(false);
    connect(m_restore, &QPushButton::clicked, this, [this] { restoreSelected(); });
    connect(m_checkpoints, &QTableWidget::itemSelectionChanged, this,
            [this] { m_restore->setEnabled(!m_checkpoints->selectedItems().isEmpty()); });
    auto *checkpointLayout = new QVBoxLayout(checkpointPage);
    checkpointLayout->addWidget(m_checkpoints, 1);
    checkpointLayout->addWidget(m_restore, 0, Qt::AlignRight);

    m_metrics = table({tr("Metric"), tr("Value")}, QStringLiteral("metrics"), this);
    m_children = new QListWidget(this);
    m_children->setObjectName(QStringLiteral("children"));
    m_history = table({tr("Seq"), tr("Time"), tr("Type"), tr("Summary")}, QStringLiteral("history"), this);

    // Questions the agent waits on; hidden while there are none.
    m_permissionsBox = new QGroupBox(tr("The agent waits for your answer"), this);
    m_permissionsBox->setObjectName(QStringLiteral("permissionsBox"));
    m_permissions = table({tr("Permission"), tr("For"), tr("Asked")}, QStringLiteral("permissions"), m_permissionsBox);
    m_permissions->setMaximumHeight(120);
    m_permissions->horizontalHeader()->setStretchLastSection(false);
    m_permissions->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_permissions->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_permissions->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_permissions->setWordWrap(false);
    auto *answers = new QHBoxLayout;
    answers->addStretch(1);
    for (const auto &[reply, text, tip] :
         {std::tuple{QStringLiteral("once"), tr("Allow &once"), tr("Allow this one request")},
          std::tuple{QStringLiteral("always"), tr("&Always allow"),
                     tr("Allow it, and requests like it for the rest of this OpenCode session")},
          std::tuple{QStringLiteral("reject"), tr("Re&ject"),
                     tr("Refuse it: the agent is told and goes on without")}}) {
        auto *button = new QPushButton(text, m_permissionsBox);
        button->setObjectName(QStringLiteral("answer_") + reply);
        button->setToolTip(tip);
        button->setEnabled(false);
        connect(button, &QPushButton::clicked, this, [this, reply] { answerSelected(reply); });
        answers->addWidget(button);
        m_answerButtons.append(button);
    }
    connect(m_permissions, &QTableWidget::itemSelectionChanged, this, [this] {
        for (QPushButton *button : std::as_const(m_answerButtons))
            button->setEnabled(!m_permissions->selectedItems().isEmpty());
    });
    auto *permissionsLayout = new QVBoxLayout(m_permissionsBox);
    permissionsLayout->addWidget(m_permissions);
    permissionsLayout->addLayout(answers);
    m_permissionsBox->hide();

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_log, tr("&Log"));
    m_tabs->addTab(checkpointPage, tr("&Checkpoints"));
    m_tabs->addTab(m_metrics, tr("&Metrics"));
    m_tabs->addTab(m_children, tr("C&hildren"));
    m_tabs->addTab(m_history, tr("&Events"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_permissionsBox);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    resize(760, 560);

    connect(&client, &ControlClient::eventReceived, this, &SessionDetail::onEvent);
    reload();
}

QCoro::Task<> SessionDetail::reload()
{
    if (m_loading)
        co_return;
    const QPointer<SessionDetail> self(this);
    m_loading = true;
    co_await reloadSession();
    if (!self)
        co_return;
    co_await reloadPermissions();
    if (!self)
        co_return;
    const QString historyTarget = QStringLiteral("/api/v1/sessions/%1/events?limit=%2").arg(m_id).arg(HistoryLimit);
    const ApiReply history = co_await m_client.get(historyTarget);
    if (!self)
        co_return;
    m_loading = false;
    if (history.ok()) {
        m_log->clear();
        m_history->setRowCount(0);
        m_lastSeq = 0;
        for (const QJsonValue &e : history.object.value(QStringLiteral("items")).toArray())
            appendEvent(e.toObject());
    }
    emit loaded();
}

QCoro::Task<> SessionDetail::reloadSession()
{
    const QPointer<SessionDetail> self(this);
    const QString target = QStringLiteral("/api/v1/sessions/%1?include_checkpoints=true").arg(m_id);
    const ApiReply reply = co_await m_client.get(target);
    if (!self)
        co_return;
    if (!reply.ok()) {
        m_status->setText(reply.describe());
        co_return;
    }
    showSession(reply.object);
}

void SessionDetail::showSession(const QJsonObject &session)
{
    const QString status = session.value(QStringLiteral("status")).toString();
    setWindowTitle(tr("Session — %1").arg(session.value(QStringLiteral("title")).toString()));
    m_title->setText(QStringLiteral("<b>%1</b> <small>%2</small>")
                         .arg(session.value(QStringLiteral("title")).toString().toHtmlEscaped(), m_id));
    const QJsonObject metrics = session.value(QStringLiteral("metrics")).toObject();
    QString line = tr("Status: <b style=\"color:%1\">%2</b>").arg(statusColor(status).name(), status);
    const QJsonObject error = metrics.value(QStringLiteral("error")).toObject();
    if (!error.isEmpty())
        line += QStringLiteral(" — ") + error.value(QStringLiteral("message")).toString().toHtmlEscaped();
    if (!session.value(QStringLiteral("resume_from")).isNull())
        line += tr(" · resumes from checkpoint %1").arg(session.value(QStringLiteral("resume_from")).toInt());
    m_status->setText(line);

    const QJsonArray checkpoints = session.value(QStringLiteral("checkpoints")).toArray();
    m_checkpoints->setRowCount(int(checkpoints.size()));
    for (int row = 0; row < checkpoints.size(); ++row) {
        const QJsonObject c = checkpoints.at(checkpoints.size() - 1 - row).toObject(); // newest first
        setRow(m_checkpoints, row,
               {QString::number(c.value(QStringLiteral("sequence")).toInt()),
                c.value(QStringLiteral("created_at")).toString(), compact(c.value(QStringLiteral("data")))});
    }
    m_restore->setEnabled(!m_checkpoints->selectedItems().isEmpty());

    const QStringList keys = metrics.keys();
    m_metrics->setRowCount(int(keys.size()));
    for (int row = 0; row < keys.size(); ++row)
        setRow(m_metrics, row, {keys.at(row), compact(metrics.value(keys.at(row)))});

    m_children->clear();
    for (const QJsonValue &child : session.value(QStringLiteral("child_ids")).toArray())
        m_children->addItem(child.toString());
}

void SessionDetail::appendEvent(const QJsonObject &event)
{
    const qint64 seq = event.value(QStringLiteral("seq")).toInteger();
    if (seq <= m_lastSeq)
        return;
    m_lastSeq = seq;
    const QString type = event.value(QStringLiteral("type")).toString();
    const QJsonObject payload = event.value(QStringLiteral("payload")).toObject();
    if (type == QLatin1String("session.log")) {
        const QString stream = payload.value(QStringLiteral("stream")).toString();
        const QString level = payload.value(QStringLiteral("level")).toString();
        const QString prefix
            = stream == QLatin1String("stderr") || level == QLatin1String("warning") || level == QLatin1String("error")
                  ? QStringLiteral("! ")
                  : QString();
        m_log->appendPlainText(prefix + payload.value(QStringLiteral("line")).toString());
    }
    const int row = m_history->rowCount();
    m_history->insertRow(row);
    setRow(
        m_history, row,
        {QString::number(seq), event.value(QStringLiteral("timestamp")).toString(), type, eventSummary(type, payload)});
}

void SessionDetail::onEvent(const QJsonObject &event)
{
    const QJsonObject payload = event.value(QStringLiteral("payload")).toObject();
    if (payload.value(QStringLiteral("session_id")).toString() != m_id || m_loading)
        return;
    appendEvent(event);
    if (event.value(QStringLiteral("type")).toString() != QLatin1String("session.log")) {
        reloadSession(); // status, checkpoints or metrics changed
        reloadPermissions();
    } else if (payload.value(QStringLiteral("line")).toString().contains(QLatin1String("permission"))) {
        reloadPermissions(); // asked or answered
    }
}

QCoro::Task<> SessionDetail::reloadPermissions()
{
    const QPointer<SessionDetail> self(this);
    const QString target = QStringLiteral("/api/v1/sessions/%1/permissions").arg(m_id);
    const ApiReply reply = co_await m_client.get(target);
    if (!self || !reply.ok())
        co_return;
    const QJsonArray items = reply.object.value(QStringLiteral("items")).toArray();
    const QString selected
        = m_permissions->selectedItems().isEmpty()
              ? QString()
              : m_permissions->item(m_permissions->selectedItems().first()->row(), 0)->data(Qt::UserRole).toString();
    m_permissions->setRowCount(int(items.size()));
    for (int row = 0; row < items.size(); ++row) {
        const QJsonObject p = items.at(row).toObject();
        QStringList patterns;
        for (const QJsonValue &v : p.value(QStringLiteral("patterns")).toArray())
            patterns.append(v.toString());
        const QDateTime asked
            = QDateTime::fromString(p.value(QStringLiteral("asked_at")).toString(), Qt::ISODateWithMs);
        setRow(m_permissions, row,
               {p.value(QStringLiteral("permission")).toString(), patterns.join(QStringLiteral(", ")),
                QLocale().toString(asked.toLocalTime().time(), QLocale::ShortFormat)});
        const QString id = p.value(QStringLiteral("id")).toString();
        m_permissions->item(row, 0)->setData(Qt::UserRole, id);
        // The change it would make, when the agent says (an edit's diff).
        const QJsonObject metadata = p.value(QStringLiteral("metadata")).toObject();
        const QString detail = metadata.value(QStringLiteral("diff")).toString();
        for (int column = 0; column < m_permissions->columnCount(); ++column)
            m_permissions->item(row, column)->setToolTip(detail.isEmpty() ? compact(metadata) : detail);
        if (id == selected || (selected.isEmpty() && row == 0))
            m_permissions->selectRow(row);
    }
    m_permissionsBox->setVisible(!items.isEmpty());
    for (QPushButton *button : std::as_const(m_answerButtons))
        button->setEnabled(!m_permissions->selectedItems().isEmpty());
}

QCoro::Task<> SessionDetail::answerSelected(QString reply)
{
    const QList<QTableWidgetItem *> selected = m_permissions->selectedItems();
    if (selected.isEmpty())
        co_return;
    const QPointer<SessionDetail> self(this);
    const QString permissionId = m_permissions->item(selected.first()->row(), 0)->data(Qt::UserRole).toString();
    const QString target = QStringLiteral("/api/v1/sessions/%1/permissions/%2").arg(m_id, permissionId);
    const QJsonObject body{{QStringLiteral("reply"), reply}};
    for (QPushButton *button : std::as_const(m_answerButtons))
        button->setEnabled(false);
    const ApiReply answered = co_await m_client.post(target, body);
    if (!self)
        co_return;
    if (!answered.ok())
        emit message(tr("The answer was refused: %1").arg(answered.describe()));
    co_await reloadPermissions();
}

QCoro::Task<> SessionDetail::restoreSelected()
{
    const QList<QTableWidgetItem *> selected = m_checkpoints->selectedItems();
    if (selected.isEmpty())
        co_return;
    const QPointer<SessionDetail> self(this);
    const QString sequence = m_checkpoints->item(selected.first()->row(), 0)->text();
    const QString target = QStringLiteral("/api/v1/sessions/%1/checkpoints/%2/restore").arg(m_id, sequence);
    const ApiReply reply = co_await m_client.post(target);
    if (!self)
        co_return;
    const QString text = reply.ok() ? tr("Restored from checkpoint %1: the session is pending again").arg(sequence)
                                    : tr("Restore refused: %1").arg(reply.describe());
    emit message(text);
    if (!reply.ok())
        m_status->setText(m_status->text() + QStringLiteral("<br><span style=\"color:#DC2626\">") + text.toHtmlEscaped()
                          + QStringLiteral("</span>"));
    co_await reloadSession();
}

} // namespace Orc::Gui
