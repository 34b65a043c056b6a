// Parsing stages: docker, cri, json, logfmt, regex.

#include "go_time.h"
#include "json_path.h"
#include "stages_internal.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <re2/re2.h>

#include <deque>

namespace sg::ingest::detail {

namespace {

std::optional<QJsonValue> parseJson(const std::string& text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(text.data(), qsizetype(text.size())), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return QJsonValue(doc.object());
}

class DockerStage : public Stage
{
public:
    void process(Entry&& e, const Emit& next) override
    {
        const auto json = parseJson(e.line);
        if (!json) {
            next(std::move(e));
            return;
        }
        const QJsonObject o = json->toObject();
        std::string log = o.value(u"log").toString().toStdString();
        const std::string stream = o.value(u"stream").toString().toStdString();
        const std::string time = o.value(u"time").toString().toStdString();
        e.extracted["output"] = log;
        e.extracted["stream"] = stream;
        e.extracted["timestamp"] = time;
        if (!stream.empty())
            e.labels["stream"] = stream;
        if (auto ts = parseGoTime(time, "RFC3339Nano"); ts.ok())
            e.ts = ts.value();
        if (!log.empty() && log.back() == '\n')
            log.pop_back();
        e.line = std::move(log);
        next(std::move(e));
    }
};

class CriStage : public Stage
{
public:
    explicit CriStage(std::size_t maxPartialLines)
        : m_maxPartialLines(maxPartialLines)
        , m_regex(R"(^(?s)(\S+?) (stdout|stderr) (\S+?) (.*)$)")
    {
    }

    void process(Entry&& e, const Emit& next) override
    {
        std::string time, stream, flags, content;
        if (!RE2::FullMatch(e.line, m_regex, &time, &stream, &flags, &content)) {
            next(std::move(e));
            return;
        }
        e.extracted["time"] = time;
        e.extracted["stream"] = stream;
        e.extracted["flags"] = flags;
        e.extracted["content"] = content;
        e.labels["stream"] = stream;
        if (auto ts = parseGoTime(time, "RFC3339Nano"); ts.ok())
            e.ts = ts.value();
        e.line = std::move(content);
        const bool partial = flags.find('P') != std::string::npos;
        auto& buffer = m_partials[stream];
        if (partial) {
            if (buffer.empty())
                buffer.push_back(std::move(e));
            else
                buffer.front().line += e.line;
            if (++m_partialCount[stream] >= m_maxPartialLines) {
                emitBuffered(stream, next);
            }
            return;
        }
        if (!buffer.empty()) {
            buffer.front().line += e.line;
            emitBuffered(stream, next);
            return;
        }
        next(std::move(e));
    }

    void flush(TimestampNs, bool force, const Emit& next) override
    {
        if (!force)
            return;
        for (auto& [stream, buffer] : m_partials)
            if (!buffer.empty())
                emitBuffered(stream, next);
    }

private:
    void emitBuffered(const std::string& stream, const Emit& next)
    {
        auto& buffer = m_partials[stream];
        Entry joined = std::move(buffer.front());
        buffer.clear();
        m_partialCount[stream] = 0;
        next(std::move(joined));
    }

    std::size_t m_maxPartialLines;
    RE2 m_regex;
    std::map<std::string, std::deque<Entry>> m_partials;
    std::map<std::string, std::size_t> m_partialCount;
};

class JsonStage : public Stage
{
public:
    std::vector<std::pair<std::string, JsonPath>> expressions;
    std::string source;
    bool dropMalformed = false;

    void process(Entry&& e, const Emit& next) override
    {
        const auto text = sourceValue(e, source);
        if (!text) {
            next(std::move(e));
            return;
        }
        const auto json = parseJson(*text);
        if (!json) {
            if (!dropMalformed)
                next(std::move(e));
            return;
        }
        for (const auto& [name, path] : expressions)
            if (auto value = jsonValueText(path.evaluate(*json)))
                e.extracted[name] = std::move(*value);
        next(std::move(e));
    }
};

/// go-logfmt's decoding: `key=value`, `key="quoted \" value"`, a bare `key` has an empty value.
std::vector<std::pair<std::string, std::string>> parseLogfmt(std::string_view s)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        const std::size_t keyStart = i;
        while (i < s.size() && s[i] != '=' && s[i] != ' ' && s[i] != '"')
            ++i;
        std::string key(s.substr(keyStart, i - keyStart));
        std::string value;
        if (i < s.size() && s[i] == '=') {
            ++i;
            if (i < s.size() && s[i] == '"') {
                ++i;
                while (i < s.size() && s[i] != '"') {
                    if (s[i] == '\\' && i + 1 < s.size()) {
                        ++i;
                        value += s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i];
                    } else {
                        value += s[i];
                    }
                    ++i;
                }
                ++i;
            } else {
                const std::size_t valueStart = i;
                while (i < s.size() && s[i] != ' ')
                    ++i;
                value = std::string(s.substr(valueStart, i - valueStart));
            }
        } else if (i < s.size() && s[i] == '"') {
            ++i; // stray quote: skip it
        }
        if (!key.empty())
            out.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

class LogfmtStage : public Stage
{
public:
    std::vector<std::pair<std::string, std::string>> mapping; ///< extracted name, logfmt key
    std::string source;

    void process(Entry&& e, const Emit& next) override
    {
        if (const auto text = sourceValue(e, source)) {
            const auto pairs = parseLogfmt(*text);
            for (const auto& [name, key] : mapping)
                for (const auto& [k, v] : pairs)
                    if (k == key)
                        e.extracted[name] = v;
        }
        next(std::move(e));
    }
};

class RegexStage : public Stage
{
public:
    RegexStage(const std::string& expression, std::string source)
        : m_regex(expression, RE2::Quiet)
        , m_source(std::move(source))
    {
    }
    bool ok() const { return m_regex.ok(); }
    std::string error() const { return m_regex.error(); }

    void process(Entry&& e, const Emit& next) override
    {
        if (const auto text = sourceValue(e, m_source)) {
            const int groups = m_regex.NumberOfCapturingGroups();
            std::vector<re2::StringPiece> match(std::size_t(groups) + 1);
            if (m_regex.Match(*text, 0, text->size(), RE2::UNANCHORED, match.data(), groups + 1)) {
                for (const auto& [name, index] : m_regex.NamedCapturingGroups())
                    if (match[std::size_t(index)].data())
                        e.extracted[name] = std::string(match[std::size_t(index)]);
            }
        }
        next(std::move(e));
    }

private:
    RE2 m_regex;
    std::string m_source;
};

} // namespace

StageResult makeDocker(const YAML::Node&, const std::string&) { return StagePtr(std::make_shared<DockerStage>()); }

StageResult makeCri(const YAML::Node& config, const std::string&)
{
    const std::size_t maxPartial = std::stoul(field(config, "max_partial_lines", "100"));
    return StagePtr(std::make_shared<CriStage>(maxPartial == 0 ? 100 : maxPartial));
}

StageResult makeJson(const YAML::Node& config, const std::string& file)
{
    auto stage = std::make_shared<JsonStage>();
    const YAML::Node expressions = config.IsMap() ? config["expressions"] : YAML::Node();
    if (!expressions || !expressions.IsMap() || expressions.size() == 0)
        return configError(file, config, "json stage: expressions are required");
    for (const auto& kv : expressions) {
        const std::string name = kv.first.as<std::string>();
        const std::string expr = kv.second.IsNull() || kv.second.Scalar().empty() ? name : kv.second.Scalar();
        auto path = JsonPath::compile(expr);
        if (!path)
            return configError(file, kv.second.IsNull() ? kv.first : kv.second,
                "json stage: could not compile JMES expression \"" + expr + "\"");
        stage->expressions.emplace_back(name, std::move(*path));
    }
    stage->source = field(config, "source");
    stage->dropMalformed = field(config, "drop_malformed", "false") == "true";
    return StagePtr(stage);
}

StageResult makeLogfmt(const YAML::Node& config, const std::string& file)
{
    auto stage = std::make_shared<LogfmtStage>();
    const YAML::Node mapping = config.IsMap() ? config["mapping"] : YAML::Node();
    if (!mapping || !mapping.IsMap() || mapping.size() == 0)
        return configError(file, config, "logfmt stage: mapping is required");
    for (const auto& kv : mapping) {
        const std::string name = kv.first.as<std::string>();
        stage->mapping.emplace_back(name, kv.second.IsNull() || kv.second.Scalar().empty() ? name : kv.second.Scalar());
    }
    stage->source = field(config, "source");
    return StagePtr(stage);
}

StageResult makeRegex(const YAML::Node& config, const std::string& file)
{
    const std::string expression = field(config, "expression");
    if (expression.empty())
        return configError(file, config, "regex stage: expression is required");
    auto stage = std::make_shared<RegexStage>(expression, field(config, "source"));
    if (!stage->ok())
        return configError(file, config["expression"], "regex stage: could not compile regex: " + stage->error());
    return StagePtr(stage);
}

} // namespace sg::ingest::detail
