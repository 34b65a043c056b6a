// Promtail configuration files: scrape configs, pipeline stages, relabeling.
#include "fuzz_input.h"

#include "core/ingest/promtail_config.h"

SG_FUZZ_TARGET
{
    (void)sg::ingest::parsePromtailConfig(std::string(fuzzText(data, size)), "/nonexistent/promtail.yaml");
    return 0;
}
