#pragma once

#include "core/dashboards/dashboard.h"
#include "core/query/frame.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace sg::ui::heatmap {

/// One row of the heatmap: the value range its cells count.
struct Bucket
{
    double lower = 0;
    double upper = 0;
    QString label; ///< the `le` text ("0.25", "+Inf") or the series name of an ordinal row
};

/// How the rows were made, which decides how a row's range reads.
enum class RowLayout {
    UpperBound, ///< Prometheus `le` buckets: (lower, upper]
    LowerBound, ///< calculated buckets: [lower, upper)
    Ordinal,    ///< one row per series, no numeric range
};

/// A heatmap as cells: columns over time, rows over values, a count per cell (NaN: no sample).
struct Grid
{
    std::vector<qint64> startMs; ///< per column
    std::vector<qint64> endMs;
    std::vector<Bucket> rows; ///< bottom to top
    std::vector<double> counts; ///< column-major: counts[col * rows.size() + row]
    RowLayout layout = RowLayout::Ordinal;
    double minCount = 0;
    double maxCount = 0;

    std::size_t columnCount() const { return startMs.size(); }
    std::size_t rowCount() const { return rows.size(); }
    double count(std::size_t col, std::size_t row) const { return counts[col * rows.size() + row]; }
    bool isEmpty() const { return rows.empty() || startMs.empty(); }
};

/// `le` label text as a bound: "+Inf" → infinity; nothing when it is not a number.
std::optional<double> parseLe(const QString& le);

/// Rows from series carrying an `le` label (Prometheus' `_bucket` series), sorted by le with +Inf last; series with
/// the same le are summed. With `cumulative`, each row's count is its le's value minus the next lower le's, as
/// Grafana's Prometheus heatmap conversion does (negative differences, from counter resets, count as 0). Columns are
/// the union of the series' timestamps, each covering (t - step, t].
Grid fromLeBuckets(const std::vector<query::SeriesFrame>& series, bool cumulative, qint64 stepMs);

/// True when every time's values never decrease as le rises (the buckets are cumulative).
bool looksCumulative(const std::vector<query::SeriesFrame>& series);

/// One ordinal row per series (already bucketed data without `le`).
Grid fromSeriesRows(const std::vector<query::SeriesFrame>& series, qint64 stepMs);

/// Grafana's "calculate from data" options (`options.calculation`).
struct CalculationOptions
{
    QString xMode;      ///< "size" (xValue is a duration), "count", or empty: 20 columns
    QString xValue;
    QString yMode;      ///< "size", "count", or empty: 10 rows
    QString yValue;
    int yLogBase = 0;   ///< 2 or 10 for `yBuckets.scale.type: "log"`; yValue then splits each power
    static CalculationOptions fromJson(const QJsonObject& calculation);
};

/// Every value of every series counted into x (time) and y (value) buckets, as Grafana's calculateHeatmapFromData:
/// bucket sizes from the options or "nice" sizes for about 20 columns and 10 rows, cells [x, x + size).
Grid calculate(const std::vector<query::SeriesFrame>& series, const CalculationOptions& options, qint64 fromMs,
    qint64 toMs);

/// The grid a heatmap panel shows for its data: calculated (`options.calculate`), `le` buckets (format heatmap
/// targets, or series with `le`), or one row per series.
Grid buildGrid(const dashboards::Panel& panel, const query::PanelData& data);

/// A duration as dashboards write it ("30s", "5m", "1h", or a number of ms); 0 when unreadable.
qint64 parseDurationMs(const QString& text);

} // namespace sg::ui::heatmap
