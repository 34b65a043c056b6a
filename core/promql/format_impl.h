#pragma once

// Internal to the PromQL formatter: the printer of Prometheus 2.42's canonical text (`String()`) and its
// `Prettify` layout with comments, over a tree parsed from a TemplatedQuery (format_print.cpp, format_layout.cpp).

#include "ast.h"
#include "core/common/pretty_lines.h"
#include "core/common/query_text.h"

#include <string>
#include <vector>

namespace sg::promql::detail {

/// True when `b` raises a positive infinite literal to a power. That literal prints as `Inf`, not `+Inf`: unary
/// operators bind looser than `^`, so `+Inf ^ x` would read as `+(Inf ^ x)` (Prometheus' own format_query prints
/// it so, and changes the query).
bool infinityRaised(const BinaryExpr& b);

class FormatPrinter : public QueryPrinter
{
public:
    using QueryPrinter::QueryPrinter;

    /// Prometheus 2.42's `String()` of a node, with the variables as written.
    std::string text(const Expr& e) const;

    using Laid = LaidOut;
    /// A node laid out at `level`, with the comments inside its source range placed in it, or handed back in
    /// `before`/`after` where it cannot hold them.
    Laid layout(const Expr& e, int level, std::vector<PendingComment> comments) const;

    /// The whole query: the root laid out at level 0 with every comment of the text.
    std::string render(const Expr& root, const std::vector<QueryComment>& comments) const;

private:
    std::string labelName(std::string_view raw) const;
    std::string durationText(DurationMs ms, const DurationExprPtr& dynamic) const;
    std::string modifiers(const TimeModifiers& m) const;
    std::string selector(const VectorSelectorExpr& vs) const;
    std::string selectorText(const Expr& e) const;
    std::string labelList(const std::vector<std::string>& labels) const;
    std::string aggregateHead(const AggregateExpr& a) const;
    std::string operatorLine(const BinaryExpr& b) const;
    std::string subquerySuffix(const SubqueryExpr& sq) const;

    Laid layoutList(const Expr& e, int level, std::vector<Laid> kids, const std::vector<const Expr*>& children,
        std::vector<PendingComment> gaps) const;
    Laid layoutBinary(const BinaryExpr& b, int level, std::vector<Laid> kids, std::vector<PendingComment> gaps) const;
};

} // namespace sg::promql::detail
