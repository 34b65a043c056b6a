#include "engine.h"

#include "evaluator.h"
#include "parser.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace sg::promql {


void throwEval(ErrorCode code, std::string message, SourceRange where)
{
    throw EvalFailure { Error { code, std::move(message), where } };
}

const Labels& NameDropCache::dropped(const Labels& l)
{
    auto it = m_dropped.find(l);
    if (it == m_dropped.end())
        it = m_dropped.emplace(l, dropMetricName(l)).first;
    return it->second;
}

void dropNames(EvalVector& v, bool checkDuplicates, NameDropCache* cache)
{
    for (auto& s : v) {
        if (s.dropName) {
            s.metric = cache ? cache->dropped(s.metric) : dropMetricName(s.metric);
            s.dropName = false;
        }
    }
    if (checkDuplicates && v.size() > 1) {
        // pointers into `v`: no label copies per step
        struct Hash
        {
            std::size_t operator()(const Labels* l) const { return l->hash(); }
        };
        struct Equal
        {
            bool operator()(const Labels* a, const Labels* b) const { return *a == *b; }
        };
        std::unordered_set<const Labels*, Hash, Equal> seen;
        seen.reserve(v.size());
        for (const auto& s : v)
            if (!seen.insert(&s.metric).second)
                throwEval(ErrorCode::Execution, "vector cannot contain metrics with the same labelset");
    }
}

Evaluator::Evaluator(const tsdb::Querier& querier, const QueryOptions& options, TimestampMs start, TimestampMs end,
    DurationMs step, std::string_view query)
    : m_querier(querier)
    , m_options(options)
    , m_start(start)
    , m_end(end)
    , m_step(step)
    , m_query(query)
{
}

void Evaluator::beginStep()
{
    m_stepSamples = 0;
    if ((++m_steps & 15) == 0)
        checkCancel();
}

void Evaluator::checkCancel() const
{
    if (m_options.cancel && m_options.cancel->load(std::memory_order_relaxed))
        throwEval(ErrorCode::Canceled, "query was canceled");
    if (m_options.deadline && std::chrono::steady_clock::now() >= *m_options.deadline)
        throwEval(ErrorCode::Timeout, "query timed out");
}

void Evaluator::countSamples(std::size_t n)
{
    m_stepSamples += n;
    if (m_stepSamples > m_options.maxSamples)
        throwEval(ErrorCode::Limit, TooManySamples);
}

std::string Evaluator::position(SourceRange where) const
{
    int line = 1, col = 1;
    for (int i = 0; i < where.begin && i < int(m_query.size()); ++i) {
        if (m_query[std::size_t(i)] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return " (" + std::to_string(line) + ":" + std::to_string(col) + ")";
}

void Evaluator::warn(const std::string& message, SourceRange where)
{
    std::string text = "PromQL warning: " + message + position(where);
    if (std::find(m_annotations.begin(), m_annotations.end(), text) == m_annotations.end())
        m_annotations.push_back(std::move(text));
}

void Evaluator::info(const std::string& message, SourceRange where)
{
    std::string text = "PromQL info: " + message + position(where);
    if (std::find(m_annotations.begin(), m_annotations.end(), text) == m_annotations.end())
        m_annotations.push_back(std::move(text));
}

TimestampMs Evaluator::resolveAt(const TimeModifiers& m, TimestampMs ts) const
{
    switch (m.at) {
    case AtKind::None: return ts;
    case AtKind::Timestamp: return m.atTime;
    case AtKind::Start: return m_start;
    case AtKind::End: return m_end;
    }
    return ts;
}

EvalValue Evaluator::eval(const Expr& e, TimestampMs ts)
{
    switch (e.kind) {
    case NodeKind::Number: {
        EvalValue v;
        v.type = ValueType::Scalar;
        v.scalar = static_cast<const NumberExpr&>(e).value;
        return v;
    }
    case NodeKind::String: {
        EvalValue v;
        v.type = ValueType::String;
        v.string = static_cast<const StringExpr&>(e).value;
        return v;
    }
    case NodeKind::Paren: return eval(*static_cast<const ParenExpr&>(e).expr, ts);
    case NodeKind::Unary: {
        const auto& u = static_cast<const UnaryExpr&>(e);
        EvalValue v = eval(*u.expr, ts);
        if (!u.negate)
            return v;
        if (v.type == ValueType::Scalar) {
            v.scalar = -v.scalar;
        } else {
            for (auto& s : v.vector) {
                s.v = -s.v;
                s.dropName = true;
            }
        }
        return v;
    }
    case NodeKind::VectorSelector: return evalVectorSelector(static_cast<const VectorSelectorExpr&>(e), ts);
    case NodeKind::MatrixSelector: return evalMatrixSelector(static_cast<const MatrixSelectorExpr&>(e), ts);
    case NodeKind::Subquery: return evalSubquery(static_cast<const SubqueryExpr&>(e), ts);
    case NodeKind::Binary: return evalBinary(static_cast<const BinaryExpr&>(e), ts);
    case NodeKind::Aggregate: return evalAggregate(static_cast<const AggregateExpr&>(e), ts);
    case NodeKind::Call: return evalCall(static_cast<const CallExpr&>(e), ts);
    }
    throwEval(ErrorCode::Internal, "unknown expression node");
}

namespace {

Matrix toMatrix(const EvalMatrix& m)
{
    Matrix out;
    for (const auto& s : m.series) {
        Series series;
        series.metric = s.dropName ? dropMetricName(*s.metric) : *s.metric;
        for (const auto& p : s.samples)
            series.points.push_back(Point { p.t, p.v });
        out.push_back(std::move(series));
    }
    std::sort(out.begin(), out.end(), [](const Series& a, const Series& b) { return a.metric < b.metric; });
    return out;
}

template<class F>
Result<QueryResult> guarded(F&& f)
{
    try {
        return f();
    } catch (const EvalFailure& e) {
        return e.error;
    } catch (const std::bad_alloc&) {
        return Error { ErrorCode::Limit, "out of memory while evaluating the query", {} };
    } catch (const std::exception& e) {
        return Error { ErrorCode::Internal, e.what(), {} };
    }
}

/// Adds a warning when stored chunks could not be read while the query ran (its answer may lack samples).
Result<QueryResult> noteUnreadable(const tsdb::Querier& querier, std::uint64_t before, Result<QueryResult> result)
{
    const auto after = querier.unreadableChunks();
    if (result.ok() && after > before)
        result.value().warnings.push_back(std::to_string(after - before)
            + " stored chunk(s) could not be read (corrupt or missing; see the log): the answer may lack samples");
    return result;
}

} // namespace

Result<QueryResult> Engine::instantQuery(const tsdb::Querier& querier, std::string_view query, TimestampMs t,
    const QueryOptions& options) const
{
    auto ast = parse(query);
    if (!ast)
        return ast.error();
    if (auto bad = resolveDurations(**ast, 0, 0))
        return *bad;
    const Expr& root = **ast;
    const auto unreadable = querier.unreadableChunks();
    return noteUnreadable(querier, unreadable, guarded([&]() -> Result<QueryResult> {
        Evaluator ev(querier, options, t, t, 0, query);
        ev.preload(root);
        ev.beginStep();
        EvalValue v = ev.eval(root, t);
        QueryResult r;
        r.value.type = v.type;
        switch (v.type) {
        case ValueType::Scalar:
            r.value.scalar = v.scalar;
            r.value.scalarT = t;
            break;
        case ValueType::String:
            r.value.string = v.string;
            r.value.scalarT = t;
            break;
        case ValueType::Vector:
            dropNames(v.vector, true);
            for (auto& s : v.vector)
                r.value.vector.push_back(Sample { std::move(s.metric), t, s.v });
            break;
        case ValueType::Matrix: r.value.matrix = toMatrix(v.matrix); break;
        case ValueType::None: break;
        }
        r.warnings = ev.annotations();
        return r;
    }));
}

Result<QueryResult> Engine::rangeQuery(const tsdb::Querier& querier, std::string_view query, TimestampMs start,
    TimestampMs end, DurationMs step, const QueryOptions& options) const
{
    if (step <= 0)
        return Error { ErrorCode::Execution, "zero or negative query resolution step widths are not accepted. Try a positive integer", {} };
    if (end < start)
        return Error { ErrorCode::Execution, "end timestamp must not be before start time", {} };
    if ((end - start) / step + 1 > MaxPointsPerSeries)
        return Error { ErrorCode::Limit,
            "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)", {} };
    auto ast = parse(query);
    if (!ast)
        return ast.error();
    if (auto bad = resolveDurations(**ast, step, end - start))
        return *bad;
    const Expr& root = **ast;
    if (root.type != ValueType::Scalar && root.type != ValueType::Vector)
        return Error { ErrorCode::Execution,
            std::string("invalid expression type \"") + typeDocName(root.type)
                + "\" for range query, must be Scalar or instant Vector",
            root.where };
    const auto unreadable = querier.unreadableChunks();
    return noteUnreadable(querier, unreadable, guarded([&]() -> Result<QueryResult> {
        Evaluator ev(querier, options, start, end, step, query);
        ev.preload(root);
        std::optional<Matrix> direct = ev.rangeSelector(root);
        if (!direct)
            direct = ev.rangeFunction(root);
        if (!direct)
            direct = ev.rangeOverSubquery(root);
        if (direct) {
            QueryResult r;
            r.value.type = ValueType::Matrix;
            r.value.matrix = std::move(*direct);
            r.warnings = ev.annotations();
            return r;
        }
        std::unordered_map<Labels, std::size_t, LabelsHash> index;
        NameDropCache dropped;
        Matrix out;
        std::size_t totalPoints = 0;
        for (TimestampMs ts = start; ts <= end; ts += step) {
            ev.beginStep();
            EvalValue v = ev.eval(root, ts);
            if (v.type == ValueType::Scalar) {
                EvalSample s;
                s.metric = emptyLabels();
                s.v = v.scalar;
                v.vector.push_back(std::move(s));
            } else {
                // two samples of one step with the same labels: found below, where a series already has this step
                dropNames(v.vector, false, &dropped);
            }
            for (auto& s : v.vector) {
                auto it = index.find(s.metric);
                if (it == index.end()) {
                    it = index.emplace(s.metric, out.size()).first;
                    out.push_back(Series { std::move(s.metric), {} });
                }
                std::vector<Point>& points = out[it->second].points;
                if (!points.empty() && points.back().t == ts)
                    throwEval(ErrorCode::Execution, "vector cannot contain metrics with the same labelset");
                points.push_back(Point { ts, s.v });
            }
            totalPoints += v.vector.size();
            if (totalPoints > options.maxSamples)
                throwEval(ErrorCode::Limit, TooManySamples);
        }
        std::sort(out.begin(), out.end(), [](const Series& a, const Series& b) { return a.metric < b.metric; });
        QueryResult r;
        r.value.type = ValueType::Matrix;
        r.value.matrix = std::move(out);
        r.warnings = ev.annotations();
        return r;
    }));
}

} // namespace sg::promql
