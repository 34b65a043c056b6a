// Loki's canonical text of each node (syntax/ast.go `String()`), which its formatter prints for every node that
// fits on a line: `sum by (a,b)(...)`, binary operations in parentheses, `label_replace(x,"a","b","c","d")`,
// strings as Go's %q, numbers as Go's %v, durations as model.Duration. Variables come back as written. Where
// Loki's text would change the query it follows the tree: label filters keep their parentheses and numbers as
// typed (Loki rounds `2.5KiB` to `2.6kB`), `vector()` keeps digits `%f` would drop, offsets are model.Duration.

#include "core/common/go_format.h"
#include "format_impl.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sg::logql::detail {

namespace {

std::string joined(const std::vector<std::string>& parts, const char* separator)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i ? separator : "") + parts[i];
    return out;
}

} // namespace

const Expr& unparen(const Expr& e) { return e.kind == Expr::Kind::Paren ? unparen(*e.lhs) : e; }

std::string FormatPrinter::literal(const std::string& typed) const { return m_query.restoreText(typed); }

std::string FormatPrinter::matchers(const LogSelector& s) const
{
    std::vector<std::string> parts;
    for (const auto& m : s.matchers)
        parts.push_back(m_query.restoreName(m.name()) + matchTypeString(m.type()) + goQuote(m.value()));
    return concat({ "{", joined(parts, ", "), "}" });
}

std::string FormatPrinter::selector(const LogSelector& s) const
{
    std::string out = matchers(s);
    for (const auto& st : s.stages)
        out.append(" ").append(stage(st));
    return out;
}

std::string FormatPrinter::filter(const LineFilter& f) const
{
    std::vector<std::string> values;
    for (const auto& v : f.values)
        values.push_back(v.isIp ? "ip(" + goQuote(v.text) + ")" : goQuote(v.text));
    return std::string(lineFilterOpName(f.op)) + " " + joined(values, " or ");
}

std::string FormatPrinter::filters(const std::vector<LineFilter>& f, std::size_t count) const
{
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out.append(i ? " " : "").append(filter(f[i]));
    return out;
}

std::string FormatPrinter::stage(const Stage& s) const
{
    if (const auto* lf = std::get_if<LineFilterStage>(&s.stage))
        return filters(lf->filters, lf->filters.size());
    if (const auto* p = std::get_if<ParserStage>(&s.stage)) {
        switch (p->kind) {
        case ParserKind::Regexp: return "| regexp " + goQuote(p->pattern);
        case ParserKind::Pattern: return "| pattern " + goQuote(p->pattern);
        case ParserKind::Unpack: return "| unpack";
        case ParserKind::Json:
        case ParserKind::Logfmt: break;
        }
        std::string out = p->kind == ParserKind::Json ? "| json" : "| logfmt";
        out += std::string(p->strict ? " --strict" : "") + (p->keepEmpty ? " --keep-empty" : "");
        std::vector<std::string> params;
        for (const auto& param : p->params)
            params.push_back(param.bare ? param.name : param.name + "=" + goQuote(param.expression));
        return params.empty() ? out : out + " " + joined(params, ",");
    }
    if (const auto* f = std::get_if<LabelFilterStage>(&s.stage))
        return "| " + labelFilter(*f->filter);
    if (const auto* f = std::get_if<LineFormatStage>(&s.stage))
        return "| line_format " + goQuote(f->templ);
    if (const auto* f = std::get_if<LabelFormatStage>(&s.stage)) {
        std::vector<std::string> items;
        for (const auto& item : f->items)
            items.push_back(item.name + "=" + (item.isTemplate ? goQuote(item.value) : item.value));
        return "| label_format " + joined(items, ",");
    }
    if (const auto* d = std::get_if<DropKeepStage>(&s.stage)) {
        std::vector<std::string> items;
        for (const auto& item : d->items)
            items.push_back(item.matcher
                    ? item.name + matchTypeString(item.matcher->type()) + goQuote(item.matcher->value())
                    : item.name);
        return std::string(d->keep ? "| keep " : "| drop ") + joined(items, ",");
    }
    return "| decolorize";
}

std::string FormatPrinter::labelFilter(const LabelFilterExpr& f) const
{
    std::string out;
    switch (f.kind) {
    case LabelFilterExpr::Kind::And: out = labelFilter(*f.left) + " and " + labelFilter(*f.right); break;
    case LabelFilterExpr::Kind::Or: out = labelFilter(*f.left) + " or " + labelFilter(*f.right); break;
    case LabelFilterExpr::Kind::String:
        out = m_query.restoreName(f.name) + matchTypeString(f.matcher->type()) + goQuote(f.matcher->value());
        break;
    case LabelFilterExpr::Kind::Ip:
        out = m_query.restoreName(f.name) + (f.op == CompareOp::Eq ? "=" : "!=") + "ip(" + goQuote(f.literal) + ")";
        break;
    default: out = m_query.restoreName(f.name) + compareOpName(f.op) + literal(f.literal); break;
    }
    return f.parenthesized ? "(" + out + ")" : out;
}

std::string FormatPrinter::unwrapHead(const Unwrap& u) const
{
    const char* conversion = u.conversion == UnwrapConversion::Bytes ? "bytes"
        : u.conversion == UnwrapConversion::Duration                 ? "duration"
        : u.conversion == UnwrapConversion::DurationSeconds          ? "duration_seconds"
                                                                     : nullptr;
    const std::string label = m_query.restoreName(u.label);
    return "| unwrap " + (conversion ? std::string(conversion) + "(" + label + ")" : label);
}

std::string FormatPrinter::rangeSuffix(const LogRange& r) const
{
    return concat(
        { "[", duration(r.range), "]", r.offset != 0 ? " offset " : "", r.offset != 0 ? duration(r.offset) : "" });
}

std::string FormatPrinter::logRange(const LogRange& r) const
{
    std::string out = selector(r.selector);
    if (r.unwrap) {
        out.append(" ").append(unwrapHead(*r.unwrap));
        for (const auto& f : r.unwrap->postFilters)
            out += " | " + labelFilter(*f);
    }
    return out + rangeSuffix(r);
}

std::string FormatPrinter::grouping(const Grouping& g, const char* separator) const
{
    std::vector<std::string> labels;
    for (const auto& l : g.labels)
        labels.push_back(m_query.restoreName(l));
    return std::string(g.without ? " without (" : " by (") + joined(labels, separator) + ")";
}

std::string FormatPrinter::vectorGrouping(const Grouping& g, const char* separator) const
{
    return g.present && (g.without || !g.labels.empty()) ? grouping(g, separator) : std::string();
}

std::string FormatPrinter::operatorText(const Expr& b, const char* separator) const
{
    std::string out = binaryOpName(b.binaryOp);
    if (b.returnBool)
        out += " bool";
    if (!b.matching.present)
        return out;
    auto list = [&](const std::vector<std::string>& names) {
        std::vector<std::string> restored;
        for (const auto& n : names)
            restored.push_back(m_query.restoreName(n));
        return concat({ "(", joined(restored, separator), ")" });
    };
    out += std::string(b.matching.on ? " on " : " ignoring ") + list(b.matching.labels);
    if (b.matching.card != VectorMatching::Card::OneToOne) {
        out += b.matching.card == VectorMatching::Card::ManyToOne ? " group_left" : " group_right";
        if (!b.matching.include.empty())
            out.append(" ").append(list(b.matching.include));
    }
    return out;
}

std::string FormatPrinter::rangeParam(const Expr& e, bool pretty) const
{
    const double v = *e.param;
    if (m_query.numberVariable(v) || m_query.numberVariable(-v))
        return number(v);
    return pretty ? goFloat(v) : goFixedFloat(v);
}

std::string FormatPrinter::vectorParam(const Expr& e) const
{
    const double v = *e.param;
    if (m_query.numberVariable(v))
        return number(v);
    return std::to_string(std::llround(v));
}

std::string FormatPrinter::text(const Expr& e) const
{
    switch (e.kind) {
    case Expr::Kind::Log: return selector(*e.log);
    case Expr::Kind::Paren: return text(*e.lhs);
    case Expr::Kind::Literal: return number(e.number);
    case Expr::Kind::Vector: {
        if (m_query.numberVariable(e.number) || m_query.numberVariable(-e.number))
            return "vector(" + number(e.number) + ")";
        char buf[512];
        std::snprintf(buf, sizeof buf, "%f", e.number);
        const bool exact = std::strtod(buf, nullptr) == e.number;
        return "vector(" + (exact ? std::string(buf) : goFloat(e.number)) + ")";
    }
    case Expr::Kind::RangeAgg: {
        std::string out = std::string(rangeOpName(e.rangeOp)) + "(";
        if (e.param)
            out += rangeParam(e, false) + ",";
        out += logRange(*e.logRange) + ")";
        return e.grouping.present ? out + grouping(e.grouping, ",") : out;
    }
    case Expr::Kind::VectorAgg: {
        return concat({ vectorOpName(e.vectorOp), vectorGrouping(e.grouping, ","), "(", e.param ? vectorParam(e) : "",
            e.param ? "," : "", text(*e.lhs), ")" });
    }
    case Expr::Kind::Binary: return concat({ "(", text(*e.lhs), " ", operatorText(e, ","), " ", text(*e.rhs), ")" });
    case Expr::Kind::LabelReplace:
        return "label_replace(" + text(*e.lhs) + "," + goQuote(e.dst) + "," + goQuote(e.replacement) + ","
            + goQuote(e.src) + "," + goQuote(e.regex) + ")";
    }
    return {};
}

} // namespace sg::logql::detail
