#pragma once

#include <qcorotask.h>

#include <QDialog>
#include <QTimer>

class QLabel;
class QLineSeries;
class QTableWidget;

namespace Orc::Gui {

class ControlClient;

// One agent's diagnostics: a real health-probe round trip through its runner, status, load,
// performance and its recent tasks, read again every 2 s while open; load and success rate are
// charted over that time.
class DiagnosticsDialog : public QDialog
{
    Q_OBJECT

public:
    DiagnosticsDialog(ControlClient &client, QString agentId, const QString &name, QWidget *parent = nullptr);

    QLabel *probeLabel() const { return m_probe; }
    QTableWidget *recentTasks() const { return m_tasks; }
    // Probes now (also every 2 s while the dialog is open).
    QCoro::Task<> refresh();

signals:
    void refreshed();

private:
    ControlClient &m_client;
    QString m_agentId;
    QLabel *m_probe = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_tasks = nullptr;
    QLineSeries *m_load = nullptr;
    QLineSeries *m_success = nullptr;
    QTimer m_timer;
    qint64 m_openedAt = 0;
    bool m_busy = false;
};

} // namespace Orc::Gui
