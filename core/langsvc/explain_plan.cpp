// How an explained node becomes a query of its own: Grafana's time variables get values, any other template
// variable leaves the node unevaluated.

#include "explain_impl.h"

#include <algorithm>

namespace sg::langsvc {

const char* explainKindName(ExplainKind kind)
{
    switch (kind) {
    case ExplainKind::Selector: return "selector";
    case ExplainKind::RangeSelector: return "range_selector";
    case ExplainKind::Function: return "function";
    case ExplainKind::Aggregation: return "aggregation";
    case ExplainKind::Binary: return "binary";
    case ExplainKind::Unary: return "unary";
    case ExplainKind::Subquery: return "subquery";
    case ExplainKind::Number: return "number";
    case ExplainKind::String: return "string";
    case ExplainKind::LineFilter: return "line_filter";
    case ExplainKind::Parser: return "parser";
    case ExplainKind::LabelFilter: return "label_filter";
    case ExplainKind::Format: return "format";
    case ExplainKind::Unwrap: return "unwrap";
    case ExplainKind::RangeAggregation: return "range_aggregation";
    }
    return "?";
}

namespace detail {

namespace {

bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// The name of the variable at the start of `written` (`$x`, `${x:fmt}`, `[[x]]`) and how many bytes it spans.
std::pair<std::string, std::size_t> variableAt(std::string_view written)
{
    if (written.starts_with("${")) {
        const auto close = written.find('}');
        if (close == std::string_view::npos)
            return { {}, 0 };
        std::string_view name = written.substr(2, close - 2);
        return { std::string(name.substr(0, name.find(':'))), close + 1 };
    }
    if (written.starts_with("[[")) {
        const auto close = written.find("]]");
        if (close == std::string_view::npos)
            return { {}, 0 };
        std::string_view name = written.substr(2, close - 2);
        return { std::string(name.substr(0, name.find(':'))), close + 2 };
    }
    std::size_t end = 1;
    while (end < written.size() && isNameChar(written[end]))
        ++end;
    return { std::string(written.substr(1, end - 1)), end };
}

std::optional<std::string> timeVariable(const std::string& name, const ExplainOptions& options)
{
    const DurationMs rateInterval = std::max(options.interval + options.scrapeInterval, 4 * options.scrapeInterval);
    if (name == "__interval" || name == "__auto")
        return durationText(options.interval);
    if (name == "__interval_ms")
        return std::to_string(options.interval);
    if (name == "__rate_interval")
        return durationText(rateInterval);
    if (name == "__range")
        return durationText(options.range);
    if (name == "__range_s")
        return std::to_string(options.range / 1000);
    if (name == "__range_ms")
        return std::to_string(options.range);
    return std::nullopt;
}

/// A `$name` or `${name}` left in `text` (also inside strings, where TemplatedQuery leaves variables alone);
/// `${1}` and `$1` (regex replacement groups) are not variables.
std::optional<std::string> leftoverVariable(std::string_view text)
{
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        const bool dollar = text[i] == '$' && (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '_'
                                                  || (text[i + 1] == '{' && i + 2 < text.size()
                                                      && !std::isdigit(static_cast<unsigned char>(text[i + 2]))));
        const bool brackets = text.substr(i).starts_with("[[") && i + 2 < text.size() && isNameChar(text[i + 2]);
        if (dollar || brackets)
            return std::string(text.substr(i, variableAt(text.substr(i)).second));
    }
    return std::nullopt;
}

} // namespace

EvalPlan planFor(const std::string& text, EvalPlan::Mode mode, const ExplainOptions& options)
{
    EvalPlan plan;
    plan.mode = mode;
    std::string evaluated = text;
    const TemplatedQuery templated(text);
    const auto& variables = templated.variables();
    for (auto it = variables.rbegin(); it != variables.rend(); ++it) {
        const auto [name, length] = variableAt(it->written);
        const auto value = timeVariable(name, options);
        if (!value || length == 0) {
            plan.notEvaluated = "uses template variable " + it->written.substr(0, length) + ": not evaluated";
            plan.mode = EvalPlan::Mode::None;
            return plan;
        }
        evaluated.replace(std::size_t(it->original.begin), length, *value);
    }
    if (const auto left = leftoverVariable(evaluated)) {
        plan.notEvaluated = "uses template variable " + *left + ": not evaluated";
        plan.mode = EvalPlan::Mode::None;
        return plan;
    }
    plan.query = std::move(evaluated);
    return plan;
}

} // namespace detail

} // namespace sg::langsvc

namespace sg::langsvc {

namespace detail {

Error typedError(const TemplatedQuery& query, const Error& error)
{
    return Error { error.code, query.restoreText(error.message), query.toOriginal(error.where) };
}

} // namespace detail

Result<ExplainNode> explainQuery(logql::QueryLanguage language, std::string_view query, const ExplainOptions& options)
{
    return language == logql::QueryLanguage::LogQL ? detail::explainLogql(query, options)
                                                   : detail::explainPromql(query, options);
}

} // namespace sg::langsvc
