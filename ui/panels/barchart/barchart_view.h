#pragma once

#include "core/fieldconfig/field_config.h"
#include "ui/panels/barchart/barchart_model.h"
#include "ui/panels/common/cached_plot_view.h"

#include <QColor>

namespace sg::ui::barchart {

/// Grafana's bar chart: a group of bars per category, vertical or horizontal, side by side or stacked, value labels
/// in the field's unit, rotated category labels, a legend of the fields and a tooltip of the hovered group.
class BarChartView : public plot::CachedPlotView
{
public:
    explicit BarChartView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    void setTimeZone(const QString& tz) override;
    QString summary() const override;
    int seriesCount() const override { return m_seriesCount; }

    const Bars& bars() const { return m_bars; }
    bool horizontal() const;
    /// The rectangle of the bar of `field` in `group` (after the last paint).
    QRectF barRect(std::size_t group, std::size_t field) const;
    /// The group under widget position `pos`, if any.
    std::optional<std::size_t> groupAt(const QPointF& pos) const;
    QColor barColor(std::size_t group, std::size_t field) const;
    /// A value as its bar's label shows it: the mapping's text, or the value in the field's unit and decimals.
    QString valueText(double value) const;

protected:
    void renderBase(QPainter& p, const QRectF& area) override;
    void paintHover(QPainter& p, const QPointF& pos) override;

private:
    void rebuild();
    double valuePos(double v) const;
    QRectF groupSlot(std::size_t group) const;
    void paintCategoryLabels(QPainter& p);
    void paintValueLabels(QPainter& p);

    dashboards::Panel m_panel;
    query::PanelData m_data;
    Bars m_bars;
    fieldconfig::FieldConfig m_config; ///< `fieldConfig.defaults` over the plugin's
    std::vector<fieldconfig::FieldConfig> m_barConfigs; ///< m_config per bar field: its index, name and value range
    QString m_orientation = QStringLiteral("auto");
    QString m_stacking = QStringLiteral("none");
    QString m_showValue = QStringLiteral("auto");
    double m_barWidth = 0.97;
    double m_groupWidth = 0.7;
    int m_rotation = 0;
    double m_fillOpacity = 0.8;
    int m_lineWidth = 1;
    bool m_legend = true;
    int m_seriesCount = 0;
    double m_min = 0;
    double m_max = 1;
    double m_dataMin = 0;
    double m_dataMax = 1;
    bool m_horizontal = false; ///< as laid out by the last paint
};

} // namespace sg::ui::barchart
