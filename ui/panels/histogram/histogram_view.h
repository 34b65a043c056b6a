#pragma once

#include "core/fieldconfig/field_config.h"
#include "ui/panels/common/cached_plot_view.h"
#include "ui/panels/histogram/histogram_model.h"

#include <QColor>

namespace sg::ui::histogram {

/// Grafana's histogram: the buckets of every series as bars (overlaid, or stacked with `custom.stacking`), an x axis
/// of bucket bounds in the field's unit, a count axis, a legend and a tooltip with the bucket's counts.
class HistogramView : public plot::CachedPlotView
{
public:
    explicit HistogramView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    QString summary() const override;
    int seriesCount() const override { return m_seriesCount; }

    const Histogram& histogram() const { return m_histogram; }
    /// The bucket under widget x, if any.
    std::optional<std::size_t> bucketAt(const QPointF& pos) const;
    double xOf(double value) const;
    double yOf(double count) const;
    QColor seriesColor(std::size_t row) const;

protected:
    void renderBase(QPainter& p, const QRectF& area) override;
    void paintHover(QPainter& p, const QPointF& pos) override;

private:
    void rebuild();
    void paintBars(QPainter& p);

    dashboards::Panel m_panel;
    query::PanelData m_data;
    Histogram m_histogram;
    QString m_unit;
    QString m_stacking = QStringLiteral("none");
    fieldconfig::FieldConfig m_config;
    double m_fillOpacity = 0.8;
    int m_lineWidth = 1;
    bool m_legend = true;
    int m_seriesCount = 0;
    double m_xMin = 0;
    double m_xMax = 1;
    double m_yMax = 1;
};

} // namespace sg::ui::histogram
