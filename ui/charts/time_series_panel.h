#pragma once

#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/promql/value.h"
#include "core/query/frame.h"

#include <QPoint>
#include <QString>
#include <QWidget>

#include <functional>
#include <optional>
#include <vector>

class QChart;
class QChartView;
class QCategoryAxis;
class QGraphicsLineItem;
class QLabel;
class QLineSeries;

namespace sg::ui {

/// One query's matrix with the legend format its series are named by.
struct LegendedMatrix
{
    promql::Matrix matrix;
    QString legendFormat;
};

/// One named series (the name already resolved from a legend format).
struct NamedSeries
{
    Labels labels;
    QString name;
    std::vector<promql::Point> points;
};

/// A Grafana-like time series graph on Qt Charts: one line per series, time axis, unit-aware value axis,
/// a hover crosshair with a tooltip, and a click that names the series and time under the mouse.
class TimeSeriesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TimeSeriesPanel(QWidget* parent = nullptr);
    ~TimeSeriesPanel() override;

    void setMatrix(const promql::Matrix& matrix, const QString& legendFormat, TimestampMs from, TimestampMs to);
    /// Several queries' results in one graph (a panel with several targets).
    void setResults(std::vector<LegendedMatrix> results, TimestampMs from, TimestampMs to);
    /// Series whose display names are already resolved.
    void setNamedSeries(std::vector<NamedSeries> series, TimestampMs from, TimestampMs to);
    void setError(const QString& message);
    void setLoading(bool loading);
    void setUnit(const QString& unit);
    QString unit() const { return m_unit; }

    int seriesCount() const { return int(m_series.size()); }
    QStringList legendTexts() const;
    const Labels& seriesLabels(int seriesIndex) const;
    QString errorText() const;
    bool isLoading() const { return m_loading; }
    QChartView* chartView() const { return m_view; }
    /// Viewport coordinates of the data point of series `seriesIndex` nearest to time `t`.
    QPoint pointPosition(int seriesIndex, TimestampMs t) const;

    /// Another graph's crosshair at `timeMs` (Explore's panes share it as a dashboard's panels do); -1 hides it.
    void setSharedHover(qint64 timeMs);
    bool isCrosshairVisible() const;
    /// The crosshair's x in scene coordinates.
    qreal crosshairX() const;

    /// Markers over the time axis (Explore's log rows shown as annotations), drawn as a dashboard panel draws them;
    /// the mouse over one shows its tooltip instead of the series'.
    void setAnnotations(std::vector<query::Annotation> annotations);
    const std::vector<query::Annotation>& annotations() const { return m_annotations; }
    /// Annotations within the plotted range.
    int annotationCount() const;
    /// Viewport box of annotation `index`'s marker; empty when outside the range.
    QRect annotationMarkerRect(int index) const;
    /// The tooltip of the marker at `viewportPos` ("time · title", text, tags); empty when there is none.
    QStringList annotationTooltipAt(const QPoint& viewportPos) const;

Q_SIGNALS:
    /// The mouse moved to `timeMs` over the plot (-1: it left it), for a shared crosshair.
    void hoverTimeChanged(qint64 timeMs);
    void seriesClicked(sg::Labels labels, qint64 timeMs);
    /// A Shift+drag over [fromMs, toMs], then "Show logs": show the logs of the graph's series for that range.
    void logsRangeSelected(qint64 fromMs, qint64 toMs);
    /// A Shift+drag, then "What changed in the logs": the log patterns of the range against a baseline.
    void whatChangedRangeSelected(qint64 fromMs, qint64 toMs);
    /// A Shift+drag, then "Zoom to range".
    void zoomRangeSelected(qint64 fromMs, qint64 toMs);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct SeriesData
    {
        Labels labels;
        QString legend;
        std::vector<promql::Point> points;
        DurationMs spacing = 0;            ///< the series' step, to tell gaps from sparse drawing
        QLineSeries* line = nullptr;       ///< the first segment; carries the legend entry
        std::vector<QLineSeries*> gaps;    ///< further segments after gaps in the data
    };
    struct Hit
    {
        int series = -1;
        std::size_t point = 0;
    };

    void rebuild();
    void clearLines();
    QLineSeries* newLine(const QColor& colour);
    void replot();
    void updateAxes();
    void showOverlay(const QString& text, bool isError);
    Hit hitTest(const QPointF& viewportPos) const;
    QPointF toViewport(int seriesIndex, const promql::Point& p) const;
    void updateHover(const QPoint& viewportPos);
    /// The time under viewport x (clamped to the plotted range).
    TimestampMs timeAtViewport(const QPointF& viewportPos) const;
    void clearHover();
    QRectF plotInViewport() const;
    std::function<std::optional<double>(qint64)> annotationX() const;
    bool showAnnotationTooltip(const QPoint& viewportPos);
    /// The menu a Shift+drag opens on release: logs, what changed, or zoom.
    void chooseRangeAction(TimestampMs from, TimestampMs to, QPoint globalPos);

    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QCategoryAxis* m_timeAxis = nullptr;
    QCategoryAxis* m_valueAxis = nullptr;
    QLabel* m_overlay = nullptr;
    QLabel* m_loadingLabel = nullptr;
    QGraphicsLineItem* m_crosshair = nullptr;
    std::vector<SeriesData> m_series;
    QString m_unit;
    QString m_error;
    TimestampMs m_from = 0;
    TimestampMs m_to = 0;
    bool m_loading = false;
    std::optional<QPointF> m_shiftPress; ///< where a Shift+drag started
    std::vector<query::Annotation> m_annotations;
    QWidget* m_markers = nullptr; ///< the layer the markers are painted on
};

} // namespace sg::ui
