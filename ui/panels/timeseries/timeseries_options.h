#pragma once

// The time series panel's options as Grafana's panel JSON spells them: `fieldConfig.defaults.custom` per series
// (after overrides) and the panel-wide `options.legend` / `options.tooltip`.

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <limits>
#include <optional>
#include <vector>

namespace sg::ui::timeseries {

enum class DrawStyle { Line, Bars, Points };
enum class LineInterpolation { Linear, Smooth, StepBefore, StepAfter };
enum class GradientMode { None, Opacity, Hue, Scheme };
enum class ShowPoints { Auto, Always, Never };
enum class StackMode { None, Normal, Percent };
enum class AxisPlacement { Auto, Left, Right, Hidden };
enum class ThresholdsStyle { Off, Line, Dashed, Area, LineAndArea, DashedAndArea };

/// One series' `custom` options (Grafana's GraphFieldConfig), with Grafana's defaults for absent keys.
struct SeriesStyle
{
    DrawStyle drawStyle = DrawStyle::Line;
    double lineWidth = 1;
    LineInterpolation interpolation = LineInterpolation::Linear;
    std::vector<double> dash; ///< lineStyle dash pattern in px; empty: solid
    bool dots = false;        ///< lineStyle "dot"
    double fillOpacity = 0;   ///< 0..100
    GradientMode gradientMode = GradientMode::None;
    ShowPoints showPoints = ShowPoints::Auto;
    double pointSize = 5;
    /// spanNulls: false → 0 (never connect), true → +inf (always), a number: connect gaps up to that many ms.
    double spanNullsMs = 0;
    StackMode stacking = StackMode::None;
    QString stackGroup = QStringLiteral("A");
    AxisPlacement axisPlacement = AxisPlacement::Auto;
    QString axisLabel;
    std::optional<double> softMin;
    std::optional<double> softMax;
    bool log = false;
    double logBase = 10;
    bool axisCenteredZero = false;
    ThresholdsStyle thresholdsStyle = ThresholdsStyle::Off;
    bool negativeY = false;  ///< transform "negative-Y"
    bool hideLegend = false;
    bool hideTooltip = false;
    bool hideViz = false;
    int barAlignment = 0;    ///< -1 before, 0 centre, 1 after the sample's time
    double barWidthFactor = 0.6;

    static SeriesStyle fromCustom(const QJsonObject& custom);
};

/// `options.legend`.
struct LegendOptions
{
    bool show = true;
    bool table = false;  ///< displayMode "table" (else "list"; "hidden" clears `show`)
    bool right = false;  ///< placement "right" (else "bottom")
    QStringList calcs;   ///< reducer ids, canonical
    QString sortBy;      ///< "Name" or a reducer's display name / id
    bool sortDesc = false;
    double width = 0;    ///< right placement: fixed width in px (0: as the content needs)

    static LegendOptions fromJson(const QJsonObject& legend);
};

/// `options.legend` after a click on the table legend's header `key` ("Name" or a calculation's display name), as
/// Grafana's onToggleLegendSort: a new column sorts descending, a second click ascending, a third click stops
/// sorting (`sortBy` and `sortDesc` removed).
QJsonObject toggleLegendSort(const QJsonObject& legend, const QString& key);

/// `options.tooltip`.
struct TooltipOptions
{
    enum class Mode { Single, Multi, None };
    enum class Sort { None, Asc, Desc };
    Mode mode = Mode::Single;
    Sort sort = Sort::None;

    static TooltipOptions fromJson(const QJsonObject& tooltip);
};

/// Grafana's defaults of the time series panel's `fieldConfig.defaults` (palette-classic colours, the `custom`
/// graph options, the default thresholds), which the panel's own defaults are merged over.
QJsonObject pluginFieldDefaults();

} // namespace sg::ui::timeseries
