#pragma once

#include "core/langsvc/explain.h"

#include <QThreadPool>
#include <QWidget>

#include <atomic>
#include <memory>

class QTreeWidget;
class QTreeWidgetItem;

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

/// The query editor's Explain pane: the query as a tree of sub-expressions (columns: expression, description,
/// series or lines, time). The tree appears at once; each node's evaluation runs on a worker thread and fills the
/// last two columns when done. A newer explain() cancels the running one, whose answer is dropped.
class ExplainView : public QWidget
{
    Q_OBJECT
public:
    enum Column { ExpressionColumn, DescriptionColumn, ResultColumn, TimeColumn };

    explicit ExplainView(QWidget* parent = nullptr);
    ~ExplainView() override;

    /// Where nodes are evaluated; without one (or with null) the tree is shown without evaluation.
    void setQueryClient(const services::QueryClient* client);
    /// Explains `query`; evaluates at `toMs` (LogQL log nodes read the range ending there, at least `toMs - fromMs`).
    void explain(logql::QueryLanguage language, const QString& query, qint64 fromMs, qint64 toMs);

    QTreeWidget* tree() const { return m_tree; }
    bool isEvaluating() const { return m_evaluating; }

Q_SIGNALS:
    /// The evaluation finished and its figures are shown.
    void evaluated();
    /// A node was clicked: its sub-expression's byte range in the query, so the editor can select it.
    void nodeActivated(int begin, int end);

private:
    void showTree(const langsvc::ExplainNode& root);
    QTreeWidgetItem* addNode(const langsvc::ExplainNode& node, QTreeWidgetItem* parent);
    void onEvaluated(quint64 generation, const std::shared_ptr<langsvc::ExplainNode>& root);

    QTreeWidget* m_tree = nullptr;
    const services::QueryClient* m_client = nullptr;
    QThreadPool m_pool;
    std::shared_ptr<std::atomic_bool> m_cancel;
    quint64 m_generation = 0;
    bool m_evaluating = false;
};

} // namespace sg::ui
