#include "store_bridge.h"

#include "log_selector.h"

#include "core/services/query_client.h"

#include <set>

namespace sg::correlation {
LabelValueSets metricLabelValueSets(const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs)
{
    LabelValueSets out;
    for (const std::string& name : client.metricLabelNames({}, fromMs, toMs)) {
        if (name.starts_with("__"))
            continue;
        const auto values = client.metricLabelValues(name, {}, fromMs, toMs);
        out[name] = std::set<std::string>(values.begin(), values.end());
    }
    return out;
}

LabelValueSets logLabelValueSets(const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs)
{
    LabelValueSets out;
    const TimestampNs fromNs = msToNs(fromMs);
    const TimestampNs toNs = msToNs(toMs);
    for (const std::string& name : client.logLabelNames({}, fromNs, toNs)) {
        const auto values = client.logLabelValues(name, {}, fromNs, toNs);
        out[name] = std::set<std::string>(values.begin(), values.end());
    }
    return out;
}

std::vector<LabelCorrespondence> inferFromStores(
    const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs, const BridgeOptions& options)
{
    return inferLabelBridge(
        metricLabelValueSets(client, fromMs, toMs), logLabelValueSets(client, fromMs, toMs), options);
}

std::size_t matchingStreams(const services::QueryClient& client, const std::vector<Labels>& series,
    const LabelMapping& mapping, TimestampMs fromMs, TimestampMs toMs)
{
    std::vector<Matchers> selectors;
    std::set<std::string> seen;
    for (const Labels& s : series) {
        Matchers m = logMatchersFor(s, mapping);
        if (!m.empty() && seen.insert(logSelectorFor(s, mapping)).second)
            selectors.push_back(std::move(m));
    }
    if (selectors.empty())
        return 0;
    return client.logStreams(selectors, msToNs(fromMs), msToNs(toMs)).size();
}

} // namespace sg::correlation
