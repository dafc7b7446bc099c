#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QWidget>

namespace Orc::Gui {

// A task's dependency graph (GET /api/v1/tasks/{id}/dependencies/graph) drawn left to right:
// each task in the column of its longest chain of dependencies, an arrow from each dependency to
// its dependent, the critical path in amber with its hours. A click on a task selects it.
class GraphView : public QWidget
{
    Q_OBJECT

public:
    explicit GraphView(QWidget *parent = nullptr);

    void setGraph(const QJsonObject &graph);
    QStringList criticalPath() const { return m_critical; }
    int nodeCount() const { return int(m_nodes.size()); }
    // Where a task is drawn (empty if it is not).
    QRect nodeRect(const QString &id) const;

signals:
    void taskClicked(const QString &id);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    QSize sizeHint() const override { return {600, 260}; }

private:
    struct Node
    {
        QString id;
        QString title;
        QString status;
        double hours = 0;
        int column = 0;
        int row = 0;
    };
    void layout();

    QList<Node> m_nodes;
    QList<std::pair<QString, QString>> m_edges; // (dependency, dependent)
    QStringList m_critical;
    double m_criticalHours = 0;
    double m_totalHours = 0;
};

} // namespace Orc::Gui
