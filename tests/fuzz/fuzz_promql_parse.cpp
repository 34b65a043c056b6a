// PromQL parser and printer: any text parses or fails with a positioned error; a parsed tree prints.
#include "fuzz_input.h"

#include "core/promql/ast.h"
#include "core/promql/parser.h"

SG_FUZZ_TARGET
{
    auto ast = sg::promql::parse(fuzzText(data, size));
    if (ast.ok())
        (void)sg::promql::printExpr(**ast);
    return 0;
}
