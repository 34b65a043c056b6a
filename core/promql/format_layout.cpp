// Prometheus 2.42's `Prettify` (prettier.go): a node whose text is longer than the column limit is split, its
// operands one level deeper (two spaces), each on its own lines; everything else is printed as text(). Comments
// are placed by node: one between two operands ends the line of the operand before it (or, if it was alone on its
// line, gets a line before the next operand); the node that holds it is split, as are the nodes around it. A
// comment a node cannot hold (inside a selector, after a closing parenthesis) moves out to its parent.

#include "format_impl.h"
#include "functions_table.h"

#include <algorithm>

namespace sg::promql::detail {

namespace {

std::vector<const Expr*> childrenOf(const Expr& e)
{
    switch (e.kind) {
    case NodeKind::Subquery: return { static_cast<const SubqueryExpr&>(e).expr.get() };
    case NodeKind::Paren: return { static_cast<const ParenExpr&>(e).expr.get() };
    case NodeKind::Unary: return { static_cast<const UnaryExpr&>(e).expr.get() };
    case NodeKind::Binary: {
        const auto& b = static_cast<const BinaryExpr&>(e);
        return { b.lhs.get(), b.rhs.get() };
    }
    case NodeKind::Aggregate: {
        const auto& a = static_cast<const AggregateExpr&>(e);
        if (a.param)
            return { a.param.get(), a.expr.get() };
        return { a.expr.get() };
    }
    case NodeKind::Call: {
        std::vector<const Expr*> out;
        for (const auto& a : static_cast<const CallExpr&>(e).args)
            out.push_back(a.get());
        return out;
    }
    default: return {};
    }
}

bool inside(const Expr& e, int position) { return e.where.begin < position && position < e.where.end; }

} // namespace

FormatPrinter::Laid FormatPrinter::layout(const Expr& e, int level, std::vector<PendingComment> comments) const
{
    const std::vector<const Expr*> children = childrenOf(e);
    if (children.empty()) {
        // Selectors and literals are never split; a comment inside one ends its line.
        Laid r;
        r.block = PrettyBlock(indentation(level) + text(e));
        r.after = std::move(comments);
        return r;
    }
    std::vector<std::vector<PendingComment>> inner(children.size());
    std::vector<PendingComment> gaps;
    for (auto& c : comments) {
        auto child
            = std::find_if(children.begin(), children.end(), [&](const Expr* ch) { return inside(*ch, c.position); });
        if (child != children.end())
            inner[std::size_t(child - children.begin())].push_back(std::move(c));
        else
            gaps.push_back(std::move(c));
    }
    const bool sameLevel = e.kind == NodeKind::Unary || e.kind == NodeKind::Subquery;
    std::vector<Laid> kids;
    for (std::size_t i = 0; i < children.size(); ++i) {
        kids.push_back(layout(*children[i], sameLevel ? level : level + 1, std::move(inner[i])));
        collectHoisted(kids.back(), children[i]->where, gaps);
    }
    sortComments(gaps);

    if (e.kind == NodeKind::Binary)
        return layoutBinary(static_cast<const BinaryExpr&>(e), level, std::move(kids), std::move(gaps));
    if (e.kind == NodeKind::Call || e.kind == NodeKind::Aggregate || e.kind == NodeKind::Paren)
        return layoutList(e, level, std::move(kids), children, std::move(gaps));

    // Unary and subquery: the operand at the same level, the operator before it or the range after it.
    Laid r;
    for (auto& g : gaps)
        (g.position <= children[0]->where.begin ? r.before : r.after).push_back(std::move(g));
    r.holdsComments = kids[0].holdsComments;
    if (e.kind == NodeKind::Unary) {
        r.block = std::move(kids[0].block);
        r.block.replaceIndent(indentation(level) + (static_cast<const UnaryExpr&>(e).negate ? "-" : "+"));
    } else if (r.holdsComments || !fits(text(e))) {
        r.block = std::move(kids[0].block);
        r.block.append(subquerySuffix(static_cast<const SubqueryExpr&>(e)));
    } else {
        r.block = PrettyBlock(text(e)); // 2.42 does not indent a subquery that fits on its line
    }
    return r;
}

FormatPrinter::Laid FormatPrinter::layoutList(const Expr& e, int level, std::vector<Laid> kids,
    const std::vector<const Expr*>& children, std::vector<PendingComment> gaps) const
{
    // `head(` operands separated by `,` `)`: the closing parenthesis follows the last operand (and a trailing comma).
    const std::string_view source = m_query.text();
    int close = children.back()->where.end;
    for (close = skipBlanks(source, close); close < int(source.size()) && source[std::size_t(close)] == ',';)
        close = skipBlanks(source, close + 1);

    const std::size_t n = children.size();
    Laid r;
    std::vector<PendingComment> header, beforeClose;
    std::vector<std::vector<PendingComment>> before(n), after(n);
    for (auto& g : gaps) {
        if (g.position > close) {
            r.after.push_back(std::move(g));
        } else if (g.position <= children[0]->where.begin) {
            placeInOrder(std::move(g), header, before[0]);
        } else {
            std::size_t i = n - 1;
            while (i > 0 && children[i]->where.end > g.position)
                --i;
            placeInOrder(std::move(g), after[i], i + 1 < n ? before[i + 1] : beforeClose);
        }
    }
    r.holdsComments = !header.empty() || !beforeClose.empty()
        || std::any_of(before.begin(), before.end(), [](const auto& v) { return !v.empty(); })
        || std::any_of(after.begin(), after.end(), [](const auto& v) { return !v.empty(); })
        || std::any_of(kids.begin(), kids.end(), [](const Laid& k) { return k.holdsComments; });
    if (!r.holdsComments && fits(text(e))) {
        r.block = PrettyBlock(indentation(level) + text(e));
        return r;
    }
    std::string head;
    if (e.kind == NodeKind::Aggregate)
        head = aggregateHead(static_cast<const AggregateExpr&>(e));
    else if (e.kind == NodeKind::Call)
        head = static_cast<const CallExpr&>(e).func->name;
    r.block = PrettyBlock(indentation(level) + head + "(");
    r.block.addComments(header, {});
    for (std::size_t i = 0; i < n; ++i) {
        r.block.addComments(before[i], indentation(level + 1));
        r.block.addBlock(std::move(kids[i].block));
        if (i + 1 < n)
            r.block.append(",");
        r.block.addComments(after[i], {});
    }
    r.block.addComments(beforeClose, indentation(level + 1));
    r.block.addLine(indentation(level) + ")");
    return r;
}

FormatPrinter::Laid FormatPrinter::layoutBinary(
    const BinaryExpr& b, int level, std::vector<Laid> kids, std::vector<PendingComment> gaps) const
{
    // The left operand, the operator on a line of its own one level up, the right operand.
    const int op = skipBlanks(m_query.text(), b.lhs->where.end);
    Laid r;
    std::vector<PendingComment> afterLeft, beforeOp, afterOp, beforeRight;
    for (auto& g : gaps) {
        if (g.position <= b.lhs->where.begin)
            r.before.push_back(std::move(g));
        else if (g.position >= b.rhs->where.end)
            r.after.push_back(std::move(g));
        else if (g.position < op || g.position == b.lhs->where.end)
            placeInOrder(std::move(g), afterLeft, beforeOp);
        else
            placeInOrder(std::move(g), afterOp, beforeRight);
    }
    r.holdsComments = !afterLeft.empty() || !beforeOp.empty() || !afterOp.empty() || !beforeRight.empty()
        || kids[0].holdsComments || kids[1].holdsComments;
    if (!r.holdsComments && fits(text(b))) {
        r.block = PrettyBlock(indentation(level) + text(b));
        return r;
    }
    r.block = infinityRaised(b) ? PrettyBlock(indentation(level + 1) + "Inf") : std::move(kids[0].block);
    r.block.addComments(afterLeft, {});
    r.block.addComments(beforeOp, indentation(level));
    r.block.addLine(indentation(level) + operatorLine(b));
    r.block.addComments(afterOp, {});
    r.block.addComments(beforeRight, indentation(level + 1));
    r.block.addBlock(std::move(kids[1].block));
    return r;
}

std::string FormatPrinter::render(const Expr& root, const std::vector<QueryComment>& comments) const
{
    return renderWithComments(m_query.text(), root.where, comments,
        [&](std::vector<PendingComment> inner) { return layout(root, 0, std::move(inner)); });
}

} // namespace sg::promql::detail
