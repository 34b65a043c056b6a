#pragma once

#include "core/dashboards/datasources.h"
#include "core/dashboards/panel_queries.h"
#include "core/dashboards/repeats.h"
#include "core/query/frame.h"

#include <QScrollArea>

#include <optional>
#include <vector>

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

class AnnotationRunner;
class DashboardModel;
class PanelFrame;
class RowHeader;

/// A dashboard's panels on Grafana's 24-column grid (30 px rows, 8 px gaps), scrollable: panel frames from the
/// plugin registry, row headers that collapse and expand, panels repeated by variable. Only panels in (or near)
/// the viewport run their queries; the others run when scrolled to, as in Grafana.
class DashboardView : public QScrollArea
{
    Q_OBJECT
public:
    static constexpr int Margin = 8;
    static constexpr int Gap = 8;

    DashboardView(DashboardModel* model, services::QueryClient* client, QWidget* parent = nullptr);

    void setDatasources(dashboards::DatasourceRegistry registry) { m_datasources = std::move(registry); }
    const dashboards::DatasourceRegistry& datasources() const { return m_datasources; }

    /// Every frame, repeated ones included, in layout order.
    const std::vector<PanelFrame*>& frames() const { return m_frames; }
    const std::vector<RowHeader*>& rowHeaders() const { return m_rows; }
    PanelFrame* frameById(int panelId) const;
    PanelFrame* frameByTitle(const QString& title) const;
    /// When set, every panel runs on refresh, visible or not (render, export, tests).
    void setEagerLoading(bool eager) { m_eager = eager; }
    /// Edit mode: panels move by their title bar and resize by their lower right corner, snapping to the grid.
    void setEditMode(bool on);
    bool editMode() const { return m_editMode; }
    /// The grid cell under a point of the content widget.
    dashboards::GridPos cellAt(const QPoint& contentPos) const;
    /// True when no panel is loading (and, when eager, none waits to run).
    bool isSettled() const;
    /// The height the whole grid needs at the current width.
    int contentHeight() const;

public Q_SLOTS:
    /// Re-runs the panels' queries for `context` (range, variables, time zone).
    void refresh(const dashboards::PanelQueryContext& context);
    /// Rebuilds the frames from the model (after an edit, undo or load).
    void rebuild();
    /// Moves the frames to the model's grid positions, keeping them and their data (after a move or resize).
    void relayout();

Q_SIGNALS:
    void seriesClicked(int panelId, const sg::query::LabelPairs& labels, qint64 timeMs);
    void rangeSelected(qint64 fromMs, qint64 toMs);
    void logsRangeSelected(int panelId, qint64 fromMs, qint64 toMs);
    void whatChangedRangeSelected(int panelId, qint64 fromMs, qint64 toMs);
    /// A panel frame was created (on every rebuild): other components may decorate it.
    void frameAdded(sg::ui::PanelFrame* frame);
    /// The shared crosshair (graphTooltip 1 or 2) moved to `timeMs` over `source` (-1: left it).
    void sharedHoverChanged(sg::ui::PanelFrame* source, qint64 timeMs);
    /// The dashboard's annotation queries answered; every time series panel has their markers.
    void annotationsReady(int count);
    void editRequested(int panelId);
    void inspectRequested(int panelId);
    /// Export the panel (0: the dashboard) as a picture: PNG, or SVG with `svg`.
    void exportRequested(int panelId, bool svg);
    /// A panel link or data link was chosen (its interpolated URL).
    void linkActivated(const QString& href, bool targetBlank);
    /// Every visible panel has answered its last refresh.
    void allRefreshed();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    struct Item
    {
        dashboards::GridItem grid;
        QWidget* widget = nullptr;
    };
    void layoutItems();
    static void placeItems(std::vector<Item>& items);
    void refreshVisible();
    void checkAllRefreshed();
    QRect geometryOf(const dashboards::GridPos& pos) const;

    DashboardModel* m_model = nullptr;
    services::QueryClient* m_client = nullptr;
    AnnotationRunner* m_annotations = nullptr;
    dashboards::DatasourceRegistry m_datasources = dashboards::DatasourceRegistry::embedded();
    QWidget* m_content = nullptr;
    std::vector<Item> m_items;
    std::vector<PanelFrame*> m_frames;
    std::vector<RowHeader*> m_rows;
    dashboards::PanelQueryContext m_context;
    bool m_hasContext = false;
    bool m_eager = false;
    bool m_editMode = false;
    /// A drag in edit mode: the panel, what the drag does, where it started.
    struct Drag
    {
        int panelId = 0;
        bool resize = false;
        QPoint startPos;
        dashboards::GridPos startGrid;
    };
    std::optional<Drag> m_drag;
};

} // namespace sg::ui
