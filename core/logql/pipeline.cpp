#include "pipeline.h"
#include "lexer.h"
#include "template.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <re2/re2.h>

namespace sg::logql {

// ------------------------------------------------------------------------------------------------ LabelsBuilder

LabelsBuilder::LabelsBuilder(const Labels& stream)
    : m_stream(&stream)
    , m_labels(stream.items())
{
}

std::optional<std::string_view> LabelsBuilder::get(std::string_view name) const
{
    for (const Label& l : m_labels)
        if (l.name == name)
            return std::string_view(l.value);
    return std::nullopt;
}

void LabelsBuilder::set(std::string_view name, std::string_view value)
{
    for (Label& l : m_labels)
        if (l.name == name) {
            l.value = value;
            return;
        }
    m_labels.push_back(Label { std::string(name), std::string(value) });
}

void LabelsBuilder::addMetadata(const std::vector<Label>& metadata)
{
    for (const Label& m : metadata) {
        if (m_stream->has(m.name)) {
            set(m.name + "_extracted", m.value);
        } else {
            set(m.name, m.value);
            m_metadataNames.push_back(m.name);
        }
    }
}

void LabelsBuilder::setExtracted(std::string_view name, std::string_view value)
{
    if (m_stream->has(name) || std::find(m_metadataNames.begin(), m_metadataNames.end(), name) != m_metadataNames.end())
        set(std::string(name) + "_extracted", value);
    else
        set(name, value);
}

void LabelsBuilder::remove(std::string_view name)
{
    std::erase_if(m_labels, [&](const Label& l) { return l.name == name; });
}

void LabelsBuilder::setError(std::string_view error, std::string_view details)
{
    if (hasError())
        return;
    set(ErrorLabel, error);
    if (!details.empty())
        set(ErrorDetailsLabel, details);
}

// ------------------------------------------------------------------------------------------------ helpers

std::string decolorize(std::string_view line)
{
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\x1b' && i + 1 < line.size() && line[i + 1] == '[') {
            std::size_t j = i + 2;
            while (j < line.size() && (std::isdigit(static_cast<unsigned char>(line[j])) || line[j] == ';'))
                ++j;
            if (j < line.size() && std::isalpha(static_cast<unsigned char>(line[j]))) {
                i = j;
                continue;
            }
        }
        out += line[i];
    }
    return out;
}

namespace {

bool compare(double a, CompareOp op, double b)
{
    switch (op) {
    case CompareOp::Eq: return a == b;
    case CompareOp::Neq: return a != b;
    case CompareOp::Gt: return a > b;
    case CompareOp::Gte: return a >= b;
    case CompareOp::Lt: return a < b;
    case CompareOp::Lte: return a <= b;
    }
    return false;
}

bool parseIpv4(std::string_view s, std::uint32_t& out)
{
    std::uint32_t v = 0;
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        std::size_t b = i;
        unsigned n = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && i - b < 3)
            n = n * 10 + unsigned(s[i++] - '0');
        if (i == b || n > 255)
            return false;
        v = (v << 8) | n;
        if (++parts < 4) {
            if (i >= s.size() || s[i] != '.')
                return false;
            ++i;
        }
    }
    out = v;
    return i == s.size();
}

/// An IPv4 address, range `a-b` or CIDR `a/n`.
struct IpRange
{
    std::uint32_t lo = 0, hi = 0;
    static std::optional<IpRange> parse(std::string_view p)
    {
        IpRange r;
        if (auto slash = p.find('/'); slash != std::string_view::npos) {
            int bits = std::atoi(std::string(p.substr(slash + 1)).c_str());
            if (!parseIpv4(p.substr(0, slash), r.lo) || bits < 0 || bits > 32)
                return std::nullopt;
            std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
            r.lo &= mask;
            r.hi = r.lo | ~mask;
        } else if (auto dash = p.find('-'); dash != std::string_view::npos) {
            if (!parseIpv4(p.substr(0, dash), r.lo) || !parseIpv4(p.substr(dash + 1), r.hi))
                return std::nullopt;
        } else {
            if (!parseIpv4(p, r.lo))
                return std::nullopt;
            r.hi = r.lo;
        }
        return r;
    }
    bool contains(std::uint32_t v) const { return v >= lo && v <= hi; }
    /// True when any IPv4 address in `text` lies in the range.
    bool containedIn(std::string_view text) const
    {
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (!std::isdigit(static_cast<unsigned char>(text[i])) || (i > 0 && (std::isdigit(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '.')))
                continue;
            std::size_t j = i;
            while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.'))
                ++j;
            std::uint32_t v = 0;
            if (parseIpv4(text.substr(i, j - i), v) && contains(v))
                return true;
        }
        return false;
    }
};

class LineFilterProcessor final : public StageProcessor
{
public:
    struct Alt
    {
        std::string text;
        std::shared_ptr<const RE2> re;
        std::optional<LinePattern> pattern;
        std::optional<IpRange> ip;
    };
    bool negative = false;
    std::vector<Alt> alts;

    bool process(TimestampNs, std::string& line, LabelsBuilder&) const override
    {
        bool any = false;
        for (const Alt& a : alts) {
            if (a.re)
                any = RE2::PartialMatch(line, *a.re);
            else if (a.pattern)
                any = a.pattern->match(line, nullptr);
            else if (a.ip)
                any = a.ip->containedIn(line);
            else
                any = line.find(a.text) != std::string::npos;
            if (any)
                break;
        }
        return negative ? !any : any;
    }
};

class LabelFilterProcessor final : public StageProcessor
{
public:
    const LabelFilterExpr* filter = nullptr;
    bool process(TimestampNs, std::string&, LabelsBuilder& labels) const override
    {
        return evalLabelFilter(*filter, labels);
    }
};

class LineFormatProcessor final : public StageProcessor
{
public:
    Template templ;
    bool process(TimestampNs ts, std::string& line, LabelsBuilder& labels) const override
    {
        auto out = templ.render(
            [&](std::string_view n) -> std::optional<std::string> {
                if (auto v = labels.get(n))
                    return std::string(*v);
                return std::nullopt;
            },
            line, ts);
        if (!out.ok()) {
            labels.setError("TemplateFormatErr", out.error().message);
            return true;
        }
        line = std::move(out.value());
        return true;
    }
};

class LabelFormatProcessor final : public StageProcessor
{
public:
    struct Item
    {
        std::string name;
        std::string source;
        std::optional<Template> templ;
    };
    std::vector<Item> items;
    bool process(TimestampNs ts, std::string& line, LabelsBuilder& labels) const override
    {
        // All values are computed from the labels as they were before this stage.
        std::vector<std::pair<std::string, std::string>> values;
        std::vector<std::string> renamed;
        auto lookup = [&](std::string_view n) -> std::optional<std::string> {
            if (auto v = labels.get(n))
                return std::string(*v);
            return std::nullopt;
        };
        for (const Item& it : items) {
            if (it.templ) {
                auto out = it.templ->render(lookup, line, ts);
                if (!out.ok()) {
                    labels.setError("TemplateFormatErr", out.error().message);
                    continue;
                }
                values.emplace_back(it.name, std::move(out.value()));
            } else {
                values.emplace_back(it.name, lookup(it.source).value_or(std::string()));
                renamed.push_back(it.source);
            }
        }
        for (const auto& r : renamed)
            labels.remove(r);
        for (const auto& [n, v] : values) {
            if (v.empty())
                labels.remove(n);
            else
                labels.set(n, v);
        }
        return true;
    }
};

class DecolorizeProcessor final : public StageProcessor
{
public:
    bool process(TimestampNs, std::string& line, LabelsBuilder&) const override
    {
        line = decolorize(line);
        return true;
    }
};

class DropKeepProcessor final : public StageProcessor
{
public:
    const DropKeepStage* stage = nullptr;
    bool process(TimestampNs, std::string&, LabelsBuilder& labels) const override
    {
        auto listed = [&](const Label& l) {
            for (const auto& it : stage->items)
                if (it.name == l.name && (!it.matcher || it.matcher->matches(l.value)))
                    return true;
            return false;
        };
        if (stage->keep)
            labels.retain([&](const Label& l) { return listed(l); });
        else
            labels.retain([&](const Label& l) { return !listed(l); });
        return true;
    }
};

} // namespace

bool evalLabelFilter(const LabelFilterExpr& f, LabelsBuilder& labels)
{
    switch (f.kind) {
    case LabelFilterExpr::Kind::And: {
        const bool hadError = labels.hasError();
        if (!evalLabelFilter(*f.left, labels))
            return false;
        if (hadError || !labels.hasError())
            return evalLabelFilter(*f.right, labels);
        // The left side failed to convert: a right side that rejects the line on its own drops it, and the
        // error with it; otherwise the left error is the one that stays.
        const std::string error(*labels.get(ErrorLabel));
        const std::string details(labels.get(ErrorDetailsLabel).value_or(""));
        labels.remove(ErrorLabel);
        labels.remove(ErrorDetailsLabel);
        if (!evalLabelFilter(*f.right, labels))
            return false;
        labels.remove(ErrorLabel);
        labels.remove(ErrorDetailsLabel);
        labels.setError(error, details);
        return true;
    }
    case LabelFilterExpr::Kind::Or: return evalLabelFilter(*f.left, labels) || evalLabelFilter(*f.right, labels);
    case LabelFilterExpr::Kind::String: return f.matcher->matches(labels.get(f.name).value_or(std::string_view()));
    case LabelFilterExpr::Kind::Ip: {
        // As Loki does, any address inside the value counts ("client 10.0.0.7:80"); an errored line passes.
        if (labels.hasError())
            return true;
        auto range = IpRange::parse(f.literal);
        auto value = labels.get(f.name);
        if (!value)
            return false;
        bool in = range && value && range->containedIn(*value);
        return f.op == CompareOp::Eq ? in : !in;
    }
    default: break;
    }
    // Numeric, duration and bytes filters need their label, and cannot read the error labels; an existing
    // error can only be filtered by string matchers.
    auto value = labels.get(f.name);
    if (!value || f.name == ErrorLabel || f.name == ErrorDetailsLabel)
        return false;
    if (labels.hasError())
        return true;
    std::string bytesError;
    double v = 0;
    bool ok = false;
    if (f.kind == LabelFilterExpr::Kind::Number) {
        std::string s(*value);
        char* end = nullptr;
        v = std::strtod(s.c_str(), &end);
        ok = !s.empty() && end == s.c_str() + s.size();
    } else if (f.kind == LabelFilterExpr::Kind::Duration) {
        ok = parseGoDuration(*value, v);
    } else {
        ok = parseBytesValue(*value, v, bytesError);
    }
    if (!ok) {
        std::string details;
        const std::string text(*value);
        if (f.kind == LabelFilterExpr::Kind::Duration)
            details = goDurationError(text);
        else if (f.kind == LabelFilterExpr::Kind::Bytes)
            details = bytesError;
        else
            details = "strconv.ParseFloat: parsing \"" + text + "\": invalid syntax";
        labels.setError("LabelFilterErr", details);
        return true;
    }
    return compare(v, f.op, f.number);
}

Result<std::shared_ptr<const StageProcessor>> makeLineFilter(const LineFilter& f)
{
    auto p = std::make_shared<LineFilterProcessor>();
    p->negative = f.op == LineFilterOp::NotContains || f.op == LineFilterOp::NotRegex || f.op == LineFilterOp::NotPattern;
    for (const auto& v : f.values) {
        LineFilterProcessor::Alt a;
        a.text = v.text;
        if (v.isIp) {
            a.ip = IpRange::parse(v.text);
            if (!a.ip)
                return Error { ErrorCode::Execution, "invalid ip pattern \"" + v.text + "\"", f.where };
        } else if (f.op == LineFilterOp::Regex || f.op == LineFilterOp::NotRegex) {
            RE2::Options opts;
            opts.set_log_errors(false);
            opts.set_dot_nl(true);
            auto re = std::make_shared<const RE2>(v.text, opts);
            if (!re->ok())
                return Error { ErrorCode::Execution, "invalid regex \"" + v.text + "\": " + re->error(), f.where };
            a.re = std::move(re);
        } else if (f.op == LineFilterOp::Pattern || f.op == LineFilterOp::NotPattern) {
            auto pat = LinePattern::compile(v.text);
            if (!pat.ok())
                return Error { ErrorCode::Execution, pat.error().message, f.where };
            a.pattern = std::move(pat.value());
        }
        p->alts.push_back(std::move(a));
    }
    return std::shared_ptr<const StageProcessor>(std::move(p));
}

Result<Pipeline> Pipeline::build(const std::vector<Stage>& stages, std::size_t firstStage)
{
    Pipeline out;
    for (std::size_t k = firstStage; k < stages.size(); ++k) {
        const Stage& s = stages[k];
        if (const auto* lf = std::get_if<LineFilterStage>(&s.stage)) {
            for (const auto& f : lf->filters) {
                auto p = makeLineFilter(f);
                if (!p.ok())
                    return p.error();
                out.m_stages.push_back(std::move(p.value()));
            }
        } else if (const auto* ps = std::get_if<ParserStage>(&s.stage)) {
            auto p = makeParser(*ps);
            if (!p.ok())
                return Error { p.error().code, p.error().message, s.where };
            out.m_stages.push_back(std::move(p.value()));
        } else if (const auto* lfs = std::get_if<LabelFilterStage>(&s.stage)) {
            auto p = std::make_shared<LabelFilterProcessor>();
            p->filter = lfs->filter.get();
            out.m_stages.push_back(std::move(p));
        } else if (const auto* fmt = std::get_if<LineFormatStage>(&s.stage)) {
            auto t = Template::compile(fmt->templ);
            if (!t.ok())
                return Error { ErrorCode::Execution, t.error().message, s.where };
            auto p = std::make_shared<LineFormatProcessor>();
            p->templ = std::move(t.value());
            out.m_stages.push_back(std::move(p));
        } else if (const auto* lab = std::get_if<LabelFormatStage>(&s.stage)) {
            auto p = std::make_shared<LabelFormatProcessor>();
            for (const auto& it : lab->items) {
                LabelFormatProcessor::Item item { it.name, it.isTemplate ? std::string() : it.value, std::nullopt };
                if (it.isTemplate) {
                    auto t = Template::compile(it.value);
                    if (!t.ok())
                        return Error { ErrorCode::Execution, t.error().message, s.where };
                    item.templ = std::move(t.value());
                }
                p->items.push_back(std::move(item));
            }
            out.m_stages.push_back(std::move(p));
        } else if (std::holds_alternative<DecolorizeStage>(s.stage)) {
            out.m_stages.push_back(std::make_shared<DecolorizeProcessor>());
        } else if (const auto* dk = std::get_if<DropKeepStage>(&s.stage)) {
            auto p = std::make_shared<DropKeepProcessor>();
            p->stage = dk;
            out.m_stages.push_back(std::move(p));
        }
    }
    return out;
}

bool Pipeline::process(TimestampNs ts, std::string& line, LabelsBuilder& labels) const
{
    for (const auto& s : m_stages)
        if (!s->process(ts, line, labels))
            return false;
    return true;
}

} // namespace sg::logql
