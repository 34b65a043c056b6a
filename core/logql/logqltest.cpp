#include "logqltest.h"

#include "engine.h"
#include "lexer.h"
#include "core/logstore/memory_log_store.h"

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <re2/re2.h>
#include <sstream>

namespace sg::logql::logqltest {

int ScriptResult::passed() const
{
    int n = 0;
    for (const auto& c : cases)
        n += c.passed;
    return n;
}

namespace {

constexpr TimestampNs NsPerSec = 1'000'000'000;

/// Drops a `#` comment that is outside double quotes and backquotes.
std::string stripComment(std::string_view line)
{
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quote) {
            if (c == '\\' && quote == '"')
                ++i;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '`') {
            quote = c;
        } else if (c == '#') {
            return std::string(line.substr(0, i));
        }
    }
    return std::string(line);
}

std::string trim(std::string_view s)
{
    std::size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos)
        return {};
    std::size_t e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

bool parseTime(std::string_view s, TimestampNs& out)
{
    double secs = 0;
    if (!parseGoDuration(s, secs))
        return false;
    out = TimestampNs(std::llround(secs * double(NsPerSec)));
    return true;
}

/// Parses `{a="b", c=""}` at `pos`, advancing past it.
bool parseLabelSet(std::string_view s, std::size_t& pos, std::vector<Label>& out)
{
    if (pos >= s.size() || s[pos] != '{')
        return false;
    ++pos;
    while (pos < s.size()) {
        while (pos < s.size() && (s[pos] == ' ' || s[pos] == ','))
            ++pos;
        if (pos < s.size() && s[pos] == '}') {
            ++pos;
            return true;
        }
        std::size_t nb = pos;
        while (pos < s.size() && s[pos] != '=' && s[pos] != ' ')
            ++pos;
        std::string name(s.substr(nb, pos - nb));
        while (pos < s.size() && (s[pos] == ' ' || s[pos] == '='))
            ++pos;
        if (pos >= s.size() || s[pos] != '"')
            return false;
        ++pos;
        std::string value;
        while (pos < s.size() && s[pos] != '"') {
            if (s[pos] == '\\' && pos + 1 < s.size()) {
                char e = s[++pos];
                value += e == 'n' ? '\n' : e;
            } else {
                value += s[pos];
            }
            ++pos;
        }
        if (pos >= s.size())
            return false;
        ++pos;
        out.push_back(Label { std::move(name), std::move(value) });
    }
    return false;
}

bool parseValue(const std::string& tok, double& v)
{
    if (tok == "NaN") {
        v = std::nan("");
        return true;
    }
    if (tok == "Inf" || tok == "+Inf") {
        v = INFINITY;
        return true;
    }
    if (tok == "-Inf") {
        v = -INFINITY;
        return true;
    }
    char* end = nullptr;
    v = std::strtod(tok.c_str(), &end);
    return !tok.empty() && end == tok.c_str() + tok.size();
}

/// Expands promqltest point syntax: `1 2 _ 3+1x2 5x2` (nullopt for `_`).
bool parsePoints(std::istringstream& in, std::vector<std::optional<double>>& out)
{
    std::string tok;
    while (in >> tok) {
        std::size_t x = tok.rfind('x');
        if (x != std::string::npos && x > 0 && x + 1 < tok.size() && tok.find("Inf") == std::string::npos) {
            int n = std::atoi(tok.c_str() + x + 1);
            std::string head = tok.substr(0, x);
            if (head == "_") {
                for (int i = 0; i <= n; ++i)
                    out.push_back(std::nullopt);
                continue;
            }
            std::size_t sign = head.find_first_of("+-", 1);
            double a = 0, b = 0;
            if (sign == std::string::npos) {
                if (!parseValue(head, a))
                    return false;
            } else if (!parseValue(head.substr(0, sign), a) || !parseValue(head.substr(sign), b)) {
                return false;
            }
            for (int i = 0; i <= n; ++i)
                out.push_back(a + b * i);
            continue;
        }
        if (tok == "_") {
            out.push_back(std::nullopt);
            continue;
        }
        double v = 0;
        if (!parseValue(tok, v))
            return false;
        out.push_back(v);
    }
    return true;
}

bool sameValue(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (a == b)
        return true;
    return std::fabs(a - b) <= 1e-6 * std::max(std::fabs(a), std::fabs(b));
}

struct ExpectedSeries
{
    Labels labels;
    std::vector<std::optional<double>> points;
};

struct EvalBlock
{
    int line = 0;
    bool range = false;
    TimestampNs at = 0, from = 0, to = 0;
    DurationMs step = 0;
    std::string query;
    bool expectEmpty = false, expectFail = false, ordered = false;
    std::string failMsg, failRegex;
    std::optional<double> scalar;
    std::vector<ExpectedSeries> series;
};

std::string check(const EvalBlock& b, const Result<QueryResult>& r)
{
    if (b.expectFail) {
        if (r.ok())
            return "expected failure, got success";
        if (!b.failMsg.empty() && r.error().message.find(b.failMsg) == std::string::npos)
            return "error \"" + r.error().message + "\" lacks \"" + b.failMsg + "\"";
        if (!b.failRegex.empty() && !RE2::PartialMatch(r.error().message, RE2(b.failRegex)))
            return "error \"" + r.error().message + "\" does not match /" + b.failRegex + "/";
        return {};
    }
    if (!r.ok())
        return "unexpected error: " + r.error().message;
    const promql::Value& v = r->value;
    if (b.scalar) {
        if (v.type != promql::ValueType::Scalar && !(v.type == promql::ValueType::Matrix && v.matrix.size() == 1))
            return "expected a scalar";
        double got = v.type == promql::ValueType::Scalar ? v.scalar : v.matrix[0].points.back().v;
        return sameValue(got, *b.scalar) ? std::string() : "scalar " + std::to_string(got);
    }
    // Normalise to series -> points.
    std::vector<std::pair<Labels, std::map<TimestampMs, double>>> got;
    if (v.type == promql::ValueType::Vector) {
        for (const auto& s : v.vector)
            got.push_back({ s.metric, { { s.t, s.v } } });
    } else if (v.type == promql::ValueType::Matrix) {
        for (const auto& s : v.matrix) {
            std::map<TimestampMs, double> pts;
            for (const auto& p : s.points)
                pts[p.t] = p.v;
            got.push_back({ s.metric, std::move(pts) });
        }
    }
    if (b.expectEmpty)
        return got.empty() ? std::string() : "expected empty, got " + std::to_string(got.size()) + " series";
    if (got.size() != b.series.size())
        return "expected " + std::to_string(b.series.size()) + " series, got " + std::to_string(got.size());
    std::vector<TimestampMs> steps;
    if (b.range)
        for (TimestampMs t = nsToMs(b.from); t <= nsToMs(b.to); t += b.step)
            steps.push_back(t);
    else
        steps.push_back(nsToMs(b.at));
    for (std::size_t i = 0; i < b.series.size(); ++i) {
        const ExpectedSeries& e = b.series[i];
        const std::pair<Labels, std::map<TimestampMs, double>>* match = nullptr;
        if (b.ordered) {
            if (got[i].first == e.labels)
                match = &got[i];
        } else {
            for (const auto& g : got)
                if (g.first == e.labels)
                    match = &g;
        }
        if (!match)
            return "missing series " + e.labels.toString();
        if (e.points.size() != steps.size())
            return "expected " + std::to_string(e.points.size()) + " points for " + std::to_string(steps.size()) + " steps";
        for (std::size_t k = 0; k < steps.size(); ++k) {
            auto it = match->second.find(steps[k]);
            if (!e.points[k]) {
                if (it != match->second.end())
                    return "unexpected point at " + std::to_string(steps[k]) + " for " + e.labels.toString();
                continue;
            }
            if (it == match->second.end())
                return "missing point at " + std::to_string(steps[k]) + " for " + e.labels.toString();
            if (!sameValue(it->second, *e.points[k]))
                return e.labels.toString() + " at " + std::to_string(steps[k]) + ": got " + std::to_string(it->second)
                    + ", want " + std::to_string(*e.points[k]);
        }
    }
    return {};
}

Error scriptError(const std::string& name, int line, const std::string& msg)
{
    return Error { ErrorCode::BadData, name + ":" + std::to_string(line) + ": " + msg, {} };
}

} // namespace

Result<ScriptResult> runScript(std::string_view text, std::string name)
{
    ScriptResult result;
    result.name = name;
    std::vector<std::string> lines;
    {
        std::istringstream in { std::string(text) };
        for (std::string l; std::getline(in, l);)
            lines.push_back(l);
    }
    auto newStore = [] { return std::make_unique<logs::MemoryLogStore>(1LL << 40, 1LL << 40); };
    auto store = newStore();
    Engine engine;
    std::size_t i = 0;
    while (i < lines.size()) {
        const int lineNo = int(i) + 1;
        std::string l = trim(stripComment(lines[i]));
        ++i;
        if (l.empty())
            continue;
        // True when the next line belongs to the block; indented comment-only lines are skipped.
        auto indented = [&] {
            while (i < lines.size() && !lines[i].empty() && (lines[i][0] == ' ' || lines[i][0] == '\t')) {
                if (!trim(stripComment(lines[i])).empty())
                    return true;
                ++i;
            }
            return false;
        };
        if (l == "clear") {
            store = newStore();
        } else if (l == "load") {
            logs::PushBatch batch;
            while (indented()) {
                std::string entry = trim(stripComment(lines[i]));
                const int entryLine = int(i) + 1;
                ++i;
                std::size_t pos = 0;
                std::vector<Label> labels;
                if (!parseLabelSet(entry, pos, labels))
                    return scriptError(name, entryLine, "bad stream labels");
                while (pos < entry.size() && entry[pos] == ' ')
                    ++pos;
                if (pos >= entry.size() || (entry[pos] != '"' && entry[pos] != '`'))
                    return scriptError(name, entryLine, "expected a quoted line");
                char q = entry[pos];
                std::size_t close = entry.find(q, pos + 1);
                while (q == '"' && close != std::string::npos && entry[close - 1] == '\\')
                    close = entry.find(q, close + 1);
                if (close == std::string::npos)
                    return scriptError(name, entryLine, "unterminated line");
                std::string line = entry.substr(pos + 1, close - pos - 1);
                std::istringstream rest(entry.substr(close + 1));
                std::string tok, at;
                TimestampNs t0 = 0, every = 0;
                long count = 1;
                if (!(rest >> tok) || tok != "@" || !(rest >> at) || !parseTime(at, t0))
                    return scriptError(name, entryLine, "expected @ <time>");
                std::string remainder;
                std::getline(rest, remainder);
                static const RE2 repeatRe(R"(\[repeat\s+every\s+(\S+)\s+for\s+(\d+)\s*\])");
                std::string everyText;
                if (RE2::PartialMatch(remainder, repeatRe, &everyText, &count) && !parseTime(everyText, every))
                    return scriptError(name, entryLine, "bad repeat step");
                std::vector<Label> metadata;
                if (auto m = remainder.find("[metadata"); m != std::string::npos) {
                    std::string meta = "{" + remainder.substr(m + 9, remainder.find(']', m) - m - 9) + "}";
                    for (char& c : meta)
                        if (c == '\t')
                            c = ' ';
                    std::size_t mp = 0;
                    if (!parseLabelSet(meta, mp, metadata))
                        return scriptError(name, entryLine, "bad metadata");
                }
                logs::Stream s { Labels(labels), {} };
                for (long k = 0; k < count; ++k) {
                    std::string text = line;
                    for (std::size_t p; (p = text.find("{{.i}}")) != std::string::npos;)
                        text.replace(p, 6, std::to_string(k));
                    s.entries.push_back(logs::LogEntry { t0 + every * k, std::move(text), metadata });
                }
                batch.streams.push_back(std::move(s));
            }
            store->push(batch);
        } else if (l.rfind("eval ", 0) == 0) {
            EvalBlock b;
            b.line = lineNo;
            std::istringstream h(l.substr(5));
            std::string kind, word;
            h >> kind;
            std::string t1, t2, st;
            if (kind == "instant") {
                h >> word >> t1;
                if (word != "at" || !parseTime(t1, b.at))
                    return scriptError(name, lineNo, "bad eval instant header");
            } else if (kind == "range") {
                std::string w2, w3;
                h >> word >> t1 >> w2 >> t2 >> w3 >> st;
                TimestampNs stepNs = 0;
                if (word != "from" || w2 != "to" || w3 != "step" || !parseTime(t1, b.from) || !parseTime(t2, b.to)
                    || !parseTime(st, stepNs))
                    return scriptError(name, lineNo, "bad eval range header");
                b.range = true;
                b.step = nsToMs(stepNs);
            } else {
                return scriptError(name, lineNo, "unknown eval kind " + kind);
            }
            std::getline(h, b.query);
            b.query = trim(b.query);
            while (indented()) {
                std::string e = trim(stripComment(lines[i]));
                ++i;
                if (e == "expect empty") {
                    b.expectEmpty = true;
                } else if (e == "expect ordered") {
                    b.ordered = true;
                } else if (e.rfind("expect fail", 0) == 0) {
                    b.expectFail = true;
                    std::string rest = trim(e.substr(11));
                    if (rest.rfind("msg:", 0) == 0)
                        b.failMsg = trim(rest.substr(4));
                    else if (rest.rfind("regex:", 0) == 0)
                        b.failRegex = trim(rest.substr(6));
                } else if (e.rfind("skip ", 0) == 0) {
                    // Distributed-execution notes; a single-process engine compares values as usual.
                } else if (e[0] == '{') {
                    std::size_t pos = 0;
                    std::vector<Label> labels;
                    if (!parseLabelSet(e, pos, labels))
                        return scriptError(name, int(i), "bad series labels");
                    // `name=""` in an expected series is a label with an empty value, not an absent one.
                    ExpectedSeries s { Labels::keepingEmpty(std::move(labels)), {} };
                    std::istringstream pts(e.substr(pos));
                    if (!parsePoints(pts, s.points))
                        return scriptError(name, int(i), "bad points");
                    b.series.push_back(std::move(s));
                } else {
                    double v = 0;
                    if (!parseValue(e, v))
                        return scriptError(name, int(i), "unexpected line: " + e);
                    b.scalar = v;
                }
            }
            QueryParams params;
            if (b.range) {
                params.start = b.from;
                params.end = b.to;
                params.step = b.step;
            } else {
                params.start = params.end = b.at;
            }
            auto r = engine.query(*store, b.query, params);
            std::string failure = check(b, r);
            result.cases.push_back(CaseResult { b.line, b.query, failure.empty(), failure });
        } else {
            return scriptError(name, lineNo, "unexpected line: " + l);
        }
    }
    return result;
}

Result<ScriptResult> runScriptFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error { ErrorCode::Io, "cannot open " + path, {} };
    std::stringstream ss;
    ss << in.rdbuf();
    std::string name = path.substr(path.find_last_of('/') + 1);
    return runScript(ss.str(), name);
}

} // namespace sg::logql::logqltest
