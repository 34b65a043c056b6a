// Loki's `Prettify` (syntax/prettier.go): a node whose text is longer than the column limit is split. A log
// pipeline puts each stage on a line of its own, one level deeper than its selector (a run of line filters stays
// on one line while it fits); a range aggregation its log range, with `| unwrap` and the filters after it on lines
// of their own; a vector aggregation or label_replace its arguments; a binary operation its operands, one level
// deeper than the operator. Comments are placed as by the PromQL formatter: between two parts, a comment ends
// the line of the part before it, or gets a line before the next one; a part it cannot stay in hands it out.

#include "core/common/go_format.h"
#include "format_impl.h"

#include <algorithm>

namespace sg::logql::detail {

namespace {

bool inside(SourceRange r, int position) { return r.begin < position && position < r.end; }

int precedence(BinaryOp op)
{
    switch (op) {
    case BinaryOp::Or: return 1;
    case BinaryOp::And:
    case BinaryOp::Unless: return 2;
    case BinaryOp::Add:
    case BinaryOp::Sub: return 4;
    case BinaryOp::Mul:
    case BinaryOp::Div:
    case BinaryOp::Mod: return 5;
    case BinaryOp::Pow: return 6;
    default: return 3; // comparisons
    }
}

/// Whether `operand` split over lines needs parentheses to stay an operand of `parent` (Loki drops them).
bool needsParentheses(const Expr& parent, const Expr& operand, bool right)
{
    const Expr& inner = unparen(operand);
    if (inner.kind != Expr::Kind::Binary)
        return false;
    const int p = precedence(parent.binaryOp);
    const int q = precedence(inner.binaryOp);
    const bool rightAssociative = parent.binaryOp == BinaryOp::Pow;
    return q < p || (q == p && right != rightAssociative);
}

/// Comments inside one of `units` move to its end; the others stay. Returns them sorted.
std::vector<PendingComment> hoistOutOfUnits(std::vector<PendingComment> comments, const std::vector<SourceRange>& units)
{
    for (auto& c : comments)
        for (const auto& u : units)
            if (inside(u, c.position))
                c.position = u.end;
    sortComments(comments);
    return comments;
}

/// Sorts comments between `units` into the slot after unit i (trailing ones) or before unit i + 1 (own-line ones);
/// those before the first or after the last unit go to `out.before` / `out.after`.
void sortIntoSlots(std::vector<PendingComment> comments, const std::vector<SourceRange>& units, LaidOut& out,
    std::vector<std::vector<PendingComment>>& afterUnit, std::vector<std::vector<PendingComment>>& beforeUnit)
{
    afterUnit.assign(units.size(), {});
    beforeUnit.assign(units.size(), {});
    for (auto& c : comments) {
        if (c.position <= units.front().begin) {
            out.before.push_back(std::move(c));
        } else if (c.position >= units.back().end) {
            out.after.push_back(std::move(c));
        } else {
            std::size_t i = units.size() - 1;
            while (i > 0 && units[i].end > c.position)
                --i;
            placeInOrder(std::move(c), afterUnit[i], beforeUnit[i + 1]);
        }
    }
    const auto any = [](const auto& slots) {
        return std::any_of(slots.begin(), slots.end(), [](const auto& s) { return !s.empty(); });
    };
    out.holdsComments = out.holdsComments || any(afterUnit) || any(beforeUnit);
}

} // namespace

PrettyBlock FormatPrinter::filterLines(const std::vector<LineFilter>& f, std::size_t count, int level) const
{
    // Loki splits a run of line filters from its end: the last filter gets its own line until the rest fits.
    if (count == 1 || fits(filters(f, count)))
        return PrettyBlock(indentation(level) + filters(f, count));
    PrettyBlock b = filterLines(f, count - 1, level);
    b.addLine(indentation(level) + filter(f[count - 1]));
    return b;
}

LaidOut FormatPrinter::layoutPipeline(const LogSelector& s, int level, std::vector<PendingComment> comments) const
{
    LaidOut r;
    if (s.stages.empty()) {
        r.block = PrettyBlock(indentation(level) + matchers(s));
        r.after = std::move(comments);
        return r;
    }
    std::vector<SourceRange> units { s.matchersWhere };
    for (const auto& st : s.stages)
        units.push_back(st.where);
    std::vector<std::vector<PendingComment>> afterUnit, beforeUnit;
    sortIntoSlots(hoistOutOfUnits(std::move(comments), units), units, r, afterUnit, beforeUnit);
    if (!r.holdsComments && fits(selector(s))) {
        r.block = PrettyBlock(indentation(level) + selector(s));
        return r;
    }
    r.block = PrettyBlock(indentation(level) + matchers(s));
    r.block.addComments(afterUnit[0], {});
    for (std::size_t i = 0; i < s.stages.size(); ++i) {
        r.block.addComments(beforeUnit[i + 1], indentation(level + 1));
        if (const auto* lf = std::get_if<LineFilterStage>(&s.stages[i].stage))
            r.block.addBlock(filterLines(lf->filters, lf->filters.size(), level + 1));
        else
            r.block.addLine(indentation(level + 1) + stage(s.stages[i]));
        r.block.addComments(afterUnit[i + 1], {});
    }
    return r;
}

LaidOut FormatPrinter::layoutLogRange(const LogRange& range, int level, std::vector<PendingComment> comments) const
{
    // The pipeline at this level, then `| unwrap` and its filters one level deeper, then ` [range] offset`.
    const LogSelector& s = range.selector;
    SourceRange pipeline = s.matchersWhere;
    for (const auto& st : s.stages)
        pipeline.end = std::max(pipeline.end, st.where.end);
    std::vector<PendingComment> inner, gaps;
    for (auto& c : comments)
        (inside(pipeline, c.position) ? inner : gaps).push_back(std::move(c));
    LaidOut pipe = layoutPipeline(s, level, std::move(inner));
    collectHoisted(pipe, pipeline, gaps);

    std::vector<SourceRange> units { pipeline };
    if (range.unwrap) {
        const auto& post = range.unwrap->postFilters;
        units.push_back(
            { range.unwrap->where.begin, post.empty() ? range.unwrap->where.end : post.front()->where.begin });
        for (const auto& f : post)
            units.push_back(f->where);
    }
    LaidOut r;
    r.holdsComments = pipe.holdsComments;
    std::vector<std::vector<PendingComment>> afterUnit, beforeUnit;
    sortIntoSlots(hoistOutOfUnits(std::move(gaps), units), units, r, afterUnit, beforeUnit);
    r.block = std::move(pipe.block);
    r.block.addComments(afterUnit[0], {});
    for (std::size_t i = 1; i < units.size(); ++i) {
        r.block.addComments(beforeUnit[i], indentation(level + 1));
        r.block.addLine(indentation(level + 1)
            + (i == 1 ? unwrapHead(*range.unwrap) : "| " + labelFilter(*range.unwrap->postFilters[i - 2])));
        r.block.addComments(afterUnit[i], {});
    }
    r.block.append(" ");
    r.block.append(rangeSuffix(range));
    return r;
}

LaidOut FormatPrinter::layoutCall(const Expr& e, int level, std::vector<PendingComment> comments) const
{
    // `op(` [param `,`] argument [`,` label_replace's strings] `)`, the arguments one level deeper.
    const bool range = e.kind == Expr::Kind::RangeAgg;
    const SourceRange argument = range ? e.logRange->where : e.lhs->where;
    std::vector<PendingComment> inner, gaps;
    for (auto& c : comments)
        (inside(argument, c.position) ? inner : gaps).push_back(std::move(c));
    LaidOut arg = range ? layoutLogRange(*e.logRange, level + 1, std::move(inner))
                        : layout(*e.lhs, level + 1, std::move(inner));
    collectHoisted(arg, argument, gaps);
    sortComments(gaps);

    const bool hasParam = e.kind != Expr::Kind::LabelReplace && e.param.has_value();
    const int close = skipBlanks(m_query.text(), argument.end);
    LaidOut r;
    std::vector<PendingComment> header, beforeParam, afterParam, beforeArg, afterArg, beforeClose;
    for (auto& c : gaps) {
        if (c.position <= argument.begin && hasParam)
            placeInOrder(std::move(c), afterParam, beforeParam);
        else if (c.position <= argument.begin)
            placeInOrder(std::move(c), header, beforeArg);
        else if (e.kind == Expr::Kind::LabelReplace || c.position > close)
            r.after.push_back(std::move(c));
        else
            placeInOrder(std::move(c), afterArg, beforeClose);
    }
    r.holdsComments = arg.holdsComments || !header.empty() || !beforeParam.empty() || !afterParam.empty()
        || !beforeArg.empty() || !afterArg.empty() || !beforeClose.empty();
    if (!r.holdsComments && fits(text(e))) {
        r.block = PrettyBlock(indentation(level) + text(e));
        return r;
    }
    std::string head;
    if (range)
        head = rangeOpName(e.rangeOp);
    else if (e.kind == Expr::Kind::VectorAgg)
        head = vectorOpName(e.vectorOp) + vectorGrouping(e.grouping, ", ");
    else
        head = "label_replace";
    r.block = PrettyBlock(indentation(level) + head + "(");
    r.block.addComments(header, {});
    if (hasParam) {
        r.block.addComments(beforeParam, indentation(level + 1));
        r.block.addLine(indentation(level + 1) + (range ? rangeParam(e, true) : vectorParam(e)) + ",");
        r.block.addComments(afterParam, {});
    }
    r.block.addComments(beforeArg, indentation(level + 1));
    r.block.addBlock(std::move(arg.block));
    if (e.kind == Expr::Kind::LabelReplace) {
        for (const std::string* s : { &e.dst, &e.replacement, &e.src, &e.regex }) {
            r.block.append(",");
            r.block.addLine(indentation(level + 1) + goQuote(*s));
        }
    }
    r.block.addComments(afterArg, {});
    r.block.addComments(beforeClose, indentation(level + 1));
    r.block.addLine(indentation(level) + ")" + (range && e.grouping.present ? grouping(e.grouping, ", ") : ""));
    return r;
}

LaidOut FormatPrinter::layoutBinary(const Expr& e, int level, std::vector<PendingComment> comments) const
{
    std::vector<PendingComment> left, right, gaps;
    for (auto& c : comments)
        (inside(e.lhs->where, c.position)          ? left
                : inside(e.rhs->where, c.position) ? right
                                                   : gaps)
            .push_back(std::move(c));
    auto operand = [&](const Expr& x, std::vector<PendingComment> own, bool isRight) {
        LaidOut laid = layout(x, level + 1, std::move(own));
        if (laid.block.lines().size() > 1 && needsParentheses(e, x, isRight)) {
            // One level deeper inside the parentheses: a layout depends on its level by indentation only.
            laid.block.indent(indentation(1));
            PrettyBlock wrapped(indentation(level + 1) + "(");
            wrapped.addBlock(std::move(laid.block));
            wrapped.addLine(indentation(level + 1) + ")");
            laid.block = std::move(wrapped);
        }
        collectHoisted(laid, x.where, gaps);
        return laid;
    };
    LaidOut lhs = operand(*e.lhs, std::move(left), false);
    LaidOut rhs = operand(*e.rhs, std::move(right), true);
    sortComments(gaps);

    const int op = skipBlanks(m_query.text(), e.lhs->where.end);
    LaidOut r;
    std::vector<PendingComment> afterLeft, beforeOp, afterOp, beforeRight;
    for (auto& c : gaps) {
        if (c.position <= e.lhs->where.begin)
            r.before.push_back(std::move(c));
        else if (c.position >= e.rhs->where.end)
            r.after.push_back(std::move(c));
        else if (c.position < op || c.position == e.lhs->where.end)
            placeInOrder(std::move(c), afterLeft, beforeOp);
        else
            placeInOrder(std::move(c), afterOp, beforeRight);
    }
    r.holdsComments = lhs.holdsComments || rhs.holdsComments || !afterLeft.empty() || !beforeOp.empty()
        || !afterOp.empty() || !beforeRight.empty();
    if (!r.holdsComments && fits(text(e))) {
        r.block = PrettyBlock(indentation(level) + text(e));
        return r;
    }
    r.block = std::move(lhs.block);
    r.block.addComments(afterLeft, {});
    r.block.addComments(beforeOp, indentation(level));
    r.block.addLine(indentation(level) + operatorText(e, ", "));
    r.block.addComments(afterOp, {});
    r.block.addComments(beforeRight, indentation(level + 1));
    r.block.addBlock(std::move(rhs.block));
    return r;
}

LaidOut FormatPrinter::layout(const Expr& e, int level, std::vector<PendingComment> comments) const
{
    switch (e.kind) {
    case Expr::Kind::Paren: {
        // Parentheses are not part of Loki's tree: the inner expression stands for them.
        std::vector<PendingComment> inner, outer;
        for (auto& c : comments)
            (inside(e.lhs->where, c.position) ? inner : outer).push_back(std::move(c));
        LaidOut r = layout(*e.lhs, level, std::move(inner));
        for (auto& c : outer)
            (c.position <= e.lhs->where.begin ? r.before : r.after).push_back(std::move(c));
        sortComments(r.before);
        sortComments(r.after);
        return r;
    }
    case Expr::Kind::Log: return layoutPipeline(*e.log, level, std::move(comments));
    case Expr::Kind::RangeAgg:
    case Expr::Kind::VectorAgg:
    case Expr::Kind::LabelReplace: return layoutCall(e, level, std::move(comments));
    case Expr::Kind::Binary: return layoutBinary(e, level, std::move(comments));
    case Expr::Kind::Literal:
    case Expr::Kind::Vector: break;
    }
    LaidOut r;
    r.block = PrettyBlock(indentation(level) + text(e));
    r.after = std::move(comments);
    return r;
}

std::string FormatPrinter::render(const Expr& root, const std::vector<QueryComment>& comments) const
{
    return renderWithComments(m_query.text(), root.where, comments,
        [&](std::vector<PendingComment> inner) { return layout(root, 0, std::move(inner)); });
}

} // namespace sg::logql::detail
