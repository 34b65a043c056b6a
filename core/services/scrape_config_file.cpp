#include "scrape_config_file.h"

#include "core/scrape/scrape_config.h"
#include "core/scrape/target_discovery.h"

namespace sg::services {

namespace {
Result<std::vector<scrape::TargetConfig>> resolve(Result<scrape::PrometheusConfig> config)
{
    if (!config.ok())
        return config.error();
    return scrape::resolveAllTargets(*config).active;
}
} // namespace

std::optional<DurationMs> parsePrometheusDuration(std::string_view text)
{
    return scrape::parseDuration(text);
}

Result<std::vector<scrape::TargetConfig>> parseScrapeConfig(const std::string& yaml, const QString& fileName)
{
    return resolve(scrape::parsePrometheusConfig(yaml, fileName));
}

Result<std::vector<scrape::TargetConfig>> loadScrapeConfigFile(const QString& path)
{
    return resolve(scrape::loadPrometheusConfig(path));
}

} // namespace sg::services
