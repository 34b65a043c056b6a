// Functions that work on labels: label_replace, label_join, sort_by_label[_desc].

#include "evaluator.h"
#include "functions_table.h"
#include "lexer.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace sg::promql {

namespace {

bool isValidLabelName(std::string_view s)
{
    if (s.empty())
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool ok = std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (i > 0 && std::isdigit(static_cast<unsigned char>(c)));
        if (!ok)
            return false;
    }
    return true;
}

/// Expands `$1`, `${1}`, `$name`, `${name}` and `$$` in `tmpl` as Go's Regexp.ExpandString does.
std::string expandTemplate(std::string_view tmpl, const RE2& re, const std::vector<re2::StringPiece>& groups)
{
    std::string out;
    const auto& named = re.NamedCapturingGroups();
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        char c = tmpl[i];
        if (c != '$' || i + 1 >= tmpl.size()) {
            out += c;
            continue;
        }
        if (tmpl[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        std::string name;
        std::size_t j = i + 1;
        if (tmpl[j] == '{') {
            std::size_t close = tmpl.find('}', j);
            if (close == std::string_view::npos) {
                out += c;
                continue;
            }
            name = std::string(tmpl.substr(j + 1, close - j - 1));
            j = close + 1;
        } else {
            while (j < tmpl.size() && (std::isalnum(static_cast<unsigned char>(tmpl[j])) || tmpl[j] == '_'))
                name += tmpl[j++];
        }
        if (name.empty()) {
            out += c;
            continue;
        }
        i = j - 1;
        int index = -1;
        if (std::all_of(name.begin(), name.end(), [](char x) { return std::isdigit(static_cast<unsigned char>(x)); })) {
            if (name.size() < 9)
                index = std::stoi(name);
        } else if (auto it = named.find(name); it != named.end()) {
            index = it->second;
        }
        if (index >= 0 && std::size_t(index) < groups.size() && groups[std::size_t(index)].data())
            out += std::string(groups[std::size_t(index)].data(), groups[std::size_t(index)].size());
    }
    return out;
}

/// Natural order: runs of digits compare by number, the rest byte-wise (`cpu="2"` < `cpu="10"`).
int naturalCompare(std::string_view a, std::string_view b)
{
    std::size_t i = 0, j = 0;
    auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            std::size_t si = i, sj = j;
            while (si < a.size() && a[si] == '0')
                ++si;
            while (sj < b.size() && b[sj] == '0')
                ++sj;
            std::size_t ei = si, ej = sj;
            while (ei < a.size() && digit(a[ei]))
                ++ei;
            while (ej < b.size() && digit(b[ej]))
                ++ej;
            if (ei - si != ej - sj)
                return ei - si < ej - sj ? -1 : 1;
            if (int c = a.substr(si, ei - si).compare(b.substr(sj, ej - sj)); c != 0)
                return c < 0 ? -1 : 1;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j])
            return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
        ++i;
        ++j;
    }
    if (i == a.size() && j == b.size())
        return 0;
    return i == a.size() ? -1 : 1;
}

} // namespace

EvalValue Evaluator::evalLabelFunction(const CallExpr& c, TimestampMs ts)
{
    const std::string_view name = c.func->name;
    EvalValue in = eval(*c.args[0], ts);
    std::vector<std::string> strs;
    for (std::size_t i = 1; i < c.args.size(); ++i)
        strs.push_back(eval(*c.args[i], ts).string);
    EvalValue out;
    out.type = ValueType::Vector;
    EvalVector& vec = in.vector;

    if (name == "label_replace") {
        const std::string& dst = strs[0];
        const std::string& repl = strs[1];
        const std::string& src = strs[2];
        const std::string& regex = strs[3];
        RE2::Options opts;
        opts.set_dot_nl(true);
        opts.set_log_errors(false);
        RE2 re("^(?:" + regex + ")$", opts);
        if (!re.ok())
            throwEval(ErrorCode::Execution, "invalid regular expression in label_replace(): " + regex, c.where);
        if (!isValidLabelName(dst))
            throwEval(ErrorCode::Execution, "invalid destination label name in label_replace(): " + dst, c.where);
        std::vector<re2::StringPiece> groups(std::size_t(re.NumberOfCapturingGroups() + 1));
        for (auto& s : vec) {
            std::string value(s.metric.get(src));
            if (re.Match(value, 0, value.size(), RE2::UNANCHORED, groups.data(), int(groups.size()))) {
                std::string res = expandTemplate(repl, re, groups);
                s.metric = s.metric.with(dst, res);
                if (dst == "__name__")
                    s.dropName = false;
            }
        }
    } else if (name == "label_join") {
        const std::string& dst = strs[0];
        const std::string& sep = strs[1];
        if (!isValidLabelName(dst))
            throwEval(ErrorCode::Execution, "invalid destination label name in label_join(): " + dst, c.where);
        for (std::size_t i = 2; i < strs.size(); ++i)
            if (!isValidLabelName(strs[i]))
                throwEval(ErrorCode::Execution, "invalid source label name in label_join(): " + strs[i], c.where);
        for (auto& s : vec) {
            std::string joined;
            for (std::size_t i = 2; i < strs.size(); ++i) {
                if (i > 2)
                    joined += sep;
                joined += s.metric.get(strs[i]);
            }
            s.metric = s.metric.with(dst, joined);
            if (dst == "__name__")
                s.dropName = false;
        }
    } else {
        if (start() != end())
            warn("sort is ineffective for range queries since results are always ordered by labels", c.where);
        bool desc = name == "sort_by_label_desc";
        std::stable_sort(vec.begin(), vec.end(), [&](const EvalSample& a, const EvalSample& b) {
            for (const auto& l : strs) {
                int c = naturalCompare(a.metric.get(l), b.metric.get(l));
                if (c != 0)
                    return desc ? c > 0 : c < 0;
            }
            return desc ? b.metric < a.metric : a.metric < b.metric;
        });
    }
    out.vector = std::move(vec);
    return out;
}

} // namespace sg::promql
