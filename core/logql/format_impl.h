#pragma once

// Internal to the LogQL formatter: Loki's canonical text (`String()`) of each node (format_print.cpp) and its
// `Prettify` layout with comments (format_layout.cpp), over a tree parsed from a TemplatedQuery.

#include "ast.h"
#include "core/common/pretty_lines.h"
#include "core/common/query_text.h"

#include <string>
#include <vector>

namespace sg::logql::detail {

class FormatPrinter : public QueryPrinter
{
public:
    using QueryPrinter::QueryPrinter;

    /// Loki's `String()` of a node, with the variables as written.
    std::string text(const Expr& e) const;
    /// The whole query laid out, with every comment of the text.
    std::string render(const Expr& root, const std::vector<QueryComment>& comments) const;

private:
    // format_print.cpp
    std::string literal(const std::string& typed) const;
    std::string matchers(const LogSelector& s) const;
    std::string selector(const LogSelector& s) const;
    std::string filter(const LineFilter& f) const;
    std::string filters(const std::vector<LineFilter>& f, std::size_t count) const;
    std::string stage(const Stage& s) const;
    std::string labelFilter(const LabelFilterExpr& f) const;
    std::string unwrapHead(const Unwrap& u) const;
    std::string rangeSuffix(const LogRange& r) const;
    std::string logRange(const LogRange& r) const;
    std::string grouping(const Grouping& g, const char* separator) const;
    /// A vector aggregation's grouping as Loki writes it: nothing for none or `by ()`.
    std::string vectorGrouping(const Grouping& g, const char* separator) const;
    std::string operatorText(const Expr& binary, const char* separator) const;
    std::string rangeParam(const Expr& e, bool pretty) const;
    std::string vectorParam(const Expr& e) const;

    // format_layout.cpp
    LaidOut layout(const Expr& e, int level, std::vector<PendingComment> comments) const;
    LaidOut layoutPipeline(const LogSelector& s, int level, std::vector<PendingComment> comments) const;
    LaidOut layoutLogRange(const LogRange& r, int level, std::vector<PendingComment> comments) const;
    LaidOut layoutCall(const Expr& e, int level, std::vector<PendingComment> comments) const;
    LaidOut layoutBinary(const Expr& e, int level, std::vector<PendingComment> comments) const;
    PrettyBlock filterLines(const std::vector<LineFilter>& f, std::size_t count, int level) const;
};

/// The expression inside any parentheses: they are not part of Loki's tree.
const Expr& unparen(const Expr& e);

} // namespace sg::logql::detail
