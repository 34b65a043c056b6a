#pragma once

#include "ui/panels/common/cached_plot_view.h"
#include "ui/panels/state_timeline/state_timeline_model.h"

#include <QColor>

namespace sg::ui::state_timeline {

/// Grafana's state timeline: one lane per series, each state a coloured region, values written inside the regions
/// that fit them, a time axis, a legend of the thresholds or mappings, and a tooltip with state, start and duration.
class StateTimelineView : public plot::CachedPlotView
{
public:
    explicit StateTimelineView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    QString summary() const override;
    int seriesCount() const override { return int(m_lanes.size()); }

    const std::vector<Lane>& lanes() const { return m_lanes; }
    /// The (lane, region) under widget position `pos`, if any.
    std::optional<std::pair<std::size_t, std::size_t>> regionAt(const QPointF& pos) const;
    /// The vertical band of lane `lane` (rowHeight applied), in widget coordinates.
    QRectF laneBand(std::size_t lane) const;

protected:
    void renderBase(QPainter& p, const QRectF& area) override;
    void paintHover(QPainter& p, const QPointF& pos) override;
    bool timeBased() const override { return true; }
    void clickedAt(const QPointF& pos) override;

private:
    void rebuild();
    void paintRegions(QPainter& p);
    void paintValues(QPainter& p);
    void paintLegend(QPainter& p, const QRectF& area);
    std::vector<std::pair<QString, QColor>> legendItems() const;

    dashboards::Panel m_panel;
    query::PanelData m_data;
    std::vector<Lane> m_lanes;
    std::size_t m_regionCount = 0;
    QString m_showValue = QStringLiteral("auto");
    QString m_alignValue = QStringLiteral("left");
    double m_rowHeight = 0.9;
    double m_fillOpacity = 0.7;
    int m_lineWidth = 0;
    bool m_legend = true;
};

} // namespace sg::ui::state_timeline
