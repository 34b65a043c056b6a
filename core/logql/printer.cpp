#include "parser.h"

#include <cstdio>

namespace sg::logql {

namespace {

std::string quote(const std::string& s) { return "\"" + escapeLabelValue(s) + "\""; }

std::string join(const std::vector<std::string>& v)
{
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i)
        out += (i ? ", " : "") + v[i];
    return out;
}

std::string printMatcher(const Matcher& m) { return m.toString(); }

std::string printStage(const Stage& s)
{
    struct Visitor
    {
        std::string operator()(const LineFilterStage& st) const
        {
            std::string out;
            for (const auto& f : st.filters) {
                out += std::string(" ") + lineFilterOpName(f.op) + " ";
                for (std::size_t i = 0; i < f.values.size(); ++i) {
                    if (i)
                        out += " or ";
                    out += f.values[i].isIp ? "ip(" + quote(f.values[i].text) + ")" : quote(f.values[i].text);
                }
            }
            return out;
        }
        std::string operator()(const ParserStage& p) const
        {
            std::string out;
            switch (p.kind) {
            case ParserKind::Json: out = " | json"; break;
            case ParserKind::Logfmt:
                out = " | logfmt";
                if (p.strict)
                    out += " --strict";
                if (p.keepEmpty)
                    out += " --keep-empty";
                break;
            case ParserKind::Regexp: return " | regexp " + quote(p.pattern);
            case ParserKind::Pattern: return " | pattern " + quote(p.pattern);
            case ParserKind::Unpack: return " | unpack";
            }
            for (std::size_t i = 0; i < p.params.size(); ++i) {
                out += i ? ", " : " ";
                out += p.params[i].bare ? p.params[i].name : p.params[i].name + "=" + quote(p.params[i].expression);
            }
            return out;
        }
        std::string operator()(const LabelFilterStage& f) const { return " | " + printLabelFilter(*f.filter); }
        std::string operator()(const LineFormatStage& f) const { return " | line_format " + quote(f.templ); }
        std::string operator()(const LabelFormatStage& f) const
        {
            std::string out = " | label_format ";
            for (std::size_t i = 0; i < f.items.size(); ++i) {
                if (i)
                    out += ", ";
                out += f.items[i].name + "=" + (f.items[i].isTemplate ? quote(f.items[i].value) : f.items[i].value);
            }
            return out;
        }
        std::string operator()(const DecolorizeStage&) const { return " | decolorize"; }
        std::string operator()(const DropKeepStage& d) const
        {
            std::string out = d.keep ? " | keep " : " | drop ";
            for (std::size_t i = 0; i < d.items.size(); ++i) {
                if (i)
                    out += ", ";
                out += d.items[i].matcher ? printMatcher(*d.items[i].matcher) : d.items[i].name;
            }
            return out;
        }
    };
    return std::visit(Visitor {}, s.stage);
}

std::string printGrouping(const Grouping& g)
{
    return std::string(g.without ? " without (" : " by (") + join(g.labels) + ")";
}

std::string printLogRange(const LogRange& r)
{
    std::string out = printLogSelector(r.selector);
    if (r.unwrap) {
        out += " | unwrap ";
        switch (r.unwrap->conversion) {
        case UnwrapConversion::None: out += r.unwrap->label; break;
        case UnwrapConversion::Bytes: out += "bytes(" + r.unwrap->label + ")"; break;
        case UnwrapConversion::Duration: out += "duration(" + r.unwrap->label + ")"; break;
        case UnwrapConversion::DurationSeconds: out += "duration_seconds(" + r.unwrap->label + ")"; break;
        }
        for (const auto& f : r.unwrap->postFilters)
            out += " | " + printLabelFilter(*f);
    }
    out += " [" + r.rangeText + "]";
    if (!r.offsetText.empty())
        out += " offset " + r.offsetText;
    return out;
}


} // namespace

std::string printLabelFilter(const LabelFilterExpr& f)
{
    std::string out;
    switch (f.kind) {
    case LabelFilterExpr::Kind::And: out = printLabelFilter(*f.left) + ", " + printLabelFilter(*f.right); break;
    case LabelFilterExpr::Kind::Or: out = printLabelFilter(*f.left) + " or " + printLabelFilter(*f.right); break;
    case LabelFilterExpr::Kind::String: out = printMatcher(*f.matcher); break;
    case LabelFilterExpr::Kind::Ip:
        out = f.name + (f.op == CompareOp::Eq ? "=" : "!=") + "ip(" + quote(f.literal) + ")";
        break;
    default: out = f.name + compareOpName(f.op) + f.literal; break;
    }
    return f.parenthesized ? "(" + out + ")" : out;
}

std::string printLogSelector(const LogSelector& sel)
{
    std::string out = "{";
    for (std::size_t i = 0; i < sel.matchers.size(); ++i)
        out += (i ? ", " : "") + printMatcher(sel.matchers[i]);
    out += "}";
    for (const auto& s : sel.stages)
        out += printStage(s);
    return out;
}

std::string printExpr(const Expr& e)
{
    switch (e.kind) {
    case Expr::Kind::Log: return printLogSelector(*e.log);
    case Expr::Kind::Paren: return "(" + printExpr(*e.lhs) + ")";
    case Expr::Kind::Literal: return e.numberText;
    case Expr::Kind::Vector: return "vector(" + e.numberText + ")";
    case Expr::Kind::RangeAgg: {
        std::string out = std::string(rangeOpName(e.rangeOp)) + "(";
        if (e.param)
            out += e.numberText + ", ";
        out += printLogRange(*e.logRange) + ")";
        if (e.grouping.present)
            out += printGrouping(e.grouping);
        return out;
    }
    case Expr::Kind::VectorAgg: {
        std::string out = vectorOpName(e.vectorOp);
        if (e.grouping.present)
            out += printGrouping(e.grouping);
        out += " (";
        if (e.param)
            out += e.numberText + ", ";
        return out + printExpr(*e.lhs) + ")";
    }
    case Expr::Kind::Binary: {
        std::string out = printExpr(*e.lhs) + " " + binaryOpName(e.binaryOp);
        if (e.returnBool)
            out += " bool";
        if (e.matching.present) {
            out += std::string(e.matching.on ? " on (" : " ignoring (") + join(e.matching.labels) + ")";
            if (e.matching.card != VectorMatching::Card::OneToOne) {
                out += e.matching.card == VectorMatching::Card::ManyToOne ? " group_left" : " group_right";
                out += " (" + join(e.matching.include) + ")";
            }
        }
        return out + " " + printExpr(*e.rhs);
    }
    case Expr::Kind::LabelReplace:
        return "label_replace(" + printExpr(*e.lhs) + ", " + quote(e.dst) + ", " + quote(e.replacement) + ", "
            + quote(e.src) + ", " + quote(e.regex) + ")";
    }
    return {};
}

} // namespace sg::logql
