// The explain tree of a PromQL query: one node per sub-expression of the parser's tree, parentheses left out and
// literal arguments (`topk(5, ...)`'s 5, label_replace's strings) kept in their parent's text only.

#include "explain_impl.h"

#include "core/promql/lexer.h"
#include "core/promql/format.h"

#include <charconv>

namespace sg::langsvc::detail {

namespace {

bool isLiteral(const promql::Expr& e)
{
    return e.kind == promql::NodeKind::Number || e.kind == promql::NodeKind::String;
}

ExplainKind kindOf(promql::NodeKind kind)
{
    switch (kind) {
    case promql::NodeKind::Number: return ExplainKind::Number;
    case promql::NodeKind::String: return ExplainKind::String;
    case promql::NodeKind::VectorSelector: return ExplainKind::Selector;
    case promql::NodeKind::MatrixSelector: return ExplainKind::RangeSelector;
    case promql::NodeKind::Subquery: return ExplainKind::Subquery;
    case promql::NodeKind::Paren:
    case promql::NodeKind::Unary: return ExplainKind::Unary;
    case promql::NodeKind::Binary: return ExplainKind::Binary;
    case promql::NodeKind::Aggregate: return ExplainKind::Aggregation;
    case promql::NodeKind::Call: return ExplainKind::Function;
    }
    return ExplainKind::Number;
}

/// The printer writes a duration placeholder (`<N>ms` in the parsed text) as a Prometheus duration and a number
/// placeholder in its shortest float form; both become the variable as written again.
std::string restoreVariables(const TemplatedQuery& query, const std::string& printed)
{
    std::string out = printed;
    for (const auto& v : query.variables()) {
        const std::string_view placeholder
            = std::string_view(query.text()).substr(std::size_t(v.placeholder.begin), std::size_t(v.placeholder.end - v.placeholder.begin));
        std::int64_t n = 0;
        if (std::from_chars(placeholder.data(), placeholder.data() + placeholder.size(), n).ec != std::errc())
            continue;
        std::string spelled;
        if (v.kind == PlaceholderKind::Duration && query.durationVariable(n))
            spelled = promql::formatDuration(n);
        else if (v.kind == PlaceholderKind::Number && query.numberVariable(double(n)))
            spelled = promql::formatNumber(double(n));
        const std::string* written = v.kind == PlaceholderKind::Duration ? query.durationVariable(n) : query.numberVariable(double(n));
        for (auto at = spelled.empty() ? std::string::npos : out.find(spelled); at != std::string::npos;
             at = out.find(spelled, at + written->size()))
            out.replace(at, spelled.size(), *written);
    }
    return query.restoreText(out);
}

class PromqlBuilder
{
public:
    PromqlBuilder(const TemplatedQuery& query, const ExplainOptions& options)
        : m_query(query)
        , m_options(options)
    {
    }

    ExplainNode build(const promql::Expr& e) const
    {
        using promql::NodeKind;
        if (e.kind == NodeKind::Paren)
            return build(*static_cast<const promql::ParenExpr&>(e).expr);
        ExplainNode node;
        node.expr = restoreVariables(m_query, promql::printExpr(e));
        node.kind = kindOf(e.kind);
        node.where = m_query.toOriginal(e.where);
        node.description = describePromql(e, m_query);
        if (e.kind != NodeKind::String)
            node.plan = planFor(node.expr, EvalPlan::Mode::Instant, m_options);
        node.plan.language = logql::QueryLanguage::PromQL;
        switch (e.kind) {
        case NodeKind::Subquery: add(node, *static_cast<const promql::SubqueryExpr&>(e).expr); break;
        case NodeKind::Unary: add(node, *static_cast<const promql::UnaryExpr&>(e).expr); break;
        case NodeKind::Binary: binary(node, static_cast<const promql::BinaryExpr&>(e)); break;
        case NodeKind::Aggregate: {
            const auto& a = static_cast<const promql::AggregateExpr&>(e);
            if (a.param && !isLiteral(*a.param))
                add(node, *a.param);
            add(node, *a.expr);
            break;
        }
        case NodeKind::Call:
            for (const auto& arg : static_cast<const promql::CallExpr&>(e).args)
                if (!isLiteral(*arg))
                    add(node, *arg);
            break;
        default: break;
        }
        return node;
    }

private:
    void add(ExplainNode& parent, const promql::Expr& child) const { parent.children.push_back(build(child)); }

    void binary(ExplainNode& node, const promql::BinaryExpr& b) const
    {
        add(node, *b.lhs);
        add(node, *b.rhs);
        node.plan.vectorMatch = b.lhs->type == promql::ValueType::Vector && b.rhs->type == promql::ValueType::Vector;
        node.plan.matchOn = b.matching.explicitMatching && b.matching.on;
        if (b.matching.explicitMatching)
            node.plan.matchLabels = b.matching.labels;
    }

    const TemplatedQuery& m_query;
    const ExplainOptions& m_options;
};

} // namespace

Result<ExplainNode> explainPromql(std::string_view text, const ExplainOptions& options)
{
    TemplatedQuery query(text);
    auto tree = promql::parseTemplated(query);
    if (!tree.ok())
        return typedError(query, tree.error());
    return PromqlBuilder(query, options).build(**tree);
}

} // namespace sg::langsvc::detail
