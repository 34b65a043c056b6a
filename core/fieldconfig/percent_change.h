#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace sg::fieldconfig {

/// The stat panel's percent change (`options.showPercentChange`, Grafana 10.3+): the `diffperc` reduction of the
/// whole series, (last non-null − first non-null) / first non-null × 100; nullopt when the series has no value.
std::optional<double> percentChange(const std::vector<double>& values);

/// The text Grafana's PercentChange shows: `(change / 100).toLocaleString(en-US, {style: "percent",
/// maximumSignificantDigits: 3})`, so 12.345 → "12.3%", -0.5 → "-0.5%", 1234.5 → "1,230%", Infinity → "∞%".
QString percentChangeText(double change);

/// Grafana's getPercentChangeColor: `options.percentChangeColorMode` "standard" (an increase green, anything else
/// red), "inverted" (a decrease green), "same_as_value" (`valueColor`). Colours as Grafana names them ("green",
/// "red") or the value colour given.
QString percentChangeColor(double change, const QString& mode, const QString& valueColor);

} // namespace sg::fieldconfig
