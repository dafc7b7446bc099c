#pragma once

#include "gui/dialogs/fielderrors.h"

#include <qcorotask.h>

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;

namespace Orc::Gui {

class AgentModel;
class ControlClient;

// "New session": title, prompt, type, priority, the agent (a named one, or the best with the
// chosen capabilities), the time limit, tags and whether to start at once. The API checks it:
// a 422 shows each message under its field and keeps the dialog open with what was typed.
class NewSessionDialog : public QDialog
{
    Q_OBJECT

public:
    NewSessionDialog(ControlClient &client, const AgentModel *agents, QWidget *parent = nullptr);

    // The body POST /api/v1/sessions gets from the fields as they are.
    QJsonObject body() const;
    QString createdId() const { return m_createdId; }

    // Widgets, for tests and for keyboard users who like to know.
    QLineEdit *titleEdit() const { return m_title; }
    QPlainTextEdit *promptEdit() const { return m_prompt; }
    QComboBox *agentCombo() const { return m_agent; }
    QCheckBox *autoStartBox() const { return m_autoStart; }
    QLabel *errorLabel() const { return m_error; }

public slots:
    void accept() override;

signals:
    void created(const QString &id);

private:
    QCoro::Task<> submit();

    ControlClient &m_client;
    QLineEdit *m_title = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_priority = nullptr;
    QComboBox *m_agent = nullptr;
    QListWidget *m_capabilities = nullptr;
    QSpinBox *m_maxDuration = nullptr;
    QLineEdit *m_tags = nullptr;
    QCheckBox *m_autoStart = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    FieldErrors m_fieldErrors;
    QString m_createdId;
    bool m_busy = false;
};

} // namespace Orc::Gui
