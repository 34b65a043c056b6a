#pragma once

#include "label_mapping.h"

#include "core/dashboards/dashboard.h"
#include "core/dashboards/datasources.h"
#include "core/labels/labels.h"

#include <QString>

#include <vector>

namespace sg::correlation {

/// A metric panel whose series may share a log stream's labels.
struct PanelMatch
{
    int panelId = 0;
    QString title;
    int agreeing = 0; ///< matchers of its best selector that a mapped log label satisfies (0: unconstrained)
    bool operator==(const PanelMatch&) const = default;
};

/// The metric panels of `dashboard` (rows' panels included) whose queries could select series sharing `logLabels`,
/// best effort and without reading the store: each PromQL target is parsed (Grafana range variables such as
/// `[$__rate_interval]` read as `[5m]`), and a selector could match when every matcher on a metric label that maps
/// (through `mapping`) to one of `logLabels` accepts that label's value; matchers on other labels, and matchers
/// whose value holds a `$variable`, do not decide. Log (Loki) targets are skipped. Sorted by `agreeing`, most first,
/// then by panel id.
std::vector<PanelMatch> metricPanelsSharing(
    const Labels& logLabels, const dashboards::Dashboard& dashboard, const LabelMapping& mapping);

/// The two datasources a dashboard's metric → log correlation goes between (uids).
struct BridgePair
{
    QString metricsUid; ///< the first Prometheus-kind datasource a panel's target runs against, in panel order
    QString logsUid;    ///< the registry's default Loki datasource
    bool operator==(const BridgePair&) const = default;
};
/// The bridge pair of `dashboard`; a dashboard without metric panels keeps the registry's default Prometheus.
BridgePair bridgePairOf(const dashboards::Dashboard& dashboard, const dashboards::DatasourceRegistry& registry);

} // namespace sg::correlation
