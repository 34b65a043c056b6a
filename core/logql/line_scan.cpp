// Line filters pushed down into the store: the same semantics as the pipeline's LineFilterProcessor, on a
// string_view of the decompressed chunk so that lines that fail are never copied.

#include "line_scan.h"
#include "pipeline.h"

#include <re2/re2.h>

#include <memory>

namespace sg::logql::detail {

namespace {

struct CompiledAlt
{
    std::string text;
    std::shared_ptr<const RE2> re;
    std::optional<LinePattern> pattern;
};

struct CompiledFilter
{
    bool negative = false;
    std::vector<CompiledAlt> alts;

    bool matches(std::string_view line) const
    {
        bool any = false;
        for (const CompiledAlt& a : alts) {
            if (a.re)
                any = RE2::PartialMatch(line, *a.re);
            else if (a.pattern)
                any = a.pattern->match(line, nullptr);
            else
                any = line.find(a.text) != std::string_view::npos;
            if (any)
                break;
        }
        return negative ? !any : any;
    }
};

std::optional<CompiledFilter> compile(const LineFilter& f)
{
    CompiledFilter out;
    out.negative = f.op == LineFilterOp::NotContains || f.op == LineFilterOp::NotRegex || f.op == LineFilterOp::NotPattern;
    for (const auto& v : f.values) {
        if (v.isIp)
            return std::nullopt;
        CompiledAlt a;
        a.text = v.text;
        if (f.op == LineFilterOp::Regex || f.op == LineFilterOp::NotRegex) {
            RE2::Options opts;
            opts.set_log_errors(false);
            opts.set_dot_nl(true);
            auto re = std::make_shared<const RE2>(v.text, opts);
            if (!re->ok())
                return std::nullopt;
            a.re = std::move(re);
        } else if (f.op == LineFilterOp::Pattern || f.op == LineFilterOp::NotPattern) {
            auto pat = LinePattern::compile(v.text);
            if (!pat.ok())
                return std::nullopt;
            a.pattern = std::move(pat.value());
        }
        out.alts.push_back(std::move(a));
    }
    return out;
}

} // namespace

PushedFilters pushableFilters(const std::vector<Stage>& stages)
{
    PushedFilters out;
    auto filters = std::make_shared<std::vector<CompiledFilter>>();
    std::string required;
    std::size_t k = 0;
    for (; k < stages.size(); ++k) {
        const auto* lf = std::get_if<LineFilterStage>(&stages[k].stage);
        if (!lf)
            break;
        std::vector<CompiledFilter> compiled;
        bool ok = true;
        for (const auto& f : lf->filters) {
            auto c = compile(f);
            if (!c) {
                ok = false;
                break;
            }
            compiled.push_back(std::move(*c));
        }
        if (!ok)
            break;
        for (std::size_t i = 0; i < compiled.size(); ++i) {
            const auto& f = lf->filters[i];
            // A single positive literal must be in every kept line: the store may search buffers for it.
            if (f.op == LineFilterOp::Contains && f.values.size() == 1 && f.values[0].text.size() > required.size())
                required = f.values[0].text;
            const bool redundant = f.op == LineFilterOp::Contains && f.values.size() == 1;
            if (!redundant)
                filters->push_back(std::move(compiled[i]));
        }
    }
    if (k == 0)
        return out;
    out.stages = k;
    out.scan.required = std::move(required);
    // Literal filters other than the required one still need a test.
    for (std::size_t s = 0; s < k; ++s)
        for (const auto& f : std::get<LineFilterStage>(stages[s].stage).filters)
            if (f.op == LineFilterOp::Contains && f.values.size() == 1 && f.values[0].text != out.scan.required) {
                CompiledFilter c;
                c.alts.push_back(CompiledAlt { f.values[0].text, nullptr, std::nullopt });
                filters->push_back(std::move(c));
            }
    if (!filters->empty())
        out.scan.keep = [filters](std::string_view line) {
            for (const auto& f : *filters)
                if (!f.matches(line))
                    return false;
            return true;
        };
    return out;
}

} // namespace sg::logql::detail
