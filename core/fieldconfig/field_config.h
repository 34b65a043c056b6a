#pragma once

#include "core/query/frame.h"
#include "reducers.h"
#include "thresholds.h"
#include "value_mappings.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace sg::fieldconfig {

/// `color` of a field config: the colour mode and its parameters.
struct ColorConfig
{
    QString mode; ///< "thresholds", "fixed", "shades", "palette-classic", "continuous-GrYlRd", ...; empty: none
    QString fixedColor; ///< fixed and shades modes
    QString seriesBy; ///< by-value modes on series colours: "last" (default), "min", "max"
};

/// One series' effective field config: `fieldConfig.defaults` with the matching overrides applied, parsed. The
/// JSON is kept whole (`json`) so panel-specific `custom` options stay reachable.
struct FieldConfig
{
    QJsonObject json;
    QString unit;
    std::optional<int> decimals;
    std::optional<double> min;
    std::optional<double> max;
    QString noValue;
    QString displayName;
    ThresholdsConfig thresholds;
    std::vector<ValueMapping> mappings;
    ColorConfig color;
    NullValueMode nullValueMode = NullValueMode::Ignore;
    QJsonObject custom;

    /// Set by applyFieldConfig for one series (fromJson leaves series 0 and the range min/max or 0..100).
    int seriesIndex = 0;
    QString seriesName; ///< the series' display name (palette-classic-by-name hashes it)
    double rangeMin = 0;
    double rangeMax = 100;

    /// Parses a field config object, then applies Grafana's validateFieldConfig: thresholds without a colour
    /// give colour mode "thresholds", a colour without a mode is dropped, min > max are swapped.
    static FieldConfig fromJson(const QJsonObject& json);
};

/// A series with its effective config and display name, as applyFieldConfig gives them.
struct Field
{
    int seriesIndex = 0; ///< index into PanelData::series
    QString name; ///< display name
    FieldConfig config;
};

/// Deep-merges `overlay` over `base` as lodash's mergeWith in Grafana's applyFieldConfigDefaults: objects merge
/// key by key, arrays and scalars from `overlay` replace. Used to lay a panel's `fieldConfig.defaults` over the
/// plugin's defaults.
QJsonObject mergeDefaults(const QJsonObject& base, const QJsonObject& overlay);

/// Sets `path` ("unit", "custom.fillOpacity", "color.mode") in `config` to `value`, or removes it when `value`
/// is null or undefined: how Grafana applies one override property.
void setConfigPath(QJsonObject& config, const QString& path, const QJsonValue& value);

/// True when the override matcher `{id, options}` selects `series` (named `name`): byName, byNames, byRegexp,
/// byRegexpOrNames, byFrameRefID, byType ("number"), byValue ({reducer, op, value}). Unknown matchers select
/// nothing.
bool matcherSelects(const QJsonObject& matcher, const query::SeriesFrame& series, const QString& name);

/// The effective config JSON of one series: `fieldConfig.defaults` with every matching override's properties
/// set in order.
QJsonObject effectiveConfigJson(const QJsonObject& fieldConfig, const query::SeriesFrame& series);

/// Grafana's applyFieldOverrides for the series of one panel: each series' effective config, its series index,
/// display name (the `displayName` template, else the series name) and range (min/max from the config, else the
/// min and max over all series, as Grafana's findNumericFieldMinMax; `fieldMinMax: true` uses the series' own).
std::vector<Field> applyFieldConfig(const QJsonObject& fieldConfig, const std::vector<query::SeriesFrame>& series);

/// Interpolates a `displayName` template: `${__series.name}`, `${__field.name}`, `${__field.displayName}`,
/// `${__field.labels.<name>}`, `${__field.labels}` (all labels as `{a="b"}`), `${__calc}`. Unknown variables
/// stay as written.
QString interpolateDisplayName(const QString& templ, const query::SeriesFrame& series, const QString& calc = {});

/// The display name of a series: the interpolated `displayName` when set, else the frame's name, else
/// `Series (<refId>)` / "Value".
QString displayName(const FieldConfig& config, const query::SeriesFrame& series);

/// Labels as Grafana's formatLabels writes them: `{a="b", c="d"}`, sorted by name; empty labels give "".
QString formatLabels(const query::LabelPairs& labels);

} // namespace sg::fieldconfig
