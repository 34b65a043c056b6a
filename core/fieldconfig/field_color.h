#pragma once

#include "colors.h"
#include "field_config.h"
#include "thresholds.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <vector>

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

/// A d3-scale-chromatic scheme as Grafana's heatmap offers it: its stops low to high (0xRRGGBB), and whether
/// Grafana reverses it on the dark theme (the single-hue schemes, so that the hottest cells are the brightest).
struct ChromaticScheme
{
    const char* name;
    std::vector<quint32> stops;
    bool invertOnDark;
};

/// The heatmap's schemes in Grafana's order: Blues ... YlOrRd, then the diverging and the perceptual ones.
const std::vector<ChromaticScheme>& chromaticSchemes();

/// The scheme named `name` (case-insensitive); Oranges, Grafana's heatmap default, when unknown.
const ChromaticScheme& chromaticScheme(QStringView name);

/// The scheme at `t` in [0, 1] (clamped), linear between its stops.
Rgba sampleChromaticScheme(const ChromaticScheme& scheme, double t);

} // namespace sg::fieldconfig
