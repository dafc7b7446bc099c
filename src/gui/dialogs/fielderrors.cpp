#include "gui/dialogs/fielderrors.h"

namespace Orc::Gui {

QLabel *FieldErrors::labelFor(const QString &field, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QStringLiteral("error_") + field);
    label->setProperty("role", QStringLiteral("field-error"));
    label->setStyleSheet(QStringLiteral("color: #DC2626;"));
    label->setWordWrap(true);
    label->hide();
    m_labels.insert(field, label);
    return label;
}

QStringList FieldErrors::show(const QHash<QString, QString> &messages)
{
    clear();
    QStringList unplaced;
    for (auto it = messages.cbegin(); it != messages.cend(); ++it) {
        // "agent_config.required_capabilities[1]" belongs under "agent_config.required_capabilities".
        QString field = it.key();
        while (!m_labels.contains(field) && (field.contains(QLatin1Char('.')) || field.contains(QLatin1Char('['))))
            field.truncate(std::max(field.lastIndexOf(QLatin1Char('.')), field.lastIndexOf(QLatin1Char('['))));
        QLabel *label = m_labels.value(field);
        if (!label) {
            unplaced.append(it.key() + QStringLiteral(": ") + it.value());
            continue;
        }
        label->setText(label->text().isEmpty() ? it.value() : label->text() + QLatin1Char('\n') + it.value());
        label->show();
    }
    return unplaced;
}

void FieldErrors::clear()
{
    for (QLabel *label : std::as_const(m_labels)) {
        label->clear();
        label->hide();
    }
}

} // namespace Orc::Gui
