#include "log_selector.h"

#include "core/logql/parser.h"

namespace sg::correlation {

Labels mapToLogLabels(const Labels& series, const LabelMapping& mapping)
{
    std::vector<Label> out;
    for (const Label& label : series) {
        if (label.name.starts_with("__"))
            continue;
        const auto target = mapping.target(label.name);
        if (!target)
            continue;
        out.push_back({ target->logLabel, target->normalize ? normalizeLabelValue(label.value) : label.value });
    }
    return Labels(std::move(out));
}

std::string logSelectorFor(const Labels& series, const LabelMapping& mapping)
{
    const Labels logLabels = mapToLogLabels(series, mapping);
    if (logLabels.empty())
        return {};
    std::string out = "{";
    for (const Label& label : logLabels) {
        if (out.size() > 1)
            out += ", ";
        out += label.name + "=\"" + escapeLabelValue(label.value) + "\"";
    }
    return out + "}";
}

Matchers logMatchersFor(const Labels& series, const LabelMapping& mapping)
{
    Matchers out;
    for (const Label& label : mapToLogLabels(series, mapping))
        out.push_back(Matcher::make(MatchType::Equal, label.name, label.value).value());
    return out;
}

namespace {

/// The first log range's selector of a metric query, depth first, left to right.
const logql::LogSelector* firstLogSelector(const logql::Expr* e)
{
    if (!e)
        return nullptr;
    if (e->kind == logql::Expr::Kind::Log)
        return e->log.get();
    if (e->kind == logql::Expr::Kind::RangeAgg && e->logRange)
        return &e->logRange->selector;
    if (const auto* left = firstLogSelector(e->lhs.get()))
        return left;
    return firstLogSelector(e->rhs.get());
}

} // namespace

Result<std::string> logRateQuery(std::string_view logQuery)
{
    auto parsed = logql::parseQuery(logQuery);
    if (!parsed.ok())
        return parsed.error();
    const logql::LogSelector* selector = firstLogSelector(parsed.value().get());
    if (!selector)
        return Error { ErrorCode::Execution, "the query reads no logs", {} };
    return "sum by (level) (count_over_time(" + logql::printLogSelector(*selector) + " [$__auto]))";
}

} // namespace sg::correlation
