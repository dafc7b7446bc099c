#include "gui/docks/eventlogpanel.h"

#include "gui/models/eventlogmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace Orc::Gui {

namespace {

// Free text over every column, and the event kind (the type's prefix).
class EventFilter : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void set(const QString &kind, const QString &text)
    {
        m_kind = kind;
        m_words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QAbstractItemModel *m = sourceModel();
        if (!m_kind.isEmpty()
            && !m->index(row, EventLogModel::Type, parent).data().toString().startsWith(m_kind + QLatin1Char('.')))
            return false;
        if (m_words.isEmpty())
            return true;
        QString text;
        for (int column = 0; column < EventLogModel::ColumnCount; ++column)
            text += m->index(row, column, parent).data().toString() + QLatin1Char(' ');
        for (const QString &word : m_words) {
            if (!text.contains(word, Qt::CaseInsensitive))
                return false;
        }
        return true;
    }

private:
    QString m_kind;
    QStringList m_words;
};

} // namespace

EventLogPanel::EventLogPanel(EventLogModel &events, QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("eventLogPanel"));
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("eventFilter"));
    m_filter->setPlaceholderText(tr("Filter: type, id, text…"));
    m_filter->setClearButtonEnabled(true);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("eventKind"));
    m_kind->addItem(tr("All events"), QString());
    const QList<std::pair<QString, QString>> kinds{
        {tr("Sessions"), QStringLiteral("session")}, {tr("Agents"), QStringLiteral("agent")},
        {tr("Tasks"), QStringLiteral("task")},       {tr("Contexts"), QStringLiteral("context")},
        {tr("Locks"), QStringLiteral("lock")},       {tr("System"), QStringLiteral("system")}};
    for (const auto &[label, prefix] : kinds)
        m_kind->addItem(label, prefix);
    m_follow = new QCheckBox(tr("&Follow"), this);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest event in view"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_kind);
    bar->addWidget(m_follow);

    auto *proxy = new EventFilter(this);
    m_proxy = proxy;
    proxy->setSourceModel(&events);
    auto apply = [this, proxy] { proxy->set(m_kind->currentData().toString(), m_filter->text()); };
    connect(m_filter, &QLineEdit::textChanged, this, apply);
    connect(m_kind, &QComboBox::currentIndexChanged, this, apply);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("eventsView"));
    m_view->setModel(proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    m_view->setColumnWidth(EventLogModel::Seq, 70);
    m_view->setColumnWidth(EventLogModel::Time, 100);
    m_view->setColumnWidth(EventLogModel::Type, 200);
    m_view->setColumnWidth(EventLogModel::Subject, 140);
    connect(proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_view->scrollToBottom();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
}

} // namespace Orc::Gui
