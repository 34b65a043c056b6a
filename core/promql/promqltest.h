#pragma once

#include "core/common/time.h"
#include "core/labels/labels.h"
#include "value.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::promql::test {

/// The outcome of one `eval` statement of a Prometheus test script.
struct EvalOutcome
{
    int line = 0;           ///< 1-based line of the eval command
    std::string query;
    bool passed = false;
    bool unsupported = false; ///< needs a feature we do not have (native histograms, start timestamps)
    std::string skipReason;   ///< when unsupported: which feature, one of a few fixed phrases
    std::string message;    ///< why it failed
};

/// Counts for one script.
struct ScriptReport
{
    int evals = 0;
    int passed = 0;
    int failed = 0;
    int unsupported = 0;
    std::map<std::string, int> skipsByReason; ///< unsupported evals by EvalOutcome::skipReason
    std::vector<EvalOutcome> outcomes;
};

/// One expected series: labels and values per step (nullopt = no point at that step).
struct ExpectedSeries
{
    Labels labels;
    std::vector<std::optional<double>> values;
};

/// Expands the promqltest points notation (`1+2x3 _ stale 5x2 _x2`) into values; false on a syntax error
/// or on native histogram literals (`{{...}}`), which are not supported.
bool expandPoints(std::string_view text, std::vector<std::optional<double>>& out);

/// Parses `metric{l="v"}` (or `{}`) followed by points; `rest` receives the text after the series.
bool parseSeriesLine(std::string_view line, Labels& labels, std::string& rest);

/// Parses a test-script time (`50m`, `0`, `1h5m`, `10`) into milliseconds.
bool parseScriptTime(std::string_view text, TimestampMs& out);

/// Float comparison used by Prometheus' test scripts: relative epsilon 1e-6, NaN equals NaN,
/// StaleNaN only equals StaleNaN.
bool almostEqual(double a, double b);

/// Runs a whole script (load, clear, eval ...) against a fresh in-memory store.
ScriptReport runScript(std::string_view text);

} // namespace sg::promql::test
