#pragma once

#include "field_config.h"

#include <QString>

#include <cmath>
#include <limits>
#include <optional>

namespace sg::fieldconfig {

/// A value ready to show: Grafana's DisplayValue.
struct DisplayValue
{
    QString text; ///< formatted number, mapped text, or the no-value text
    QString prefix; ///< unit prefix ("$")
    QString suffix; ///< unit suffix (" ms", "%")
    QString color; ///< hex or rgb() colour from the mapping, else the colour mode
    QString icon; ///< from a value mapping
    QString title; ///< the series / calculation name, set by getFieldDisplayValues
    double numeric = std::numeric_limits<double>::quiet_NaN();
    double percent = 0; ///< 0..1 within the field's range
    QString toString() const { return prefix + text + suffix; }
};

/// Grafana's display processor for a number field: value mappings first (text, colour, icon), then the unit
/// (`units::format`) with `decimals` (else config.decimals; without either, trailing zeros are dropped as
/// Grafana does), then the colour by the colour mode over the field range. A null (NaN) value shows `noValue`
/// or an empty text, coloured as the lowest threshold.
DisplayValue display(const FieldConfig& config, double value, std::optional<int> decimals = std::nullopt);

/// The colour display() gives `value`, without formatting its text: the mapping's colour, else the colour mode's
/// (for a null, the lowest threshold's).
QString displayColor(const FieldConfig& config, double value);

/// The display processor for a string field (table label columns): mappings, else the text itself; the colour
/// is the mode's colour for -Infinity.
DisplayValue displayString(const FieldConfig& config, const QString& value);

/// Grafana's scale calculator: `percent` of `value` within the config's range (0 when it cannot be computed),
/// the active threshold and the colour.
struct ScaledValue
{
    double percent = 0;
    Threshold threshold;
    QString color;
};
ScaledValue scaleValue(const FieldConfig& config, double value);

} // namespace sg::fieldconfig
