#pragma once

#include "core/common/result.h"
#include "core/scrape/target.h"

#include <QString>

#include <vector>

namespace sg::services {

/// Reads the scrape part of a Prometheus configuration file (prometheus.yml): `global.scrape_interval`,
/// `global.scrape_timeout`, and per `scrape_configs` entry `job_name`, `scrape_interval`, `scrape_timeout`,
/// `metrics_path`, `scheme` and `static_configs` (`targets`, `labels`). Errors name the file, line and key.
Result<std::vector<scrape::TargetConfig>> loadScrapeConfigFile(const QString& path);

/// The same, from YAML text; `fileName` is used in error messages.
Result<std::vector<scrape::TargetConfig>> parseScrapeConfig(const std::string& yaml, const QString& fileName);

/// Parses a Prometheus duration (`15s`, `1m30s`, `500ms`, `1h`, `2d`, `1w`, `1y`); nullopt when malformed.
std::optional<DurationMs> parsePrometheusDuration(std::string_view text);

} // namespace sg::services
