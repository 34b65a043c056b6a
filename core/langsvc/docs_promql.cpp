// PromQL's documented words: every function of the engine's table, the aggregations and the keywords, each with a
// signature and the first lines of Prometheus' documentation of it, in our words.

#include "docs.h"

#include "core/promql/functions_table.h"

#include <map>

namespace sg::langsvc {

namespace {

struct Summary
{
    const char* name;
    const char* text;
};

// One line each; the signature comes from the engine's function table.
constexpr Summary FunctionSummaries[] = {
    { "abs", "Absolute value of every sample." },
    { "absent", "1-element vector when the argument has no elements, else empty: alert on missing series." },
    { "absent_over_time", "1-element vector when the range vector has no samples in its range, else empty." },
    { "acos", "Arc cosine of every sample, in radians." },
    { "acosh", "Inverse hyperbolic cosine of every sample." },
    { "asin", "Arc sine of every sample, in radians." },
    { "asinh", "Inverse hyperbolic sine of every sample." },
    { "atan", "Arc tangent of every sample, in radians." },
    { "atanh", "Inverse hyperbolic tangent of every sample." },
    { "avg_over_time", "Average of all samples in the range, per series." },
    { "ceil", "Rounds every sample up to the nearest integer." },
    { "changes", "How many times the value changed within the range, per series." },
    { "clamp", "Clamps every sample between min and max." },
    { "clamp_max", "Clamps every sample to at most max." },
    { "clamp_min", "Clamps every sample to at least min." },
    { "cos", "Cosine of every sample (radians)." },
    { "cosh", "Hyperbolic cosine of every sample." },
    { "count_over_time", "Number of samples in the range, per series." },
    { "days_in_month", "Days in the month of each timestamp (UTC), default: the evaluation time." },
    { "day_of_month", "Day of the month (1-31) of each timestamp (UTC)." },
    { "day_of_week", "Day of the week (0 = Sunday) of each timestamp (UTC)." },
    { "day_of_year", "Day of the year (1-366) of each timestamp (UTC)." },
    { "deg", "Converts radians to degrees." },
    { "delta", "Difference between the first and last value in the range, extrapolated to its edges (gauges)." },
    { "deriv", "Per-second derivative by simple linear regression over the range (gauges)." },
    { "double_exponential_smoothing", "Smoothed value by double exponential smoothing (sf, tf in (0, 1))." },
    { "end", "End time of the range query, in seconds (in @ modifiers: end())." },
    { "exp", "e raised to every sample." },
    { "first_over_time", "Oldest sample in the range, per series." },
    { "floor", "Rounds every sample down to the nearest integer." },
    { "histogram_avg", "Average of the observations of native histograms." },
    { "histogram_count", "Count of observations of native histograms." },
    { "histogram_fraction", "Fraction of observations between lower and upper, from native histograms." },
    { "histogram_quantile", "φ-quantile (0 ≤ φ ≤ 1) from the buckets of a histogram: sum by (le) (rate(x_bucket[5m]))." },
    { "histogram_quantiles", "Several quantiles of a histogram at once, one series each, labelled by the given name." },
    { "histogram_stddev", "Estimated standard deviation of the observations of native histograms." },
    { "histogram_stdvar", "Estimated standard variance of the observations of native histograms." },
    { "histogram_sum", "Sum of observations of native histograms." },
    { "hour", "Hour of the day (0-23) of each timestamp (UTC)." },
    { "idelta", "Difference between the last two samples in the range (gauges)." },
    { "increase", "Increase of a counter over the range, extrapolated, resets accounted for." },
    { "info", "Adds the data labels of info metrics (target_info) to the series (experimental)." },
    { "irate", "Per-second rate from the last two samples in the range (counters): for fast-moving graphs." },
    { "label_join", "Joins the values of source labels with a separator into a destination label." },
    { "label_replace", "Sets dst to the replacement when regex matches src; the regex is anchored." },
    { "last_over_time", "Most recent sample in the range, per series." },
    { "ln", "Natural logarithm of every sample." },
    { "log10", "Decimal logarithm of every sample." },
    { "log2", "Binary logarithm of every sample." },
    { "mad_over_time", "Median absolute deviation of the samples in the range." },
    { "max_over_time", "Maximum of the samples in the range, per series." },
    { "min_over_time", "Minimum of the samples in the range, per series." },
    { "max_of", "Largest of the scalar arguments." },
    { "min_of", "Smallest of the scalar arguments." },
    { "minute", "Minute of the hour (0-59) of each timestamp (UTC)." },
    { "month", "Month of the year (1-12) of each timestamp (UTC)." },
    { "pi", "The number π." },
    { "predict_linear", "Value t seconds from now, predicted by linear regression over the range (gauges)." },
    { "present_over_time", "1 for every series that has any sample in the range." },
    { "quantile_over_time", "φ-quantile of the samples in the range, per series." },
    { "rad", "Converts degrees to radians." },
    { "range", "Length of the query range, in seconds." },
    { "rate", "Per-second average rate of increase of a counter over the range, extrapolated, resets accounted for." },
    { "resets", "Number of counter resets within the range." },
    { "round", "Rounds every sample to the nearest multiple of to_nearest (default 1)." },
    { "scalar", "The single sample of a 1-element vector as a scalar; NaN otherwise." },
    { "sgn", "Sign of every sample: 1, -1 or 0." },
    { "sin", "Sine of every sample (radians)." },
    { "sinh", "Hyperbolic sine of every sample." },
    { "sort", "Sorts by sample value, ascending (instant queries)." },
    { "sort_by_label", "Sorts by the values of the given labels, ascending (instant queries)." },
    { "sort_by_label_desc", "Sorts by the values of the given labels, descending (instant queries)." },
    { "sort_desc", "Sorts by sample value, descending (instant queries)." },
    { "sqrt", "Square root of every sample." },
    { "start", "Start time of the range query, in seconds (in @ modifiers: start())." },
    { "stddev_over_time", "Population standard deviation of the samples in the range." },
    { "stdvar_over_time", "Population standard variance of the samples in the range." },
    { "step", "Step of the range query, in seconds." },
    { "sum_over_time", "Sum of the samples in the range, per series." },
    { "tan", "Tangent of every sample (radians)." },
    { "tanh", "Hyperbolic tangent of every sample." },
    { "time", "Evaluation time, in seconds since the epoch." },
    { "timestamp", "Timestamp of each sample, in seconds since the epoch." },
    { "ts_of_first_over_time", "Timestamp of the oldest sample in the range." },
    { "ts_of_last_over_time", "Timestamp of the newest sample in the range." },
    { "ts_of_max_over_time", "Timestamp of the largest sample in the range." },
    { "ts_of_min_over_time", "Timestamp of the smallest sample in the range." },
    { "vector", "The scalar as a vector with no labels." },
    { "year", "Year of each timestamp (UTC)." },
};

constexpr DocSource Others[] = {
    { "sum", "aggregation", "sum [by|without (labels)] (v instant-vector)", "Sum over dimensions.",
        "Adds the samples of the series that share the grouping labels: `sum by (job) (rate(x[5m]))`." },
    { "avg", "aggregation", "avg [by|without (labels)] (v instant-vector)", "Average over dimensions.", "" },
    { "min", "aggregation", "min [by|without (labels)] (v instant-vector)", "Minimum over dimensions.", "" },
    { "max", "aggregation", "max [by|without (labels)] (v instant-vector)", "Maximum over dimensions.", "" },
    { "count", "aggregation", "count [by|without (labels)] (v instant-vector)", "Number of series in each group.", "" },
    { "group", "aggregation", "group [by|without (labels)] (v instant-vector)",
        "1 for each group: the groups' label sets.", "" },
    { "stddev", "aggregation", "stddev [by|without (labels)] (v instant-vector)",
        "Population standard deviation over dimensions.", "" },
    { "stdvar", "aggregation", "stdvar [by|without (labels)] (v instant-vector)",
        "Population standard variance over dimensions.", "" },
    { "topk", "aggregation", "topk [by|without (labels)] (k scalar, v instant-vector)",
        "The k largest samples of each group, with their labels.", "" },
    { "bottomk", "aggregation", "bottomk [by|without (labels)] (k scalar, v instant-vector)",
        "The k smallest samples of each group, with their labels.", "" },
    { "quantile", "aggregation", "quantile [by|without (labels)] (φ scalar, v instant-vector)",
        "φ-quantile (0 ≤ φ ≤ 1) over dimensions.", "" },
    { "count_values", "aggregation", "count_values [by|without (labels)] (label string, v instant-vector)",
        "Number of series with each value, the value in the given label.", "" },
    { "limitk", "aggregation", "limitk [by|without (labels)] (k scalar, v instant-vector)",
        "k series of each group, chosen deterministically (experimental).", "" },
    { "limit_ratio", "aggregation", "limit_ratio [by|without (labels)] (r scalar, v instant-vector)",
        "A deterministic sample of about r of the series of each group (experimental).", "" },
    { "by", "keyword", "<aggregation> by (label, ...)", "Keeps only the listed labels in the result.", "" },
    { "without", "keyword", "<aggregation> without (label, ...)", "Drops the listed labels from the result.", "" },
    { "on", "keyword", "<a> <op> on (label, ...) <b>", "Matches series of both sides on the listed labels only.", "" },
    { "ignoring", "keyword", "<a> <op> ignoring (label, ...) <b>",
        "Matches series of both sides on all labels but the listed ones.", "" },
    { "group_left", "keyword", "<a> <op> on (...) group_left (labels) <b>",
        "Many-to-one matching: each series on the left may match one on the right, whose listed labels it takes.",
        "" },
    { "group_right", "keyword", "<a> <op> on (...) group_right (labels) <b>",
        "One-to-many matching: each series on the right may match one on the left.", "" },
    { "bool", "keyword", "<a> <comparison> bool <b>", "A comparison returns 0 or 1 instead of filtering.", "" },
    { "offset", "keyword", "<selector> offset <duration>",
        "Shifts the evaluation time back by the duration (forward when negative).", "" },
    { "and", "keyword", "<a> and <b>", "Intersection: the series of a that have a match in b.", "" },
    { "or", "keyword", "<a> or <b>", "Union: the series of a, and those of b without a match in a.", "" },
    { "unless", "keyword", "<a> unless <b>", "Complement: the series of a without a match in b.", "" },
    { "atan2", "keyword", "<a> atan2 <b>", "Arc tangent of a/b per matched pair, in radians.", "" },
};

std::string typeName(promql::ValueType t)
{
    switch (t) {
    case promql::ValueType::Scalar: return "scalar";
    case promql::ValueType::Vector: return "instant-vector";
    case promql::ValueType::Matrix: return "range-vector";
    case promql::ValueType::String: return "string";
    case promql::ValueType::None: break;
    }
    return "any";
}

std::string signatureOf(const promql::FunctionInfo& f)
{
    std::string s = std::string(f.name) + "(";
    const std::size_t n = f.argTypes.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i)
            s += ", ";
        const bool optional = f.variadic > 0 && i >= n - std::size_t(f.variadic);
        s += optional ? "[" + typeName(f.argTypes[i]) + "]" : typeName(f.argTypes[i]);
        if (f.variadic < 0 && i + 1 == n)
            s += "...";
    }
    return s + ") → " + typeName(f.returnType);
}

std::vector<DocEntry> build()
{
    std::map<std::string, std::string> summaries;
    for (const Summary& s : FunctionSummaries)
        summaries[s.name] = s.text;
    std::vector<DocEntry> out;
    for (const promql::FunctionInfo& f : promql::allFunctions()) {
        DocEntry e { f.name, "function", signatureOf(f), summaries[f.name], {} };
        if (f.experimental)
            e.body = "Experimental: Prometheus needs --enable-feature=promql-experimental-functions.";
        out.push_back(std::move(e));
    }
    for (const DocSource& e : Others)
        out.push_back(e.entry());
    return out;
}

} // namespace

const std::vector<DocEntry>& promqlDocumentation()
{
    static const std::vector<DocEntry> entries = build();
    return entries;
}

} // namespace sg::langsvc
