// LogQL's documented words: range and vector aggregations, pipeline stages and line filters, keywords.

#include "docs.h"

namespace sg::langsvc {

namespace {

constexpr DocSource Entries[] = {
    // Range aggregations.
    { "count_over_time", "function", "count_over_time(log-range)", "Number of log lines per stream in the range.",
        "`sum by (level) (count_over_time({app=\"api\"} | logfmt [$__auto]))` counts lines by level." },
    { "rate", "function", "rate(log-range)", "Log lines per second over the range (with unwrap: per-second rate of the values).", "" },
    { "bytes_over_time", "function", "bytes_over_time(log-range)", "Bytes of log lines per stream in the range.", "" },
    { "bytes_rate", "function", "bytes_rate(log-range)", "Bytes of log lines per second over the range.", "" },
    { "absent_over_time", "function", "absent_over_time(log-range)",
        "1-element vector when the range holds no lines: alert on silence.", "" },
    { "sum_over_time", "function", "sum_over_time(unwrapped-range)", "Sum of the unwrapped values in the range.", "" },
    { "avg_over_time", "function", "avg_over_time(unwrapped-range) [by|without (labels)]",
        "Average of the unwrapped values in the range.", "" },
    { "min_over_time", "function", "min_over_time(unwrapped-range) [by|without (labels)]",
        "Minimum of the unwrapped values in the range.", "" },
    { "max_over_time", "function", "max_over_time(unwrapped-range) [by|without (labels)]",
        "Maximum of the unwrapped values in the range.", "" },
    { "stddev_over_time", "function", "stddev_over_time(unwrapped-range) [by|without (labels)]",
        "Population standard deviation of the unwrapped values.", "" },
    { "stdvar_over_time", "function", "stdvar_over_time(unwrapped-range) [by|without (labels)]",
        "Population standard variance of the unwrapped values.", "" },
    { "quantile_over_time", "function", "quantile_over_time(φ scalar, unwrapped-range) [by|without (labels)]",
        "φ-quantile of the unwrapped values in the range.", "" },
    { "first_over_time", "function", "first_over_time(unwrapped-range) [by|without (labels)]",
        "Oldest unwrapped value in the range.", "" },
    { "last_over_time", "function", "last_over_time(unwrapped-range) [by|without (labels)]",
        "Newest unwrapped value in the range.", "" },
    { "rate_counter", "function", "rate_counter(unwrapped-range)",
        "Per-second rate of an unwrapped counter, resets accounted for.", "" },
    // Vector aggregations and functions.
    { "sum", "aggregation", "sum [by|without (labels)] (v)", "Sum over dimensions.", "" },
    { "avg", "aggregation", "avg [by|without (labels)] (v)", "Average over dimensions.", "" },
    { "min", "aggregation", "min [by|without (labels)] (v)", "Minimum over dimensions.", "" },
    { "max", "aggregation", "max [by|without (labels)] (v)", "Maximum over dimensions.", "" },
    { "count", "aggregation", "count [by|without (labels)] (v)", "Number of series in each group.", "" },
    { "stddev", "aggregation", "stddev [by|without (labels)] (v)", "Standard deviation over dimensions.", "" },
    { "stdvar", "aggregation", "stdvar [by|without (labels)] (v)", "Standard variance over dimensions.", "" },
    { "topk", "aggregation", "topk [by|without (labels)] (k, v)", "The k largest series of each group.", "" },
    { "bottomk", "aggregation", "bottomk [by|without (labels)] (k, v)", "The k smallest series of each group.", "" },
    { "sort", "aggregation", "sort(v)", "Sorts by value, ascending.", "" },
    { "sort_desc", "aggregation", "sort_desc(v)", "Sorts by value, descending.", "" },
    { "label_replace", "function", "label_replace(v, dst, replacement, src, regex)",
        "Sets dst to the replacement when regex matches src.", "" },
    { "vector", "function", "vector(s)", "The scalar as a vector with no labels.", "" },
    // Pipeline stages.
    { "json", "stage", "| json [label=\"path\", ...]",
        "Extracts every JSON field of the line as a label (nested keys joined by _), or the listed paths.", "" },
    { "logfmt", "stage", "| logfmt [--strict] [--keep-empty] [label=\"key\", ...]",
        "Extracts the key=value pairs of a logfmt line as labels.", "" },
    { "regexp", "stage", "| regexp \"(?P<name>re)\"", "Extracts the regex's named groups as labels.", "" },
    { "pattern", "stage", "| pattern \"<ip> - - <_> \\\"<method> <uri> <_>\\\" <status>\"",
        "Extracts the <named> parts of a pattern as labels; <_> skips a part.", "" },
    { "unpack", "stage", "| unpack", "Unpacks a JSON line packed by Promtail's pack stage: labels and the line.", "" },
    { "line_format", "stage", "| line_format \"{{.label}} ...\"", "Rewrites the line with a Go template of the labels.",
        "" },
    { "label_format", "stage", "| label_format dst=src, name=\"{{.a}}-{{.b}}\"",
        "Renames labels or sets them from Go templates.", "" },
    { "decolorize", "stage", "| decolorize", "Strips ANSI colour sequences from the line.", "" },
    { "keep", "stage", "| keep label, label=\"value\", ...", "Keeps only the listed labels.", "" },
    { "drop", "stage", "| drop label, label=\"value\", ...", "Drops the listed labels (or those with the value).",
        "" },
    { "unwrap", "stage", "| unwrap label | unwrap duration(label) | unwrap bytes(label)",
        "Takes the label's value as the sample value of an unwrapped range aggregation.", "" },
    { "|=", "stage", "|= \"text\"", "Keeps lines that contain the text.", "" },
    { "!=", "stage", "!= \"text\"", "Drops lines that contain the text.", "" },
    { "|~", "stage", "|~ \"regex\"", "Keeps lines that match the RE2 regex (unanchored).", "" },
    { "!~", "stage", "!~ \"regex\"", "Drops lines that match the RE2 regex.", "" },
    { "|>", "stage", "|> \"<_> error <_>\"", "Keeps lines that match the pattern.", "" },
    { "!>", "stage", "!> \"<_> debug <_>\"", "Drops lines that match the pattern.", "" },
    // Keywords.
    { "by", "keyword", "<aggregation> by (label, ...)", "Keeps only the listed labels in the result.", "" },
    { "without", "keyword", "<aggregation> without (label, ...)", "Drops the listed labels from the result.", "" },
    { "offset", "keyword", "<range> offset <duration>", "Shifts the range back by the duration.", "" },
    { "bool", "keyword", "<a> <comparison> bool <b>", "A comparison returns 0 or 1 instead of filtering.", "" },
    { "on", "keyword", "<a> <op> on (label, ...) <b>", "Matches both sides on the listed labels only.", "" },
    { "ignoring", "keyword", "<a> <op> ignoring (label, ...) <b>", "Matches both sides on all but the listed labels.",
        "" },
    { "ip", "function", "| label = ip(\"10.0.0.0/8\")  or  |= ip(\"...\")",
        "Matches IPv4/IPv6 addresses against an address, a range or a CIDR.", "" },
    { "duration", "function", "| unwrap duration(label)", "Unwraps a Go duration (`250ms`, `1.5s`) as seconds.", "" },
    { "bytes", "function", "| unwrap bytes(label)", "Unwraps a byte size (`5 MB`, `1KiB`) as bytes.", "" },
    { "__error__", "keyword", "| __error__ = \"\"",
        "The error a stage set on the line (JSONParserErr, LogfmtParserErr ...); filter on it to drop failed lines.",
        "" },
};

} // namespace

const std::vector<DocEntry>& logqlDocumentation()
{
    static const std::vector<DocEntry> entries = [] {
        std::vector<DocEntry> out;
        for (const DocSource& e : Entries)
            out.push_back(e.entry());
        return out;
    }();
    return entries;
}

} // namespace sg::langsvc
