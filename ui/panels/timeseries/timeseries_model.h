#pragma once

// What the time series view draws, computed without painting: each series with its effective field config, style
// and colour, its plotted values (negative-Y and stacking applied), and the value scales (one per unit and scale
// options, as Grafana's scale keys) with their ranges and ticks.

#include "timeseries_options.h"

#include "core/fieldconfig/field_config.h"
#include "core/query/frame.h"

#include <QColor>
#include <QHash>
#include <QSet>
#include <QString>

#include <optional>
#include <vector>

namespace sg::ui::timeseries {

/// One series as drawn.
struct PlotSeries
{
    int frameIndex = 0; ///< index into PanelData::series
    QString name;       ///< display name
    fieldconfig::FieldConfig config;
    SeriesStyle style;
    QColor color;
    /// Plotted values: negative-Y and stacking applied, NaN for nulls. Same length as the frame's times.
    std::vector<double> y;
    /// Stacked series: the band's bottom per sample (the series below's top); empty when not stacked.
    std::vector<double> base;
    /// A time gap longer than this between samples is a null (Grafana inserts nulls at the query's interval).
    double gapMs = 0;
    int scale = -1;          ///< index into PlotModel::scales; -1 when not drawn
    bool visible = true;     ///< false when hidden by hideFrom.viz or the legend
    std::vector<double> calcValues; ///< legend calculations, in LegendOptions::calcs order
};

/// One value scale (a y axis).
struct Scale
{
    QString key;
    QString unit;
    std::optional<int> decimals;
    AxisPlacement side = AxisPlacement::Left; ///< Left, Right or Hidden
    QString label;
    bool log = false;
    double logBase = 10;
    bool percent = false; ///< percent stacking: 0..1 shown as percentunit
    double min = 0;
    double max = 1;
    fieldconfig::FieldConfig config; ///< the first series' config: formats the tick labels

    /// Where `v` sits between min (0) and max (1); NaN when it is not on the scale (≤ 0 on a log scale).
    double fraction(double v) const;
    double valueAt(double fraction) const;
};

/// A tick on a value axis.
struct ValueTick
{
    double value = 0;
    QString label;
};

/// Everything the view paints for one panel and data snapshot.
struct PlotModel
{
    query::PanelData data;
    std::vector<PlotSeries> series;
    std::vector<Scale> scales;
    LegendOptions legend;
    TooltipOptions tooltip;
    qint64 fromMs = 0;
    qint64 toMs = 0;

    const query::SeriesFrame& frame(const PlotSeries& s) const { return data.series[std::size_t(s.frameIndex)]; }
    /// The sample nearest to `t` with a plotted (non-null) value, or -1.
    qsizetype nearestIndex(const PlotSeries& s, qint64 t) const;
};

/// A Grafana colour (name, hex or rgb()) as a QColor; grey when unreadable.
QColor toQColor(const QString& color);

/// Builds the series of `data` with `fieldConfig` (the panel's, merged over pluginFieldDefaults() here): overrides,
/// display names, styles, colours and legend calculations. Visibility, stacking and scales follow in
/// `arrange()`.
void buildSeries(PlotModel& model, const QJsonObject& fieldConfig, const QJsonObject& options);

/// The legend's isolate/toggle state: the names shown, or every series when empty.
struct SeriesVisibility
{
    std::optional<QSet<QString>> shown;
    bool isShown(const QString& name) const { return !shown || shown->contains(name); }
};

/// Applies visibility, stacking (per group and scale, positive and negative values apart, percent normalised) and
/// builds the scales with their ranges over the visible series.
void arrange(PlotModel& model, const SeriesVisibility& visibility);

/// Grafana's (uPlot's) automatic range for data in [lo, hi]: 10 % padding snapped to a tenth of the magnitude,
/// kept at 0 when the data does not cross it; soft limits widen, hard limits replace.
std::pair<double, double> autoRange(double lo, double hi, std::optional<double> softMin, std::optional<double> softMax);

/// Ticks of a value scale for an axis `lengthPx` long (about one per `spacingPx`), labelled with the unit.
std::vector<ValueTick> valueTicks(const Scale& scale, double lengthPx, double spacingPx = 30);

/// The legend's isolate (click) and toggle (Ctrl+click) behaviour, as Grafana's seriesVisibilityConfigFactory:
/// a click shows only `name`, or everything again when `name` was the only one shown; Ctrl+click flips `name`.
SeriesVisibility clickLegend(const SeriesVisibility& current, const QString& name, bool toggle,
    const QStringList& allNames);

} // namespace sg::ui::timeseries
