#pragma once

#include "ui/panels/common/cached_plot_view.h"
#include "ui/panels/heatmap/heatmap_model.h"

#include <QRgb>

#include <optional>

namespace sg::ui::heatmap {

/// Grafana's heatmap: cells coloured by count over time columns and bucket rows, a y axis of bucket bounds, a time
/// axis, a colour-scale legend and a hover tooltip with the bucket, time and count.
class HeatmapView : public plot::CachedPlotView
{
public:
    explicit HeatmapView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    QString summary() const override;
    int seriesCount() const override { return m_seriesCount; }

    const Grid& grid() const { return m_grid; }
    /// The colour a cell of `count` is painted (transparent for hidden cells: at most `filterValues.le`).
    QColor colorFor(double count) const;
    /// The cell (column, row) under widget position `pos`, if any.
    std::optional<std::pair<std::size_t, std::size_t>> cellAt(const QPointF& pos) const;

protected:
    void renderBase(QPainter& p, const QRectF& area) override;
    void paintHover(QPainter& p, const QPointF& pos) override;
    bool timeBased() const override { return true; }

private:
    void rebuild();
    void paintCells(QPainter& p);
    void paintYAxis(QPainter& p, const QStringList& labels);
    void paintLegend(QPainter& p, const QRectF& area);
    QStringList rowLabels() const;
    QString bucketText(std::size_t row) const;
    QString formatY(double v) const;

    dashboards::Panel m_panel;
    query::PanelData m_data;
    Grid m_grid;
    std::vector<QRgb> m_palette;
    double m_colorMin = 0;
    double m_colorMax = 0;
    double m_hideLe = 1e-9;
    int m_cellGap = 1;
    bool m_legend = true;
    bool m_tooltip = true;
    QString m_yUnit;
    std::optional<int> m_yDecimals;
    int m_seriesCount = 0;
};

} // namespace sg::ui::heatmap
