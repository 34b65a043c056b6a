// formatQuery: as promql::formatQuery, over LogQL. The tree signature leaves out what Loki's tree leaves out:
// parentheses, and `by ()` on a vector aggregation.

#include "format.h"

#include "format_impl.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>

namespace sg::logql {

namespace {

class Signature : public SignatureWriter
{
public:
    using SignatureWriter::SignatureWriter;

    /// The tree as nested `kind(...)`, leaving out parentheses and `by ()` on a vector aggregation.
    std::string of(const Expr& e) const;

private:
    std::string grouping(const Grouping& g) const
    {
        return g.present ? std::string(g.without ? ",without" : ",by") + names(g.labels) : std::string();
    }
    std::string matcher(const Matcher& m) const
    {
        return m_query.restoreName(m.name()) + matchTypeString(m.type()) + "[" + m.value() + "]";
    }
    std::string selector(const LogSelector& s) const
    {
        std::vector<std::string> matchers;
        for (const auto& m : s.matchers)
            matchers.push_back(matcher(m));
        std::sort(matchers.begin(), matchers.end());
        std::string out = "{";
        for (const auto& m : matchers)
            out += m + ";";
        out += "}";
        for (const auto& st : s.stages)
            out.append(",").append(stage(st));
        return out;
    }
    std::string stage(const Stage& s) const
    {
        if (const auto* lf = std::get_if<LineFilterStage>(&s.stage)) {
            std::string out = "filters(";
            for (const auto& f : lf->filters) {
                out += lineFilterOpName(f.op);
                for (const auto& v : f.values)
                    out += std::string(v.isIp ? "ip[" : "[") + v.text + "]";
                out += ";";
            }
            return out + ")";
        }
        if (const auto* p = std::get_if<ParserStage>(&s.stage)) {
            std::string out = "parser(" + std::to_string(int(p->kind)) + "," + p->pattern + (p->strict ? ",strict" : "")
                + (p->keepEmpty ? ",keep-empty" : "");
            for (const auto& param : p->params)
                out += "," + param.name + "=[" + param.expression + "]";
            return out + ")";
        }
        if (const auto* f = std::get_if<LabelFilterStage>(&s.stage))
            return "filter(" + labelFilter(*f->filter) + ")";
        if (const auto* f = std::get_if<LineFormatStage>(&s.stage))
            return "line_format[" + f->templ + "]";
        if (const auto* f = std::get_if<LabelFormatStage>(&s.stage)) {
            std::string out = "label_format(";
            for (const auto& item : f->items)
                out += item.name + (item.isTemplate ? "=[" : "=") + item.value + (item.isTemplate ? "];" : ";");
            return out + ")";
        }
        if (const auto* d = std::get_if<DropKeepStage>(&s.stage)) {
            std::string out = d->keep ? "keep(" : "drop(";
            for (const auto& item : d->items)
                out += (item.matcher ? matcher(*item.matcher) : item.name) + ";";
            return out + ")";
        }
        return "decolorize";
    }
    std::string labelFilter(const LabelFilterExpr& f) const
    {
        switch (f.kind) {
        case LabelFilterExpr::Kind::And: return "and(" + labelFilter(*f.left) + "," + labelFilter(*f.right) + ")";
        case LabelFilterExpr::Kind::Or: return "or(" + labelFilter(*f.left) + "," + labelFilter(*f.right) + ")";
        case LabelFilterExpr::Kind::String: return matcher(*f.matcher);
        case LabelFilterExpr::Kind::Ip:
            return m_query.restoreName(f.name) + compareOpName(f.op) + "ip[" + f.literal + "]";
        default: break;
        }
        const std::string* var = m_query.numberVariable(f.number);
        return m_query.restoreName(f.name) + compareOpName(f.op) + std::to_string(int(f.kind)) + ":"
            + (var ? *var : number(f.number));
    }
};

/// A parse error without the "parse error at line L, col C: " the parser puts before its message.
Error withoutPosition(Error e)
{
    static const std::regex prefix("^parse error at line \\d+, col \\d+: ");
    e.message = std::regex_replace(e.message, prefix, "");
    return e;
}

std::string Signature::of(const Expr& e) const
{
    switch (e.kind) {
    case Expr::Kind::Log: return "log(" + selector(*e.log) + ")";
    case Expr::Kind::Paren: return of(*e.lhs);
    case Expr::Kind::Literal: return "num(" + number(e.number) + ")";
    case Expr::Kind::Vector: return "vector(" + number(e.number) + ")";
    case Expr::Kind::RangeAgg: {
        const LogRange& r = *e.logRange;
        std::string out = std::string("range(") + rangeOpName(e.rangeOp) + (e.param ? "," + number(*e.param) : "")
            + grouping(e.grouping) + "," + selector(r.selector);
        if (r.unwrap) {
            out += ",unwrap(" + m_query.restoreName(r.unwrap->label) + "," + std::to_string(int(r.unwrap->conversion));
            for (const auto& f : r.unwrap->postFilters)
                out += "," + labelFilter(*f);
            out += ")";
        }
        return out + ",range=" + duration(r.range) + ",offset=" + duration(r.offset) + ")";
    }
    case Expr::Kind::VectorAgg: {
        Grouping g = e.grouping;
        g.present = g.present && (g.without || !g.labels.empty()); // `sum by () (x)` is `sum(x)`
        return std::string("vector(") + vectorOpName(e.vectorOp) + (e.param ? "," + number(*e.param) : "")
            + grouping(g) + "," + of(*e.lhs) + ")";
    }
    case Expr::Kind::Binary: {
        const VectorMatching& m = e.matching;
        std::string out = std::string("binary(") + binaryOpName(e.binaryOp) + (e.returnBool ? ",bool" : "");
        if (m.present)
            out += std::string(m.on ? ",on" : ",ignoring") + names(m.labels) + ",card=" + std::to_string(int(m.card))
                + names(m.include);
        return out + "," + of(*e.lhs) + "," + of(*e.rhs) + ")";
    }
    case Expr::Kind::LabelReplace:
        return "label_replace(" + of(*e.lhs) + "," + e.dst + "," + e.replacement + "," + e.src + "," + e.regex + ")";
    }
    return {};
}

std::string dump(const TemplatedQuery& query, const Expr& tree) { return Signature(query).of(tree); }

} // namespace

Result<ExprPtr> parseTemplated(TemplatedQuery& query)
{
    auto parsed = parseRetyping(query, parseQuery);
    if (!parsed.ok())
        return withoutPosition(parsed.error());
    return parsed;
}

Result<std::string> treeSignature(std::string_view query) { return signatureOf(query, parseTemplated, dump); }

Result<std::string> formatQuery(std::string_view query, const FormatOptions& options)
{
    return formatTree(query, parseTemplated, [&](const TemplatedQuery& q, const Expr& tree) {
        return detail::FormatPrinter(q, options.columnLimit).render(tree, findQueryComments(q.text()));
    }, dump);
}

} // namespace sg::logql
