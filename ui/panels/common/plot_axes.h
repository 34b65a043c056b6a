#pragma once

// Time and value axes, legends and tooltips of the chart-like panel views (heatmap, histogram, bar chart, state
// timeline).

#include <QColor>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>
#include <utility>
#include <vector>

class QFontMetrics;
class QPainter;

namespace sg::ui::plot {

/// The zone a dashboard's `timezone` names: "utc", an IANA id, or local time for "" and "browser".
QTimeZone zoneFor(const QString& tz);

/// "2024-03-01 12:34:56" in the zone.
QString formatDateTime(qint64 ms, const QTimeZone& zone);

/// A duration as Grafana's tooltips write it: "1h 5m", "42s", "250ms".
QString formatDuration(qint64 ms);

/// Tick positions along a time axis: round steps (1s … 30d) about `minSpacingPx` apart, aligned in `zone`.
struct TimeTicks
{
    std::vector<qint64> ms;
    qint64 stepMs = 0;
    QString format; ///< QDateTime pattern for the labels
};
TimeTicks timeTicks(qint64 fromMs, qint64 toMs, double widthPx, const QTimeZone& zone, double minSpacingPx = 90);

/// A round step (1, 2, 2.5, 5 × 10^k) that cuts `range` into about `count` intervals.
double niceStep(double range, double count);
/// The multiples of niceStep within [min, max].
std::vector<double> numericTicks(double min, double max, double count);

/// `units::format` as one string.
QString formatValue(const QString& unit, double value, std::optional<int> decimals = std::nullopt);

/// Paints a time axis under `plot`: tick marks, labels, and vertical grid lines through the plot.
void drawTimeAxis(QPainter& p, const QRectF& plot, qint64 fromMs, qint64 toMs, const QTimeZone& zone,
    bool gridLines = true);

/// Labels of the round ticks over [min, max] for a value axis (`count` intervals wanted).
std::vector<std::pair<double, QString>> valueTicks(double min, double max, double count, const QString& unit);

/// Width a vertical value axis needs for its labels.
int valueAxisWidth(const QFontMetrics& fm, const std::vector<std::pair<double, QString>>& ticks);

/// Paints value ticks with grid lines: along the left edge (Qt::Vertical, values rising upwards) or along the bottom
/// edge (Qt::Horizontal, values rising rightwards), for values spanning [min, max].
void drawValueAxis(QPainter& p, const QRectF& plot, double min, double max,
    const std::vector<std::pair<double, QString>>& ticks, Qt::Orientation orientation);

/// A legend row of colour swatches and names inside `area`; returns how many items fitted.
int drawLegendRow(QPainter& p, const QRectF& area, const std::vector<std::pair<QString, QColor>>& items);

/// A tooltip box near `anchor`, kept inside `bounds`: the first line bold.
void drawTooltip(QPainter& p, const QPointF& anchor, const QStringList& lines, const QRectF& bounds);

} // namespace sg::ui::plot
