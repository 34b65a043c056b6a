// The PromQL and LogQL formatters (the editors' Format, `/api/v1/format_query`, the LSP's formatting): any text
// formats or fails with a parse error; what formats means the same tree (treeSignature) and formats to itself. The
// first byte picks the language (bit 0) and the column limit (the other bits, 0-127).
#include "fuzz_input.h"

#include "core/logql/format.h"
#include "core/promql/format.h"

#include <cstdio>
#include <cstdlib>

namespace {

/// Says what failed (for the one reading the crash report) and stops.
[[noreturn]] void fail(const char* what, std::string_view detail)
{
    std::fprintf(stderr, "query_format: %s: %.*s\n", what, int(detail.size()), detail.data());
    std::abort();
}

/// A formatting failure other than a parse error is a finding unless the query holds a template variable in a
/// place the parser folds away, the one case the formatters refuse with ErrorCode::Internal.
bool mayRefuse(std::string_view query)
{
    return query.find('$') != std::string_view::npos || query.find("[[") != std::string_view::npos;
}

template <typename Options, typename Format, typename Signature>
void check(std::string_view query, int columnLimit, Format format, Signature signature)
{
    Options options;
    options.columnLimit = columnLimit;
    const auto formatted = format(query, options);
    if (!formatted.ok()) {
        if (formatted.error().code != sg::ErrorCode::Parse && !mayRefuse(query))
            fail("refused", formatted.error().message);
        return;
    }
    const auto before = signature(query);
    const auto after = signature(*formatted);
    if (!before.ok() || !after.ok() || *before != *after)
        fail("the formatted query means something else", *formatted);
    const auto again = format(*formatted, options);
    if (!again.ok() || *again != *formatted)
        fail("formatting the formatted query changes it", *formatted);
}

} // namespace

SG_FUZZ_TARGET
{
    if (size < 1)
        return 0;
    const std::string_view query = fuzzText(data + 1, size - 1);
    const int columnLimit = data[0] >> 1;
    if (data[0] & 1)
        check<sg::logql::FormatOptions>(query, columnLimit, sg::logql::formatQuery, sg::logql::treeSignature);
    else
        check<sg::promql::FormatOptions>(query, columnLimit, sg::promql::formatQuery, sg::promql::treeSignature);
    return 0;
}
