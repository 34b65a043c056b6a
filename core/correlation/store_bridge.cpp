#include "store_bridge.h"

#include "log_selector.h"

#include "core/common/saturating.h"
#include "core/remote/remote_client.h"
#include "core/services/query_client.h"

#include <set>

namespace sg::correlation {
namespace {

/// The values of each label of a remote datasource (at most MaxBridgeLabels names); failures leave a label out.
LabelValueSets remoteValueSets(const remote::RemoteClient& remote, TimestampMs fromMs, TimestampMs toMs)
{
    LabelValueSets out;
    const auto names = remote.labelNames({}, fromMs, toMs);
    if (!names.ok())
        return out;
    int asked = 0;
    for (const QString& name : *names) {
        if (name.startsWith(u"__") || asked++ >= MaxBridgeLabels)
            continue;
        const auto values = remote.labelValues(name, {}, fromMs, toMs);
        if (!values.ok())
            continue;
        std::set<std::string>& set = out[name.toStdString()];
        for (const QString& v : *values)
            set.insert(v.toStdString());
    }
    return out;
}

} // namespace

LabelValueSets metricLabelValueSets(const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs, const QString& uid)
{
    if (const auto remote = client.remoteClient(uid))
        return remoteValueSets(*remote, fromMs, toMs);
    LabelValueSets out;
    for (const std::string& name : client.metricLabelNames({}, fromMs, toMs)) {
        if (name.starts_with("__"))
            continue;
        const auto values = client.metricLabelValues(name, {}, fromMs, toMs);
        out[name] = std::set<std::string>(values.begin(), values.end());
    }
    return out;
}

LabelValueSets logLabelValueSets(const services::QueryClient& client, TimestampMs fromMs, TimestampMs toMs, const QString& uid)
{
    if (const auto remote = client.remoteClient(uid))
        return remoteValueSets(*remote, fromMs, toMs);
    LabelValueSets out;
    const TimestampNs fromNs = saturatingMsToNs(fromMs);
    const TimestampNs toNs = saturatingMsToNs(toMs);
    for (const std::string& name : client.logLabelNames({}, fromNs, toNs)) {
        const auto values = client.logLabelValues(name, {}, fromNs, toNs);
        out[name] = std::set<std::string>(values.begin(), values.end());
    }
    return out;
}

std::vector<LabelCorrespondence> inferFromStores(const services::QueryClient& client, TimestampMs fromMs,
    TimestampMs toMs, const BridgeOptions& options, const QString& metricsUid, const QString& logsUid)
{
    return inferLabelBridge(metricLabelValueSets(client, fromMs, toMs, metricsUid),
        logLabelValueSets(client, fromMs, toMs, logsUid), options);
}

std::size_t matchingStreams(const services::QueryClient& client, const std::vector<Labels>& series,
    const LabelMapping& mapping, TimestampMs fromMs, TimestampMs toMs, const QString& logsUid)
{
    std::vector<Matchers> selectors;
    QStringList selectorTexts;
    std::set<std::string> seen;
    for (const Labels& s : series) {
        Matchers m = logMatchersFor(s, mapping);
        const std::string text = logSelectorFor(s, mapping);
        if (!m.empty() && seen.insert(text).second) {
            selectors.push_back(std::move(m));
            selectorTexts.push_back(QString::fromStdString(text));
        }
    }
    if (selectors.empty())
        return 0;
    if (const auto remote = client.remoteClient(logsUid)) {
        // Loki's /series takes one selector per `match[]`; a stream matching two selectors is counted once
        const auto streams = remote->series(selectorTexts, fromMs, toMs);
        if (!streams.ok())
            return 0;
        std::set<query::LabelPairs> distinct(streams->begin(), streams->end());
        return distinct.size();
    }
    return client.logStreams(selectors, saturatingMsToNs(fromMs), saturatingMsToNs(toMs)).size();
}

} // namespace sg::correlation
