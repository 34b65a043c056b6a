#pragma once

#include "core/query/frame.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace sg::ui::histogram {

/// Grafana's histogram options (`options.bucketSize`, `bucketOffset`, `bucketCount`, `combine`).
struct Options
{
    std::optional<double> bucketSize; ///< none: chosen from the data for about `bucketCount` buckets
    double bucketOffset = 0;
    int bucketCount = 30;
    bool combine = false;             ///< one histogram of every series' values
    static Options fromJson(const QJsonObject& options);
};

/// Counts of values per bucket [start, start + bucketSize), one row per series (or one when combined).
struct Histogram
{
    double bucketSize = 0;
    std::vector<double> starts;
    std::vector<QString> names;
    std::vector<std::vector<double>> counts; ///< counts[series][bucket]

    bool isEmpty() const { return starts.empty(); }
};

/// The bucket size Grafana picks for `range` over `bucketCount` buckets: the first of its round sizes
/// (1, 2, 2.5, 4, 5 × 10^k) above range / bucketCount.
double autoBucketSize(double range, int bucketCount);

/// Bins every finite value of the series as Grafana's histogram transformer does: buckets aligned to
/// `bucketOffset`, the same buckets for every series, empty buckets between the smallest and largest kept.
Histogram buildHistogram(const std::vector<query::SeriesFrame>& series, const Options& options);

} // namespace sg::ui::histogram
