// Stages that change labels, timestamp or line: labels, static_labels, labeldrop, labelallow, timestamp,
// output, template, replace, decolorize, limit, drop.

#include "core/ingest/promtail_config.h"
#include "core/logql/template.h"
#include "go_time.h"
#include "stages_internal.h"

#include <re2/re2.h>

#include <QThread>
#include <QTimeZone>

#include <algorithm>
#include <set>

namespace sg::ingest::detail {

namespace {

using LabelMap = std::vector<std::pair<std::string, std::string>>;

LabelMap readMap(const YAML::Node& config)
{
    LabelMap out;
    if (config.IsMap())
        for (const auto& kv : config)
            out.emplace_back(kv.first.as<std::string>(), kv.second.IsNull() ? std::string() : kv.second.as<std::string>());
    return out;
}

std::vector<std::string> readList(const YAML::Node& config)
{
    std::vector<std::string> out;
    if (config.IsSequence())
        for (const auto& n : config)
            out.push_back(n.as<std::string>());
    else if (config.IsScalar())
        out.push_back(config.Scalar());
    return out;
}

template<class F>
class LambdaStage : public Stage
{
public:
    explicit LambdaStage(F f)
        : m_f(std::move(f))
    {
    }
    void process(Entry&& e, const Emit& next) override
    {
        if (m_f(e))
            next(std::move(e));
    }

private:
    F m_f;
};

template<class F>
StagePtr lambdaStage(F f)
{
    return std::make_shared<LambdaStage<F>>(std::move(f));
}

logql::Template::Lookup extractedLookup(const Entry& e, const std::optional<std::string>& value)
{
    return [&e, value](std::string_view name) -> std::optional<std::string> {
        if (name == "Value" && value)
            return *value;
        const auto it = e.extracted.find(std::string(name));
        if (it == e.extracted.end())
            return std::nullopt;
        return it->second;
    };
}

} // namespace

StageResult makeLabels(const YAML::Node& config, const std::string& file)
{
    if (!config.IsMap() || config.size() == 0)
        return configError(file, config, "labels stage: a map of label names is required");
    return lambdaStage([map = readMap(config)](Entry& e) {
        for (const auto& [label, source] : map) {
            const auto it = e.extracted.find(source.empty() ? label : source);
            if (it != e.extracted.end() && !it->second.empty())
                e.labels[label] = it->second;
        }
        return true;
    });
}

StageResult makeStaticLabels(const YAML::Node& config, const std::string& file)
{
    if (!config.IsMap())
        return configError(file, config, "static_labels stage: a map of labels is required");
    return lambdaStage([map = readMap(config)](Entry& e) {
        for (const auto& [label, value] : map)
            if (!value.empty())
                e.labels[label] = value;
        return true;
    });
}

StageResult makeLabelDrop(const YAML::Node& config, const std::string& file)
{
    if (!config.IsSequence())
        return configError(file, config, "labeldrop stage: a list of label names is required");
    return lambdaStage([names = readList(config)](Entry& e) {
        for (const auto& n : names)
            e.labels.erase(n);
        return true;
    });
}

StageResult makeLabelAllow(const YAML::Node& config, const std::string& file)
{
    if (!config.IsSequence())
        return configError(file, config, "labelallow stage: a list of label names is required");
    const auto list = readList(config);
    return lambdaStage([names = std::set<std::string>(list.begin(), list.end())](Entry& e) {
        std::erase_if(e.labels, [&](const auto& kv) { return !names.contains(kv.first); });
        return true;
    });
}

StageResult makeTimestamp(const YAML::Node& config, const std::string& file)
{
    const std::string source = field(config, "source");
    std::vector<std::string> formats { field(config, "format") };
    if (source.empty())
        return configError(file, config, "timestamp stage: source is required");
    if (formats[0].empty())
        return configError(file, config, "timestamp stage: format is required");
    if (config["fallback_formats"])
        for (auto& f : readList(config["fallback_formats"]))
            formats.push_back(f);
    const std::string location = field(config, "location");
    if (!location.empty() && !QTimeZone(QByteArray::fromStdString(location)).isValid())
        return configError(file, config["location"], "timestamp stage: unknown location \"" + location + "\"");
    const std::string action = field(config, "action_on_failure", "fudge");
    if (action != "fudge" && action != "skip")
        return configError(file, config["action_on_failure"], "timestamp stage: invalid action_on_failure \"" + action + "\"");
    auto last = std::make_shared<TimestampNs>(0);
    return lambdaStage([=](Entry& e) {
        const auto it = e.extracted.find(source);
        if (it == e.extracted.end())
            return true;
        for (const auto& f : formats) {
            auto ts = parseGoTime(it->second, f, location);
            if (ts.ok()) {
                e.ts = *last = ts.value();
                return true;
            }
        }
        if (action == "fudge" && *last != 0)
            e.ts = ++*last;
        return true;
    });
}

StageResult makeOutput(const YAML::Node& config, const std::string& file)
{
    const std::string source = field(config, "source");
    if (source.empty())
        return configError(file, config, "output stage: source is required");
    return lambdaStage([source](Entry& e) {
        const auto it = e.extracted.find(source);
        if (it != e.extracted.end())
            e.line = it->second;
        return true;
    });
}

StageResult makeTemplate(const YAML::Node& config, const std::string& file)
{
    const std::string source = field(config, "source");
    if (source.empty())
        return configError(file, config, "template stage: source is required");
    auto compiled = logql::Template::compile(field(config, "template"));
    if (!compiled.ok())
        return configError(file, config["template"], "template stage: " + compiled.error().message);
    return lambdaStage([source, tmpl = std::move(compiled.value())](Entry& e) {
        const auto it = e.extracted.find(source);
        const std::optional<std::string> value = it == e.extracted.end() ? std::nullopt : std::optional(it->second);
        if (auto out = tmpl.render(extractedLookup(e, value), e.line, e.ts); out.ok())
            e.extracted[source] = std::move(out.value());
        return true;
    });
}

StageResult makeReplace(const YAML::Node& config, const std::string& file)
{
    const std::string expression = field(config, "expression");
    if (expression.empty())
        return configError(file, config, "replace stage: expression is required");
    auto regex = std::make_shared<RE2>(expression, RE2::Quiet);
    if (!regex->ok())
        return configError(file, config["expression"], "replace stage: could not compile regex: " + regex->error());
    auto compiled = logql::Template::compile(field(config, "replace"));
    if (!compiled.ok())
        return configError(file, config["replace"], "replace stage: " + compiled.error().message);
    const std::string source = field(config, "source");
    return lambdaStage([regex, source, tmpl = std::move(compiled.value())](Entry& e) {
        const auto input = sourceValue(e, source);
        if (!input)
            return true;
        const std::string& text = *input;
        const int groups = regex->NumberOfCapturingGroups();
        std::vector<re2::StringPiece> match(std::size_t(groups) + 1);
        std::string out;
        std::size_t pos = 0, copied = 0;
        while (pos <= text.size() && regex->Match(text, pos, text.size(), RE2::UNANCHORED, match.data(), groups + 1)) {
            for (const auto& [name, index] : regex->NamedCapturingGroups())
                if (match[std::size_t(index)].data())
                    e.extracted[name] = std::string(match[std::size_t(index)]);
            const int first = groups == 0 ? 0 : 1;
            for (int g = first; g <= groups; ++g) {
                const re2::StringPiece m = match[std::size_t(g)];
                if (!m.data())
                    continue;
                const std::size_t begin = std::size_t(m.data() - text.data());
                out.append(text, copied, begin - copied);
                auto rendered = tmpl.render(extractedLookup(e, std::string(m)), e.line, e.ts);
                out += rendered.ok() ? rendered.value() : std::string(m);
                copied = begin + m.size();
            }
            const std::size_t end = std::size_t(match[0].data() - text.data()) + match[0].size();
            pos = match[0].empty() ? end + 1 : end;
        }
        out.append(text, std::min(copied, text.size()));
        if (source.empty())
            e.line = std::move(out);
        else
            e.extracted[source] = std::move(out);
        return true;
    });
}

StageResult makeDecolorize(const YAML::Node&, const std::string&)
{
    auto regex = std::make_shared<RE2>(R"(\x1b\[[0-9;?]*[ -/]*[@-~])");
    return lambdaStage([regex](Entry& e) {
        RE2::GlobalReplace(&e.line, *regex, "");
        return true;
    });
}

StageResult makeLimit(const YAML::Node& config, const std::string& file)
{
    const double rate = std::stod(field(config, "rate", "0"));
    const double burst = std::stod(field(config, "burst", "0"));
    const bool drop = field(config, "drop", "false") == "true";
    if (rate <= 0 || burst <= 0)
        return configError(file, config, "limit stage: rate and burst must be positive");
    struct Bucket
    {
        double tokens;
        TimestampNs last = 0;
    };
    auto bucket = std::make_shared<Bucket>(Bucket { burst });
    return lambdaStage([=](Entry&) {
        auto refill = [&] {
            const TimestampNs now = nowNs();
            if (bucket->last != 0)
                bucket->tokens = std::min(burst, bucket->tokens + double(now - bucket->last) * 1e-9 * rate);
            bucket->last = now;
        };
        refill();
        if (bucket->tokens < 1) {
            if (drop)
                return false;
            // Without `drop` the collector's thread waits for a token, as Promtail's pipeline blocks.
            QThread::usleep(static_cast<unsigned long>((1 - bucket->tokens) / rate * 1e6));
            refill();
        }
        bucket->tokens -= 1;
        return true;
    });
}

StageResult makeDrop(const YAML::Node& config, const std::string& file)
{
    std::vector<std::string> sources = config["source"] ? readList(config["source"]) : std::vector<std::string> {};
    const std::string separator = field(config, "separator", ";");
    const std::string expression = field(config, "expression");
    const bool hasValue = bool(config["value"]);
    const std::string value = field(config, "value");
    std::shared_ptr<RE2> regex;
    if (!expression.empty()) {
        regex = std::make_shared<RE2>(expression, RE2::Quiet);
        if (!regex->ok())
            return configError(file, config["expression"], "drop stage: could not compile regex: " + regex->error());
    }
    if (hasValue && !regex && sources.empty())
        return configError(file, config, "drop stage: value requires source");
    if (hasValue && regex)
        return configError(file, config, "drop stage: value and expression are mutually exclusive");
    std::optional<DurationMs> olderThan;
    if (config["older_than"]) {
        olderThan = parseDuration(field(config, "older_than"));
        if (!olderThan)
            return configError(file, config["older_than"], "drop stage: invalid duration");
    }
    std::optional<std::size_t> longerThan;
    if (config["longer_than"]) {
        longerThan = parseByteSize(field(config, "longer_than"));
        if (!longerThan)
            return configError(file, config["longer_than"], "drop stage: invalid size");
    }
    if (sources.empty() && !regex && !olderThan && !longerThan)
        return configError(file, config, "drop stage: one of source, expression, older_than or longer_than is required");
    return lambdaStage([=](Entry& e) {
        // Every configured condition must hold to drop the entry.
        if (olderThan && !(e.ts < nowNs() - msToNs(*olderThan)))
            return true;
        if (longerThan && !(e.line.size() > *longerThan))
            return true;
        if (!sources.empty()) {
            std::string joined;
            for (std::size_t i = 0; i < sources.size(); ++i) {
                const auto it = e.extracted.find(sources[i]);
                if (it == e.extracted.end())
                    return true; // a missing source never drops
                joined += (i ? separator : std::string()) + it->second;
            }
            if (hasValue && joined != value)
                return true;
            if (regex && !RE2::PartialMatch(joined, *regex))
                return true;
        } else if (regex && !RE2::PartialMatch(e.line, *regex)) {
            return true;
        }
        return false;
    });
}

} // namespace sg::ingest::detail
