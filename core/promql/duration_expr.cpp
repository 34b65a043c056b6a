// Durations that depend on the query (`step()`, `range()`): evaluation and per-query resolution.

#include "ast.h"
#include "core/common/duration_limits.h"

#include <cmath>

namespace sg::promql {

double evaluateDuration(const DurationExpr& e, double stepSeconds, double rangeSeconds, const char** problem)
{
    auto sub = [&](const DurationExprPtr& p) {
        return p ? evaluateDuration(*p, stepSeconds, rangeSeconds, problem) : 0.0;
    };
    switch (e.kind) {
    case DurationExpr::Kind::Number: return e.seconds;
    case DurationExpr::Kind::Step: return stepSeconds;
    case DurationExpr::Kind::Range: return rangeSeconds;
    case DurationExpr::Kind::Negate: return -sub(e.lhs);
    case DurationExpr::Kind::MinOf: return std::min(sub(e.lhs), sub(e.rhs));
    case DurationExpr::Kind::MaxOf: return std::max(sub(e.lhs), sub(e.rhs));
    case DurationExpr::Kind::Binary: {
        double l = sub(e.lhs), r = sub(e.rhs);
        if (problem && !*problem && r == 0 && (e.op == BinaryOp::Div || e.op == BinaryOp::Mod))
            *problem = e.op == BinaryOp::Div ? "division by zero" : "modulo by zero";
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

/// Resolves the durations of one query; the first error ends it.
class Resolver
{
public:
    Resolver(DurationMs step, DurationMs range)
        : m_step(step)
        , m_range(range)
    {
    }

    void resolve(Expr& e);
    std::optional<Error> error;

private:
    /// The expression's milliseconds; a range or step (not `allowNegative`) must be greater than 0. Past int64
    /// nanoseconds is out of range, as for a duration written with units (Prometheus' own arithmetic is in int64
    /// nanoseconds).
    DurationMs toMs(const DurationExpr& e, bool allowNegative)
    {
        const char* problem = nullptr;
        const double secs = evaluateDuration(e, double(m_step) / 1000.0, double(m_range) / 1000.0, &problem);
        if (!problem && !allowNegative && !(secs > 0))
            problem = "duration must be greater than 0";
        if (!problem && !durationSecondsInRange(secs))
            problem = "duration is out of range";
        if (problem) {
            if (!error)
                error = parseError(problem, e.where.begin, e.where.end);
            return 0;
        }
        return DurationMs(std::llround(secs * 1000));
    }
    void resolveMods(TimeModifiers& m)
    {
        if (m.offsetExpr)
            m.offset = toMs(*m.offsetExpr, true);
    }

    DurationMs m_step;
    DurationMs m_range;
};

void Resolver::resolve(Expr& e)
{
    switch (e.kind) {
    case NodeKind::VectorSelector: resolveMods(static_cast<VectorSelectorExpr&>(e).mods); return;
    case NodeKind::MatrixSelector: {
        auto& ms = static_cast<MatrixSelectorExpr&>(e);
        if (ms.rangeExpr)
            ms.range = toMs(*ms.rangeExpr, false);
        resolveMods(ms.selector->mods);
        return;
    }
    case NodeKind::Subquery: {
        auto& sq = static_cast<SubqueryExpr&>(e);
        resolveMods(sq.mods);
        if (sq.stepExpr)
            sq.step = toMs(*sq.stepExpr, false);
        if (sq.rangeExpr)
            sq.range = toMs(*sq.rangeExpr, false);
        resolve(*sq.expr);
        return;
    }
    case NodeKind::Paren: resolve(*static_cast<ParenExpr&>(e).expr); return;
    case NodeKind::Unary: resolve(*static_cast<UnaryExpr&>(e).expr); return;
    case NodeKind::Binary:
        resolve(*static_cast<BinaryExpr&>(e).lhs);
        resolve(*static_cast<BinaryExpr&>(e).rhs);
        return;
    case NodeKind::Aggregate: {
        auto& a = static_cast<AggregateExpr&>(e);
        if (a.param)
            resolve(*a.param);
        resolve(*a.expr);
        return;
    }
    case NodeKind::Call:
        for (auto& arg : static_cast<CallExpr&>(e).args)
            resolve(*arg);
        return;
    case NodeKind::Number:
    case NodeKind::String: return;
    }
}

} // namespace

std::optional<Error> resolveDurations(Expr& e, DurationMs step, DurationMs range)
{
    Resolver r(step, range);
    r.resolve(e);
    return r.error;
}

} // namespace sg::promql
