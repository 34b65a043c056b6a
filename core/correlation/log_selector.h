#pragma once

#include "label_mapping.h"

#include "core/common/result.h"
#include "core/labels/labels.h"
#include "core/labels/matcher.h"

#include <string>
#include <string_view>

namespace sg::correlation {

/// The log labels of a metric series through `mapping`: each mapped label renamed (and its value normalised when the
/// mapping says so); labels without a mapping and `__`-labels (`__name__`) are dropped.
Labels mapToLogLabels(const Labels& series, const LabelMapping& mapping);

/// The LogQL stream selector of a metric series: `{app="x", host="y"}` from mapToLogLabels, or "" when no label
/// maps.
std::string logSelectorFor(const Labels& series, const LabelMapping& mapping);

/// The LogQL stream selector covering several series (a panel's, for a range): a log label every series maps to,
/// with `=` when they agree on its value and `=~"a|b"` (values regex-quoted) when they do not; a label some series
/// lack is left out. "" when no label is shared.
std::string logSelectorForAll(const std::vector<Labels>& series, const LabelMapping& mapping);

/// The equality matchers of mapToLogLabels (what matchingStreams counts with).
Matchers logMatchersFor(const Labels& series, const LabelMapping& mapping);

/// The query giving the rate of a LogQL query's lines by level:
/// `sum by (level) (count_over_time(SELECTOR PIPELINE [$__auto]))`. A log query gives its selector and pipeline; a
/// metric query (`rate({app="x"} |= "e" [5m])`, or any aggregation of one) gives the first log range's selector and
/// pipeline, without its `unwrap`. A query that does not parse is an error.
Result<std::string> logRateQuery(std::string_view logQuery);

/// The stream labels a LogQL query pins down: the `name="value"` matchers of its (first) log selector, for
/// metricPanelsSharing. A query that does not parse, or reads no logs, is an error.
Result<Labels> logQueryLabels(std::string_view logQuery);

} // namespace sg::correlation
