// Line parser of the Prometheus text exposition format 0.0.4.
#include "exposition_parser.h"

#include <charconv>
#include <cstring>
#include <functional>
#include <map>
#include <unordered_set>

namespace sg::scrape {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}
bool isLabelNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool isMetricNameChar(char c)
{
    return isLabelNameChar(c) || c == ':';
}

/// Per-family state while parsing: which metadata lines and samples were seen.
struct FamilyState
{
    MetricType type = MetricType::Untyped;
    bool hasHelp = false;
    bool hasType = false;
    bool hasSamples = false;
    std::size_t metadataIndex = std::size_t(-1);
};

/// Thrown inside one parse call only; converted to an Error value at the entry point.
struct ParseFailure
{
    Error error;
};

class TextParser
{
public:
    TextParser(std::string_view body, const SampleSink& sink, const RawSampleSink& raw)
        : m_body(body)
        , m_sink(sink)
        , m_raw(raw)
    {
    }

    ParsedExposition run()
    {
        std::size_t pos = 0;
        while (pos < m_body.size() && !m_stopped) {
            const void* nl = std::memchr(m_body.data() + pos, '\n', m_body.size() - pos);
            const std::size_t end = nl ? std::size_t(static_cast<const char*>(nl) - m_body.data()) : m_body.size();
            ++m_lineNo;
            m_lineStart = pos;
            m_lastLine = (end == m_body.size());
            std::string_view line = m_body.substr(pos, end - pos);
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            parseLine(line);
            pos = end + 1;
        }
        return std::move(m_out);
    }

private:
    [[noreturn]] void fail(std::size_t col, std::size_t len, const std::string& message) const
    {
        const int begin = int(m_lineStart + col);
        throw ParseFailure { parseError("line " + std::to_string(m_lineNo) + ": " + message, begin, begin + int(len)) };
    }

    void skipBlanks(std::string_view line, std::size_t& i) const
    {
        while (i < line.size() && isBlank(line[i]))
            ++i;
    }

    /// Reads a double-quoted string starting at line[i] == '"'; unescapes \\, \" and \n. Without `checkUtf8`
    /// the caller checks the encoding (once it knows what the string is).
    std::string readQuoted(std::string_view line, std::size_t& i, const char* what, bool checkUtf8 = true)
    {
        const std::size_t start = i++;
        std::string out;
        std::size_t runStart = i;
        while (true) {
            if (i >= line.size()) {
                if (!m_lastLine)
                    fail(start, line.size() - start, std::string(what) + " contains unescaped new-line");
                fail(start, line.size() - start, std::string("unexpected end of ") + what);
            }
            const char c = line[i];
            if (c == '"')
                break;
            if (c == '\\') {
                out.append(line.data() + runStart, i - runStart);
                if (i + 1 >= line.size())
                    fail(i, 1, std::string("unexpected end of ") + what);
                const char e = line[i + 1];
                if (e == '\\' || e == '"')
                    out += e;
                else if (e == 'n')
                    out += '\n';
                else
                    fail(i, 2, std::string("invalid escape sequence '\\") + e + "' in " + what);
                i += 2;
                runStart = i;
                continue;
            }
            ++i;
        }
        out.append(line.data() + runStart, i - runStart);
        ++i; // closing quote
        if (checkUtf8 && !isValidUtf8(out))
            fail(start, i - start, std::string("invalid UTF-8 in ") + what);
        return out;
    }

    void parseLine(std::string_view line)
    {
        std::size_t i = 0;
        skipBlanks(line, i);
        if (i == line.size())
            return;
        if (line[i] == '#')
            parseComment(line, i + 1);
        else
            parseSample(line, i);
    }

    /// Reads a metric name in a HELP/TYPE line: quoted or legacy, followed by a blank or the end.
    std::string readCommentName(std::string_view line, std::size_t& i, const char* keyword)
    {
        if (i >= line.size())
            fail(i, 0, std::string("expected metric name after ") + keyword);
        std::string name;
        const std::size_t start = i;
        if (line[i] == '"') {
            name = readQuoted(line, i, "metric name");
            if (name.empty())
                fail(start, i - start, "empty metric name in comment");
        } else {
            while (i < line.size() && !isBlank(line[i]))
                ++i;
            name.assign(line.substr(start, i - start));
            if (!isLegacyMetricName(name))
                fail(start, i - start, "invalid metric name in comment: \"" + name + "\"");
        }
        if (i < line.size() && !isBlank(line[i]))
            fail(i, 1, "expected blank after metric name in comment");
        return name;
    }

    FamilyState& familyWithMetadata(const std::string& name)
    {
        auto& f = m_families[name];
        if (f.metadataIndex == std::size_t(-1)) {
            f.metadataIndex = m_out.metadata.size();
            m_out.metadata.push_back(MetricMetadata { name, f.type, {} });
        }
        m_current = name;
        m_currentFamily = &f;
        m_lastSampleName.clear();
        return f;
    }

    void parseComment(std::string_view line, std::size_t i)
    {
        skipBlanks(line, i);
        const std::size_t kw = i;
        while (i < line.size() && !isBlank(line[i]))
            ++i;
        const std::string_view keyword = line.substr(kw, i - kw);
        const bool help = keyword == "HELP";
        if (!help && keyword != "TYPE")
            return; // plain comment
        skipBlanks(line, i);
        if (i == line.size())
            return; // a bare "# HELP" is a comment, as in the reference parser
        const std::size_t nameStart = i;
        const std::string name = readCommentName(line, i, help ? "HELP" : "TYPE");
        if (i == line.size())
            return; // "# HELP name" with nothing after it is a comment too
        skipBlanks(line, i);
        if (help) {
            auto& f = familyWithMetadata(name);
            if (f.hasHelp)
                fail(nameStart, name.size(), "second HELP line for metric name \"" + name + "\"");
            f.hasHelp = true;
            m_out.metadata[f.metadataIndex].help = unescapeHelp(line.substr(i));
            return;
        }
        const std::size_t typeStart = i;
        while (i < line.size() && !isBlank(line[i]))
            ++i;
        const std::string_view typeWord = line.substr(typeStart, i - typeStart);
        const std::size_t typeEnd = i;
        skipBlanks(line, i);
        if (i != line.size())
            fail(i, line.size() - i, "unexpected text after metric type");
        MetricType type;
        if (typeWord == "counter")
            type = MetricType::Counter;
        else if (typeWord == "gauge")
            type = MetricType::Gauge;
        else if (typeWord == "histogram")
            type = MetricType::Histogram;
        else if (typeWord == "gaugehistogram" || typeWord == "gauge_histogram")
            type = MetricType::GaugeHistogram;
        else if (typeWord == "summary")
            type = MetricType::Summary;
        else if (typeWord == "untyped")
            type = MetricType::Untyped;
        else
            fail(typeStart, typeEnd - typeStart, "unknown metric type \"" + std::string(typeWord) + "\"");
        auto& f = familyWithMetadata(name);
        if (f.hasType || f.hasSamples || m_sampledNames.count(std::hash<std::string_view> {}(name)))
            fail(nameStart, name.size(),
                "second TYPE line for metric name \"" + name + "\", or TYPE reported after samples");
        f.hasType = true;
        f.type = type;
        m_out.metadata[f.metadataIndex].type = type;
    }

    static std::string unescapeHelp(std::string_view s)
    {
        std::string out;
        out.reserve(s.size());
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '\\' || s[i + 1] == 'n')) {
                out += s[i + 1] == 'n' ? '\n' : '\\';
                ++i;
            } else {
                out += s[i];
            }
        }
        return out;
    }

    void parseLabelSet(std::string_view line, std::size_t& i, std::string& metricName, std::vector<Label>& labels)
    {
        ++i; // '{'
        while (true) {
            skipBlanks(line, i);
            if (i >= line.size())
                fail(i, 0, "unexpected end of label set");
            if (line[i] == '}') {
                ++i;
                return;
            }
            const std::size_t nameStart = i;
            std::string name;
            if (line[i] == '"') {
                name = readQuoted(line, i, "label name", false);
                const std::size_t nameEnd = i;
                skipBlanks(line, i);
                const bool isMetricName = i >= line.size() || line[i] != '=';
                if (!isValidUtf8(name))
                    fail(nameStart, nameEnd - nameStart, isMetricName ? "invalid UTF-8 in metric name" : "invalid UTF-8 in label name");
                if (isMetricName) {
                    // a quoted string alone is the metric name
                    if (!metricName.empty())
                        fail(nameStart, i - nameStart, "multiple metric names");
                    if (name.empty())
                        fail(nameStart, i - nameStart, "empty metric name");
                    metricName = std::move(name);
                    if (i < line.size() && line[i] == ',')
                        ++i;
                    else if (i >= line.size() || line[i] != '}')
                        fail(i, 1, "expected ',' or '}' after metric name");
                    continue;
                }
                if (name.empty())
                    fail(nameStart, i - nameStart, "empty label name");
            } else {
                while (i < line.size() && isLabelNameChar(line[i]))
                    ++i;
                name.assign(line.substr(nameStart, i - nameStart));
                if (name.empty() || (name[0] >= '0' && name[0] <= '9'))
                    fail(nameStart, std::max<std::size_t>(1, i - nameStart), "invalid label name");
                skipBlanks(line, i);
            }
            if (i >= line.size() || line[i] != '=')
                fail(i, 1, "expected '=' after label name \"" + name + "\"");
            if (name == "__name__")
                fail(nameStart, i - nameStart, "label name \"__name__\" is reserved");
            ++i;
            skipBlanks(line, i);
            if (i >= line.size() || line[i] != '"')
                fail(i, 1, "expected '\"' at start of label value");
            std::string value = readQuoted(line, i, "label value");
            for (const auto& l : labels)
                if (l.name == name)
                    fail(nameStart, i - nameStart, "duplicate label name \"" + name + "\"");
            labels.push_back(Label { std::move(name), std::move(value) });
            skipBlanks(line, i);
            if (i < line.size() && line[i] == ',') {
                ++i;
                continue;
            }
            if (i < line.size() && (line[i] == '}' || line[i] == '"' || isLabelNameChar(line[i])))
                continue; // Prometheus tolerates a missing comma between labels
            fail(i, 1, "unexpected end of label value: expected ',' or '}'");
        }
    }

    FamilyState* familyForSample(std::string_view name)
    {
        if (name == m_lastSampleName)
            return m_currentFamily;
        auto belongsTo = [&](const std::string& base, MetricType type) {
            if (name == base)
                return true;
            if (type != MetricType::Histogram && type != MetricType::GaugeHistogram && type != MetricType::Summary)
                return false;
            if (name.size() <= base.size() || name.compare(0, base.size(), base) != 0)
                return false;
            const std::string_view suffix = std::string_view(name).substr(base.size());
            return suffix == "_sum" || suffix == "_count" || suffix == "_created"
                || (suffix == "_bucket" && type != MetricType::Summary);
        };
        if (!(m_currentFamily && belongsTo(m_current, m_currentFamily->type))) {
            m_current = name;
            m_currentFamily = nullptr;
            for (const char* suffix : { "_bucket", "_sum", "_count", "_created" }) {
                const std::size_t n = std::strlen(suffix);
                if (name.size() > n && name.compare(name.size() - n, n, std::string_view(suffix)) == 0) {
                    auto it = m_families.find(name.substr(0, name.size() - n));
                    if (it != m_families.end() && belongsTo(it->first, it->second.type)) {
                        m_current = it->first;
                        m_currentFamily = &it->second;
                        break;
                    }
                }
            }
            if (!m_currentFamily) {
                if (auto it = m_families.find(name); it != m_families.end()) {
                    m_currentFamily = &it->second;
                } else {
                    // A family without metadata: only its name's hash is kept (for "TYPE after samples"), so
                    // that a body of a million metric names does not cost a million family entries.
                    m_sampledNames.insert(std::hash<std::string_view> {}(name));
                    m_untyped = FamilyState {};
                    m_currentFamily = &m_untyped;
                }
            }
        }
        m_lastSampleName = name;
        m_currentFamily->hasSamples = true;
        return m_currentFamily;
    }

    void checkHistogramSample(const std::string& name, const std::vector<Label>& labels, double value,
        std::size_t valueCol, std::size_t valueLen)
    {
        const FamilyState& f = *m_currentFamily;
        auto labelValue = [&](const char* n) -> const std::string* {
            for (const auto& l : labels)
                if (l.name == n)
                    return &l.value;
            return nullptr;
        };
        const std::string_view suffix = std::string_view(name).substr(m_current.size());
        if (f.type == MetricType::Summary && suffix.empty()) {
            if (const auto* q = labelValue("quantile"); q && !parseFloatValue(*q))
                fail(0, valueCol, "expected float as value for 'quantile' label, got \"" + *q + "\"");
        } else if (f.type == MetricType::Histogram || f.type == MetricType::GaugeHistogram) {
            if (suffix == "_bucket") {
                if (const auto* le = labelValue("le"); le && !parseFloatValue(*le))
                    fail(0, valueCol, "expected float as value for 'le' label, got \"" + *le + "\"");
                if (value < 0)
                    fail(valueCol, valueLen, "negative bucket population for histogram \"" + m_current + "\"");
            } else if (suffix == "_count" && value < 0) {
                fail(valueCol, valueLen, "negative count for histogram \"" + m_current + "\"");
            }
        }
    }

    /// The scrape cache's path: scans the series without parsing its labels and hands it to the raw sink.
    /// False when the sink does not know the series, or the line needs the full parse (a label set the scan
    /// does not end, a histogram or summary family, anything invalid: the full parse reports it).
    bool rawSample(std::string_view line, std::size_t i)
    {
        const std::size_t start = i;
        while (i < line.size() && isMetricNameChar(line[i]))
            ++i;
        if (i == start || (line[start] >= '0' && line[start] <= '9')
            || (i < line.size() && !isBlank(line[i]) && line[i] != '{'))
            return false;
        const std::string_view name = line.substr(start, i - start);
        std::size_t seriesEnd = i;
        skipBlanks(line, i);
        if (i < line.size() && line[i] == '{') {
            i = labelSetEnd(line, i);
            if (i == std::string_view::npos)
                return false;
            seriesEnd = i;
            skipBlanks(line, i);
        }
        if (i >= line.size())
            return false;
        const std::size_t valueStart = i;
        while (i < line.size() && !isBlank(line[i]))
            ++i;
        const auto value = parseFloatValue(line.substr(valueStart, i - valueStart));
        if (!value)
            return false;
        skipBlanks(line, i);
        std::optional<TimestampMs> timestamp;
        if (i < line.size()) {
            const std::size_t tsStart = i;
            while (i < line.size() && !isBlank(line[i]))
                ++i;
            timestamp = parseTimestamp(line.substr(tsStart, i - tsStart));
            if (!timestamp)
                return false;
            skipBlanks(line, i);
            if (i < line.size())
                return false;
        }
        const MetricType type = familyForSample(name)->type;
        if (type == MetricType::Histogram || type == MetricType::GaugeHistogram || type == MetricType::Summary)
            return false; // checkHistogramSample() looks at `le` and `quantile`
        return m_raw(line.substr(start, seriesEnd - start), *value, timestamp);
    }

    static std::optional<TimestampMs> parseTimestamp(std::string_view ts)
    {
        std::int64_t t = 0;
        const bool neg = !ts.empty() && ts[0] == '-';
        std::string_view digits = (!ts.empty() && (ts[0] == '+' || neg)) ? ts.substr(1) : ts;
        const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), t);
        if (digits.empty() || digits[0] == '-' || r.ec != std::errc() || r.ptr != digits.data() + digits.size())
            return std::nullopt;
        return neg ? -t : t;
    }

    void parseSample(std::string_view line, std::size_t i)
    {
        if (m_raw && line[i] != '{' && rawSample(line, i))
            return;
        std::string name;
        std::vector<Label> labels;
        labels.reserve(8);
        const std::size_t start = i;
        std::size_t seriesEnd = i;
        if (line[i] != '{') {
            while (i < line.size() && isMetricNameChar(line[i]))
                ++i;
            name.assign(line.substr(start, i - start));
            // the scanned characters are all legal; only a leading digit or an empty name is not
            if (name.empty() || (name[0] >= '0' && name[0] <= '9')
                || (i < line.size() && !isBlank(line[i]) && line[i] != '{'))
                fail(start, std::max<std::size_t>(1, i - start), "invalid metric name");
            seriesEnd = i;
            skipBlanks(line, i);
        }
        if (i < line.size() && line[i] == '{') {
            parseLabelSet(line, i, name, labels);
            if (name.empty())
                fail(start, i - start, "invalid metric name: metric name not set");
            seriesEnd = i;
            skipBlanks(line, i);
        }
        if (i >= line.size())
            fail(i, 0, "expected value after metric \"" + name + "\"");
        const std::size_t valueStart = i;
        while (i < line.size() && !isBlank(line[i]))
            ++i;
        const std::string_view valueText = line.substr(valueStart, i - valueStart);
        const auto value = parseFloatValue(valueText);
        if (!value)
            fail(valueStart, valueText.size(), "expected float as value, got \"" + std::string(valueText) + "\"");
        ParsedSample sample;
        sample.value = *value;
        skipBlanks(line, i);
        if (i < line.size()) {
            const std::size_t tsStart = i;
            while (i < line.size() && !isBlank(line[i]))
                ++i;
            std::string_view ts = line.substr(tsStart, i - tsStart);
            sample.timestamp = parseTimestamp(ts);
            if (!sample.timestamp)
                fail(tsStart, ts.size(), "expected integer as timestamp, got \"" + std::string(ts) + "\"");
            skipBlanks(line, i);
            if (i < line.size())
                fail(i, line.size() - i, "spurious string after timestamp");
        }
        familyForSample(name);
        checkHistogramSample(name, labels, *value, valueStart, valueText.size());
        labels.push_back(Label { "__name__", std::move(name) });
        sample.labels = Labels(std::move(labels));
        sample.series = line.substr(start, seriesEnd - start);
        if (m_sink)
            m_stopped = !m_sink(std::move(sample));
        else
            m_out.samples.push_back(std::move(sample));
    }

    std::string_view m_body;
    const SampleSink& m_sink;
    const RawSampleSink& m_raw;
    bool m_stopped = false;
    ParsedExposition m_out;
    std::map<std::string, FamilyState, std::less<>> m_families; ///< families with HELP or TYPE
    std::unordered_set<std::size_t> m_sampledNames; ///< name hashes of families seen with samples and no metadata
    FamilyState m_untyped; ///< the state of the current family without metadata
    std::string m_current;
    FamilyState* m_currentFamily = nullptr;
    std::string m_lastSampleName;
    std::size_t m_lineStart = 0;
    int m_lineNo = 0;
    bool m_lastLine = false;
};

} // namespace

Result<ParsedExposition> parseTextFormat(std::string_view body, const SampleSink& sink, const RawSampleSink& raw)
{
    const RawSampleSink none;
    try {
        return TextParser(body, sink, sink ? raw : none).run();
    } catch (const ParseFailure& f) {
        return f.error;
    }
}

} // namespace sg::scrape
