// The explain tree of a LogQL query. A log pipeline becomes a chain: the node of stage i is the pipeline up to and
// including stage i (a log query of its own), its child the pipeline up to stage i - 1, down to the stream
// selector; so each stage can be compared with what went into it.

#include "explain_impl.h"

#include "core/logql/format.h"

#include <algorithm>
#include <iterator>

namespace sg::langsvc::detail {

namespace {

ExplainKind stageKind(const logql::Stage& stage)
{
    if (std::holds_alternative<logql::LineFilterStage>(stage.stage))
        return ExplainKind::LineFilter;
    if (std::holds_alternative<logql::ParserStage>(stage.stage))
        return ExplainKind::Parser;
    if (std::holds_alternative<logql::LabelFilterStage>(stage.stage))
        return ExplainKind::LabelFilter;
    return ExplainKind::Format;
}

/// The canonical text of `selector` with its first `n` stages only.
std::string prefixText(logql::LogSelector& selector, std::size_t n)
{
    std::vector<logql::Stage> rest(std::make_move_iterator(selector.stages.begin() + std::ptrdiff_t(n)),
        std::make_move_iterator(selector.stages.end()));
    selector.stages.erase(selector.stages.begin() + std::ptrdiff_t(n), selector.stages.end());
    std::string text = logql::printLogSelector(selector);
    for (auto& stage : rest)
        selector.stages.push_back(std::move(stage));
    return text;
}

std::string unwrapText(const logql::Unwrap& unwrap)
{
    std::string out = " | unwrap ";
    switch (unwrap.conversion) {
    case logql::UnwrapConversion::None: out += unwrap.label; break;
    case logql::UnwrapConversion::Bytes: out += "bytes(" + unwrap.label + ")"; break;
    case logql::UnwrapConversion::Duration: out += "duration(" + unwrap.label + ")"; break;
    case logql::UnwrapConversion::DurationSeconds: out += "duration_seconds(" + unwrap.label + ")"; break;
    }
    for (const auto& f : unwrap.postFilters)
        out += " | " + logql::printLabelFilter(*f);
    return out;
}

class LogqlBuilder
{
public:
    LogqlBuilder(const TemplatedQuery& query, const ExplainOptions& options)
        : m_query(query)
        , m_options(options)
    {
    }

    ExplainNode build(logql::Expr& e) const
    {
        using Kind = logql::Expr::Kind;
        switch (e.kind) {
        case Kind::Paren: return build(*e.lhs);
        case Kind::Log: return pipeline(*e.log, e.log->stages.size(), m_options.range);
        default: break;
        }
        ExplainNode node = make(logql::printExpr(e), e.where, describeLogqlMetric(e), EvalPlan::Mode::Instant);
        switch (e.kind) {
        case Kind::RangeAgg: {
            node.kind = ExplainKind::RangeAggregation;
            logql::LogRange& range = *e.logRange;
            node.children.push_back(range.unwrap ? unwrap(range)
                                                 : pipeline(range.selector, range.selector.stages.size(), windowOf(range.range)));
            break;
        }
        case Kind::VectorAgg:
            node.kind = ExplainKind::Aggregation;
            node.children.push_back(build(*e.lhs));
            break;
        case Kind::LabelReplace:
            node.kind = ExplainKind::Function;
            node.children.push_back(build(*e.lhs));
            break;
        case Kind::Binary:
            node.kind = ExplainKind::Binary;
            node.children.push_back(build(*e.lhs));
            node.children.push_back(build(*e.rhs));
            node.plan.vectorMatch = e.lhs->kind != Kind::Literal && e.rhs->kind != Kind::Literal;
            node.plan.matchOn = e.matching.present && e.matching.on;
            if (e.matching.present)
                node.plan.matchLabels = e.matching.labels;
            break;
        default: node.kind = ExplainKind::Number; break;
        }
        return node;
    }

private:
    ExplainNode make(const std::string& text, SourceRange where, std::string description, EvalPlan::Mode mode) const
    {
        ExplainNode node;
        node.expr = m_query.restoreText(text);
        node.where = m_query.toOriginal(where);
        node.description = m_query.restoreText(description);
        node.plan = planFor(node.expr, mode, m_options);
        node.plan.language = logql::QueryLanguage::LogQL;
        return node;
    }

    /// The pipeline of `selector` up to its stage `n` (0: the stream selector alone), read over `window`.
    ExplainNode pipeline(logql::LogSelector& selector, std::size_t n, DurationMs window) const
    {
        const SourceRange where { selector.matchersWhere.begin,
            n == 0 ? selector.matchersWhere.end : selector.stages[n - 1].where.end };
        ExplainNode node = make(prefixText(selector, n), where,
            n == 0 ? describeStreamSelector(selector.matchers) : describeStage(selector.stages[n - 1]),
            EvalPlan::Mode::LogLines);
        node.kind = n == 0 ? ExplainKind::Selector : stageKind(selector.stages[n - 1]);
        node.plan.window = window;
        if (n > 0)
            node.children.push_back(pipeline(selector, n - 1, window));
        return node;
    }

    ExplainNode unwrap(logql::LogRange& range) const
    {
        logql::LogSelector& selector = range.selector;
        const std::string logQuery = prefixText(selector, selector.stages.size());
        ExplainNode node = make(logQuery + unwrapText(*range.unwrap),
            { selector.matchersWhere.begin, range.unwrap->where.end }, describeUnwrap(*range.unwrap),
            EvalPlan::Mode::Unwrap);
        node.kind = ExplainKind::Unwrap;
        // What is evaluated is the pipeline below: the unwrap is checked on its lines' labels.
        const EvalPlan lines = planFor(m_query.restoreText(logQuery), EvalPlan::Mode::Unwrap, m_options);
        node.plan.mode = lines.mode;
        node.plan.query = lines.query;
        node.plan.notEvaluated = lines.notEvaluated;
        node.plan.window = windowOf(range.range);
        node.plan.unwrapLabel = range.unwrap->label;
        node.children.push_back(pipeline(selector, selector.stages.size(), node.plan.window));
        return node;
    }

    /// A range as evaluated: a time variable's value where the query wrote one (`[$__auto]`).
    DurationMs windowOf(DurationMs range) const
    {
        const std::string* variable = m_query.durationVariable(range);
        if (!variable)
            return range;
        if (variable->find("__range") != std::string::npos)
            return m_options.range;
        if (variable->find("__rate_interval") != std::string::npos)
            return std::max(m_options.interval + m_options.scrapeInterval, 4 * m_options.scrapeInterval);
        return m_options.interval;
    }

    const TemplatedQuery& m_query;
    const ExplainOptions& m_options;
};

} // namespace

Result<ExplainNode> explainLogql(std::string_view text, const ExplainOptions& options)
{
    TemplatedQuery query(text);
    auto tree = logql::parseTemplated(query);
    if (!tree.ok())
        return typedError(query, tree.error());
    return LogqlBuilder(query, options).build(**tree);
}

} // namespace sg::langsvc::detail
