#pragma once

// Internal to sg_promql: the step evaluator shared by engine.cpp and the eval_*/functions/aggregation files.

#include "ast.h"
#include "engine.h"

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>

namespace sg::promql {

/// A sample of an instant vector during evaluation; `dropName` marks a metric name that is removed
/// when the value leaves the engine (Prometheus' delayed name removal).
struct EvalSample
{
    Labels metric;
    double v = 0;
    bool dropName = false;
    TimestampMs t = 0; ///< the sample's own timestamp for plain selectors (used by `timestamp()`)
};
using EvalVector = std::vector<EvalSample>;

/// One series of a range vector at one evaluation time; samples point into storage owned elsewhere.
struct EvalSeries
{
    const Labels* metric = nullptr; ///< owned by the selected data or by EvalMatrix::ownedLabels
    std::span<const tsdb::Sample> samples;
    bool dropName = false;
};

/// A range vector at one evaluation time, with the window it covers: (rangeStart, rangeEnd].
struct EvalMatrix
{
    std::vector<EvalSeries> series;
    TimestampMs rangeStart = 0;
    TimestampMs rangeEnd = 0;
    DurationMs range = 0;
    bool anchored = false; ///< holds the sample before the window start too
    bool smoothed = false; ///< holds the samples just outside both window edges
    std::vector<std::shared_ptr<std::vector<tsdb::Sample>>> owned;
    std::vector<std::shared_ptr<const Labels>> ownedLabels;
};

/// A value during evaluation at one time step.
struct EvalValue
{
    ValueType type = ValueType::None;
    double scalar = 0;
    EvalVector vector;
    EvalMatrix matrix;
    std::string string;
};

/// Thrown inside one evaluation only; the engine turns it into an Error value.
struct EvalFailure
{
    Error error;
};

[[noreturn]] void throwEval(ErrorCode code, std::string message, SourceRange where = {});
/// Prometheus' message for a query past QueryOptions::maxSamples (samples of one step, or points of the result).
inline constexpr const char* TooManySamples = "query processing would load too many samples into memory in query execution";

/// A sum/avg/count/min/max group after its first member, the state both aggregation paths keep (per group, or per
/// group and step). The first member sets value (1 for count), mean and count (1).
struct AggregateAccumulator
{
    double& value;
    double& kahan;
    double& mean;
    double& count;
    bool& incrementalMean; ///< avg: the sum overflowed, the mean goes on incrementally

    /// Adds one more member's value as Prometheus does: a Kahan sum, an incremental mean past the largest double,
    /// NaN replaced by any value for min and max.
    void add(AggregateOp op, double v);
    /// The aggregate's value for sum, avg, count, min, max.
    double result(AggregateOp op) const;
};

/// Series selected once for the whole query, with a stale-free copy for range selections.
struct SelectedSeries
{
    Labels labels;
    std::vector<tsdb::Sample> samples;
    std::vector<tsdb::Sample> nonStale;
};

/// Evaluates an AST one time step at a time over data selected once per selector.
class Evaluator
{
public:
    Evaluator(const tsdb::Querier& querier, const QueryOptions& options, TimestampMs start, TimestampMs end,
        DurationMs step, std::string_view query);

    /// Selects data for every selector of the tree, once, for all steps.
    void preload(const Expr& root);
    /// Evaluates `e` at time `ts`.
    EvalValue eval(const Expr& e, TimestampMs ts);
    /// Resets the per-step sample counter (called by the engine before each step).
    void beginStep();
    void checkCancel() const;
    void countSamples(std::size_t n);

    /// Adds an annotation ("PromQL warning: ..." or "PromQL info: ...") once.
    void warn(const std::string& message, SourceRange where);
    void info(const std::string& message, SourceRange where);
    const std::vector<std::string>& annotations() const { return m_annotations; }

    TimestampMs start() const { return m_start; }
    TimestampMs end() const { return m_end; }
    DurationMs step() const { return m_step; }

    // per concern, in their own files
    EvalValue evalVectorSelector(const VectorSelectorExpr& vs, TimestampMs ts);
    EvalValue evalMatrixSelector(const MatrixSelectorExpr& ms, TimestampMs ts);
    EvalValue evalSubquery(const SubqueryExpr& sq, TimestampMs ts);
    EvalValue evalBinary(const BinaryExpr& b, TimestampMs ts);
    EvalValue evalAggregate(const AggregateExpr& a, TimestampMs ts);
    EvalValue evalCall(const CallExpr& c, TimestampMs ts);
    EvalValue evalRangeFunction(const CallExpr& c, TimestampMs ts);
    EvalValue evalLabelFunction(const CallExpr& c, TimestampMs ts);
    EvalValue evalHistogramQuantile(const CallExpr& c, TimestampMs ts);
    EvalValue evalInfo(const CallExpr& c, TimestampMs ts);
    /// The time info() looks up info series for its first argument evaluated at `ts`: the argument's own
    /// evaluation time after `@` and `offset` along its selector path.
    TimestampMs infoTime(const Expr& e, TimestampMs ts) const;

    TimestampMs resolveAt(const TimeModifiers& m, TimestampMs ts) const;

    /// In a range query, `a`'s value at grid time `ts` when `a` is `sum`/`count`/`avg`/`min`/`max` of
    /// rate()/increase()/delta()/irate()/idelta() or of a `*_over_time` that overTimeFunction() knows, over a range
    /// selector, or of an instant selector (no `@`): computed series by series for every step at the first call, then
    /// handed out (moved: each step once; a second request of a step returns false and the step path computes it).
    /// False when `a` does not have that shape or `ts` is off the grid.
    bool rangeAggregate(const AggregateExpr& a, TimestampMs ts, EvalValue& out);
    /// In a range query whose root is a bare instant selector (no `@`, not `smoothed`): the result matrix, built
    /// series by series with one cursor per series and one label copy per series. Same points, limits and
    /// order as the step path. Nullopt when `root` does not have that shape (call after preload()).
    std::optional<Matrix> rangeSelector(const Expr& root);
    /// In a range query whose root is avg/sum/count/min/max/last/present_over_time of a subquery (no `@`): the
    /// result matrix, with the subquery's inner steps evaluated once, in the step path's order, and each series'
    /// window slid across the steps, keeping only the window's samples. Same points and per-step limits as the step
    /// path, and the result's point limit at the step that passes it; two series meeting under one label set fail after
    /// the last step. Nullopt for another root.
    std::optional<Matrix> rangeOverSubquery(const Expr& root);
    /// In a range query whose root is rate/increase/delta/irate/idelta or avg/sum/count/min/max/last/present_over_time
    /// of a range selector (no `@`, not `anchored` or `smoothed`): the result matrix, series by series with one
    /// cursor per series, as rangeAggregate computes its members. Same points, annotations and per-step limits as the
    /// step path.
    std::optional<Matrix> rangeFunction(const Expr& root);

private:
    struct RangeAggregate
    {
        bool qualifies = false;
        std::vector<EvalValue> steps;     ///< by step index
        std::vector<std::size_t> samples; ///< samples loaded per step, counted when the step is evaluated
        std::vector<char> taken;          ///< per step: already moved out
    };
    RangeAggregate computeRangeAggregate(const AggregateExpr& a);

    void collect(const Expr& e, TimestampMs minT, TimestampMs maxT);
    std::string position(SourceRange where) const;

    const tsdb::Querier& m_querier;
    QueryOptions m_options;
    TimestampMs m_start;
    TimestampMs m_end;
    DurationMs m_step;
    std::string_view m_query;
    std::unordered_map<const VectorSelectorExpr*, std::vector<SelectedSeries>> m_data;
    std::unordered_map<const VectorSelectorExpr*, std::pair<TimestampMs, TimestampMs>> m_ranges;
    /// The inner results of one subquery, kept per series across the steps of a range query, which share most of
    /// them: each step evaluates only the inner steps after the last one evaluated, and hands out spans of these
    /// series as its matrix (Prometheus evaluates a subquery once over the whole range, to the same effect).
    struct SubqueryCache
    {
        struct Series
        {
            std::shared_ptr<const Labels> metric;
            bool dropName = false;
            std::shared_ptr<std::vector<tsdb::Sample>> samples; ///< in time order; a matrix handed out shares it
            std::size_t begin = 0;                              ///< samples before it are older than the window
        };
        bool any = false;
        bool sorted = true; ///< `series` in label order (a step hands them out in that order)
        TimestampMs lo = 0; ///< the inner steps in [lo, hi] have been evaluated
        TimestampMs hi = 0;
        std::vector<Series> series;
        std::unordered_map<Labels, std::size_t, LabelsHash> index;
        void append(const EvalSample& s, TimestampMs t);
        void reindex(); ///< `index` again, after `series` changed order or lost some
    };
    std::unordered_map<const SubqueryExpr*, SubqueryCache> m_subqueryCache;
    /// Where each series' window began and ended at a range selector's last evaluation: steps that move forward (a
    /// range query's, a subquery's inner ones) search on from there instead of over all of the series' samples.
    struct MatrixCursor
    {
        TimestampMs lastT = std::numeric_limits<TimestampMs>::min();
        std::vector<std::pair<std::size_t, std::size_t>> pos; ///< per series: [lo, hi) of the last window
    };
    std::unordered_map<const MatrixSelectorExpr*, MatrixCursor> m_matrixCursors;
    std::unordered_map<const AggregateExpr*, RangeAggregate> m_rangeAggregates;
    std::vector<std::string> m_annotations;
    std::size_t m_stepSamples = 0;
    std::size_t m_steps = 0;
};

/// Prometheus' extrapolatedRate for float samples over the window (rangeStart, rangeEnd] (functions_range.cpp).
/// `knownNoResets`: the caller knows no sample is below its predecessor, so the reset scan is skipped.
std::optional<double> extrapolatedRate(std::span<const tsdb::Sample> s, TimestampMs rangeStart, TimestampMs rangeEnd,
    DurationMs range, bool isCounter, bool isRate, bool knownNoResets = false);

/// Prometheus' instantValue: irate (`isRate`) or idelta from the window's last two samples (functions_range.cpp).
std::optional<double> instantValue(std::span<const tsdb::Sample> s, bool isRate);

/// A `*_over_time` function computed from a non-empty window alone (functions_range.cpp).
using OverTimeFunction = double (*)(std::span<const tsdb::Sample>);
/// avg/sum/count/min/max/last/present_over_time; null for any other name.
OverTimeFunction overTimeFunction(std::string_view name);

/// True for `__name__` and the metadata labels that belong to it (`__type__`, `__unit__`).
inline bool isNameLabel(std::string_view name) { return name == "__name__" || name == "__type__" || name == "__unit__"; }
/// A copy without the metric name and its metadata labels, as when an operation drops the name.
inline Labels dropMetricName(const Labels& l)
{
    static const std::vector<std::string> names { "__name__", "__type__", "__unit__" };
    return l.without(names);
}

/// The empty label set.
inline Labels emptyLabels() { return Labels(); }

/// Default resolution of subqueries without a step, as Prometheus' default evaluation interval.
constexpr DurationMs DefaultSubqueryStepMs = 60'000;

/// The result matrix of a series-by-series range path: each series filed under its labels (the name dropped as the
/// step path drops it), so that series that meet there merge, as the step path files them.
class RangeMatrixBuilder
{
public:
    /// `maxPoints`: the result's limit (QueryOptions::maxSamples), checked as points are added, so that a result
    /// past it is refused before it is all made, as the step path refuses it at the step that passes it.
    explicit RangeMatrixBuilder(std::size_t maxPoints)
        : m_maxPoints(maxPoints)
    {
    }
    void add(Labels metric, std::vector<Point> points);
    /// In label order. Fails as the step path does on two series at one step under one label set.
    Matrix finish();

private:
    std::size_t m_maxPoints;
    std::unordered_map<Labels, std::size_t, LabelsHash> m_index;
    std::vector<std::size_t> m_contributors;
    Matrix m_out;
    std::size_t m_points = 0;
};

/// Label sets with the metric name dropped, remembered across the steps of a range query: a series drops the same
/// name at every step, so its set without the name is made once and then shared.
class NameDropCache
{
public:
    const Labels& dropped(const Labels& l);

private:
    std::unordered_map<Labels, Labels, LabelsHash> m_dropped;
};

/// Removes flagged metric names (through `cache` when given); fails when two samples end up with the same labels.
void dropNames(EvalVector& v, bool checkDuplicates, NameDropCache* cache = nullptr);

} // namespace sg::promql
