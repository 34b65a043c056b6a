#pragma once

#include "label_bridge.h"
#include "label_mapping.h"

#include "core/common/time.h"
#include "core/labels/labels.h"

#include <cstddef>
#include <vector>

namespace sg::services {
class QueryClient;
}

namespace sg::correlation {

/// The label names of the metric store and the values each takes over [fromMs, toMs] (synchronous: run it off the
/// UI thread). `__name__` is left out.
LabelValueSets metricLabelValueSets(const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs);
/// The same for the log store's stream labels.
LabelValueSets logLabelValueSets(const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs);

/// The label bridge of the embedded stores over [fromMs, toMs]: inferLabelBridge of the two value sets.
std::vector<LabelCorrespondence> inferFromStores(
    const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs, const BridgeOptions& options = {});

/// How many distinct log streams with samples in [fromMs, toMs] match any of `series` through `mapping` (a series
/// none of whose labels maps matches nothing). Synchronous.
std::size_t matchingStreams(const services::QueryClient& client, const std::vector<Labels>& series,
    const LabelMapping& mapping, TimestampMs fromMs, TimestampMs toMs);

} // namespace sg::correlation
