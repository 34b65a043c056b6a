#pragma once

// Internal to the promqltest runner: a parsed `eval` statement and the checks of its result.

#include "promqltest.h"

#include <optional>
#include <string>
#include <vector>

namespace sg::promql::test::detail {

struct AnnotationExpect
{
    bool any = false;     ///< at least one annotation of this kind must be present
    bool none = false;    ///< no annotation of this kind may be present
    std::vector<std::pair<bool, std::string>> patterns; ///< (isRegex, text)
};

struct EvalSpec
{
    bool range = false;
    TimestampMs at = 0;
    TimestampMs start = 0, end = 0;
    DurationMs step = 0;
    std::string query;
    bool expectFail = false;
    std::optional<std::pair<bool, std::string>> failPattern;
    bool ordered = false;
    AnnotationExpect warn, info;
    bool rangeVector = false;
    TimestampMs rvStart = 0, rvEnd = 0;
    DurationMs rvStep = 0;
    std::optional<std::string> expectString;
    std::vector<ExpectedSeries> series;
    std::optional<double> scalar;
};

/// True when `text` equals the `msg:` pattern or contains a match of the `regex:` pattern.
bool matchesPattern(const std::pair<bool, std::string>& p, const std::string& text);
/// Empty when the annotations of one kind (warnings or infos) satisfy the expectation, else why not.
std::string checkAnnotations(const AnnotationExpect& ex, const std::vector<std::string>& got, const char* kind);
/// Empty when the query result equals the expected rows, else the first difference.
std::string compareResult(const EvalSpec& spec, const QueryResult& r);

} // namespace sg::promql::test::detail
