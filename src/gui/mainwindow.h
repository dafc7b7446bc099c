#pragma once

#include <QMainWindow>

class QDockWidget;
class QLabel;

namespace Orc::Runtime {
class Orchestrator;
}

namespace Orc::Gui {

// The control room: one QDockWidget per panel, a View menu to show and hide them, the layout
// remembered between runs. The panels themselves are filled by their own widgets.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Runtime::Orchestrator &orchestrator, QWidget *parent = nullptr);

    QList<QDockWidget *> docks() const { return m_docks; }
    void resetLayout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createDocks();
    void createMenus();
    void createStatusBar();
    void updateApiStatus();
    void copyApiToken();
    void showAbout();

    Runtime::Orchestrator &m_orchestrator;
    QList<QDockWidget *> m_docks;
    QByteArray m_defaultState;
    QLabel *m_apiLabel = nullptr;
    QLabel *m_storageLabel = nullptr;
};

} // namespace Orc::Gui
