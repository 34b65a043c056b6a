// Syslog frames: RFC 5424 and RFC 3164.
#include "fuzz_input.h"

#include "core/ingest/syslog_parser.h"

SG_FUZZ_TARGET
{
    const std::string_view text = fuzzText(data, size);
    (void)sg::ingest::parseRfc5424(text);
    (void)sg::ingest::parseRfc3164(text, 1'700'000'000'000'000'000LL);
    return 0;
}
