#include "core/common/query_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace sg {

namespace {

// Placeholders: a name `__sgvar<N>__`, a number `<NumberBase + N>`, a duration `<DurationBase + N>ms`, where N
// indexes the distinct variables. The values are far from anything a query holds (a number near 1e10, a duration
// of 1143d2h50m32s100ms, below Prometheus' limit of about 292 years), so they are told apart from the query's own
// durations and numbers when it is printed.
constexpr std::int64_t NumberBase = 9'876'543'210;
constexpr DurationMs DurationBase = 98'765'432'100;
constexpr std::string_view NamePrefix = "__sgvar";

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// The end of the quoted string that starts at text[i] (after its closing quote, or the end of the text).
std::size_t stringEnd(std::string_view text, std::size_t i)
{
    const char quote = text[i];
    for (std::size_t j = i + 1; j < text.size(); ++j) {
        if (text[j] == '\\' && quote != '`')
            ++j;
        else if (text[j] == quote)
            return j + 1;
    }
    return text.size();
}

std::size_t lineEnd(std::string_view text, std::size_t i)
{
    const auto nl = text.find('\n', i);
    return nl == std::string_view::npos ? text.size() : nl;
}

std::size_t wordEnd(std::string_view text, std::size_t i)
{
    while (i < text.size() && isWordChar(text[i]))
        ++i;
    return i;
}

/// The length of the Grafana variable reference at text[i], or 0: Grafana's template_srv regex
/// `\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\}`.
std::size_t variableLength(std::string_view text, std::size_t i)
{
    const std::size_t n = text.size();
    if (text[i] == '$' && i + 1 < n && text[i + 1] != '{') {
        const std::size_t k = wordEnd(text, i + 1);
        return k > i + 1 ? k - i : 0;
    }
    if (text[i] == '$') {
        std::size_t k = wordEnd(text, i + 2);
        if (k == i + 2)
            return 0;
        if (k < n && text[k] == '.') {
            const std::size_t start = ++k;
            while (k < n && text[k] != ':' && text[k] != '^' && text[k] != '}')
                ++k;
            if (k == start)
                return 0;
        }
        if (k < n && text[k] == ':') {
            const std::size_t start = ++k;
            while (k < n && text[k] != '}')
                ++k;
            if (k == start)
                return 0;
        }
        return k < n && text[k] == '}' ? k + 1 - i : 0;
    }
    if (text.substr(i, 2) == "[[") {
        std::size_t k = wordEnd(text, i + 2);
        if (k == i + 2)
            return 0;
        if (k < n && text[k] == ':') {
            const std::size_t start = k + 1;
            k = wordEnd(text, start);
            if (k == start)
                return 0;
        }
        return text.substr(k, 2) == "]]" ? k + 2 - i : 0;
    }
    return 0;
}

/// A number written at text[i], or -1.
std::int64_t numberAt(std::string_view text, std::size_t i, std::size_t& end)
{
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + text.size(), v);
    if (ec != std::errc() || ptr == text.data() + i)
        return -1;
    end = std::size_t(ptr - text.data());
    return v;
}

} // namespace

std::vector<QueryComment> findQueryComments(std::string_view text)
{
    std::vector<QueryComment> out;
    bool lineHasToken = false;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '"' || c == '\'' || c == '`') {
            lineHasToken = true;
            i = stringEnd(text, i);
        } else if (c == '#') {
            const std::size_t end = lineEnd(text, i);
            out.push_back({ SourceRange { int(i), int(end) }, !lineHasToken });
            i = end;
        } else {
            if (c == '\n')
                lineHasToken = false;
            else if (!isBlank(c))
                lineHasToken = true;
            ++i;
        }
    }
    return out;
}

std::string commentText(std::string_view text, SourceRange where)
{
    std::string_view c = text.substr(std::size_t(where.begin), std::size_t(where.end - where.begin));
    while (!c.empty() && (c.back() == ' ' || c.back() == '\t' || c.back() == '\r'))
        c.remove_suffix(1);
    return std::string(c);
}

std::string oneLine(std::string_view text)
{
    std::string out;
    for (int i = skipBlanks(text, 0); i < int(text.size());) {
        const int next = skipBlanks(text, i);
        if (next > i) {
            // no space inside brackets or before a comma: `step( # c\n)` is `step()`
            const bool tight = (!out.empty() && (out.back() == '(' || out.back() == '['))
                || (next < int(text.size())
                    && std::string_view(")],").find(text[std::size_t(next)]) != std::string_view::npos);
            if (!tight)
                out += ' ';
            i = next;
            continue;
        }
        out += text[std::size_t(i++)];
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

int skipBlanks(std::string_view text, int pos)
{
    std::size_t i = std::size_t(std::max(pos, 0));
    while (i < text.size()) {
        if (isBlank(text[i]))
            ++i;
        else if (text[i] == '#')
            i = lineEnd(text, i);
        else
            break;
    }
    return int(std::min(i, text.size()));
}

LineColumn lineColumn(std::string_view text, int offset)
{
    LineColumn lc;
    const std::size_t end = std::min(std::size_t(std::max(offset, 0)), text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++lc.line;
            lc.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++lc.column;
        }
    }
    return lc;
}

std::string describeDiagnostic(std::string_view query, const Diagnostic& d)
{
    const LineColumn at = lineColumn(query, d.where.begin);
    return std::to_string(at.line) + ":" + std::to_string(at.column)
        + (d.severity == Diagnostic::Severity::Error ? ": parse error: " : ": warning: ") + d.message;
}

std::vector<Diagnostic> WarningCollector::take()
{
    std::stable_sort(m_found.begin(), m_found.end(),
        [](const Diagnostic& a, const Diagnostic& b) { return a.where.begin < b.where.begin; });
    return std::move(m_found);
}

void WarningCollector::warn(SourceRange where, std::string message)
{
    m_found.push_back({ Diagnostic::Severity::Warning, std::move(message), m_query.toOriginal(where) });
}

TemplatedQuery::TemplatedQuery(std::string_view original)
    : m_original(original)
{
    build();
}

void TemplatedQuery::build()
{
    const std::string_view in = m_original;
    m_text.clear();
    m_variables.clear();
    m_distinct.clear();
    int bracketDepth = 0;
    std::string lastWord; // the word before the current position, blanks skipped (`offset`)
    char lastChar = 0;    // the last character that is not a blank (`@`)
    bool inWord = false;  // the last character is part of a word
    for (std::size_t i = 0; i < in.size();) {
        const char c = in[i];
        if (c == '"' || c == '\'' || c == '`' || c == '#') {
            const std::size_t end = c == '#' ? lineEnd(in, i) : stringEnd(in, i);
            m_text.append(in.substr(i, end - i));
            if (c != '#') {
                lastChar = c;
                lastWord.clear();
            }
            inWord = false;
            i = end;
            continue;
        }
        if (std::size_t length = variableLength(in, i)) {
            Variable v;
            v.kind = PlaceholderKind::Identifier;
            if (bracketDepth > 0 || lastWord == "offset")
                v.kind = PlaceholderKind::Duration;
            else if (lastChar == '@' || m_numbers.count(int(m_variables.size())))
                v.kind = PlaceholderKind::Number;
            if (v.kind == PlaceholderKind::Duration) // `${__range_s}s`: the unit belongs to the duration
                while (i + length < in.size() && std::isalnum(static_cast<unsigned char>(in[i + length])))
                    ++length;
            v.written = std::string(in.substr(i, length));
            v.original = { int(i), int(i + length) };
            auto known = std::find(m_distinct.begin(), m_distinct.end(), v.written);
            const auto index = std::int64_t(known - m_distinct.begin());
            if (known == m_distinct.end())
                m_distinct.push_back(v.written);
            std::string placeholder;
            switch (v.kind) {
            case PlaceholderKind::Identifier:
                placeholder = std::string(NamePrefix) + std::to_string(index) + "__";
                break;
            case PlaceholderKind::Number: placeholder = std::to_string(NumberBase + index); break;
            case PlaceholderKind::Duration: placeholder = std::to_string(DurationBase + index) + "ms"; break;
            }
            v.placeholder = { int(m_text.size()), int(m_text.size() + placeholder.size()) };
            m_text += placeholder;
            m_variables.push_back(std::move(v));
            lastChar = 'x';
            lastWord.clear();
            inWord = false;
            i += length;
            continue;
        }
        if (c == '[')
            ++bracketDepth;
        else if (c == ']' && bracketDepth > 0)
            --bracketDepth;
        const bool offsetSign = (c == '-' || c == '+') && lastWord == "offset"; // `offset -$x`: still a duration
        if (isBlank(c)) {
            inWord = false;
        } else if (!offsetSign) {
            if (!isWordChar(c))
                lastWord.clear();
            else if (!inWord)
                lastWord = c;
            else
                lastWord += c;
            inWord = isWordChar(c);
            lastChar = c;
        }
        m_text += c;
        ++i;
    }
}

int TemplatedQuery::retypeAsNumber(SourceRange range)
{
    for (std::size_t k = 0; k < m_variables.size(); ++k) {
        const auto& v = m_variables[k];
        const bool overlaps
            = v.placeholder.begin < std::max(range.end, range.begin + 1) && range.begin < v.placeholder.end;
        if (overlaps && v.kind == PlaceholderKind::Identifier) {
            m_numbers.insert(int(k));
            build();
            return int(k);
        }
    }
    return -1;
}

int TemplatedQuery::toOriginal(int offset, bool end) const
{
    int delta = 0;
    for (const auto& v : m_variables) {
        if (offset < v.placeholder.begin)
            break;
        if (offset < v.placeholder.end || (end && offset == v.placeholder.end))
            return end ? v.original.end : v.original.begin;
        delta += (v.placeholder.end - v.placeholder.begin) - (v.original.end - v.original.begin);
    }
    return std::clamp(offset - delta, 0, int(m_original.size()));
}

SourceRange TemplatedQuery::toOriginal(SourceRange range) const
{
    return { toOriginal(range.begin), std::max(toOriginal(range.begin), toOriginal(range.end, true)) };
}

std::string TemplatedQuery::restoreName(std::string_view name) const
{
    std::string out;
    std::size_t i = 0;
    while (i < name.size()) {
        const auto at = name.find(NamePrefix, i);
        if (at == std::string_view::npos)
            break;
        std::size_t end = 0;
        const std::int64_t index = numberAt(name, at + NamePrefix.size(), end);
        if (index < 0 || index >= std::int64_t(m_distinct.size()) || name.substr(end, 2) != "__") {
            out.append(name.substr(i, at + 1 - i));
            i = at + 1;
            continue;
        }
        out.append(name.substr(i, at - i));
        out += m_distinct[std::size_t(index)];
        i = end + 2;
    }
    out.append(name.substr(i));
    return out;
}

const std::string* TemplatedQuery::durationVariable(DurationMs ms) const
{
    if (ms < DurationBase || ms >= DurationBase + DurationMs(m_distinct.size()))
        return nullptr;
    return &m_distinct[std::size_t(ms - DurationBase)];
}

const std::string* TemplatedQuery::numberVariable(double value) const
{
    const double index = value - double(NumberBase);
    if (!(index >= 0 && index < double(m_distinct.size())) || index != double(std::int64_t(index))) // NaN too
        return nullptr;
    return &m_distinct[std::size_t(index)];
}

std::string TemplatedQuery::restoreText(std::string_view text) const
{
    const std::string named = restoreName(text);
    std::string out;
    for (std::size_t i = 0; i < named.size();) {
        std::size_t end = 0;
        const bool starts = std::isdigit(static_cast<unsigned char>(named[i])) && (i == 0 || !isWordChar(named[i - 1]));
        const std::int64_t n = starts ? numberAt(named, i, end) : -1;
        if (n >= 0) {
            const bool ms = named.compare(end, 2, "ms") == 0;
            if (const std::string* v = ms ? durationVariable(n) : numberVariable(double(n))) {
                out += *v;
                i = ms ? end + 2 : end;
                continue;
            }
        }
        out += named[i++];
    }
    return out;
}

std::string SignatureWriter::number(double v) const
{
    if (const std::string* var = m_query.numberVariable(v))
        return *var;
    if (const std::string* var = m_query.numberVariable(-v))
        return std::string(1, '-').append(*var);
    if (std::isnan(v))
        return "NaN";
    char buf[64];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

std::string SignatureWriter::duration(DurationMs ms) const
{
    if (const std::string* var = m_query.durationVariable(ms < 0 ? -ms : ms))
        return std::string(ms < 0 ? "-" : "").append(*var);
    return std::to_string(ms) + "ms";
}

std::string SignatureWriter::names(const std::vector<std::string>& list) const
{
    std::string out = "(";
    for (const auto& l : list)
        out.append(m_query.restoreName(l)).append(";");
    return out + ")";
}

namespace {

std::vector<std::string> writtenVariables(const TemplatedQuery& q)
{
    std::vector<std::string> out;
    for (const auto& v : q.variables())
        out.push_back(v.written);
    std::sort(out.begin(), out.end());
    return out;
}

/// Why `formatted` would not stand for `original`, or empty when it does.
std::string formattingProblem(
    TemplatedQuery& original, const std::string& formatted, const TemplatedFunction& signature)
{
    TemplatedQuery again(formatted);
    const auto after = signature(again);
    if (!after.ok())
        return "it does not parse: " + after.error().message;
    const auto before = signature(original);
    if (!before.ok() || *before != *after)
        return "its tree differs";
    if (writtenVariables(again) != writtenVariables(original))
        return "its template variables differ";
    std::size_t from = 0;
    for (const auto& c : findQueryComments(original.text())) {
        const std::string text = commentText(original.text(), c.where);
        const auto at = formatted.find(text, from);
        if (at == std::string::npos)
            return "a comment is lost";
        from = at + text.size();
    }
    return {};
}

} // namespace

Result<std::string> formatChecked(
    std::string_view query, const TemplatedFunction& print, const TemplatedFunction& signature)
{
    TemplatedQuery q(query);
    auto out = print(q);
    if (!out.ok()) {
        Error e = out.error();
        e.where = q.toOriginal(e.where);
        e.message = q.restoreText(e.message);
        return e;
    }
    const std::string problem = formattingProblem(q, *out, signature);
    if (!problem.empty())
        return Error { ErrorCode::Internal, "the query cannot be formatted without changing it (" + problem + ")", {} };
    return out;
}

} // namespace sg
