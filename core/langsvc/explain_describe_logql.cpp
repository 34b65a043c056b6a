// One plain-language line per node of an explained LogQL query: "keep lines containing "error"", "parse JSON".

#include "explain_impl.h"

#include "core/logql/parser.h"

namespace sg::langsvc::detail {

namespace {

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i ? ", " : "") + names[i];
    return out;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string lineFilterPhrase(const logql::LineFilter& f)
{
    std::vector<std::string> values;
    for (const auto& v : f.values)
        values.push_back(v.isIp ? "ip(" + quoted(v.text) + ")" : quoted(v.text));
    const std::string any = f.values.size() > 1 ? "any of " : "";
    const std::string list = any + (f.values.size() > 1 ? joined(values) : values.empty() ? "" : values[0]);
    switch (f.op) {
    case logql::LineFilterOp::Contains: return "keep lines containing " + list;
    case logql::LineFilterOp::NotContains: return "drop lines containing " + list;
    case logql::LineFilterOp::Regex: return "keep lines matching regex " + list;
    case logql::LineFilterOp::NotRegex: return "drop lines matching regex " + list;
    case logql::LineFilterOp::Pattern: return "keep lines matching pattern " + list;
    case logql::LineFilterOp::NotPattern: return "drop lines matching pattern " + list;
    }
    return {};
}

struct StagePhrase
{
    std::string operator()(const logql::LineFilterStage& s) const
    {
        std::string out;
        for (const auto& f : s.filters)
            out += (out.empty() ? "" : ", then ") + lineFilterPhrase(f);
        return out;
    }
    std::string operator()(const logql::ParserStage& p) const
    {
        std::vector<std::string> names;
        for (const auto& param : p.params)
            names.push_back(param.name);
        const std::string fields = names.empty() ? std::string() : " " + joined(names);
        switch (p.kind) {
        case logql::ParserKind::Json:
            return names.empty() ? "parse the line as JSON into fields" : "extract JSON fields" + fields;
        case logql::ParserKind::Logfmt:
            return names.empty() ? "parse the line as logfmt key=value fields" : "extract logfmt fields" + fields;
        case logql::ParserKind::Regexp: return "extract the regex's named groups as fields";
        case logql::ParserKind::Pattern: return "extract the pattern's <fields>";
        case logql::ParserKind::Unpack: return "unpack labels packed into the JSON line";
        }
        return {};
    }
    std::string operator()(const logql::LabelFilterStage& f) const
    {
        return "keep lines where " + logql::printLabelFilter(*f.filter);
    }
    std::string operator()(const logql::LineFormatStage&) const { return "rewrite each line from a template"; }
    std::string operator()(const logql::LabelFormatStage& f) const
    {
        std::vector<std::string> names;
        for (const auto& item : f.items)
            names.push_back(item.isTemplate ? item.name : item.name + " (from " + item.value + ")");
        return "set labels " + joined(names);
    }
    std::string operator()(const logql::DecolorizeStage&) const { return "strip ANSI colour codes from lines"; }
    std::string operator()(const logql::DropKeepStage& d) const
    {
        std::vector<std::string> names;
        for (const auto& item : d.items)
            names.push_back(item.matcher ? item.matcher->toString() : item.name);
        return (d.keep ? "keep only labels " : "drop labels ") + joined(names);
    }
};

std::string rangePhrase(logql::RangeOp op)
{
    switch (op) {
    case logql::RangeOp::CountOverTime: return "lines counted";
    case logql::RangeOp::Rate: return "lines per second";
    case logql::RangeOp::RateCounter: return "per-second rate of the unwrapped counter";
    case logql::RangeOp::BytesOverTime: return "bytes of lines";
    case logql::RangeOp::BytesRate: return "bytes of lines per second";
    case logql::RangeOp::AbsentOverTime: return "1 if there are no lines";
    case logql::RangeOp::SumOverTime: return "sum of unwrapped values";
    case logql::RangeOp::AvgOverTime: return "average of unwrapped values";
    case logql::RangeOp::MaxOverTime: return "maximum of unwrapped values";
    case logql::RangeOp::MinOverTime: return "minimum of unwrapped values";
    case logql::RangeOp::FirstOverTime: return "first unwrapped value";
    case logql::RangeOp::LastOverTime: return "last unwrapped value";
    case logql::RangeOp::StddevOverTime: return "standard deviation of unwrapped values";
    case logql::RangeOp::StdvarOverTime: return "variance of unwrapped values";
    case logql::RangeOp::QuantileOverTime: return "quantile of unwrapped values";
    }
    return {};
}

std::string vectorPhrase(const logql::Expr& e)
{
    switch (e.vectorOp) {
    case logql::VectorOp::Sum: return "sum";
    case logql::VectorOp::Avg: return "average";
    case logql::VectorOp::Min: return "minimum";
    case logql::VectorOp::Max: return "maximum";
    case logql::VectorOp::Count: return "count of series";
    case logql::VectorOp::Stddev: return "standard deviation";
    case logql::VectorOp::Stdvar: return "variance";
    case logql::VectorOp::Topk: return "largest " + e.numberText + " series";
    case logql::VectorOp::Bottomk: return "smallest " + e.numberText + " series";
    case logql::VectorOp::Sort: return "sorted by value, ascending";
    case logql::VectorOp::SortDesc: return "sorted by value, descending";
    case logql::VectorOp::ApproxTopk: return "approximately the largest " + e.numberText + " series";
    }
    return {};
}

} // namespace

std::string describeStreamSelector(const Matchers& matchers)
{
    std::vector<std::string> parts;
    for (const auto& m : matchers)
        parts.push_back(m.toString());
    return "lines of the streams where " + joined(parts);
}

std::string describeStage(const logql::Stage& stage) { return std::visit(StagePhrase {}, stage.stage); }

std::string describeUnwrap(const logql::Unwrap& unwrap)
{
    std::string out = "take label " + unwrap.label + " as the sample value";
    switch (unwrap.conversion) {
    case logql::UnwrapConversion::None: break;
    case logql::UnwrapConversion::Bytes: out += " (bytes, e.g. 5 MB)"; break;
    case logql::UnwrapConversion::Duration:
    case logql::UnwrapConversion::DurationSeconds: out += " (a duration, in seconds)"; break;
    }
    for (const auto& f : unwrap.postFilters)
        out += ", then keep samples where " + logql::printLabelFilter(*f);
    return out;
}

std::string describeLogqlMetric(const logql::Expr& e)
{
    using Kind = logql::Expr::Kind;
    switch (e.kind) {
    case Kind::RangeAgg: {
        std::string what = rangePhrase(e.rangeOp) + " over " + e.logRange->rangeText;
        if (e.rangeOp == logql::RangeOp::QuantileOverTime)
            what = e.numberText + "-" + what;
        if (!e.grouping.present)
            return what + ", per stream";
        return describeGrouping(what, true, e.grouping.without, e.grouping.labels);
    }
    case Kind::VectorAgg:
        if (e.vectorOp == logql::VectorOp::Sort || e.vectorOp == logql::VectorOp::SortDesc)
            return vectorPhrase(e);
        return describeGrouping(vectorPhrase(e), e.grouping.present, e.grouping.without, e.grouping.labels);
    case Kind::Binary: {
        std::string out = describeOperator(logql::binaryOpName(e.binaryOp), e.returnBool);
        if (e.lhs->kind != Kind::Literal && e.rhs->kind != Kind::Literal)
            out += ", matching " + describeMatching(e.matching.present, e.matching.on, e.matching.labels);
        return out;
    }
    case Kind::Literal: return "the number " + e.numberText;
    case Kind::Vector: return "the number " + e.numberText + " as a series without labels";
    case Kind::LabelReplace: return "label " + e.dst + " set from " + e.src + " by a regex";
    case Kind::Paren: return describeLogqlMetric(*e.lhs);
    case Kind::Log: return describeStreamSelector(e.log->matchers);
    }
    return {};
}

} // namespace sg::langsvc::detail
