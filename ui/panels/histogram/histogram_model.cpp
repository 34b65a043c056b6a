#include "histogram_model.h"

#include "core/dashboards/dashboard.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::ui::histogram {

namespace {
// More buckets than this would only be slivers: a tiny bucketSize grows until the histogram fits.
constexpr double MaxBuckets = 10'000;

double bucketStart(double v, double size, double offset) { return std::floor((v - offset) / size + 1e-9) * size + offset; }
} // namespace

Options Options::fromJson(const QJsonObject& options)
{
    Options o;
    if (const auto size = dashboards::jsonNumber(options.value(u"bucketSize")); size && *size > 0)
        o.bucketSize = *size;
    o.bucketOffset = dashboards::jsonNumber(options.value(u"bucketOffset")).value_or(0);
    o.bucketCount = std::max(1, int(dashboards::jsonNumber(options.value(u"bucketCount")).value_or(30)));
    o.combine = options.value(u"combine").toBool(false);
    return o;
}

double autoBucketSize(double range, int bucketCount)
{
    const double target = range / double(std::max(1, bucketCount));
    if (!(target > 0) || !std::isfinite(target))
        return 1;
    for (int exp = -9; exp <= 9; ++exp) {
        const double mag = std::pow(10.0, exp);
        for (double m : { 1.0, 2.0, 2.5, 4.0, 5.0 }) {
            if (exp == 0 && m == 2.5)
                continue; // Grafana's list skips 2.5 itself
            if (m * mag > target)
                return m * mag;
        }
    }
    return target;
}

Histogram buildHistogram(const std::vector<query::SeriesFrame>& series, const Options& options)
{
    Histogram h;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const auto& s : series) {
        for (double v : s.values) {
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    if (!std::isfinite(lo))
        return h;
    double size = options.bucketSize.value_or(autoBucketSize(hi - lo, options.bucketCount));
    while ((hi - lo) / size > MaxBuckets)
        size *= 2;
    const double first = bucketStart(lo, size, options.bucketOffset);
    const double last = bucketStart(hi, size, options.bucketOffset);
    const auto buckets = std::size_t(std::llround((last - first) / size)) + 1;
    h.bucketSize = size;
    for (std::size_t i = 0; i < buckets; ++i)
        h.starts.push_back(first + double(i) * size);
    const std::size_t rows = options.combine ? 1 : series.size();
    h.counts.assign(rows, std::vector<double>(buckets, 0.0));
    if (options.combine)
        h.names.push_back(u"Count"_s);
    for (std::size_t si = 0; si < series.size(); ++si) {
        if (!options.combine)
            h.names.push_back(series[si].name);
        auto& counts = h.counts[options.combine ? 0 : si];
        for (double v : series[si].values) {
            if (!std::isfinite(v))
                continue;
            const auto b = std::size_t(std::llround((bucketStart(v, size, options.bucketOffset) - first) / size));
            if (b < buckets)
                counts[b] += 1;
        }
    }
    return h;
}

} // namespace sg::ui::histogram
