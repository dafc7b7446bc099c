#include "gui/docks/contextspanel.h"

#include "gui/client/controlclient.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QSplitter>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Orc::Gui {

namespace {

constexpr int IdRole = Qt::UserRole + 1;

QString valueText(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isNull() || value.isUndefined())
        return QStringLiteral("null");
    return value.toVariant().toString();
}

// Objects become branches (their keys dotted as the API addresses them); anything else a leaf.
void addTree(QTreeWidgetItem *parent, QTreeWidget *tree, const QJsonObject &object)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
        item->setText(0, it.key());
        if (it.value().isObject())
            addTree(item, tree, it.value().toObject());
        else
            item->setText(1, valueText(it.value()));
    }
}

QTreeWidget *twoColumns(const QStringList &headers, const QString &name, QWidget *parent)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(name);
    tree->setColumnCount(int(headers.size()));
    tree->setHeaderLabels(headers);
    tree->header()->setStretchLastSection(true);
    tree->setAlternatingRowColors(true);
    return tree;
}

} // namespace

ContextsPanel::ContextsPanel(ControlClient &client, QWidget *parent) : QWidget(parent), m_client(client)
{
    setObjectName(QStringLiteral("contextsPanel"));
    auto *toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_merge = toolbar->addAction(tr("&Merge…"), this, &ContextsPanel::openMergeDialog);
    m_merge->setObjectName(QStringLiteral("mergeAction"));
    m_merge->setToolTip(tr("Merge the checked contexts into a new one"));
    toolbar->addSeparator();
    toolbar->addWidget(new QLabel(tr("Diff with:"), this));
    m_diffWith = new QComboBox(this);
    m_diffWith->setObjectName(QStringLiteral("diffWith"));
    m_diffWith->setMinimumContentsLength(16);
    toolbar->addWidget(m_diffWith);

    m_summary = new QLabel(this);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("contextsList"));
    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        if (!currentId().isEmpty())
            showContext(currentId());
    });
    connect(m_diffWith, &QComboBox::activated, this, [this] {
        if (!currentId().isEmpty())
            showContext(currentId());
    });

    m_data = twoColumns({tr("Key"), tr("Value")}, QStringLiteral("contextData"), this);
    m_history = twoColumns({tr("Version"), tr("Key"), tr("Old"), tr("New"), tr("When")},
                           QStringLiteral("contextHistory"), this);
    m_diff = twoColumns({tr("Change"), tr("Key"), tr("Value")}, QStringLiteral("contextDiff"), this);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_data, tr("&Data"));
    tabs->addTab(m_history, tr("&History"));
    tabs->addTab(m_diff, tr("D&iff"));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_summary);
    leftLayout->addWidget(m_list, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(tabs);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addWidget(split, 1);

    reloadOnEvents(client, this, QLatin1String("context."), m_coalesce, 150, [this] { reload(); });
}

QString ContextsPanel::currentId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(IdRole).toString() : QString();
}

void ContextsPanel::setSession(const QString &sessionId)
{
    if (sessionId == m_session)
        return;
    m_session = sessionId;
    reload();
}

QCoro::Task<> ContextsPanel::reload()
{
    if (m_loading) {
        m_coalesce.start();
        co_return;
    }
    const QPointer<ContextsPanel> self(this);
    m_loading = true;
    QList<QJsonObject> contexts;
    const QString global = QStringLiteral("/api/v1/contexts/global");
    QString failure = co_await m_client.collectAll(global, contexts);
    if (!self)
        co_return;
    if (failure.isEmpty() && !m_session.isEmpty()) {
        const QString ofSession = QStringLiteral("/api/v1/contexts/session/") + m_session;
        failure = co_await m_client.collectAll(ofSession, contexts);
        if (!self)
            co_return;
    }
    m_loading = false;
    if (!failure.isEmpty()) {
        m_summary->setText(tr("Contexts could not be read: %1").arg(failure));
        co_return;
    }
    const QString keep = currentId();
    const QString keepDiff = m_diffWith->currentData().toString();
    m_list->clear();
    m_diffWith->clear();
    m_diffWith->addItem(tr("(nothing)"), QString());
    for (const QJsonObject &c : std::as_const(contexts)) {
        const QString id = c.value(QStringLiteral("id")).toString();
        const QString name = c.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
        const QString label = tr("%1 · %2 · v%3")
                                  .arg(c.value(QStringLiteral("scope")).toString(), name.isEmpty() ? id.left(8) : name)
                                  .arg(c.value(QStringLiteral("version")).toInt());
        auto *item = new QListWidgetItem(label, m_list);
        item->setData(IdRole, id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        m_diffWith->addItem(label, id);
    }
    m_summary->setText(
        m_session.isEmpty()
            ? tr("%n global context(s)", nullptr, int(contexts.size()))
            : tr("%n context(s): global and of session %1", nullptr, int(contexts.size())).arg(m_session.left(8)));
    m_diffWith->setCurrentIndex(std::max(0, m_diffWith->findData(keepDiff)));
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(IdRole).toString() == keep)
            m_list->setCurrentRow(row);
    }
    emit loaded();
}

QCoro::Task<> ContextsPanel::showContext(QString id)
{
    const QPointer<ContextsPanel> self(this);
    const QString contextTarget = QStringLiteral("/api/v1/contexts/") + id;
    const ApiReply context = co_await m_client.get(contextTarget);
    if (!self || currentId() != id)
        co_return;
    m_data->clear();
    addTree(nullptr, m_data, context.object.value(QStringLiteral("data")).toObject());
    m_data->expandAll();

    const QString historyTarget = QStringLiteral("/api/v1/contexts/%1/history?limit=100").arg(id);
    const ApiReply history = co_await m_client.get(historyTarget);
    if (!self || currentId() != id)
        co_return;
    m_history->clear();
    for (const QJsonValue &v : history.object.value(QStringLiteral("items")).toArray()) {
        const QJsonObject change = v.toObject();
        new QTreeWidgetItem(m_history, {QString::number(change.value(QStringLiteral("version")).toInt()),
                                        change.value(QStringLiteral("key")).toString(),
                                        valueText(change.value(QStringLiteral("old_value"))),
                                        valueText(change.value(QStringLiteral("new_value"))),
                                        change.value(QStringLiteral("changed_at")).toString()});
    }

    m_diff->clear();
    const QString other = m_diffWith->currentData().toString();
    if (!other.isEmpty() && other != id) {
        const QString diffTarget = QStringLiteral("/api/v1/contexts/%1/diff/%2").arg(id, other);
        const ApiReply diff = co_await m_client.get(diffTarget);
        if (!self || currentId() != id)
            co_return;
        const QJsonObject d = diff.object;
        const QJsonObject added = d.value(QStringLiteral("added")).toObject();
        for (auto it = added.constBegin(); it != added.constEnd(); ++it)
            new QTreeWidgetItem(m_diff, {tr("added"), it.key(), valueText(it.value())});
        const QJsonObject modified = d.value(QStringLiteral("modified")).toObject();
        for (auto it = modified.constBegin(); it != modified.constEnd(); ++it) {
            const QJsonObject change = it.value().toObject();
            new QTreeWidgetItem(m_diff, {tr("modified"), it.key(),
                                         tr("%1 → %2").arg(valueText(change.value(QStringLiteral("old"))),
                                                           valueText(change.value(QStringLiteral("new"))))});
        }
        for (const QJsonValue &key : d.value(QStringLiteral("deleted")).toArray())
            new QTreeWidgetItem(m_diff, {tr("deleted"), key.toString(), QString()});
    }
    emit shown();
}

QCoro::Task<QString> ContextsPanel::merge(QStringList ids, QString strategy)
{
    const QPointer<ContextsPanel> self(this);
    const QString target = QStringLiteral("/api/v1/contexts/merge");
    const QJsonObject body{{QStringLiteral("context_ids"), QJsonArray::fromStringList(ids)},
                           {QStringLiteral("strategy"), strategy}};
    const ApiReply reply = co_await m_client.post(target, body);
    if (!self)
        co_return QString();
    if (!reply.ok()) {
        emit message(tr("Merge refused: %1").arg(reply.describe()));
        co_return QString();
    }
    const QJsonObject merged = reply.object; // the new context, with its conflicts
    const QJsonArray conflicts = reply.object.value(QStringLiteral("conflicts")).toArray();
    emit message(conflicts.isEmpty()
                     ? tr("Merged into a new context")
                     : tr("Merged into a new context; %n key(s) left in conflict", nullptr, int(conflicts.size())));
    co_return merged.value(QStringLiteral("id")).toString();
}

void ContextsPanel::openMergeDialog()
{
    QStringList ids;
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->checkState() == Qt::Checked)
            ids.append(m_list->item(row)->data(IdRole).toString());
    }
    if (ids.size() < 2) {
        emit message(tr("Check two contexts or more in the list to merge them (the first is the target)"));
        return;
    }
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Merge contexts"));
    auto *strategy = new QComboBox(dialog);
    strategy->setObjectName(QStringLiteral("strategy"));
    for (const char *name : {"deep_merge", "last_write_wins", "prefer_source", "prefer_target", "manual"})
        strategy->addItem(QLatin1String(name), QLatin1String(name));
    auto *form = new QFormLayout;
    form->addRow(tr("Contexts:"),
                 new QLabel(tr("%n checked; the first is the target", nullptr, int(ids.size())), dialog));
    form->addRow(tr("&Strategy:"), strategy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    auto *layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, strategy, ids] {
        merge(ids, strategy->currentData().toString());
        dialog->accept();
    });
    dialog->open();
}

} // namespace Orc::Gui
