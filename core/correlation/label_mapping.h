#pragma once

#include "label_bridge.h"

#include "core/common/result.h"

#include <QString>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sg::correlation {

/// Where a metric label goes in the logs: the log label's name, and whether the value is normalised first.
struct LogLabelTarget
{
    std::string logLabel;
    bool normalize = false; ///< use normalizeLabelValue(value) (`host:9100` → `host`)
    bool operator==(const LogLabelTarget&) const = default;
};

/// Metric label → log label for one pair of datasources (a Prometheus one and a Loki one): the user's entries over
/// the inferred defaults (the label bridge). A user entry with an empty log label drops the metric label.
class LabelMapping
{
public:
    /// The defaults, from inferLabelBridge; they apply where the user set nothing.
    void setInferred(const std::vector<LabelCorrespondence>& inferred);
    /// The defaults as another mapping holds them (`inferred()`).
    void setInferred(std::map<std::string, LogLabelTarget> inferred) { m_inferred = std::move(inferred); }
    const std::map<std::string, LogLabelTarget>& inferred() const { return m_inferred; }

    /// The user's entry for `metricLabel` (an empty `logLabel`: never map it).
    void set(const std::string& metricLabel, LogLabelTarget target);
    /// Forgets the user's entry: the inferred default applies again.
    void remove(const std::string& metricLabel);
    const std::map<std::string, LogLabelTarget>& user() const { return m_user; }

    /// The log label `metricLabel` maps to (the user's entry, else the inferred one), or none.
    std::optional<LogLabelTarget> target(const std::string& metricLabel) const;
    /// Every metric label with a mapping, user entries over inferred ones, dropped ones left out.
    std::map<std::string, LogLabelTarget> effective() const;
    /// The metric label that maps to `logLabel`, or none (for logs → metrics).
    std::optional<std::string> metricLabelFor(const std::string& logLabel) const;

    bool operator==(const LabelMapping&) const = default;

private:
    std::map<std::string, LogLabelTarget> m_inferred;
    std::map<std::string, LogLabelTarget> m_user;
};

/// The key of a datasource pair in the mapping file: `METRICS_UID->LOGS_UID` (empty uids: the embedded stores).
QString datasourcePairKey(const QString& metricsUid, const QString& logsUid);

/// The user's mappings of every datasource pair, kept as JSON in the data dir (datadir::labelMappingPath):
/// `{"version": 1, "padding_s": 30, "pairs": {"KEY": {"instance": {"log": "host", "normalize": true},
/// "env": {"log": ""}}}}`.
/// Only user entries are written; inferred defaults are recomputed from the stores.
class LabelMappingFile
{
public:
    explicit LabelMappingFile(QString path)
        : m_path(std::move(path))
    {
    }
    /// Reads the file; a missing file is an empty set of mappings, a malformed one an error.
    std::optional<Error> load();
    /// Writes the file atomically (creating its folder).
    std::optional<Error> save() const;

    /// The mapping of a pair (user entries only; add the inferred defaults with setInferred).
    LabelMapping mapping(const QString& pairKey) const;
    /// Replaces the user entries of a pair.
    void setMapping(const QString& pairKey, const LabelMapping& mapping);
    const QString& path() const { return m_path; }
    /// Seconds added around a selected range when its logs open; -1 when the file does not say.
    int paddingSeconds() const { return m_paddingSeconds; }
    void setPaddingSeconds(int seconds) { m_paddingSeconds = seconds; }

private:
    QString m_path;
    int m_paddingSeconds = -1;
    std::map<QString, std::map<std::string, LogLabelTarget>> m_pairs;
};

} // namespace sg::correlation
