// Line parser and family checks of the OpenMetrics 1.0 text format.
#include "exposition_parser.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

namespace sg::scrape {

namespace {

enum class OmType { Unknown, Counter, Gauge, Histogram, GaugeHistogram, Summary, Info, StateSet };

std::optional<OmType> omTypeFromName(std::string_view s)
{
    static const std::pair<std::string_view, OmType> Types[] = {
        { "unknown", OmType::Unknown }, { "counter", OmType::Counter }, { "gauge", OmType::Gauge },
        { "histogram", OmType::Histogram }, { "gaugehistogram", OmType::GaugeHistogram },
        { "summary", OmType::Summary }, { "info", OmType::Info }, { "stateset", OmType::StateSet },
    };
    for (const auto& [name, type] : Types)
        if (name == s)
            return type;
    return std::nullopt;
}

MetricType toMetricType(OmType t)
{
    switch (t) {
    case OmType::Counter:
        return MetricType::Counter;
    case OmType::Gauge:
        return MetricType::Gauge;
    case OmType::Histogram:
        return MetricType::Histogram;
    case OmType::GaugeHistogram:
        return MetricType::GaugeHistogram;
    case OmType::Summary:
        return MetricType::Summary;
    default:
        return MetricType::Untyped;
    }
}

/// The sample-name suffixes a family of each type may use ("" is the bare family name).
const std::vector<std::string_view>& suffixesOf(OmType t)
{
    static const std::vector<std::string_view> Bare { "" };
    static const std::vector<std::string_view> Counter { "_total", "_created" };
    static const std::vector<std::string_view> Histogram { "_bucket", "_count", "_sum", "_created" };
    static const std::vector<std::string_view> GaugeHistogram { "_bucket", "_gcount", "_gsum" };
    static const std::vector<std::string_view> Summary { "", "_count", "_sum", "_created" };
    static const std::vector<std::string_view> Info { "_info" };
    switch (t) {
    case OmType::Counter:
        return Counter;
    case OmType::Histogram:
        return Histogram;
    case OmType::GaugeHistogram:
        return GaugeHistogram;
    case OmType::Summary:
        return Summary;
    case OmType::Info:
        return Info;
    default:
        return Bare;
    }
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::size_t utf8Length(std::string_view s)
{
    std::size_t n = 0;
    for (const char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

struct Failure
{
    Error error;
};

/// What one metric (a label set within a histogram or summary family) has shown, checked when it ends.
struct MetricPoint
{
    std::vector<std::pair<double, double>> buckets; ///< (le, value) in text order
    bool hasInf = false;
    std::optional<double> count, sum;
};

struct Family
{
    std::string name;
    OmType type = OmType::Unknown;
    bool hasType = false, hasHelp = false, hasUnit = false, hasSamples = false;
    bool strict() const { return hasType || hasHelp || hasUnit; }
    std::size_t metadataIndex = std::size_t(-1);
    std::string currentMetric; ///< label-set key of the metric being read
    std::set<std::string> finishedMetrics;
    MetricPoint point;
};

class OpenMetricsParser
{
public:
    OpenMetricsParser(std::string_view body, const SampleSink& sink)
        : m_body(body)
        , m_sink(sink)
    {
    }

    ParsedExposition run()
    {
        std::size_t pos = 0;
        bool sawEof = false;
        while (pos < m_body.size()) {
            if (m_stopped)
                return std::move(m_out);
            const void* nl = std::memchr(m_body.data() + pos, '\n', m_body.size() - pos);
            const std::size_t end = nl ? std::size_t(static_cast<const char*>(nl) - m_body.data()) : m_body.size();
            ++m_lineNo;
            m_lineStart = pos;
            const std::string_view line = m_body.substr(pos, end - pos);
            if (sawEof)
                fail(0, line.size(), "unexpected data after # EOF");
            if (line == "# EOF") {
                sawEof = true;
            } else {
                if (!nl)
                    fail(0, line.size(), "data does not end with # EOF");
                parseLine(line);
            }
            pos = end + 1;
        }
        if (!sawEof)
            fail(0, 0, "data does not end with # EOF");
        if (m_lastSampled)
            finishMetric(*m_lastSampled);
        return std::move(m_out);
    }

private:
    [[noreturn]] void fail(std::size_t col, std::size_t len, const std::string& message) const
    {
        const int begin = int(m_lineStart + col);
        throw Failure { parseError("line " + std::to_string(m_lineNo) + ": " + message, begin, begin + int(len)) };
    }

    /// A double-quoted string at line[i]; OpenMetrics escapes \\ \" \n, other escapes are kept as written.
    std::string readQuoted(std::string_view line, std::size_t& i, const char* what)
    {
        const std::size_t start = i++;
        std::string out;
        while (true) {
            if (i >= line.size())
                fail(start, line.size() - start, std::string("unterminated ") + what);
            const char c = line[i];
            if (c == '"')
                break;
            if (c == '\\') {
                if (i + 1 >= line.size())
                    fail(i, 1, std::string("unterminated ") + what);
                const char e = line[i + 1];
                if (e == 'n')
                    out += '\n';
                else if (e == '\\' || e == '"')
                    out += e;
                else
                    out.append(line.data() + i, 2);
                i += 2;
                continue;
            }
            out += c;
            ++i;
        }
        ++i;
        if (!isValidUtf8(out))
            fail(start, i - start, std::string("invalid UTF-8 in ") + what);
        return out;
    }

    std::string readMetricName(std::string_view line, std::size_t& i)
    {
        if (i < line.size() && line[i] == '"')
            return readQuoted(line, i, "metric name");
        const std::size_t start = i;
        while (i < line.size()
            && ((line[i] >= 'a' && line[i] <= 'z') || (line[i] >= 'A' && line[i] <= 'Z') || line[i] == '_'
                || line[i] == ':' || (i > start && line[i] >= '0' && line[i] <= '9')))
            ++i;
        if (i == start)
            fail(start, 1, "expected a metric name");
        return std::string(line.substr(start, i - start));
    }

    std::string readLabelName(std::string_view line, std::size_t& i)
    {
        if (i < line.size() && line[i] == '"')
            return readQuoted(line, i, "label name");
        const std::size_t start = i;
        while (i < line.size()
            && ((line[i] >= 'a' && line[i] <= 'z') || (line[i] >= 'A' && line[i] <= 'Z') || line[i] == '_'
                || (i > start && line[i] >= '0' && line[i] <= '9')))
            ++i;
        if (i == start)
            fail(start, 1, "expected a label name");
        return std::string(line.substr(start, i - start));
    }

    /// `{...}` at line[i]. A quoted string standing alone (no `=`) is the metric name when `name` is given.
    std::vector<Label> readLabels(std::string_view line, std::size_t& i, std::string* name)
    {
        std::vector<Label> labels;
        ++i; // '{'
        if (i < line.size() && line[i] == '}') {
            ++i;
            return labels;
        }
        while (true) {
            const std::size_t at = i;
            const bool quoted = i < line.size() && line[i] == '"';
            std::string key = readLabelName(line, i);
            if (quoted && name && name->empty() && labels.empty() && i < line.size() && (line[i] == ',' || line[i] == '}')) {
                *name = std::move(key);
            } else {
                if (i >= line.size() || line[i] != '=')
                    fail(i, 1, "expected '=' after label name");
                ++i;
                if (i >= line.size() || line[i] != '"')
                    fail(i, 1, "expected a quoted label value");
                std::string value = readQuoted(line, i, "label value");
                for (const auto& l : labels)
                    if (l.name == key)
                        fail(at, i - at, "duplicate label name \"" + key + "\"");
                labels.push_back(Label { std::move(key), std::move(value) });
            }
            if (i >= line.size())
                fail(i, 0, "expected ',' or '}'");
            if (line[i] == '}') {
                ++i;
                return labels;
            }
            if (line[i] != ',')
                fail(i, 1, "expected ',' or '}'");
            ++i;
            if (i < line.size() && line[i] == '}')
                fail(i, 1, "trailing comma in label set");
        }
    }

    std::string_view token(std::string_view line, std::size_t& i)
    {
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ')
            ++i;
        return line.substr(start, i - start);
    }

    double readNumber(std::string_view line, std::size_t& i, const char* what)
    {
        const std::size_t start = i;
        const std::string_view t = token(line, i);
        if (t.empty())
            fail(start, 1, std::string("expected ") + what);
        const auto v = parseFloatValue(t);
        if (!v)
            fail(start, t.size(), std::string("invalid ") + what + " \"" + std::string(t) + "\"");
        return *v;
    }

    TimestampMs readTimestamp(std::string_view line, std::size_t& i, const char* what)
    {
        const std::size_t start = i;
        const double seconds = readNumber(line, i, what);
        if (!std::isfinite(seconds))
            fail(start, i - start, std::string("invalid ") + what);
        const double ms = std::round(seconds * 1000.0);
        if (ms >= 9.2e18 || ms <= -9.2e18)
            return ms > 0 ? std::numeric_limits<TimestampMs>::max() : std::numeric_limits<TimestampMs>::min();
        return TimestampMs(ms);
    }

    void parseLine(std::string_view line)
    {
        if (line.empty())
            fail(0, 0, "empty line");
        if (line[0] == '#')
            return parseMetadata(line);
        parseSample(line);
    }

    /// The family `name` for a metadata line or a bare sample name: the current one, a new one, or one that may
    /// resume (families without metadata, or the last family with samples when only metadata came since).
    Family& familyFor(const std::string& name, bool forMetadata)
    {
        if (m_current && m_current->name == name) {
            if (forMetadata && m_current->hasSamples)
                fail(0, 0, "metadata for \"" + name + "\" after its samples");
            return *m_current;
        }
        auto it = m_families.find(name);
        if (it != m_families.end()) {
            Family& f = it->second;
            if (forMetadata || (f.strict() && &f != m_lastSampled))
                fail(0, 0, "metric family \"" + name + "\" appears twice or is interleaved with another family");
            m_current = &f;
            return f;
        }
        Family& f = m_families[name];
        f.name = name;
        m_current = &f;
        return f;
    }

    void parseMetadata(std::string_view line)
    {
        if (line.size() < 2 || line[1] != ' ')
            fail(0, 1, "expected \"# \" at the start of a comment line");
        const std::size_t kwEnd = line.find(' ', 2);
        const std::string_view keyword = line.substr(2, kwEnd == std::string_view::npos ? std::string_view::npos : kwEnd - 2);
        if (keyword != "HELP" && keyword != "TYPE" && keyword != "UNIT")
            fail(2, keyword.size(), "unknown comment \"" + std::string(keyword) + "\"");
        if (kwEnd == std::string_view::npos)
            fail(2, keyword.size(), "expected a metric name after " + std::string(keyword));
        std::size_t i = kwEnd + 1;
        const std::string name = readMetricName(line, i);
        if (i >= line.size() || line[i] != ' ')
            fail(i, 1, "expected text in " + std::string(keyword));
        ++i;
        const std::string_view rest = line.substr(i);
        Family& f = familyFor(name, true);
        auto& meta = metadataOf(f);
        if (keyword == "HELP") {
            if (f.hasHelp)
                fail(0, line.size(), "second HELP line for \"" + name + "\"");
            f.hasHelp = true;
            std::string help;
            for (std::size_t k = 0; k < rest.size(); ++k) {
                if (rest[k] == '\\' && k + 1 < rest.size() && (rest[k + 1] == '\\' || rest[k + 1] == 'n' || rest[k + 1] == '"')) {
                    help += rest[k + 1] == 'n' ? '\n' : rest[k + 1];
                    ++k;
                } else {
                    help += rest[k];
                }
            }
            if (!isValidUtf8(help))
                fail(i, rest.size(), "invalid UTF-8 in HELP");
            meta.help = std::move(help);
        } else if (keyword == "TYPE") {
            if (f.hasType)
                fail(0, line.size(), "second TYPE line for \"" + name + "\"");
            const auto type = omTypeFromName(rest);
            if (!type)
                fail(i, rest.size(), "invalid metric type \"" + std::string(rest) + "\"");
            if (f.hasUnit && (*type == OmType::Info || *type == OmType::StateSet))
                fail(i, rest.size(), "a unit is not allowed on " + std::string(rest));
            f.hasType = true;
            f.type = *type;
            meta.type = toMetricType(*type);
            for (const auto suffix : suffixesOf(*type))
                if (!suffix.empty() && m_families.count(name + std::string(suffix)))
                    fail(0, line.size(), "family \"" + name + "\" clashes with family \"" + name + std::string(suffix) + "\"");
            for (const auto& [claimed, owner] : m_claimed)
                if (claimed == name && owner != name)
                    fail(0, line.size(), "family \"" + name + "\" clashes with the samples of \"" + owner + "\"");
            for (const auto suffix : suffixesOf(*type))
                m_claimed.emplace(name + std::string(suffix), name);
        } else {
            if (f.hasUnit)
                fail(0, line.size(), "second UNIT line for \"" + name + "\"");
            if (f.type == OmType::Info || f.type == OmType::StateSet)
                fail(i, rest.size(), "a unit is not allowed on this type");
            if (!rest.empty() && !endsWith(name, "_" + std::string(rest)))
                fail(i, rest.size(), "unit \"" + std::string(rest) + "\" not a suffix of metric \"" + name + "\"");
            f.hasUnit = true;
            meta.unit = std::string(rest);
        }
    }

    MetricMetadata& metadataOf(Family& f)
    {
        if (f.metadataIndex == std::size_t(-1)) {
            f.metadataIndex = m_out.metadata.size();
            m_out.metadata.push_back(MetricMetadata { f.name, MetricType::Untyped, {}, {} });
        }
        return m_out.metadata[f.metadataIndex];
    }

    static bool fits(const Family& f, const std::string& name, std::string_view& suffix)
    {
        for (const auto s : suffixesOf(f.type)) {
            if (name.size() == f.name.size() + s.size() && endsWith(name, s)
                && std::string_view(name).substr(0, f.name.size()) == f.name) {
                suffix = s;
                return true;
            }
        }
        return false;
    }

    /// The family a sample name belongs to: the current one when the name fits its type, else another one.
    Family& familyOfSample(const std::string& name, std::string_view& suffix)
    {
        suffix = {};
        if (m_current && fits(*m_current, name, suffix))
            return *m_current;
        if (m_current && m_current->strict() && m_current->name == name)
            fail(0, name.size(), "sample name \"" + name + "\" does not fit the type of its family");
        if (auto c = m_claimed.find(name); c != m_claimed.end() && c->second != name) {
            Family& owner = familyFor(c->second, false);
            fits(owner, name, suffix);
            return owner;
        }
        return familyFor(name, false);
    }

    void parseSample(std::string_view line)
    {
        std::size_t i = 0;
        std::string name;
        std::vector<Label> labels;
        if (line[0] == '{') {
            labels = readLabels(line, i, &name);
            if (name.empty())
                fail(0, i, "metric name not set");
        } else {
            name = readMetricName(line, i);
            if (i < line.size() && line[i] == '{')
                labels = readLabels(line, i, nullptr);
        }
        const std::size_t seriesEnd = i;
        if (i >= line.size() || line[i] != ' ')
            fail(i, 1, "expected a value after the metric");
        ++i;
        const double value = readNumber(line, i, "value");
        std::optional<TimestampMs> ts;
        bool exemplar = false;
        if (i < line.size()) {
            ++i; // ' '
            if (i < line.size() && line[i] == '#') {
                exemplar = true;
            } else {
                ts = readTimestamp(line, i, "timestamp");
                if (i < line.size()) {
                    ++i;
                    if (i >= line.size() || line[i] != '#')
                        fail(i, 1, "expected an exemplar or the end of the line after the timestamp");
                    exemplar = true;
                }
            }
        }
        if (exemplar)
            readExemplar(line, i);

        std::string_view suffix;
        Family& f = familyOfSample(name, suffix);
        if (m_lastSampled && m_lastSampled != &f)
            finishMetric(*m_lastSampled);
        m_lastSampled = &f;
        checkSample(f, suffix, labels, value, exemplar, line);
        checkOrder(f, name, labels, ts, line);

        labels.push_back(Label { "__name__", name });
        ParsedSample sample { Labels(std::move(labels)), value, ts, line.substr(0, seriesEnd) };
        if (m_sink)
            m_stopped = !m_sink(std::move(sample));
        else
            m_out.samples.push_back(std::move(sample));
        if (exemplar)
            ++m_out.exemplarsDropped;
    }

    void readExemplar(std::string_view line, std::size_t& i)
    {
        const std::size_t start = i;
        if (line.substr(i, 3) != "# {")
            fail(i, 1, "expected \" # {\" before an exemplar");
        i += 2;
        const auto labels = readLabels(line, i, nullptr);
        std::size_t chars = 0;
        for (const auto& l : labels)
            chars += utf8Length(l.name) + utf8Length(l.value);
        if (chars > 128)
            fail(start, i - start, "exemplar labels exceed 128 UTF-8 characters");
        if (i >= line.size() || line[i] != ' ')
            fail(i, 1, "expected a value after exemplar labels");
        ++i;
        readNumber(line, i, "exemplar value");
        if (i < line.size()) {
            ++i;
            readTimestamp(line, i, "exemplar timestamp");
            if (i < line.size())
                fail(i, line.size() - i, "unexpected text after the exemplar");
        }
    }

    void checkSample(Family& f, std::string_view suffix, const std::vector<Label>& labels, double v, bool exemplar,
        std::string_view line)
    {
        auto label = [&](std::string_view n) -> const std::string* {
            for (const auto& l : labels)
                if (l.name == n)
                    return &l.value;
            return nullptr;
        };
        auto bad = [&](const std::string& what) { fail(0, line.size(), what); };
        const bool counterLike = suffix == "_total" || suffix == "_count" || suffix == "_sum" || suffix == "_bucket"
            || suffix == "_gcount" || (f.type == OmType::Summary && suffix.empty());
        if (f.type != OmType::Unknown && counterLike && (std::isnan(v) || v < 0)) {
            if (!(f.type == OmType::Summary && suffix.empty() && std::isnan(v)))
                bad("value must be a non-negative number");
        }
        if (exemplar && f.type == OmType::Unknown && !f.hasType && !endsWith(f.name, "_total") && !endsWith(f.name, "_bucket"))
            bad("exemplars are only allowed on counters' _total and histogram buckets");
        // Prometheus also takes exemplars on a histogram's _count (its native-histogram exemplars go there)
        const bool histogram = f.type == OmType::Histogram || f.type == OmType::GaugeHistogram;
        if (exemplar && f.type != OmType::Unknown && !(suffix == "_total" || suffix == "_bucket" || (histogram && suffix == "_count")))
            bad("exemplars are only allowed on counters' _total and histogram buckets");
        if (exemplar && suffix == "_total" && f.type != OmType::Counter)
            bad("exemplars are only allowed on counters' _total and histogram buckets");

        std::vector<Label> metricLabels;
        for (const auto& l : labels)
            if (!((suffix == "_bucket" && l.name == "le") || (f.type == OmType::Summary && l.name == "quantile")))
                metricLabels.push_back(l);
        startMetric(f, Labels(std::move(metricLabels)).toString());

        MetricPoint& p = f.point;
        switch (f.type) {
        case OmType::Histogram:
        case OmType::GaugeHistogram:
            if (suffix == "_bucket") {
                const std::string* le = label("le");
                if (!le)
                    bad("histogram bucket without le label");
                const auto bound = parseFloatValue(*le);
                if (!bound || std::isnan(*bound) || (std::isinf(*bound) && (*le != "+Inf" || *bound < 0)))
                    bad("invalid le label \"" + *le + "\"");
                if (!p.buckets.empty() && (*bound <= p.buckets.back().first || v < p.buckets.back().second))
                    bad("histogram buckets must be in increasing order and cumulative");
                p.buckets.emplace_back(*bound, v);
                p.hasInf = p.hasInf || std::isinf(*bound);
            } else if (suffix == "_count" || suffix == "_gcount") {
                p.count = v;
            } else if (suffix == "_sum" || suffix == "_gsum") {
                if (std::isnan(v))
                    bad("histogram sum must not be NaN");
                p.sum = v;
            }
            break;
        case OmType::Summary:
            if (suffix.empty()) {
                const std::string* q = label("quantile");
                const auto quantile = q ? parseFloatValue(*q) : std::nullopt;
                if (!quantile || std::isnan(*quantile) || *quantile < 0 || *quantile > 1)
                    bad("summary quantile sample needs a quantile label between 0 and 1");
            }
            break;
        case OmType::Info:
            if (v != 1)
                bad("info value must be 1");
            break;
        case OmType::StateSet:
            if (v != 0 && v != 1)
                bad("stateset value must be 0 or 1");
            if (!label(f.name))
                bad("stateset sample needs a label named \"" + f.name + "\"");
            break;
        default:
            break;
        }
    }

    void startMetric(Family& f, const std::string& key)
    {
        if (!f.hasSamples) {
            f.hasSamples = true;
            f.currentMetric = key;
            return;
        }
        if (f.currentMetric == key)
            return;
        finishMetric(f);
        f.finishedMetrics.insert(f.currentMetric);
        // Histograms must keep each metric's lines together; Prometheus' own summary fixtures interleave
        // quantiles of different label sets, so that is tolerated for the other types.
        const bool histogram = f.type == OmType::Histogram || f.type == OmType::GaugeHistogram;
        if (histogram && f.finishedMetrics.count(key))
            fail(0, 0, "metric {" + key + "} of family \"" + f.name + "\" is not grouped together");
        f.currentMetric = key;
        f.point = MetricPoint {};
    }

    void finishMetric(Family& f)
    {
        const MetricPoint& p = f.point;
        if (!f.hasSamples)
            return;
        if (f.type != OmType::Histogram && f.type != OmType::GaugeHistogram)
            return;
        const bool gauge = f.type == OmType::GaugeHistogram;
        auto bad = [&](const std::string& what) { fail(0, 0, "histogram \"" + f.name + "\": " + what); };
        if (!p.hasInf)
            bad("no +Inf bucket");
        if (p.count.has_value() != p.sum.has_value())
            bad(gauge ? "_gcount and _gsum must appear together" : "_count and _sum must appear together");
        if (p.count && *p.count != p.buckets.back().second)
            bad("count does not match the +Inf bucket");
        const bool negativeBuckets = !p.buckets.empty() && p.buckets.front().first < 0;
        if (p.sum && !gauge && negativeBuckets)
            bad("_sum is not allowed with negative buckets");
        if (p.sum && *p.sum < 0 && !negativeBuckets)
            bad("negative sum");
    }

    void checkOrder(Family& f, const std::string& name, const std::vector<Label>& labels, std::optional<TimestampMs> ts,
        std::string_view line)
    {
        if (!f.strict())
            return;
        std::vector<Label> all = labels;
        all.push_back(Label { "__name__", name });
        auto [it, inserted] = m_lastTimestamp.try_emplace(Labels(std::move(all)).toString(), ts);
        if (inserted)
            return;
        if (!it->second || !ts)
            fail(0, line.size(), "a series appears twice without increasing timestamps");
        if (*ts < *it->second)
            fail(0, line.size(), "timestamps of a series must not go backwards");
        it->second = ts;
    }

    std::string_view m_body;
    const SampleSink& m_sink;
    bool m_stopped = false;
    std::size_t m_lineNo = 0;
    std::size_t m_lineStart = 0;
    ParsedExposition m_out;
    std::map<std::string, Family> m_families; ///< every family so far, by name
    Family* m_current = nullptr; ///< the family of the last line
    Family* m_lastSampled = nullptr; ///< the family of the last sample line
    std::map<std::string, std::string> m_claimed; ///< sample name -> family of typed families
    std::unordered_map<std::string, std::optional<TimestampMs>> m_lastTimestamp;
};

} // namespace

Result<ParsedExposition> parseOpenMetrics(std::string_view body, const SampleSink& sink)
{
    try {
        return OpenMetricsParser(body, sink).run();
    } catch (const Failure& f) {
        return f.error;
    }
}

} // namespace sg::scrape
