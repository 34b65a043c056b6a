#pragma once

// The words of PromQL and LogQL that highlighting, completion and hover tell apart.

#include "language_service.h"

#include <string_view>
#include <vector>

namespace sg::langsvc {

/// PromQL's aggregation operators (sum, topk, ...).
bool isPromAggregation(std::string_view word);
/// Words that are keywords in PromQL wherever a name is not expected (by, on, bool, offset, and ...).
bool isPromKeyword(std::string_view word);
/// LogQL's range aggregations (count_over_time, rate, ...), vector aggregations (sum, topk, sort ...).
bool isLogRangeAggregation(std::string_view word);
bool isLogVectorAggregation(std::string_view word);
/// Stages that follow `|` in a LogQL pipeline (json, logfmt, line_format, unwrap, keep ...).
bool isLogStage(std::string_view word);
bool isLogKeyword(std::string_view word);

/// Keywords that open a label list in parentheses: by, without, on, ignoring, group_left, group_right.
bool opensLabelList(std::string_view word);

} // namespace sg::langsvc
