#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/scrape/relabel.h"
#include "core/scrape/target.h"

#include <QString>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sg::scrape {

/// A group of targets sharing labels: one `static_configs` entry or one entry of a file_sd file.
struct TargetGroup
{
    std::vector<std::string> targets; ///< host:port
    Labels labels;
    std::string source; ///< where it came from (file path or "static/N"), shown for dropped targets
};

/// One `file_sd_configs` entry: files (globs allowed in the last path element) re-read on change and every
/// refresh interval.
struct FileSdConfig
{
    std::vector<QString> files; ///< absolute patterns (relative ones are resolved against the config file)
    DurationMs refreshInterval = 300'000;
};

/// One `scrape_configs` entry of prometheus.yml.
struct ScrapeConfig
{
    std::string jobName;
    DurationMs interval = 60'000;
    DurationMs timeout = 10'000;
    std::string metricsPath = "/metrics";
    std::string scheme = "http";
    std::map<std::string, std::vector<std::string>> params;
    QByteArray authorization; ///< resolved Authorization header (basic_auth / authorization / bearer_token)
    bool insecureSkipVerify = false;
    bool honorLabels = false;
    bool honorTimestamps = true;
    std::vector<RelabelConfig> relabelConfigs;
    std::vector<RelabelConfig> metricRelabelConfigs;
    ScrapeLimits limits;
    std::vector<TargetGroup> staticConfigs;
    std::vector<FileSdConfig> fileSdConfigs;
};

/// The parts of prometheus.yml that Sightglass uses.
struct PrometheusConfig
{
    DurationMs scrapeInterval = 60'000; ///< global.scrape_interval
    DurationMs scrapeTimeout = 10'000; ///< global.scrape_timeout
    Labels externalLabels; ///< global.external_labels (kept for federation/remote write; not attached to series)
    std::vector<ScrapeConfig> scrapeConfigs;
    QString file; ///< the file that was read
    std::vector<std::string> warnings; ///< unsupported keys (other service discoveries), "file:line: key: what"
};

/// Parses prometheus.yml text, or a Sightglass config (see docs/configuration.md): a YAML file with
/// `prometheus_config: PATH` (relative to the file) and/or inline `global` and `scrape_configs`. Every key of
/// the scrape part is read: `global` (scrape_interval, scrape_timeout, external_labels), and per scrape config
/// job_name, scrape_interval, scrape_timeout, metrics_path, params, scheme, basic_auth (password or
/// password_file), authorization (type, credentials or credentials_file), bearer_token(_file),
/// tls_config.insecure_skip_verify, honor_labels, honor_timestamps, relabel_configs, metric_relabel_configs,
/// sample_limit, label_limit, label_name_length_limit, label_value_length_limit, body_size_limit, target_limit,
/// static_configs and file_sd_configs. Errors name the file, line and key: "prometheus.yml:12: scheme: ...".
/// `fileName` names the text in errors and anchors relative paths; `baseDir` defaults to its directory.
Result<PrometheusConfig> parsePrometheusConfig(const std::string& yaml, const QString& fileName);

/// Reads and parses a config file (prometheus.yml or a Sightglass config).
Result<PrometheusConfig> loadPrometheusConfig(const QString& path);

/// Parses a Prometheus duration (`15s`, `1m30s`, `500ms`, `1h`, `2d`, `1w`, `1y`); nullopt when malformed.
std::optional<DurationMs> parseDuration(std::string_view text);

/// Parses a Prometheus byte size (`512`, `10KB`, `10MiB`, `1GB`; KB/MB/GB are powers of 1024 as in Prometheus).
std::optional<qint64> parseByteSize(std::string_view text);

} // namespace sg::scrape
