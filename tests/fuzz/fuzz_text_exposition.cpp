// Prometheus text exposition format 0.0.4, as a scrape body.
#include "fuzz_input.h"

#include "core/scrape/exposition_parser.h"

SG_FUZZ_TARGET
{
    (void)sg::scrape::parseTextFormat(fuzzText(data, size));
    return 0;
}
