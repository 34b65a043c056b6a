#pragma once

#include "core/logstore/log_store.h"
#include "core/promql/value.h"
#include "core/query/frame.h"

namespace sg::query {

/// Label sets between the engines' form and the frames' form.
LabelPairs toLabelPairs(const Labels& labels);
Labels toLabels(const LabelPairs& pairs);
/// The label sets of `series`, in order.
std::vector<Labels> toLabelSets(const std::vector<SeriesFrame>& series);
/// Frames back into the engines' shapes, for views that draw them (Explore's chart, the log line list).
promql::Matrix toMatrix(const std::vector<SeriesFrame>& frames);
/// Rows into streams, one per label set in order of first appearance; entries keep the rows' order.
std::vector<logs::Stream> toStreams(const std::vector<LogRow>& rows);

} // namespace sg::query
