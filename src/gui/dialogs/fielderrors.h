#pragma once

#include <QHash>
#include <QLabel>
#include <QString>
#include <QWidget>

namespace Orc::Gui {

// The validation messages of a 422 answer shown under the fields they name (the same rules as the
// API, because the API gave them): one hidden red label per field, shown with its message.
class FieldErrors
{
public:
    // A label for `field` (e.g. "title", "agent_config.agent_id"), to put under its input.
    QLabel *labelFor(const QString &field, QWidget *parent);
    // Shows each message under its field; messages for fields without a label are returned.
    QStringList show(const QHash<QString, QString> &messages);
    void clear();

private:
    QHash<QString, QLabel *> m_labels;
};

} // namespace Orc::Gui
