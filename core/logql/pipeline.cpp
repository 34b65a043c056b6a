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

std::string invalidIpPattern(const std::string& pattern)
{
    return "ip: invalid pattern: \"" + pattern + "\"";
}

/// The first ip() leaf of a label filter whose pattern is not an address, range or CIDR.
const LabelFilterExpr* invalidIpFilter(const LabelFilterExpr& f)
{
    if (f.kind == LabelFilterExpr::Kind::Ip)
        return f.ip ? nullptr : &f;
    if (f.kind != LabelFilterExpr::Kind::And && f.kind != LabelFilterExpr::Kind::Or)
        return nullptr;
    if (const LabelFilterExpr* l = invalidIpFilter(*f.left))
        return l;
    return invalidIpFilter(*f.right);
}

class LineFilterProcessor final : public StageProcessor
{
public:
    struct Alt
    {
        std::string text;
        std::shared_ptr<const RE2> re;
        std::optional<LinePattern> pattern;
        std::optional<IpPattern> ip;
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
                any = a.ip->matchesIn(line);
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
            line, ts,
            [&] {
                std::vector<std::pair<std::string, std::string>> all;
                for (const Label& l : labels.items())
                    all.emplace_back(l.name, l.value);
                return all;
            });
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
        // As in Loki, the items run in order. A rename of a label that is absent does nothing; a template sees
        // the labels as they were when the stage reached its first template, and its result is kept even when
        // empty (`label_format x=""` gives a label with an empty value).
        std::optional<std::vector<Label>> snapshot;
        auto lookup = [&](std::string_view n) -> std::optional<std::string> {
            for (const Label& l : *snapshot)
                if (l.name == n)
                    return l.value;
            return std::nullopt;
        };
        for (const Item& it : items) {
            if (!it.templ) {
                if (auto v = labels.get(it.source)) {
                    const std::string value(*v);
                    labels.set(it.name, value);
                    labels.remove(it.source);
                }
                continue;
            }
            if (!snapshot)
                snapshot = labels.items();
            auto out = it.templ->render(lookup, line, ts, [&] {
                std::vector<std::pair<std::string, std::string>> all;
                for (const Label& l : *snapshot)
                    all.emplace_back(l.name, l.value);
                return all;
            });
            if (!out.ok()) {
                labels.setError("TemplateFormatErr", out.error().message);
                continue;
            }
            labels.set(it.name, out.value());
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
        // As Loki does, any address inside the value counts ("client 10.0.0.7:80"); an errored line passes. A
        // line without the label, or a pattern that is not one (unwrap post-filters only), fails both = and !=.
        if (labels.hasError())
            return true;
        auto value = labels.get(f.name);
        if (!value || !f.ip)
            return false;
        const bool in = f.ip->matchesIn(*value);
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
            if (f.op != LineFilterOp::Contains && f.op != LineFilterOp::NotContains)
                return Error { ErrorCode::Execution, "ip: invalid operation", f.where };
            a.ip = IpPattern::parse(v.text);
            if (!a.ip)
                return Error { ErrorCode::Execution, invalidIpPattern(v.text), f.where };
        } else if (f.op == LineFilterOp::Regex || f.op == LineFilterOp::NotRegex) {
            RE2::Options opts;
            opts.set_log_errors(false);
            opts.set_dot_nl(true);
            auto re = std::make_shared<const RE2>(v.text, opts);
            if (!re->ok())
                return Error { ErrorCode::Execution, "error parsing regexp: " + re->error() + ": `" + v.text + "`",
                    f.where };
            a.re = std::move(re);
        } else if (f.op == LineFilterOp::Pattern || f.op == LineFilterOp::NotPattern) {
            auto pat = LinePattern::compile(v.text);
            if (!pat.ok())
                return Error { ErrorCode::Execution, pat.error().message, f.where };
            if (pat->hasNamedCapture())
                return Error { ErrorCode::Execution, "named captures are not allowed", f.where };
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
            if (const LabelFilterExpr* bad = invalidIpFilter(*lfs->filter))
                return Error { ErrorCode::Execution, invalidIpPattern(bad->literal), bad->where };
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
                    auto t = Template::compile(it.value, "label");
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
