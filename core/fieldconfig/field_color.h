#pragma once

#include "field_config.h"
#include "thresholds.h"

#include <QString>
#include <QStringList>

namespace sg::fieldconfig {

/// Grafana's colour mode ids, in the order of its registry (the accessible d3 schemes are not included).
QStringList colorModeIds();

/// True for modes that colour by value (thresholds and the continuous schemes).
bool isByValueColorMode(const QString& mode);

/// The colour Grafana's FieldColorMode calculator gives for `value` at `percent` (0..1 of the field's range)
/// with `threshold` active: thresholds → the threshold's colour; fixed → fixedColor; shades → one of 11
/// shades of fixedColor by series index; palette-classic → palette[seriesIndex % size];
/// palette-classic-by-name → by the hash of the series name over the palette colours readable on the panel
/// background; continuous-* → interpolated at `percent`. An unknown or empty mode behaves as thresholds.
/// The result is a hex or rgb() string.
QString fieldColor(const FieldConfig& config, double value, double percent, const Threshold& threshold);

/// One colour for a whole series (Grafana's getFieldSeriesColor): by-value modes use the `seriesBy` reduction
/// (default "last") of `values`; other modes the series' index or name.
QString seriesColor(const FieldConfig& config, const std::vector<double>& values);

/// The colours of a continuous scheme ("continuous-GrYlRd" → green, yellow, red) as names; empty otherwise.
QStringList continuousSchemeColors(const QString& mode);

/// The 11 shades Grafana's "shades" mode derives from a base colour (base, then alternately lighter/darker).
QStringList shadesOf(const QString& baseColor);

} // namespace sg::fieldconfig
