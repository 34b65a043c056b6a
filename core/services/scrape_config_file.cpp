#include "scrape_config_file.h"

#include <QFile>
#include <QUrl>

#include <yaml-cpp/yaml.h>

namespace sg::services {

namespace {
Error configError(const QString& file, const YAML::Mark& mark, const std::string& key, const std::string& what)
{
    std::string where = file.toStdString();
    if (!mark.is_null())
        where += ":" + std::to_string(mark.line + 1);
    return Error { ErrorCode::BadData, where + ": " + key + ": " + what, {} };
}

/// Reads an optional duration key; sets `error` when present but malformed.
bool readDuration(const YAML::Node& parent, const char* key, DurationMs& out, const QString& file, std::optional<Error>& error)
{
    const YAML::Node n = parent[key];
    if (!n)
        return false;
    auto d = parsePrometheusDuration(n.Scalar());
    if (!d) {
        error = configError(file, n.Mark(), key, "not a valid duration: \"" + n.Scalar() + "\"");
        return false;
    }
    out = *d;
    return true;
}
}

std::optional<DurationMs> parsePrometheusDuration(std::string_view text)
{
    if (text == "0")
        return 0;
    if (text.empty())
        return std::nullopt;
    // largest first; each unit at most once and in this order, as Prometheus requires
    static constexpr std::pair<std::string_view, DurationMs> Units[] = {
        { "y", 365 * 86'400'000LL }, { "w", 7 * 86'400'000LL }, { "d", 86'400'000 }, { "h", 3'600'000 },
        { "ms", 1 }, { "m", 60'000 }, { "s", 1000 },
    };
    static constexpr int Rank[] = { 0, 1, 2, 3, 6, 4, 5 };
    DurationMs total = 0;
    std::size_t i = 0;
    int lastRank = -1;
    while (i < text.size()) {
        const std::size_t start = i;
        DurationMs n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            n = n * 10 + (text[i] - '0');
            if (n > (1LL << 40))
                return std::nullopt;
            ++i;
        }
        if (i == start)
            return std::nullopt;
        int unit = -1;
        for (int u = 0; u < int(std::size(Units)); ++u) {
            if (text.substr(i, Units[u].first.size()) == Units[u].first) {
                unit = u;
                break;
            }
        }
        if (unit < 0 || Rank[unit] <= lastRank)
            return std::nullopt;
        lastRank = Rank[unit];
        total += n * Units[unit].second;
        i += Units[unit].first.size();
    }
    return total;
}

Result<std::vector<scrape::TargetConfig>> parseScrapeConfig(const std::string& yaml, const QString& file)
{
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
        return configError(file, e.mark, "yaml", e.msg);
    }
    std::optional<Error> error;
    DurationMs globalInterval = 60'000; // Prometheus' default
    DurationMs globalTimeout = 10'000;
    if (const YAML::Node global = root["global"]) {
        readDuration(global, "scrape_interval", globalInterval, file, error);
        readDuration(global, "scrape_timeout", globalTimeout, file, error);
        if (error)
            return *error;
    }
    std::vector<scrape::TargetConfig> targets;
    const YAML::Node configs = root["scrape_configs"];
    if (configs && !configs.IsSequence())
        return configError(file, configs.Mark(), "scrape_configs", "must be a list");
    for (const YAML::Node& sc : configs) {
        const YAML::Node jobNode = sc["job_name"];
        if (!jobNode || jobNode.Scalar().empty())
            return configError(file, sc.Mark(), "job_name", "missing");
        const std::string job = jobNode.Scalar();
        DurationMs interval = globalInterval;
        DurationMs timeout = std::min(globalTimeout, interval);
        readDuration(sc, "scrape_interval", interval, file, error);
        if (!readDuration(sc, "scrape_timeout", timeout, file, error))
            timeout = std::min(globalTimeout, interval);
        if (error)
            return *error;
        if (timeout > interval)
            return configError(file, sc.Mark(), "scrape_timeout",
                "scrape timeout greater than scrape interval for scrape config with job name \"" + job + "\"");
        const std::string path = sc["metrics_path"] ? sc["metrics_path"].Scalar() : "/metrics";
        const std::string scheme = sc["scheme"] ? sc["scheme"].Scalar() : "http";
        if (scheme != "http" && scheme != "https")
            return configError(file, sc["scheme"].Mark(), "scheme", "must be http or https, got \"" + scheme + "\"");
        for (const YAML::Node& st : sc["static_configs"]) {
            std::vector<Label> extra;
            if (const YAML::Node labels = st["labels"]) {
                if (!labels.IsMap())
                    return configError(file, labels.Mark(), "labels", "must be a map");
                for (const auto& kv : labels)
                    extra.push_back(Label { kv.first.Scalar(), kv.second.Scalar() });
            }
            for (const YAML::Node& t : st["targets"]) {
                const std::string hostPort = t.Scalar();
                QUrl url(QString::fromStdString(scheme + "://" + hostPort + path));
                if (!url.isValid() || url.host().isEmpty() || hostPort.find('/') != std::string::npos)
                    return configError(file, t.Mark(), "targets", "invalid target \"" + hostPort + "\"");
                scrape::TargetConfig target;
                target.job = QString::fromStdString(job);
                target.url = url;
                target.interval = interval;
                target.timeout = timeout;
                target.labels = Labels(extra);
                targets.push_back(std::move(target));
            }
        }
    }
    return targets;
}

Result<std::vector<scrape::TargetConfig>> loadScrapeConfigFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error { ErrorCode::Io, path.toStdString() + ": " + f.errorString().toStdString(), {} };
    return parseScrapeConfig(f.readAll().toStdString(), path);
}

} // namespace sg::services
