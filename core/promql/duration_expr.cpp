// Durations that depend on the query (`step()`, `range()`): evaluation and per-query resolution.

#include "ast.h"

#include <cmath>

namespace sg::promql {

double evaluateDuration(const DurationExpr& e, double stepSeconds, double rangeSeconds)
{
    auto sub = [&](const DurationExprPtr& p) { return p ? evaluateDuration(*p, stepSeconds, rangeSeconds) : 0.0; };
    switch (e.kind) {
    case DurationExpr::Kind::Number: return e.seconds;
    case DurationExpr::Kind::Step: return stepSeconds;
    case DurationExpr::Kind::Range: return rangeSeconds;
    case DurationExpr::Kind::Negate: return -sub(e.lhs);
    case DurationExpr::Kind::MinOf: return std::min(sub(e.lhs), sub(e.rhs));
    case DurationExpr::Kind::MaxOf: return std::max(sub(e.lhs), sub(e.rhs));
    case DurationExpr::Kind::Binary: {
        double l = sub(e.lhs), r = sub(e.rhs);
        switch (e.op) {
        case BinaryOp::Add: return l + r;
        case BinaryOp::Sub: return l - r;
        case BinaryOp::Mul: return l * r;
        case BinaryOp::Div: return l / r;
        case BinaryOp::Mod: return std::fmod(l, r);
        case BinaryOp::Pow: return std::pow(l, r);
        default: return 0;
        }
    }
    }
    return 0;
}

namespace {

DurationMs toMs(const DurationExpr& e, DurationMs step, DurationMs range)
{
    double secs = evaluateDuration(e, double(step) / 1000.0, double(range) / 1000.0);
    if (!std::isfinite(secs))
        return 0;
    return DurationMs(std::llround(secs * 1000));
}

void resolveMods(TimeModifiers& m, DurationMs step, DurationMs range)
{
    if (m.offsetExpr)
        m.offset = toMs(*m.offsetExpr, step, range);
}

} // namespace

void resolveDurations(Expr& e, DurationMs step, DurationMs range)
{
    switch (e.kind) {
    case NodeKind::VectorSelector: resolveMods(static_cast<VectorSelectorExpr&>(e).mods, step, range); return;
    case NodeKind::MatrixSelector: {
        auto& ms = static_cast<MatrixSelectorExpr&>(e);
        if (ms.rangeExpr)
            ms.range = toMs(*ms.rangeExpr, step, range);
        resolveMods(ms.selector->mods, step, range);
        return;
    }
    case NodeKind::Subquery: {
        auto& sq = static_cast<SubqueryExpr&>(e);
        if (sq.rangeExpr)
            sq.range = toMs(*sq.rangeExpr, step, range);
        if (sq.stepExpr)
            sq.step = toMs(*sq.stepExpr, step, range);
        resolveMods(sq.mods, step, range);
        resolveDurations(*sq.expr, step, range);
        return;
    }
    case NodeKind::Paren: resolveDurations(*static_cast<ParenExpr&>(e).expr, step, range); return;
    case NodeKind::Unary: resolveDurations(*static_cast<UnaryExpr&>(e).expr, step, range); return;
    case NodeKind::Binary:
        resolveDurations(*static_cast<BinaryExpr&>(e).lhs, step, range);
        resolveDurations(*static_cast<BinaryExpr&>(e).rhs, step, range);
        return;
    case NodeKind::Aggregate: {
        auto& a = static_cast<AggregateExpr&>(e);
        if (a.param)
            resolveDurations(*a.param, step, range);
        resolveDurations(*a.expr, step, range);
        return;
    }
    case NodeKind::Call:
        for (auto& arg : static_cast<CallExpr&>(e).args)
            resolveDurations(*arg, step, range);
        return;
    case NodeKind::Number:
    case NodeKind::String: return;
    }
}

} // namespace sg::promql
