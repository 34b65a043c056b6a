// OpenMetrics text, as a scrape body and as an import file.
#include "fuzz_input.h"

#include "core/scrape/exposition_parser.h"

SG_FUZZ_TARGET
{
    (void)sg::scrape::parseOpenMetrics(fuzzText(data, size));
    return 0;
}
