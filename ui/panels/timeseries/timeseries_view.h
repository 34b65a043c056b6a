#pragma once

// Grafana's time series panel painted with QPainter. The series, grid, axes and legend are painted once into a
// cached image (rebuilt when the data, the options, the visibility or the size change); mouse moves repaint only
// the crosshair, hover points, tooltip and drag selection over that image.

#include "timeseries_layout.h"
#include "timeseries_legend.h"
#include "timeseries_tooltip.h"

#include "ui/panels/panel_plugin.h"

#include <QImage>

#include <functional>
#include <optional>

namespace sg::ui::timeseries {

class TimeSeriesView : public PanelView
{
    Q_OBJECT
public:
    explicit TimeSeriesView(QWidget* parent = nullptr);

    void setPanel(const dashboards::Panel& panel) override;
    void setData(const query::PanelData& data) override;
    void setTimeZone(const QString& tz) override;
    QString summary() const override;
    int seriesCount() const override { return int(m_model.series.size()); }

    /// The error shown instead of the chart, or empty.
    QString errorText() const { return m_error; }
    QString seriesName(int series) const;
    query::LabelPairs seriesLabels(int series) const;
    QColor seriesColor(int series) const;
    /// False when the legend (isolate/toggle) or hideFrom.viz hides the series.
    bool isSeriesVisible(int series) const;
    /// Widget coordinates of series `series`'s drawn sample nearest to `t` (stacking applied); (-1, -1) if none.
    QPoint pointPosition(int series, qint64 t) const;
    QRectF plotRect() const;
    /// The legend entries in display order: names, formatted calculation values, and each entry's box.
    QStringList legendNames() const;
    QList<QStringList> legendValues() const;
    QRect legendEntryRect(int series) const;
    /// Table legend: the header cell of column `key` ("Name" or a calculation's display name).
    QRect legendHeaderRect(const QString& key) const;
    /// Labels of the value axes' ticks, one list per shown axis (left ones first), and the time axis labels.
    QList<QStringList> axisTickLabels() const;
    int axisCount() const;
    bool axisOnRight(int axis) const;
    QStringList timeTickLabels() const;
    /// What the tooltip shows now ("time", then "name: value" rows); empty when none is shown.
    QStringList tooltipLines() const;
    const PlotModel& model() const { return m_model; }
    std::optional<query::LabelPairs> hoveredSeries() const override;
    void setAnnotations(const std::vector<query::Annotation>& annotations) override;
    /// Annotations within the time range, as drawn.
    int annotationCount() const;
    /// Where annotation `index` (in the order given) has its marker, the triangle under the plot; empty if outside.
    QRect annotationMarkerRect(int index) const;
    /// The annotation tooltip the mouse shows now: "time · title", the text, "tags: ..." (empty: none).
    QStringList annotationTooltipLines() const;

    /// Milliseconds the last setData() and the last rebuild of the cached image took.
    double lastDataMs() const { return m_lastDataMs; }
    double lastRenderMs() const { return m_lastRenderMs; }

public Q_SLOTS:
    /// The shared crosshair from another panel (-1 clears it).
    void setSharedHoverTime(qint64 timeMs);
    /// Grafana's graphTooltip = 2: the shared crosshair also shows the tooltip here.
    void setSharedTooltip(bool shared);
    /// The dashboard's shared crosshair (PanelView): crosshair, and with `withTooltip` the tooltip, at `timeMs`.
    void setSharedHover(qint64 timeMs, bool withTooltip) override
    {
        setSharedTooltip(withTooltip);
        setSharedHoverTime(timeMs);
    }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void rebuild();       ///< visibility, stacking, scales, legend entries; then relayout
    void ensureLayout() const;
    void invalidate();
    void renderCache();
    /// Background, grid, thresholds, series, axes and legend: into the cache, or straight onto a vector device.
    void paintScene(QPainter& p, qreal dpr);
    void paintOverlay(QPainter& p);
    void paintAnnotations(QPainter& p);
    /// The x of a time on the laid-out plot, nullopt outside the range (for the shared marker helpers).
    std::function<std::optional<double>(qint64)> annotationX() const;
    /// The annotation whose marker is under `pos`, or -1.
    int annotationAt(const QPointF& pos) const;
    void clickAt(const QPointF& pos);
    void legendClicked(int entry, bool toggle);

    dashboards::Panel m_panel;
    PlotModel m_model;
    SeriesVisibility m_visibility;
    QString m_error;
    bool m_loading = false;
    mutable Legend m_legend;
    mutable Layout m_layout;
    mutable bool m_layoutValid = false;

    std::vector<query::Annotation> m_annotations;
    QImage m_cache;
    bool m_cacheValid = false;
    std::optional<QPointF> m_hover;
    qint64 m_sharedTime = -1;
    bool m_sharedTooltip = false;
    bool m_pressed = false;
    bool m_dragging = false;
    QPointF m_pressPos;
    double m_dragX = 0;
    bool m_hoverEmitted = false;
    double m_lastDataMs = 0;
    double m_lastRenderMs = 0;
};

} // namespace sg::ui::timeseries
