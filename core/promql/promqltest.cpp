// Runner for Prometheus' PromQL test-script language (load / clear / eval ... / expect ...).

#include "promqltest.h"
#include "promqltest_internal.h"

#include "ast.h"
#include "core/tsdb/memory_store.h"
#include "engine.h"
#include "functions_table.h"
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

// Why an eval is skipped: the only features the store and engine lack.
const std::string SkipNativeHistogramExpected = "native histogram in the expected output";
const std::string SkipNativeHistogramData = "query needs native histogram series";
const std::string SkipStartTimestamps = "query needs start timestamps (@st)";
const std::string SkipHistogramAnnotation = "values match; the expected annotation is about native histogram points";

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
        m_twin = std::make_unique<tsdb::MemoryStore>(std::int64_t(1) << 60);
        m_loadError.clear();
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
        std::vector<tsdb::BatchSample> standIns; // for the twin store: the series the store cannot hold, as floats
        auto standIn = [&](const Labels& labels, const std::vector<std::optional<double>>* values) {
            for (std::size_t k = 0; k < (values ? values->size() : 1000); ++k)
                if (!values || (*values)[k])
                    standIns.push_back({ labels, TimestampMs(k) * step, values ? *(*values)[k] : 1e6 + double(k) });
        };
        for (std::string_view l : block) {
            Labels labels;
            std::string points;
            const std::size_t st = l.find("@st");
            if (!parseSeriesLine(st == std::string_view::npos ? l : l.substr(0, st), labels, points)) {
                // a line of ours the script reader cannot take is a failure of every later eval, not a skip
                m_loadError = "load line not understood: " + std::string(l);
                continue;
            }
            if (st != std::string_view::npos) {
                // start timestamps are not stored: queries that need this series cannot be checked
                m_unsupportedSeries.push_back({ labels, SkipStartTimestamps });
                std::vector<std::optional<double>> values;
                if (expandPoints(points, values))
                    standIn(labels, &values);
                continue;
            }
            if (withNhcb) {
                // classic buckets load; their native-histogram twin under the base name does not
                std::string name(labels.metricName());
                for (const char* suffix : { "_bucket", "_count", "_sum" })
                    if (name.size() > std::strlen(suffix) && name.ends_with(suffix)) {
                        m_unsupportedSeries.push_back({ labels.without({ "le" }).with("__name__",
                                                            name.substr(0, name.size() - std::strlen(suffix))),
                            SkipNativeHistogramData });
                        standIn(m_unsupportedSeries.back().labels, nullptr);
                    }
            }
            std::vector<std::optional<double>> values;
            std::vector<bool> histogramAt;
            if (!expandFloatPoints(points, values, histogramAt)) {
                m_loadError = "load points not understood: " + std::string(l);
                continue;
            }
            if (std::find(histogramAt.begin(), histogramAt.end(), true) != histogramAt.end()) {
                // the float points are stored and checked; the histogram points are not (the twin store gets
                // float stand-ins there)
                m_unsupportedSeries.push_back({ labels, SkipNativeHistogramData });
                for (std::size_t k = 0; k < histogramAt.size(); ++k)
                    if (histogramAt[k])
                        standIns.push_back({ labels, TimestampMs(k) * step, 1e6 + double(k) });
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
        tsdb::AppendBatch twin = batch;
        twin.samples.insert(twin.samples.end(), standIns.begin(), standIns.end());
        std::stable_sort(twin.samples.begin(), twin.samples.end(), [](const auto& a, const auto& b) { return a.t < b.t; });
        m_twin->append(twin);
    }

    /// expandPoints() for a series whose points may include native histograms (`{{...}}`, `{{...}}x3`,
    /// `{{...}}+{{...}}x3`): those become absent points, flagged in `histogramAt`.
    static bool expandFloatPoints(std::string_view text, std::vector<std::optional<double>>& values,
        std::vector<bool>& histogramAt)
    {
        constexpr double Sentinel = -9.87654321e-300;
        std::string withGaps, withSentinels;
        std::size_t i = 0;
        while (i < text.size()) {
            const std::size_t open = text.find("{{", i);
            if (open == std::string_view::npos) {
                withGaps.append(text.substr(i));
                withSentinels.append(text.substr(i));
                break;
            }
            withGaps.append(text.substr(i, open - i));
            withSentinels.append(text.substr(i, open - i));
            std::size_t close = text.find("}}", open);
            if (close == std::string_view::npos)
                return false;
            close += 2;
            if (close + 2 < text.size() && (text[close] == '+' || text[close] == '-') && text.substr(close + 1, 2) == "{{") {
                close = text.find("}}", close);
                if (close == std::string_view::npos)
                    return false;
                close += 2;
            }
            std::size_t count = 1;
            if (close < text.size() && text[close] == 'x') {
                std::size_t end = close + 1;
                while (end < text.size() && text[end] >= '0' && text[end] <= '9')
                    ++end;
                count = std::size_t(std::stoull(std::string(text.substr(close + 1, end - close - 1)))) + 1;
                close = end;
            }
            for (std::size_t k = 0; k < count; ++k) {
                withGaps += " _ ";
                withSentinels += " -9.87654321e-300 ";
            }
            i = close;
        }
        std::vector<std::optional<double>> marked;
        if (!expandPoints(withGaps, values) || !expandPoints(withSentinels, marked) || marked.size() != values.size())
            return false;
        histogramAt.assign(values.size(), false);
        for (std::size_t k = 0; k < marked.size(); ++k)
            histogramAt[k] = marked[k] && *marked[k] == Sentinel;
        return true;
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
            out.message = err;
            // only a native histogram literal in the expected output is a feature we lack; anything else the
            // script reader does not take is a failure
            if (err.find("{{") != std::string::npos) {
                out.unsupported = true;
                out.skipReason = SkipNativeHistogramExpected;
            }
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
            classify(spec, r, out);
            finish(std::move(out));
            return;
        }
        if (!r.ok()) {
            out.message = "error: " + r.error().message;
            classify(spec, r, out);
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
        classify(spec, r, out);
        finish(std::move(out));
    }

    /// A failed eval is skipped only when its answer depends on series the store cannot hold: the query runs
    /// again over a twin store where those series are present as float stand-ins, and the answer changes. An
    /// answer that does not change fails on the float data alone: a failure, never hidden as a skip.
    void classify(const EvalSpec& spec, const Result<QueryResult>& r, EvalOutcome& out) const
    {
        if (out.passed || out.unsupported || m_unsupportedSeries.empty())
            return;
        // start_timestamp() reads the start timestamps the store does not keep
        if (!r.ok() && r.error().message.find("\"start_timestamp\"") != std::string::npos) {
            out.unsupported = true;
            out.skipReason = SkipStartTimestamps;
            return;
        }
        auto ast = parse(spec.query);
        if (!ast.ok())
            return;
        const UnsupportedSeries* hit = nullptr;
        bool onlyUnsupported = false; // a selector whose every series is one the store cannot hold
        visitSelectors(**ast, [&](const VectorSelectorExpr& sel) {
            const UnsupportedSeries* here = nullptr;
            for (const auto& u : m_unsupportedSeries)
                if (matchesAll(sel.matchers, u.labels))
                    here = &u;
            if (!here)
                return;
            hit = here;
            if (m_store->series(sel.matchers, std::numeric_limits<TimestampMs>::min(), std::numeric_limits<TimestampMs>::max()).empty())
                onlyUnsupported = true;
        });
        if (!hit)
            return;
        // The histogram_* functions read only native histogram samples: over such series they need them.
        bool histogramFunction = false;
        visitCalls(**ast, [&](const CallExpr& c) {
            static const std::set<std::string> nativeOnly { "histogram_count", "histogram_sum", "histogram_avg",
                "histogram_stddev", "histogram_stdvar", "histogram_fraction" };
            histogramFunction = histogramFunction || (c.func && nativeOnly.contains(std::string(c.func->name)));
        });
        if (onlyUnsupported || (histogramFunction && hit->reason == SkipNativeHistogramData)) {
            out.unsupported = true;
            out.skipReason = hit->reason;
            return;
        }
        // Start timestamps change what rate, increase and resets mean for the series: nothing here stands in.
        // A value answer that matches while an expected annotation is missing: the annotation is about the
        // histogram points (ignored, or mixed with floats).
        const bool onlyAnnotation = r.ok() && !spec.expectFail && compareResult(spec, *r).empty();
        if (hit->reason == SkipStartTimestamps || onlyAnnotation) {
            out.unsupported = true;
            out.skipReason = onlyAnnotation ? SkipHistogramAnnotation : hit->reason;
            return;
        }
        Engine engine;
        auto twin = spec.range ? engine.rangeQuery(*m_twin, spec.query, spec.start, spec.end, spec.step)
                               : engine.instantQuery(*m_twin, spec.query, spec.at);
        // An expected error is the float data's to give unless the stand-ins bring it.
        if (spec.expectFail ? (twin.ok() == r.ok()) : fingerprint(twin) == fingerprint(r))
            return;
        out.unsupported = true;
        out.skipReason = hit->reason;
    }

    static std::string fingerprint(const Result<QueryResult>& r)
    {
        if (!r.ok())
            return "error: " + r.error().message;
        std::string s = std::to_string(int(r->value.type)) + '|';
        auto number = [&](double v) {
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g,", v);
            s += buf;
        };
        for (const auto& series : r->value.matrix) {
            s += series.metric.toString() + ':';
            for (const auto& p : series.points) {
                s += std::to_string(p.t) + '=';
                number(p.v);
            }
        }
        for (const auto& sample : r->value.vector) {
            s += sample.metric.toString() + ':' + std::to_string(sample.t) + '=';
            number(sample.v);
        }
        number(r->value.scalar);
        s += r->value.string;
        for (const auto& w : r->warnings)
            s += w;
        return s;
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
        if (!out.passed && !out.unsupported && !m_loadError.empty())
            out.message += " (" + m_loadError + ")";
        if (out.passed) {
            ++m_report.passed;
        } else if (out.unsupported) {
            ++m_report.unsupported;
            ++m_report.skipsByReason[out.skipReason];
        } else {
            ++m_report.failed;
        }
        m_report.outcomes.push_back(std::move(out));
    }

    std::unique_ptr<tsdb::MemoryStore> m_store;
    template<class F>
    static void visitCalls(const Expr& e, F&& f)
    {
        if (e.kind == NodeKind::Call)
            f(static_cast<const CallExpr&>(e));
        switch (e.kind) {
        case NodeKind::MatrixSelector: break;
        case NodeKind::Subquery: visitCalls(*static_cast<const SubqueryExpr&>(e).expr, f); break;
        case NodeKind::Paren: visitCalls(*static_cast<const ParenExpr&>(e).expr, f); break;
        case NodeKind::Unary: visitCalls(*static_cast<const UnaryExpr&>(e).expr, f); break;
        case NodeKind::Binary:
            visitCalls(*static_cast<const BinaryExpr&>(e).lhs, f);
            visitCalls(*static_cast<const BinaryExpr&>(e).rhs, f);
            break;
        case NodeKind::Aggregate: visitCalls(*static_cast<const AggregateExpr&>(e).expr, f); break;
        case NodeKind::Call:
            for (const auto& a : static_cast<const CallExpr&>(e).args)
                visitCalls(*a, f);
            break;
        default: break;
        }
    }

    template<class F>
    static void visitSelectors(const Expr& e, F&& f)
    {
        switch (e.kind) {
        case NodeKind::VectorSelector: f(static_cast<const VectorSelectorExpr&>(e)); break;
        case NodeKind::MatrixSelector: visitSelectors(*static_cast<const MatrixSelectorExpr&>(e).selector, f); break;
        case NodeKind::Subquery: visitSelectors(*static_cast<const SubqueryExpr&>(e).expr, f); break;
        case NodeKind::Paren: visitSelectors(*static_cast<const ParenExpr&>(e).expr, f); break;
        case NodeKind::Unary: visitSelectors(*static_cast<const UnaryExpr&>(e).expr, f); break;
        case NodeKind::Binary:
            visitSelectors(*static_cast<const BinaryExpr&>(e).lhs, f);
            visitSelectors(*static_cast<const BinaryExpr&>(e).rhs, f);
            break;
        case NodeKind::Aggregate: visitSelectors(*static_cast<const AggregateExpr&>(e).expr, f); break;
        case NodeKind::Call: {
            const auto& c = static_cast<const CallExpr&>(e);
            if (c.infoSelector)
                visitSelectors(*c.infoSelector, f);
            for (const auto& a : c.args)
                visitSelectors(*a, f);
            break;
        }
        default: break;
        }
    }

    struct UnsupportedSeries
    {
        Labels labels;
        std::string reason;
    };
    std::string m_loadError; ///< a load line the reader did not take (makes later failures say so)
    /// The float data plus a float stand-in for every series that could not be loaded (classify()).
    std::unique_ptr<tsdb::MemoryStore> m_twin;
    std::vector<UnsupportedSeries> m_unsupportedSeries; ///< series that could not be loaded
    ScriptReport m_report;
};

} // namespace

ScriptReport runScript(std::string_view text)
{
    Runner r;
    return r.run(text);
}

} // namespace sg::promql::test
