#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "interval.h"
#include "variable.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace sg::templating {

/// Which data source's default escaping applies to variables written without a `:format`.
enum class QueryLanguage {
    None, ///< Grafana's default: glob
    Prometheus, ///< regex-escape multi/include-all values, "(a|b)" (see prometheusFormat)
    Loki, ///< regex-escape multi/include-all values, "a|b" (see lokiFormat)
};

/// A built-in or panel-scoped value (`$__interval`, `$__rate_interval`, a repeated panel's variable): Grafana's
/// ScopedVars entry. `text` is what the `text` format shows; empty means the value.
struct ScopedValue
{
    QString value;
    QString text;
};

/// Everything interpolation reads. Scoped values win over dashboard variables of the same name, as in Grafana.
struct InterpolationContext
{
    QList<Variable> variables;
    QHash<QString, ScopedValue> scoped;
    /// The dashboard range, for `$__from` / `$__to` (epoch ms; `${__from:date:iso}` etc.) and `$__url_time_range`.
    std::optional<TimestampMs> fromMs;
    std::optional<TimestampMs> toMs;
    /// Zone for `${__from:text}` and `:date:<format>`; "" is local, which is what Grafana uses (the browser's).
    QString timeZone;
    /// Default escaping for variables without `:format`.
    QueryLanguage language = QueryLanguage::None;
    /// Default format id for variables without `:format` when `language` is None ("" = glob).
    QString format;

    const Variable* variable(QStringView name) const;
};

/// One `$var` occurrence: where it was in the input and where its replacement is in the output.
struct ReplacedSpan
{
    SourceRange original;
    SourceRange replaced;
    QString variable;
    bool found = false; ///< false for unknown names, which stay as written
};

/// Interpolated text and the map back to the input.
struct Interpolated
{
    QString text;
    QList<ReplacedSpan> spans; ///< in order of position

    /// Maps a position in `text` to the input: outside replacements it shifts by the length changes before it;
    /// inside one it maps to that reference's start (or its end, with `end`), so an error underline covers the
    /// whole `$var` that produced the text.
    int toOriginal(int position, bool end = false) const;
    /// Maps a range (say, a parse error in the interpolated query) to the input text.
    SourceRange toOriginal(SourceRange range) const;
};

/// Replaces `$var`, `${var}`, `${var:format}`, `${var.field}`, `[[var]]` and `[[var:format]]` (Grafana's
/// template_srv regex) with the values from `context`. Multi-value and All follow Grafana: All inserts the custom
/// all value unformatted (then interpolated again), or every option's value; formats come from applyFormat or the
/// data source's default. Built-in macros: `$__from`, `$__to`, `$__timezone`, `$__url_time_range`. Unknown names
/// stay as written.
Interpolated interpolate(QStringView text, const InterpolationContext& context);

/// interpolate(text, context).text
QString interpolateString(QStringView text, const InterpolationContext& context);

/// The variable names `text` refers to, in order of first use (`templateSrv.containsTemplate` when non-empty).
QStringList referencedVariables(QStringView text);

/// Adds `$__interval` and `$__interval_ms` (calculateInterval's result) as scoped values.
void addIntervalBuiltins(InterpolationContext& context, const IntervalValues& values);
/// Sets the range and adds `$__range`, `$__range_s` (rounded) and `$__range_ms`.
void addRangeBuiltins(InterpolationContext& context, TimestampMs fromMs, TimestampMs toMs);
/// Adds the Prometheus server-side values: `$__interval`/`_ms` (the step), `$__rate_interval`/`_ms`, `$__range*`.
void addPrometheusBuiltins(InterpolationContext& context, const PrometheusStep& step);
/// Adds the Loki server-side values: `$__interval`/`_ms`, `$__auto`, `$__range*`.
void addLokiBuiltins(InterpolationContext& context, const LokiStep& step);

} // namespace sg::templating
