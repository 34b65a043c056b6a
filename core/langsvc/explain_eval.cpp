// Evaluates every node of an explain tree on its own through the QueryClient: instant queries for expressions,
// log queries over a window for LogQL pipeline stages, and series matching for binary operators.

#include "core/langsvc/explain.h"

#include "core/logql/engine.h"
#include "core/services/query_client.h"

#include <QElapsedTimer>

#include <cstdlib>
#include <map>
#include <set>

namespace sg::langsvc {

namespace {

constexpr TimestampNs NsPerMs = 1'000'000;

/// What a node's parent needs of its answer: the vector to match (binary operators), or the lines' label names and
/// errors (the next pipeline stage).
struct Answer
{
    bool isVector = false;
    promql::Vector vector;
    bool isLog = false;
    std::int64_t lines = 0;
    std::set<std::string> labelNames;
    std::map<std::string, int> errors;
};

bool isErrorLabel(std::string_view name) { return name == "__error__" || name == "__error_details__"; }

class Evaluator
{
public:
    Evaluator(const services::QueryClient& client, const EvalOptions& options)
        : m_client(client)
        , m_options(options)
        , m_at(options.at ? options.at : nowMs())
    {
    }

    Answer run(ExplainNode& node)
    {
        std::vector<Answer> children;
        for (auto& child : node.children)
            children.push_back(run(child));
        if (cancelled())
            return {};
        ExplainEval eval;
        Answer answer;
        QElapsedTimer timer;
        timer.start();
        switch (node.plan.mode) {
        case EvalPlan::Mode::None:
            if (node.plan.notEvaluated.empty())
                return {};
            eval.error = node.plan.notEvaluated;
            break;
        case EvalPlan::Mode::Instant: instant(node.plan, eval, answer); break;
        case EvalPlan::Mode::LogLines: logLines(node.plan, eval, answer); break;
        case EvalPlan::Mode::Unwrap: unwrap(node.plan, eval, answer); break;
        }
        eval.durationMs = double(timer.nsecsElapsed()) / 1e6;
        if (node.plan.vectorMatch && children.size() == 2 && children[0].isVector && children[1].isVector)
            eval.match = match(node.plan, children[0].vector, children[1].vector);
        if (node.plan.mode == EvalPlan::Mode::LogLines && answer.isLog && !children.empty() && children[0].isLog)
            eval.stage = stage(children[0], answer);
        if (!cancelled())
            node.eval = std::move(eval);
        return answer;
    }

private:
    bool cancelled() const { return m_options.cancel && m_options.cancel->load(); }

    Result<promql::Value> instantValue(const EvalPlan& plan, std::vector<std::string>& warnings) const
    {
        if (plan.language == logql::QueryLanguage::PromQL) {
            promql::QueryOptions options;
            options.cancel = m_options.cancel;
            auto r = m_client.evalPromQL(plan.query, m_at, m_at, 0, options);
            if (!r.ok())
                return r.error();
            warnings = r->warnings;
            return std::move(r->value);
        }
        logql::QueryParams params;
        params.start = m_at * NsPerMs;
        params.end = m_at * NsPerMs;
        params.cancel = m_options.cancel;
        auto r = m_client.evalLogQL(plan.query, params);
        if (!r.ok())
            return r.error();
        warnings = r->warnings;
        return std::move(r->value);
    }

    void instant(const EvalPlan& plan, ExplainEval& eval, Answer& answer) const
    {
        auto value = instantValue(plan, eval.warnings);
        if (!value.ok()) {
            eval.error = value.error().message;
            return;
        }
        const std::size_t keep = std::size_t(std::max(0, m_options.sampleLimit));
        switch (value->type) {
        case promql::ValueType::Vector:
            eval.series = int(value->vector.size());
            for (std::size_t i = 0; i < value->vector.size() && i < keep; ++i)
                eval.samples.push_back({ value->vector[i].metric, value->vector[i].v, 0, {} });
            answer.isVector = true;
            answer.vector = std::move(value->vector);
            break;
        case promql::ValueType::Matrix:
            eval.series = int(value->matrix.size());
            for (std::size_t i = 0; i < value->matrix.size() && i < keep; ++i) {
                const auto& s = value->matrix[i];
                eval.samples.push_back(
                    { s.metric, s.points.empty() ? 0 : s.points.back().v, int(s.points.size()), {} });
            }
            break;
        case promql::ValueType::Scalar: eval.scalar = value->scalar; break;
        case promql::ValueType::String:
        case promql::ValueType::None: break;
        }
    }

    /// The lines of `plan.query` (a log query) in the window: counted exactly by `count_over_time` when no line of
    /// it carries an `__error__` (Loki refuses to count those), else over at most the line limit.
    void logLines(const EvalPlan& plan, ExplainEval& eval, Answer& answer) const
    {
        const std::optional<std::int64_t> exact = countLines(plan);
        logql::QueryParams params;
        params.start = (m_at - plan.window) * NsPerMs;
        params.end = m_at * NsPerMs;
        params.limit = std::size_t(std::max(1, m_options.lineLimit));
        params.cancel = m_options.cancel;
        auto r = m_client.evalLogQL(plan.query, params);
        if (!r.ok()) {
            eval.error = r.error().message;
            return;
        }
        eval.warnings = r->warnings;
        answer.isLog = true;
        std::int64_t read = 0;
        for (const auto& stream : r->streams) {
            read += std::int64_t(stream.entries.size());
            for (const auto& label : stream.labels)
                if (!isErrorLabel(label.name))
                    answer.labelNames.insert(label.name);
            if (const auto error = stream.labels.get("__error__"); !error.empty())
                answer.errors[std::string(error)] += int(stream.entries.size());
            for (const auto& entry : stream.entries) {
                if (eval.samples.size() >= std::size_t(std::max(0, m_options.sampleLimit)))
                    break;
                eval.samples.push_back({ stream.labels, 0, 0, entry.line });
            }
        }
        eval.series = int(r->streams.size());
        answer.lines = exact.value_or(read);
        eval.lines = answer.lines;
        eval.linesLimited = !exact && read >= std::int64_t(params.limit);
    }

    std::optional<std::int64_t> countLines(const EvalPlan& plan) const
    {
        EvalPlan count = plan;
        count.query = "sum(count_over_time(" + plan.query + " [" + std::to_string(plan.window / 1000) + "s]))";
        std::vector<std::string> warnings;
        auto value = instantValue(count, warnings);
        if (!value.ok() || value->type != promql::ValueType::Vector)
            return std::nullopt;
        double total = 0;
        for (const auto& s : value->vector)
            total += s.v;
        return std::int64_t(total);
    }

    /// `| unwrap label`: the pipeline's lines (at most the line limit) whose label converts to a number.
    void unwrap(const EvalPlan& plan, ExplainEval& eval, Answer&) const
    {
        logql::QueryParams params;
        params.start = (m_at - plan.window) * NsPerMs;
        params.end = m_at * NsPerMs;
        params.limit = std::size_t(std::max(1, m_options.lineLimit));
        params.cancel = m_options.cancel;
        auto r = m_client.evalLogQL(plan.query, params);
        if (!r.ok()) {
            eval.error = r.error().message;
            return;
        }
        StageStats stats;
        int failed = 0;
        std::set<Labels> series;
        for (const auto& stream : r->streams) {
            stats.linesIn += std::int64_t(stream.entries.size());
            const std::string text(stream.labels.get(plan.unwrapLabel));
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (text.empty() || (end && *end != '\0')) {
                failed += int(stream.entries.size());
                continue;
            }
            stats.linesOut += std::int64_t(stream.entries.size());
            series.insert(stream.labels.without({ plan.unwrapLabel }));
            if (eval.samples.size() < std::size_t(std::max(0, m_options.sampleLimit)))
                eval.samples.push_back({ stream.labels, v, 0, {} });
        }
        if (failed > 0)
            stats.errors.emplace_back("SampleExtractionErr", failed);
        eval.series = int(series.size());
        eval.lines = stats.linesOut;
        eval.linesLimited = stats.linesIn >= std::int64_t(params.limit);
        eval.stage = std::move(stats);
    }

    StageStats stage(const Answer& in, const Answer& out) const
    {
        StageStats stats;
        stats.linesIn = in.lines;
        stats.linesOut = out.lines;
        for (const auto& name : out.labelNames)
            if (!in.labelNames.count(name))
                stats.fieldsAdded.push_back(name);
        for (const auto& [error, count] : out.errors) {
            const auto before = in.errors.find(error);
            const int added = count - (before == in.errors.end() ? 0 : before->second);
            if (added > 0)
                stats.errors.emplace_back(error, added);
        }
        return stats;
    }

    std::pair<MatchSide, MatchSide> match(const EvalPlan& plan, const promql::Vector& left,
        const promql::Vector& right) const
    {
        std::vector<std::string> dropped = plan.matchLabels;
        dropped.push_back("__name__");
        auto signature = [&](const Labels& labels) {
            return plan.matchOn ? labels.keepOnly(plan.matchLabels) : labels.without(dropped);
        };
        std::set<Labels> leftKeys, rightKeys;
        for (const auto& s : left)
            leftKeys.insert(signature(s.metric));
        for (const auto& s : right)
            rightKeys.insert(signature(s.metric));
        auto side = [&](const promql::Vector& v, const std::set<Labels>& other) {
            MatchSide out;
            out.series = int(v.size());
            for (const auto& s : v) {
                if (other.count(signature(s.metric)))
                    ++out.matched;
                else if (out.unmatched.size() < std::size_t(std::max(0, m_options.sampleLimit)))
                    out.unmatched.push_back(s.metric);
            }
            return out;
        };
        return { side(left, rightKeys), side(right, leftKeys) };
    }

    const services::QueryClient& m_client;
    const EvalOptions& m_options;
    TimestampMs m_at;
};

} // namespace

void evaluate(ExplainNode& root, const services::QueryClient& client, const EvalOptions& options)
{
    Evaluator(client, options).run(root);
}

} // namespace sg::langsvc
