#pragma once

#include <qcorotask.h>

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QListWidget;
class QTreeWidget;

namespace Orc::Gui {

class ControlClient;

// The Contexts dock: the global contexts and those of the session selected in the Sessions dock;
// the chosen context's data as a key/value tree, its change history, a diff against another
// context, and a merge dialog (strategy, inputs) whose result is a new context. Live from context
// events.
class ContextsPanel : public QWidget
{
    Q_OBJECT

public:
    ContextsPanel(ControlClient &client, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    QTreeWidget *data() const { return m_data; }
    QTreeWidget *history() const { return m_history; }
    QTreeWidget *diff() const { return m_diff; }
    QComboBox *diffWith() const { return m_diffWith; }
    QAction *mergeAction() const { return m_merge; }

    // Shows the contexts of this session (with the global ones); empty: the global ones only.
    void setSession(const QString &sessionId);
    QCoro::Task<> reload();
    // Merges the contexts checked in the list (the first checked is the target) with a strategy;
    // the id of the new context, or empty (the refusal is in the status message).
    QCoro::Task<QString> merge(QStringList ids, QString strategy);

signals:
    void message(const QString &text);
    void loaded();
    void shown(); // the chosen context's data, history and diff are on screen

private:
    QCoro::Task<> showContext(QString id);
    void openMergeDialog();
    QString currentId() const;

    ControlClient &m_client;
    QString m_session;
    QListWidget *m_list = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_data = nullptr;
    QTreeWidget *m_history = nullptr;
    QTreeWidget *m_diff = nullptr;
    QComboBox *m_diffWith = nullptr;
    QAction *m_merge = nullptr;
    QTimer m_coalesce;
    bool m_loading = false;
};

} // namespace Orc::Gui
