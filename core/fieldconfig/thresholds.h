#pragma once

#include <QJsonValue>
#include <QString>

#include <vector>

namespace sg::fieldconfig {

/// One threshold step: from `value` upwards the colour is `color` (a Grafana colour name or hex). The base step's
/// value is -Infinity (stored as null in JSON).
struct Threshold
{
    double value = 0;
    QString color;
    bool operator==(const Threshold&) const = default;
};

enum class ThresholdsMode { Absolute, Percentage };

/// `fieldConfig.defaults.thresholds`.
struct ThresholdsConfig
{
    ThresholdsMode mode = ThresholdsMode::Absolute;
    std::vector<Threshold> steps; ///< sorted by value, base first

    bool isEmpty() const { return steps.empty(); }
    /// Reads `{mode, steps: [{value, color}]}`; a null/absent value becomes -Infinity; steps are sorted.
    static ThresholdsConfig fromJson(const QJsonValue& json);
    QJsonValue toJson() const;
    /// Grafana's default: absolute, green from -Infinity and red from 80.
    static ThresholdsConfig defaults();
};

/// Grafana's fallback threshold ({0, FallbackColor}), used when there are no steps.
Threshold fallbackThreshold();

/// Grafana's getActiveThreshold: the last step whose value is <= `value` (the first step when none is).
Threshold getActiveThreshold(double value, const std::vector<Threshold>& steps);

/// Grafana's getActiveThresholdForValue: percentage mode compares `percent * 100`, absolute mode `value`.
Threshold getActiveThresholdForValue(const ThresholdsConfig& thresholds, double value, double percent);

} // namespace sg::fieldconfig
