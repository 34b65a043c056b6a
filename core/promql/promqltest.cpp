// Runner for Prometheus' PromQL test-script language (load / clear / eval ... / expect ...).

#include "promqltest.h"
#include "promqltest_internal.h"

#include "ast.h"
#include "core/tsdb/memory_store.h"
#include "engine.h"
#include "lexer.h"
#include "parser.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <memory>

namespace sg::promql::test {

using namespace detail;

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

/// Splits off the first whitespace-separated word.
std::string_view takeWord(std::string_view& s)
{
    s = trim(s);
    std::size_t i = 0;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])))
        ++i;
    std::string_view w = s.substr(0, i);
    s = trim(s.substr(i));
    return w;
}

class Runner
{
public:
    ScriptReport run(std::string_view text)
    {
        std::vector<std::string_view> lines;
        std::size_t pos = 0;
        while (pos <= text.size()) {
            std::size_t nl = text.find('\n', pos);
            if (nl == std::string_view::npos)
                nl = text.size();
            lines.push_back(text.substr(pos, nl - pos));
            pos = nl + 1;
        }
        reset();
        for (std::size_t i = 0; i < lines.size();) {
            std::string_view line = trim(lines[i]);
            if (line.empty() || line[0] == '#') {
                ++i;
                continue;
            }
            std::size_t cmdLine = i;
            std::vector<std::string_view> block;
            ++i;
            while (i < lines.size()) {
                std::string_view l = lines[i];
                std::string_view t = trim(l);
                if (t.empty())
                    break;
                bool indented = std::isspace(static_cast<unsigned char>(l[0]));
                if (!indented && (startsWith(t, "eval") || startsWith(t, "load") || t == "clear"))
                    break;
                ++i;
                if (t[0] == '#')
                    continue;
                block.push_back(t);
            }
            if (startsWith(line, "load"))
                load(line, block);
            else if (line == "clear")
                reset();
            else if (startsWith(line, "eval"))
                evalCommand(int(cmdLine) + 1, line, block);
        }
        return m_report;
    }

private:
    void reset()
    {
        m_store = std::make_unique<tsdb::MemoryStore>(std::int64_t(1) << 60);
        m_unsupportedAll = false;
        m_unsupportedSeries.clear();
    }

    void load(std::string_view line, const std::vector<std::string_view>& block)
    {
        std::string_view rest = line;
        const bool withNhcb = takeWord(rest) == "load_with_nhcb";
        DurationMs step = 0;
        if (!parseScriptTime(takeWord(rest), step))
            return;
        tsdb::AppendBatch batch;
        for (std::string_view l : block) {
            Labels labels;
            std::string points;
            const std::size_t st = l.find("@st");
            if (!parseSeriesLine(st == std::string_view::npos ? l : l.substr(0, st), labels, points)) {
                m_unsupportedAll = true;
                continue;
            }
            if (st != std::string_view::npos) {
                // start timestamps are not stored: queries on this series cannot be checked
                m_unsupportedSeries.push_back(labels);
                continue;
            }
            if (withNhcb) {
                // classic buckets load; their native-histogram twin under the base name does not
                std::string name(labels.metricName());
                for (const char* suffix : { "_bucket", "_count", "_sum" })
                    if (name.size() > std::strlen(suffix) && name.ends_with(suffix))
                        m_unsupportedSeries.push_back(labels.without({ "le" }).with("__name__", name.substr(0, name.size() - std::strlen(suffix))));
            }
            std::vector<std::optional<double>> values;
            if (!expandPoints(points, values)) {
                m_unsupportedSeries.push_back(labels); // native histogram samples are not stored
                continue;
            }
            for (std::size_t k = 0; k < values.size(); ++k)
                if (values[k])
                    batch.samples.push_back(tsdb::BatchSample { labels, TimestampMs(k) * step, *values[k] });
        }
        // a later line for the same series and time overrides an earlier one, as in Prometheus' loader
        std::map<std::pair<std::string, TimestampMs>, std::size_t> last;
        for (std::size_t k = 0; k < batch.samples.size(); ++k)
            last[{ batch.samples[k].labels.toString(), batch.samples[k].t }] = k;
        tsdb::AppendBatch deduped;
        for (std::size_t k = 0; k < batch.samples.size(); ++k)
            if (last[{ batch.samples[k].labels.toString(), batch.samples[k].t }] == k)
                deduped.samples.push_back(batch.samples[k]);
        batch = std::move(deduped);
        std::stable_sort(batch.samples.begin(), batch.samples.end(), [](const auto& a, const auto& b) { return a.t < b.t; });
        m_store->append(batch);
    }

    bool parseSpec(std::string_view line, const std::vector<std::string_view>& block, EvalSpec& spec, std::string& err)
    {
        std::string_view rest = line;
        std::string_view cmd = takeWord(rest);
        if (cmd == "eval_fail")
            spec.expectFail = true;
        else if (cmd == "eval_ordered")
            spec.ordered = true;
        else if (cmd == "eval_warn")
            spec.warn.any = true;
        else if (cmd == "eval_info")
            spec.info.any = true;
        std::string_view kind = takeWord(rest);
        if (kind == "instant") {
            std::string_view save = rest;
            if (takeWord(rest) == "at") {
                if (!parseScriptTime(takeWord(rest), spec.at))
                    return err = "bad eval time", false;
            } else {
                rest = save;
            }
        } else if (kind == "range") {
            if (takeWord(rest) != "from" || !parseScriptTime(takeWord(rest), spec.start) || takeWord(rest) != "to"
                || !parseScriptTime(takeWord(rest), spec.end) || takeWord(rest) != "step"
                || !parseScriptTime(takeWord(rest), spec.step))
                return err = "bad range eval header", false;
            spec.range = true;
        } else {
            return err = "unknown eval kind", false;
        }
        spec.query = std::string(trim(rest));
        for (std::string_view l : block) {
            if (startsWith(l, "expected_fail_message")) {
                spec.expectFail = true;
                spec.failPattern = std::make_pair(false, std::string(trim(l.substr(21))));
                continue;
            }
            if (startsWith(l, "expected_fail_regexp")) {
                spec.expectFail = true;
                spec.failPattern = std::make_pair(true, std::string(trim(l.substr(20))));
                continue;
            }
            if (startsWith(l, "expect ")) {
                std::string_view r = l.substr(7);
                std::string_view what = takeWord(r);
                std::optional<std::pair<bool, std::string>> pattern;
                if (startsWith(r, "msg:"))
                    pattern = std::make_pair(false, std::string(trim(r.substr(4))));
                else if (startsWith(r, "regex:"))
                    pattern = std::make_pair(true, std::string(trim(r.substr(6))));
                if (what == "fail") {
                    spec.expectFail = true;
                    spec.failPattern = pattern;
                } else if (what == "ordered") {
                    spec.ordered = true;
                } else if (what == "warn" || what == "info") {
                    auto& a = what == "warn" ? spec.warn : spec.info;
                    a.any = true;
                    if (pattern)
                        a.patterns.push_back(*pattern);
                } else if (what == "no_warn") {
                    spec.warn.none = true;
                } else if (what == "no_info") {
                    spec.info.none = true;
                } else if (what == "range") {
                    takeWord(r); // vector
                    if (takeWord(r) != "from" || !parseScriptTime(takeWord(r), spec.rvStart) || takeWord(r) != "to"
                        || !parseScriptTime(takeWord(r), spec.rvEnd) || takeWord(r) != "step"
                        || !parseScriptTime(takeWord(r), spec.rvStep))
                        return err = "bad expect range vector", false;
                    spec.rangeVector = true;
                } else if (what == "string") {
                    std::string_view s = trim(r);
                    std::string out, e;
                    if (s.size() < 2 || !unquoteString(s.substr(1, s.size() - 2), s[0], out, e))
                        return err = "bad expect string", false;
                    spec.expectString = out;
                } else {
                    return err = "unknown expectation", false;
                }
                continue;
            }
            double scalar = 0;
            if (parseNumber(trim(l), scalar)) {
                spec.scalar = scalar;
                continue;
            }
            ExpectedSeries es;
            std::string points;
            if (!parseSeriesLine(l, es.labels, points) || !expandPoints(points, es.values))
                return err = "unsupported expected series line: " + std::string(l), false;
            spec.series.push_back(std::move(es));
        }
        return true;
    }

    void evalCommand(int lineNo, std::string_view line, const std::vector<std::string_view>& block)
    {
        EvalOutcome out;
        out.line = lineNo;
        EvalSpec spec;
        std::string err;
        ++m_report.evals;
        if (!parseSpec(line, block, spec, err)) {
            out.query = std::string(line);
            out.unsupported = true;
            out.message = err;
            finish(std::move(out));
            return;
        }
        out.query = spec.query;
        Engine engine;
        auto r = spec.range ? engine.rangeQuery(*m_store, spec.query, spec.start, spec.end, spec.step)
                            : engine.instantQuery(*m_store, spec.query, spec.at);
        if (spec.expectFail) {
            if (r.ok())
                out.message = "expected an error, query succeeded";
            else if (spec.failPattern && !matchesPattern(*spec.failPattern, r.error().message))
                out.message = "error \"" + r.error().message + "\" does not match \"" + spec.failPattern->second + "\"";
            else
                out.passed = true;
            finish(std::move(out));
            return;
        }
        if (!r.ok()) {
            out.message = "error: " + r.error().message;
            if (r.error().message.find("not supported yet") != std::string::npos)
                out.unsupported = true;
            finish(std::move(out));
            return;
        }
        std::vector<std::string> warns, infos;
        for (const auto& w : r->warnings)
            (startsWith(w, "PromQL info") ? infos : warns).push_back(w);
        out.message = compareResult(spec, *r);
        if (out.message.empty())
            out.message = checkAnnotations(spec.warn, warns, "warning");
        if (out.message.empty())
            out.message = checkAnnotations(spec.info, infos, "info");
        if (out.message.empty() && !spec.range)
            out.message = checkRangeConsistency(engine, spec, *r);
        if (out.message.empty() && !spec.range)
            out.message = checkAtInvariance(engine, spec, *r);
        out.passed = out.message.empty();
        finish(std::move(out));
    }

    /// As Prometheus' runner does: pinning every selector and subquery to the evaluation time with `@` must not
    /// change an instant result. The modified query goes through the printer, so this also checks that the
    /// canonical text parses back to the same meaning.
    std::string checkAtInvariance(const Engine& engine, const EvalSpec& spec, const QueryResult& instant)
    {
        if (instant.value.type != ValueType::Vector && instant.value.type != ValueType::Scalar)
            return {};
        static const char* unsafe[] = { "time(", "timestamp(", "predict_linear(", "hour(", "minute(", "day_of_",
            "days_in_month(", "month(", "year(", "start(", "end(", "range(", "step(" };
        for (const char* f : unsafe)
            if (spec.query.find(f) != std::string::npos)
                return {};
        auto ast = parse(spec.query);
        if (!ast)
            return {};
        pinAt(**ast, spec.at);
        const std::string pinned = printExpr(**ast);
        auto r = engine.instantQuery(*m_store, pinned, spec.at);
        if (!r)
            return "query with @ (" + pinned + ") failed: " + r.error().message;
        const Value& a = instant.value;
        const Value& b = r->value;
        if (a.type != b.type)
            return "query with @ (" + pinned + ") changed the result type";
        if (a.type == ValueType::Scalar)
            return almostEqual(a.scalar, b.scalar) ? std::string() : "query with @ (" + pinned + ") changed the scalar";
        if (a.vector.size() != b.vector.size())
            return "query with @ (" + pinned + ") changed the number of samples";
        for (const auto& s : a.vector) {
            auto it = std::find_if(b.vector.begin(), b.vector.end(), [&](const Sample& x) { return x.metric == s.metric; });
            if (it == b.vector.end() || !almostEqual(it->v, s.v))
                return "query with @ (" + pinned + ") differs for " + s.metric.toString();
        }
        return {};
    }

    static void pinAt(Expr& e, TimestampMs at)
    {
        auto pin = [at](TimeModifiers& m) {
            if (m.at == AtKind::None) {
                m.at = AtKind::Timestamp;
                m.atTime = at;
            }
        };
        switch (e.kind) {
        case NodeKind::VectorSelector: pin(static_cast<VectorSelectorExpr&>(e).mods); return;
        case NodeKind::MatrixSelector: pin(static_cast<MatrixSelectorExpr&>(e).selector->mods); return;
        case NodeKind::Subquery: pin(static_cast<SubqueryExpr&>(e).mods); return; // inner nodes keep their times
        case NodeKind::Paren: pinAt(*static_cast<ParenExpr&>(e).expr, at); return;
        case NodeKind::Unary: pinAt(*static_cast<UnaryExpr&>(e).expr, at); return;
        case NodeKind::Binary:
            pinAt(*static_cast<BinaryExpr&>(e).lhs, at);
            pinAt(*static_cast<BinaryExpr&>(e).rhs, at);
            return;
        case NodeKind::Aggregate:
            if (static_cast<AggregateExpr&>(e).param)
                pinAt(*static_cast<AggregateExpr&>(e).param, at);
            pinAt(*static_cast<AggregateExpr&>(e).expr, at);
            return;
        case NodeKind::Call:
            for (auto& a : static_cast<CallExpr&>(e).args)
                pinAt(*a, at);
            return;
        default: return;
        }
    }

    /// As Prometheus' runner does: the instant result must equal the middle step of a range query
    /// from t-1m to t+1m with a 1m step.
    std::string checkRangeConsistency(const Engine& engine, const EvalSpec& spec, const QueryResult& instant)
    {
        const Value& v = instant.value;
        if (v.type != ValueType::Vector && v.type != ValueType::Scalar)
            return {};
        for (const char* f : { "start()", "end()", "range()", "step()" })
            if (spec.query.find(f) != std::string::npos)
                return {};
        auto r = engine.rangeQuery(*m_store, spec.query, spec.at - 60'000, spec.at + 60'000, 60'000);
        if (!r)
            return "range re-evaluation failed: " + r.error().message;
        std::vector<std::pair<Labels, double>> mid;
        for (const auto& s : r->value.matrix)
            for (const auto& p : s.points)
                if (p.t == spec.at)
                    mid.emplace_back(s.metric, p.v);
        std::size_t want = v.type == ValueType::Scalar ? 1 : v.vector.size();
        if (mid.size() != want)
            return "range re-evaluation has " + std::to_string(mid.size()) + " series at the instant, expected "
                + std::to_string(want);
        if (v.type == ValueType::Scalar)
            return almostEqual(mid[0].second, v.scalar) ? std::string() : "range re-evaluation differs for the scalar";
        for (const auto& s : v.vector) {
            auto it = std::find_if(mid.begin(), mid.end(), [&](const auto& m) { return m.first == s.metric; });
            if (it == mid.end() || !almostEqual(it->second, s.v))
                return "range re-evaluation differs for " + s.metric.toString();
        }
        return {};
    }

    void finish(EvalOutcome out)
    {
        if (!out.passed && touchesUnsupportedData(out.query))
            out.unsupported = true;
        if (out.passed)
            ++m_report.passed;
        else if (out.unsupported)
            ++m_report.unsupported;
        else
            ++m_report.failed;
        m_report.outcomes.push_back(std::move(out));
    }

    std::unique_ptr<tsdb::MemoryStore> m_store;
    /// True when a selector of the query matches a series whose data could not be loaded.
    bool touchesUnsupportedData(const std::string& query) const
    {
        if (m_unsupportedAll)
            return true;
        if (m_unsupportedSeries.empty())
            return false;
        auto ast = parse(query);
        return !ast.ok() || touches(**ast);
    }

    bool touches(const Expr& e) const
    {
        switch (e.kind) {
        case NodeKind::VectorSelector:
            return std::any_of(m_unsupportedSeries.begin(), m_unsupportedSeries.end(),
                [&](const Labels& l) { return matchesAll(static_cast<const VectorSelectorExpr&>(e).matchers, l); });
        case NodeKind::MatrixSelector: return touches(*static_cast<const MatrixSelectorExpr&>(e).selector);
        case NodeKind::Subquery: return touches(*static_cast<const SubqueryExpr&>(e).expr);
        case NodeKind::Paren: return touches(*static_cast<const ParenExpr&>(e).expr);
        case NodeKind::Unary: return touches(*static_cast<const UnaryExpr&>(e).expr);
        case NodeKind::Binary:
            return touches(*static_cast<const BinaryExpr&>(e).lhs) || touches(*static_cast<const BinaryExpr&>(e).rhs);
        case NodeKind::Aggregate: return touches(*static_cast<const AggregateExpr&>(e).expr);
        case NodeKind::Call: {
            const auto& c = static_cast<const CallExpr&>(e);
            if (c.infoSelector && touches(*c.infoSelector))
                return true;
            return std::any_of(c.args.begin(), c.args.end(), [&](const ExprPtr& a) { return touches(*a); });
        }
        default: return false;
        }
    }

    bool m_unsupportedAll = false;
    std::vector<Labels> m_unsupportedSeries; ///< series that could not be loaded (native histograms, start timestamps)
    ScriptReport m_report;
};

} // namespace

ScriptReport runScript(std::string_view text)
{
    Runner r;
    return r.run(text);
}

} // namespace sg::promql::test
