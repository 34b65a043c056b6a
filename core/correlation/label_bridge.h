#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sg::correlation {

/// Label names and the values each takes in one store over a range: `{"instance": {"a:9100", "b:9100"}, ...}`.
using LabelValueSets = std::map<std::string, std::set<std::string>>;

/// A value as the label bridge compares it: lower case, without a URL scheme, a `:port`, a DNS domain (not for an IP
/// address) or a leading `namespace/`: `http://Web-1.example.com:9100` and `prod/web-1` both become `web-1`.
std::string normalizeLabelValue(std::string_view value);

/// How well two value sets overlap, in [0, 1]: the larger of the Jaccard index and the containment of the smaller
/// set in the larger, discounted when the smaller set holds a single value (a constant label proves little).
double overlapScore(const std::set<std::string>& a, const std::set<std::string>& b);

/// One inferred correspondence: the metric label `metricLabel` names what the log label `logLabel` names.
struct LabelCorrespondence
{
    std::string metricLabel;
    std::string logLabel;
    double score = 0;       ///< overlapScore of the two value sets (after normalisation when `normalize`)
    std::size_t shared = 0; ///< values found on both sides
    /// The values agree only after normalizeLabelValue (`host:9100` vs `host`): selectors use the normalised value.
    bool normalize = false;
    bool operator==(const LabelCorrespondence&) const = default;
};

/// Tunes inference.
struct BridgeOptions
{
    double threshold = 0.5;        ///< the least score a correspondence needs
    std::size_t minSharedValues = 1; ///< the least number of values seen on both sides
};

/// Infers which log label corresponds to each metric label from the values both stores hold: every (metric label,
/// log label) pair is scored by overlapScore of the raw values, and of the normalised ones; the best log label per
/// metric label above the threshold is kept. The same name with agreeing values wins ties (identity first); a log
/// label is given to one metric label only (the best scoring). Labels starting with `__` are ignored. Sorted by
/// metric label.
std::vector<LabelCorrespondence> inferLabelBridge(const LabelValueSets& metricLabels, const LabelValueSets& logLabels,
    const BridgeOptions& options = {});

} // namespace sg::correlation
