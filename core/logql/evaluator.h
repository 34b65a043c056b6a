#pragma once

// Internal to the LogQL engine: evaluation entry points and the per-step value representation.

#include "ast.h"
#include "engine.h"

#include <vector>

namespace sg::logql::detail {

/// Thrown inside one evaluation and turned into a Result at its edge.
struct EvalFailure
{
    Error error;
};

/// Evaluation context of one query.
struct EvalContext
{
    const logs::LogQuerier& querier;
    const QueryParams& params;
    std::vector<TimestampMs> steps;  ///< evaluation times, ascending
    std::vector<std::string> warnings;

    /// Throws EvalFailure(Canceled) when the request was cancelled.
    void checkCancel() const;
};

/// A value at every evaluation step: a scalar per step or a vector per step.
struct StepValue
{
    bool isScalar = false;
    std::vector<double> scalars;
    std::vector<promql::Vector> vectors;
};

/// Runs a log query: streams after the pipeline, limited and ordered by direction.
std::vector<logs::Stream> evalLogQuery(const LogSelector& selector, EvalContext& ctx);

/// Evaluates a range aggregation at every step, reading each stream's entries once.
StepValue evalRangeAggregation(const Expr& expr, EvalContext& ctx);

/// Evaluates any metric expression at every step.
StepValue evalMetric(const Expr& expr, EvalContext& ctx);

[[noreturn]] void throwExecution(const std::string& message, SourceRange where = {});

} // namespace sg::logql::detail
