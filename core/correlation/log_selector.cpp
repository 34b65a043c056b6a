#include "log_selector.h"

#include "core/labels/regex_escape.h"
#include "core/logql/parser.h"

#include <map>
#include <set>
#include <tuple>

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

namespace {

/// `{a="x", b=~"y|z"}` from (name, operator, value) triples; "" for none.
std::string printSelector(const std::vector<std::tuple<std::string, std::string, std::string>>& matchers)
{
    if (matchers.empty())
        return {};
    std::string out = "{";
    for (const auto& [name, op, value] : matchers) {
        if (out.size() > 1)
            out += ", ";
        out += name + op + "\"" + escapeLabelValue(value) + "\"";
    }
    return out + "}";
}

} // namespace

std::string logSelectorFor(const Labels& series, const LabelMapping& mapping)
{
    std::vector<std::tuple<std::string, std::string, std::string>> matchers;
    for (const Label& label : mapToLogLabels(series, mapping))
        matchers.emplace_back(label.name, "=", label.value);
    return printSelector(matchers);
}

std::string logSelectorForAll(const std::vector<Labels>& series, const LabelMapping& mapping)
{
    if (series.empty())
        return {};
    std::map<std::string, std::set<std::string>> values;
    std::map<std::string, std::size_t> seenIn;
    for (const Labels& s : series) {
        for (const Label& label : mapToLogLabels(s, mapping)) {
            values[label.name].insert(label.value);
            ++seenIn[label.name];
        }
    }
    std::vector<std::tuple<std::string, std::string, std::string>> matchers;
    for (const auto& [name, set] : values) {
        if (seenIn[name] != series.size())
            continue;
        if (set.size() == 1) {
            matchers.emplace_back(name, "=", *set.begin());
            continue;
        }
        std::string alternatives;
        for (const std::string& v : set)
            alternatives += (alternatives.empty() ? "" : "|") + regexEscaped(v);
        matchers.emplace_back(name, "=~", alternatives);
    }
    return printSelector(matchers);
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

/// Calls `use` with the first log selector of `logQuery`, or gives the error.
template<class T, class F>
Result<T> withFirstSelector(std::string_view logQuery, F use)
{
    auto parsed = logql::parseQuery(logQuery);
    if (!parsed.ok())
        return parsed.error();
    const logql::LogSelector* selector = firstLogSelector(parsed.value().get());
    if (!selector)
        return Error { ErrorCode::Execution, "the query reads no logs", {} };
    return use(*selector);
}

} // namespace

Result<std::string> logRateQuery(std::string_view logQuery)
{
    return withFirstSelector<std::string>(logQuery, [](const logql::LogSelector& selector) {
        return "sum by (level) (count_over_time(" + logql::printLogSelector(selector) + " [$__auto]))";
    });
}

Result<Labels> logQueryLabels(std::string_view logQuery)
{
    return withFirstSelector<Labels>(logQuery, [](const logql::LogSelector& selector) {
        std::vector<Label> labels;
        for (const Matcher& m : selector.matchers)
            if (m.type() == MatchType::Equal && !m.value().empty())
                labels.push_back({ m.name(), m.value() });
        return Labels(std::move(labels));
    });
}

} // namespace sg::correlation
