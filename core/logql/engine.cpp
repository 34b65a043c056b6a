#include "engine.h"
#include "evaluator.h"
#include "parser.h"

#include <algorithm>
#include <exception>
#include <map>

namespace sg::logql {

namespace {

promql::Value toValue(const Expr& root, detail::StepValue v, const std::vector<TimestampMs>& steps, bool instant)
{
    promql::Value out;
    if (v.isScalar) {
        out.type = promql::ValueType::Scalar;
        out.scalar = v.scalars.empty() ? 0 : v.scalars.back();
        if (!instant) {
            // A scalar over a range is returned as one label-less series.
            out.type = promql::ValueType::Matrix;
            promql::Series s { Labels(std::vector<Label> {}), {} };
            for (std::size_t i = 0; i < steps.size(); ++i)
                s.points.push_back(promql::Point { steps[i], v.scalars[i] });
            out.matrix.push_back(std::move(s));
            return out;
        }
        return out;
    }
    // Sorted results keep their order, also through arithmetic with a number (`sort(...) + 1`).
    const Expr* top = &root;
    for (;;) {
        if (top->kind == Expr::Kind::Paren)
            top = top->lhs.get();
        else if (top->kind == Expr::Kind::Binary && top->rhs && top->rhs->kind == Expr::Kind::Literal)
            top = top->lhs.get();
        else if (top->kind == Expr::Kind::Binary && top->lhs && top->lhs->kind == Expr::Kind::Literal)
            top = top->rhs.get();
        else
            break;
    }
    const bool ordered = top->kind == Expr::Kind::VectorAgg
        && (top->vectorOp == VectorOp::Sort || top->vectorOp == VectorOp::SortDesc);
    if (instant) {
        out.type = promql::ValueType::Vector;
        out.vector = v.vectors.empty() ? promql::Vector {} : std::move(v.vectors.back());
        if (!ordered)
            std::sort(out.vector.begin(), out.vector.end(),
                [](const promql::Sample& a, const promql::Sample& b) { return a.metric < b.metric; });
        return out;
    }
    out.type = promql::ValueType::Matrix;
    std::map<Labels, std::size_t> index;
    for (auto& vec : v.vectors)
        for (auto& s : vec) {
            auto [it, inserted] = index.try_emplace(s.metric, out.matrix.size());
            if (inserted)
                out.matrix.push_back(promql::Series { s.metric, {} });
            out.matrix[it->second].points.push_back(promql::Point { s.t, s.v });
        }
    std::sort(out.matrix.begin(), out.matrix.end(),
        [](const promql::Series& a, const promql::Series& b) { return a.metric < b.metric; });
    return out;
}

} // namespace

Result<QueryResult> Engine::query(const logs::LogQuerier& querier, std::string_view query, const QueryParams& params) const
{
    auto parsed = parseQuery(query);
    if (!parsed.ok())
        return parsed.error();
    return evaluate(querier, *parsed.value(), params);
}

Result<QueryResult> Engine::evaluate(const logs::LogQuerier& querier, const Expr& expr, const QueryParams& params) const
{
    // Stored chunks that cannot be read while the query runs are counted by the store; the answer says so.
    const auto unreadableBefore = querier.unreadableChunks();
    auto result = evaluateChecked(querier, expr, params);
    const auto unreadable = querier.unreadableChunks() - unreadableBefore;
    if (result.ok() && unreadable > 0)
        result.value().warnings.push_back(std::to_string(unreadable)
            + " stored chunk(s) could not be read (corrupt; see the log): the answer may lack lines");
    return result;
}

Result<QueryResult> Engine::evaluateChecked(const logs::LogQuerier& querier, const Expr& expr, const QueryParams& params) const
{
    try {
        detail::EvalContext ctx { querier, params, {}, {} };
        QueryResult result;
        const Expr* root = &expr;
        while (root->kind == Expr::Kind::Paren)
            root = root->lhs.get();
        if (root->kind == Expr::Kind::Log) {
            result.isLogs = true;
            result.streams = detail::evalLogQuery(*root->log, ctx);
            return result;
        }
        result.isLogs = false;
        const TimestampMs endMs = nsToMs(params.end);
        if (params.step > 0) {
            for (TimestampMs t = nsToMs(params.start); t <= endMs; t += params.step)
                ctx.steps.push_back(t);
            if (ctx.steps.size() > 11000)
                return Error { ErrorCode::Limit,
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution "
                    "(?step=XX)",
                    {} };
        } else {
            ctx.steps.push_back(endMs);
        }
        if (ctx.steps.empty())
            return Error { ErrorCode::Execution, "invalid range: end is before start", {} };
        detail::StepValue v = detail::evalMetric(expr, ctx);
        result.value = toValue(expr, std::move(v), ctx.steps, params.step <= 0);
        result.warnings = std::move(ctx.warnings);
        return result;
    } catch (const detail::EvalFailure& f) {
        return f.error;
    } catch (const std::exception& e) {
        return Error { ErrorCode::Internal, e.what(), {} };
    }
}

} // namespace sg::logql
