#pragma once

#include "label_bridge.h"
#include "label_mapping.h"

#include "core/common/time.h"
#include "core/labels/labels.h"

#include <QString>

#include <cstddef>
#include <vector>

namespace sg::services {
class QueryClient;
}

namespace sg::correlation {

/// The label names of the metric datasource `uid` and the values each takes over [fromMs, toMs] (synchronous: run
/// it off the UI thread). An empty uid, or one that names no remote datasource of the client, is the embedded
/// metric store; a remote one is asked over its HTTP API (at most MaxBridgeLabels names). `__name__` is left out.
LabelValueSets metricLabelValueSets(
    const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs, const QString& uid = {});
/// The same for the stream labels of the logs datasource `uid` (empty: the embedded log store).
LabelValueSets logLabelValueSets(
    const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs, const QString& uid = {});

/// Label names a remote datasource is asked the values of, at most (one request each).
inline constexpr int MaxBridgeLabels = 100;

/// The label bridge of a metrics and a logs datasource over [fromMs, toMs]: inferLabelBridge of the two value sets.
std::vector<LabelCorrespondence> inferFromStores(const services::QueryClient& client, TimestampMs fromMs,
    TimestampMs toMs, const BridgeOptions& options = {}, const QString& metricsUid = {}, const QString& logsUid = {});

/// How many distinct log streams of the logs datasource `logsUid` with samples in [fromMs, toMs] match any of
/// `series` through `mapping` (a series none of whose labels maps matches nothing). Synchronous.
std::size_t matchingStreams(const services::QueryClient& client, const std::vector<Labels>& series,
    const LabelMapping& mapping, TimestampMs fromMs, TimestampMs toMs, const QString& logsUid = {});

} // namespace sg::correlation
