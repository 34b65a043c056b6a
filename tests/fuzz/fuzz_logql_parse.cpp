// LogQL parser: any text parses or fails with a positioned error.
#include "fuzz_input.h"

#include "core/logql/parser.h"

SG_FUZZ_TARGET
{
    (void)sg::logql::parseQuery(fuzzText(data, size));
    return 0;
}
