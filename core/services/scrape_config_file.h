#pragma once

#include "core/common/result.h"
#include "core/scrape/target.h"

#include <QString>

#include <optional>
#include <string_view>
#include <vector>

namespace sg::services {

/// Reads a prometheus.yml or a Sightglass config (see docs/configuration.md and scrape::parsePrometheusConfig)
/// and resolves its targets once: static_configs and the current file_sd files, through relabel_configs.
/// Errors name the file, line and key. TargetDiscovery (core/scrape) keeps file_sd targets up to date.
Result<std::vector<scrape::TargetConfig>> loadScrapeConfigFile(const QString& path);

/// The same, from YAML text; `fileName` is used in error messages and anchors relative paths.
Result<std::vector<scrape::TargetConfig>> parseScrapeConfig(const std::string& yaml, const QString& fileName);

/// Parses a Prometheus duration (`15s`, `1m30s`, `500ms`, `1h`, `2d`, `1w`, `1y`); nullopt when malformed.
std::optional<DurationMs> parsePrometheusDuration(std::string_view text);

} // namespace sg::services
