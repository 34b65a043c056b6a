// prometheus.yml (and Sightglass config files) as the scrape configuration reads them.
#include "fuzz_input.h"

#include "core/scrape/scrape_config.h"

SG_FUZZ_TARGET
{
    (void)sg::scrape::parsePrometheusConfig(std::string(fuzzText(data, size)), QStringLiteral("/nonexistent/fuzz.yml"));
    return 0;
}
