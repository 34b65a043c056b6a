#include "label_bridge.h"

#include <algorithm>
#include <cctype>

namespace sg::correlation {
namespace {

bool isIpv4(std::string_view s)
{
    int dots = 0;
    for (char c : s) {
        if (c == '.')
            ++dots;
        else if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    }
    return dots == 3;
}

std::set<std::string> normalized(const std::set<std::string>& values)
{
    std::set<std::string> out;
    for (const std::string& v : values) {
        std::string n = normalizeLabelValue(v);
        if (!n.empty())
            out.insert(std::move(n));
    }
    return out;
}

std::size_t intersectionSize(const std::set<std::string>& a, const std::set<std::string>& b)
{
    std::size_t n = 0;
    const auto& small = a.size() <= b.size() ? a : b;
    const auto& large = a.size() <= b.size() ? b : a;
    for (const std::string& v : small)
        n += large.count(v);
    return n;
}

/// Scores one pair both ways and keeps the better; raw agreement wins a tie.
LabelCorrespondence scorePair(const std::string& metricName, const std::set<std::string>& metricValues,
    const std::set<std::string>& metricNormalized, const std::string& logName, const std::set<std::string>& logValues,
    const std::set<std::string>& logNormalized)
{
    LabelCorrespondence raw { metricName, logName, overlapScore(metricValues, logValues),
        intersectionSize(metricValues, logValues), false };
    LabelCorrespondence norm { metricName, logName, overlapScore(metricNormalized, logNormalized),
        intersectionSize(metricNormalized, logNormalized), true };
    return norm.score > raw.score ? norm : raw;
}

/// Orders candidates: higher score, then the same name (identity first), then raw agreement, then more shared
/// values, then by name.
bool better(const LabelCorrespondence& a, const LabelCorrespondence& b)
{
    if (a.score != b.score)
        return a.score > b.score;
    const bool aSame = a.metricLabel == a.logLabel;
    const bool bSame = b.metricLabel == b.logLabel;
    if (aSame != bSame)
        return aSame;
    if (a.normalize != b.normalize)
        return !a.normalize; // values that agree as written say more than values that agree once trimmed
    if (a.shared != b.shared)
        return a.shared > b.shared;
    return std::tie(a.metricLabel, a.logLabel) < std::tie(b.metricLabel, b.logLabel);
}

bool internal(const std::string& name) { return name.starts_with("__"); }

} // namespace

std::string normalizeLabelValue(std::string_view value)
{
    std::string_view v = value;
    if (const auto scheme = v.find("://"); scheme != std::string_view::npos)
        v.remove_prefix(scheme + 3);
    if (const auto slash = v.rfind('/'); slash != std::string_view::npos && slash + 1 < v.size())
        v.remove_prefix(slash + 1);
    // `[::1]:9100` keeps its brackets' content; `host:9100` loses the port.
    if (v.starts_with('[')) {
        if (const auto close = v.find(']'); close != std::string_view::npos)
            v = v.substr(1, close - 1);
    } else if (const auto colon = v.rfind(':'); colon != std::string_view::npos && v.find(':') == colon) {
        const std::string_view port = v.substr(colon + 1);
        if (!port.empty() && std::all_of(port.begin(), port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            v = v.substr(0, colon);
    }
    if (!isIpv4(v)) {
        if (const auto dot = v.find('.'); dot != std::string_view::npos && dot > 0)
            v = v.substr(0, dot);
    }
    std::string out(v);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

double overlapScore(const std::set<std::string>& a, const std::set<std::string>& b)
{
    if (a.empty() || b.empty())
        return 0;
    const std::size_t shared = intersectionSize(a, b);
    if (shared == 0)
        return 0;
    const double jaccard = double(shared) / double(a.size() + b.size() - shared);
    const double containment = double(shared) / double(std::min(a.size(), b.size()));
    const double score = std::max(jaccard, containment);
    // One value on a side matches by chance more easily (`env="prod"` everywhere): it counts half.
    return std::min(a.size(), b.size()) == 1 ? score * 0.5 + jaccard * 0.5 : score;
}

std::vector<LabelCorrespondence> inferLabelBridge(const LabelValueSets& metricLabels, const LabelValueSets& logLabels,
    const BridgeOptions& options)
{
    std::map<std::string, std::set<std::string>> logNormalized;
    for (const auto& [name, values] : logLabels)
        if (!internal(name))
            logNormalized[name] = normalized(values);

    std::vector<LabelCorrespondence> candidates;
    for (const auto& [metricName, metricValues] : metricLabels) {
        if (internal(metricName))
            continue;
        const std::set<std::string> metricNormalized = normalized(metricValues);
        for (const auto& [logName, logValues] : logLabels) {
            if (internal(logName))
                continue;
            LabelCorrespondence c = scorePair(
                metricName, metricValues, metricNormalized, logName, logValues, logNormalized[logName]);
            if (c.score >= options.threshold && c.shared >= options.minSharedValues)
                candidates.push_back(std::move(c));
        }
    }
    // Greedy assignment, best first: each metric label and each log label is used once.
    std::sort(candidates.begin(), candidates.end(), better);
    std::set<std::string> usedMetric, usedLog;
    std::vector<LabelCorrespondence> chosen;
    for (LabelCorrespondence& c : candidates) {
        if (usedMetric.count(c.metricLabel) || usedLog.count(c.logLabel))
            continue;
        usedMetric.insert(c.metricLabel);
        usedLog.insert(c.logLabel);
        chosen.push_back(std::move(c));
    }
    std::sort(chosen.begin(), chosen.end(),
        [](const LabelCorrespondence& a, const LabelCorrespondence& b) { return a.metricLabel < b.metricLabel; });
    return chosen;
}

} // namespace sg::correlation
