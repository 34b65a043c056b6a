#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "variable.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace sg::templating {

/// Grafana's variable sort ids as dashboards store them.
enum class VariableSort {
    Disabled = 0,
    AlphabeticalAsc = 1,
    AlphabeticalDesc = 2,
    NumericalAsc = 3,
    NumericalDesc = 4,
    AlphabeticalCaseInsensitiveAsc = 5,
    AlphabeticalCaseInsensitiveDesc = 6,
    NaturalAsc = 7,
    NaturalDesc = 8,
};

/// Whether the variable regex looks at an option's value (Grafana's default) or its text.
enum class RegexApplyTo {
    Value,
    Text,
};

/// One result of a variable query (Grafana's MetricFindValue): a text and, when the source gives one, a value.
/// A null text with a value takes the value as its text.
struct MetricFindValue
{
    QString text;
    std::optional<QString> value;
};

/// Grafana's `metricNamesToVariableValues`: applies the variable regex (`/pattern/flags`, or a bare pattern
/// anchored as ^pattern$; the first capture group becomes the value and text, named groups `value` and `text` set
/// them separately, with the g flag each match becomes an option), drops options whose value was already seen, and
/// sorts. An invalid regex is an error.
Result<QList<VariableOption>> metricNamesToOptions(const QList<MetricFindValue>& found, QStringView regex,
    VariableSort sort, RegexApplyTo applyTo = RegexApplyTo::Value);

/// Grafana's `sortVariableValues`: stable sorts by text; numerical sorts by the first number in the text (texts
/// without one first); natural compares digits as numbers, ignoring case.
QList<VariableOption> sortOptions(QList<VariableOption> options, VariableSort sort);

/// Grafana's `stringToJsRegex` check: whether `regex` is usable (the message says why not).
Result<bool> validateVariableRegex(QStringView regex);

/// The current selection after the options change (Grafana's MultiValueVariable validation): All stays All while
/// the variable includes All; otherwise selected values still among the options are kept (a single value may also
/// match by its text), else the selection falls back to All (`defaultToAll`) or the first option; no options give
/// All when the variable includes All, else nothing.
struct Selection
{
    QStringList values;
    QStringList texts;
    friend bool operator==(const Selection&, const Selection&) = default;
};
Selection selectCurrent(const Variable& variable, const QList<VariableOption>& newOptions);

/// The options a custom variable's query defines: comma-separated (`\,` is a literal comma), each either
/// "value" or "text : value" (spaces around the colon required), trimmed.
QList<VariableOption> parseCustomOptions(QStringView query);

/// The options of an interval variable: the intervals in `query` ("1m,10m,1h", quotes allowed), duplicates
/// dropped (Grafana's default list when there are none), preceded by Auto ("$__auto") when `autoEnabled`.
QList<VariableOption> intervalVariableOptions(QStringView query, bool autoEnabled);

/// The interval Auto selects: calculateInterval over the range with `autoCount` steps, at least `autoMin`
/// (Grafana's defaults are 30 and "10s").
Result<QString> intervalVariableAuto(
    TimestampMs fromMs, TimestampMs toMs, int autoCount = 30, QStringView autoMin = u"10s");

/// True for an interval variable's Auto value, also in the old "$__auto_interval_<name>" form.
bool isAutoIntervalValue(QStringView value);

/// A constant variable's single option (its query), and a text box's (its query, the default text).
QList<VariableOption> constantOptions(QStringView query);

} // namespace sg::templating
