// prometheus.yml reading: global settings, scrape configs, relabel configs, limits and auth.
#include "scrape_config.h"

#include "config_reader.h"
#include "core/common/duration_limits.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace sg::scrape {

namespace {

class ConfigReader : public YamlConfigReader
{
public:
    using YamlConfigReader::YamlConfigReader;

    ScrapeConfig scrapeConfig(const YAML::Node& sc, const PrometheusConfig& global, std::vector<std::string>& warnings) const
    {
        checkKeys(sc,
            { "job_name", "scrape_interval", "scrape_timeout", "metrics_path", "params", "scheme", "basic_auth",
                "authorization", "bearer_token", "bearer_token_file", "tls_config", "honor_labels", "honor_timestamps",
                "relabel_configs", "metric_relabel_configs", "sample_limit", "label_limit", "label_name_length_limit",
                "label_value_length_limit", "body_size_limit", "target_limit", "static_configs", "file_sd_configs",
                "scrape_protocols", "follow_redirects", "enable_http2", "proxy_url", "scrape_classic_histograms",
                "track_timestamps_staleness", "fallback_scrape_protocol", "enable_compression", "keep_dropped_targets",
                "native_histogram_bucket_limit", "metric_name_validation_scheme", "metric_name_escaping_scheme",
                "always_scrape_classic_histograms", "convert_classic_histograms_to_nhcb", "scrape_failure_log_file",
                "oauth2", "http_headers", "no_proxy", "proxy_from_environment", "proxy_connect_header",
                "native_histogram_min_bucket_factor" },
            "scrape_config", &warnings);
        ScrapeConfig c;
        const YAML::Node job = sc["job_name"];
        if (!job || scalar(job, "job_name").empty())
            fail(sc, "job_name", "missing");
        c.jobName = job.Scalar();
        c.interval = sc["scrape_interval"] ? duration(sc["scrape_interval"], "scrape_interval") : global.scrapeInterval;
        if (sc["scrape_timeout"]) {
            c.timeout = duration(sc["scrape_timeout"], "scrape_timeout");
            if (c.timeout > c.interval)
                fail(sc["scrape_timeout"], "scrape_timeout",
                    "scrape timeout greater than scrape interval for scrape config with job name \"" + c.jobName + "\"");
        } else {
            c.timeout = std::min(global.scrapeTimeout, c.interval);
        }
        if (sc["metrics_path"])
            c.metricsPath = scalar(sc["metrics_path"], "metrics_path");
        if (sc["scheme"]) {
            c.scheme = scalar(sc["scheme"], "scheme");
            if (c.scheme != "http" && c.scheme != "https")
                fail(sc["scheme"], "scheme", "must be http or https, got \"" + c.scheme + "\"");
        }
        if (const YAML::Node p = sc["params"]) {
            if (!p.IsMap())
                fail(p, "params", "must be a map of lists");
            for (const auto& kv : p) {
                auto& values = c.params[kv.first.Scalar()];
                if (kv.second.IsSequence())
                    for (const YAML::Node& v : kv.second)
                        values.push_back(scalar(v, "params"));
                else
                    values.push_back(scalar(kv.second, "params"));
            }
        }
        c.authorization = authorization(sc);
        if (const YAML::Node tls = sc["tls_config"]) {
            checkKeys(tls, { "insecure_skip_verify", "ca_file", "cert_file", "key_file", "server_name", "min_version", "ca", "cert", "key", "max_version" },
                "tls_config", nullptr);
            if (tls["insecure_skip_verify"])
                c.insecureSkipVerify = boolean(tls["insecure_skip_verify"], "insecure_skip_verify");
        }
        if (sc["honor_labels"])
            c.honorLabels = boolean(sc["honor_labels"], "honor_labels");
        if (sc["honor_timestamps"])
            c.honorTimestamps = boolean(sc["honor_timestamps"], "honor_timestamps");
        if (sc["relabel_configs"])
            c.relabelConfigs = relabelConfigs(sc["relabel_configs"], "relabel_configs");
        if (sc["metric_relabel_configs"])
            c.metricRelabelConfigs = relabelConfigs(sc["metric_relabel_configs"], "metric_relabel_configs");
        if (sc["sample_limit"])
            c.limits.sampleLimit = unsignedInt(sc["sample_limit"], "sample_limit");
        if (sc["label_limit"])
            c.limits.labelLimit = unsignedInt(sc["label_limit"], "label_limit");
        if (sc["label_name_length_limit"])
            c.limits.labelNameLengthLimit = unsignedInt(sc["label_name_length_limit"], "label_name_length_limit");
        if (sc["label_value_length_limit"])
            c.limits.labelValueLengthLimit = unsignedInt(sc["label_value_length_limit"], "label_value_length_limit");
        if (sc["target_limit"])
            c.limits.targetLimit = unsignedInt(sc["target_limit"], "target_limit");
        if (const YAML::Node b = sc["body_size_limit"]) {
            const auto size = parseByteSize(scalar(b, "body_size_limit"));
            if (!size)
                fail(b, "body_size_limit", "not a valid size: \"" + b.Scalar() + "\"");
            c.limits.bodySizeLimit = *size;
        }
        if (const YAML::Node st = sc["static_configs"]) {
            if (!st.IsSequence())
                fail(st, "static_configs", "must be a list");
            int index = 0;
            for (const YAML::Node& g : st) {
                checkKeys(g, { "targets", "labels" }, "static_config", nullptr);
                TargetGroup group;
                group.source = "static/" + std::to_string(index++);
                if (g["labels"])
                    group.labels = labelMap(g["labels"], "labels");
                if (const YAML::Node t = g["targets"]) {
                    if (!t.IsSequence())
                        fail(t, "targets", "must be a list");
                    for (const YAML::Node& target : t) {
                        const std::string hostPort = scalar(target, "targets");
                        if (hostPort.empty() || hostPort.find('/') != std::string::npos)
                            fail(target, "targets", "invalid target \"" + hostPort + "\"");
                        group.targets.push_back(hostPort);
                    }
                }
                c.staticConfigs.push_back(std::move(group));
            }
        }
        if (const YAML::Node fs = sc["file_sd_configs"]) {
            if (!fs.IsSequence())
                fail(fs, "file_sd_configs", "must be a list");
            for (const YAML::Node& f : fs) {
                checkKeys(f, { "files", "refresh_interval" }, "file_sd_config", nullptr);
                FileSdConfig sd;
                if (!f["files"] || !f["files"].IsSequence() || f["files"].size() == 0)
                    fail(f, "files", "file service discovery config must contain at least one path name");
                for (const YAML::Node& p : f["files"]) {
                    const std::string pattern = scalar(p, "files");
                    const QString name = QFileInfo(QString::fromStdString(pattern)).fileName();
                    if (!name.endsWith(QStringLiteral(".json")) && !name.endsWith(QStringLiteral(".yml"))
                        && !name.endsWith(QStringLiteral(".yaml")))
                        fail(p, "files", "path name \"" + pattern + "\" is not valid for file discovery (.json, .yml, .yaml)");
                    sd.files.push_back(path(pattern));
                }
                if (f["refresh_interval"])
                    sd.refreshInterval = duration(f["refresh_interval"], "refresh_interval");
                c.fileSdConfigs.push_back(std::move(sd));
            }
        }
        return c;
    }

    PrometheusConfig read(const YAML::Node& root, int depth) const
    {
        PrometheusConfig config;
        config.file = file();
        if (!root || root.IsNull())
            return config;
        if (!root.IsMap())
            fail(root, "yaml", "the top level must be a map");
        if (const YAML::Node included = root["prometheus_config"]) {
            if (depth > 0)
                fail(included, "prometheus_config", "a referenced prometheus.yml cannot reference another one");
            auto inner = loadFile(path(scalar(included, "prometheus_config")), depth + 1);
            if (!inner.ok())
                fail(included, "prometheus_config", inner.error().message);
            config = std::move(*inner);
            config.file = file();
        }
        if (const YAML::Node global = root["global"]) {
            if (!global.IsMap())
                fail(global, "global", "must be a map");
            if (global["scrape_interval"])
                config.scrapeInterval = duration(global["scrape_interval"], "scrape_interval");
            if (global["scrape_timeout"]) {
                config.scrapeTimeout = duration(global["scrape_timeout"], "scrape_timeout");
                if (config.scrapeTimeout > config.scrapeInterval)
                    fail(global["scrape_timeout"], "scrape_timeout", "global scrape timeout greater than scrape interval");
            } else {
                // as Prometheus: the 10s default shrinks to a shorter interval instead of failing
                config.scrapeTimeout = std::min<DurationMs>(10'000, config.scrapeInterval);
            }
            if (global["external_labels"])
                config.externalLabels = labelMap(global["external_labels"], "external_labels");
        }
        if (const YAML::Node configs = root["scrape_configs"]) {
            if (!configs.IsSequence() && !configs.IsNull())
                fail(configs, "scrape_configs", "must be a list");
            for (const YAML::Node& sc : configs) {
                ScrapeConfig c = scrapeConfig(sc, config, config.warnings);
                for (const auto& other : config.scrapeConfigs)
                    if (other.jobName == c.jobName)
                        fail(sc["job_name"], "job_name", "found multiple scrape configs with job name \"" + c.jobName + "\"");
                config.scrapeConfigs.push_back(std::move(c));
            }
        }
        return config;
    }

    static Result<PrometheusConfig> loadFile(const QString& file, int depth)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return Error { ErrorCode::Io, file.toStdString() + ": " + f.errorString().toStdString(), {} };
        return parse(f.readAll().toStdString(), file, depth);
    }

    static Result<PrometheusConfig> parse(const std::string& yaml, const QString& file, int depth)
    {
        const ConfigReader reader(file, QFileInfo(file).absolutePath());
        try {
            return reader.read(YAML::Load(yaml), depth);
        } catch (const ConfigFailure& f) {
            return f.error;
        } catch (const YAML::Exception& e) {
            return Error { ErrorCode::BadData, reader.where(e.mark) + ": yaml: " + e.msg, {} };
        }
    }

};

} // namespace

std::optional<DurationMs> parseDuration(std::string_view text)
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
        // past int64 nanoseconds (about 292 years) is out of range, as for Prometheus' model.Duration (found by
        // fuzzing: `scrape_interval: 1000000000000d` overflowed)
        DurationMs part = 0;
        if (__builtin_mul_overflow(n, Units[unit].second, &part) || __builtin_add_overflow(total, part, &total)
            || total > MaxDurationMs)
            return std::nullopt;
        i += Units[unit].first.size();
    }
    return total;
}

std::optional<qint64> parseByteSize(std::string_view text)
{
    std::size_t i = 0;
    qint64 n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        n = n * 10 + (text[i] - '0');
        if (n > (1LL << 50))
            return std::nullopt;
        ++i;
    }
    if (i == 0)
        return std::nullopt;
    const std::string_view unit = text.substr(i);
    static constexpr std::pair<std::string_view, int> Units[] = {
        { "", 0 }, { "B", 0 }, { "KB", 10 }, { "KiB", 10 }, { "MB", 20 }, { "MiB", 20 }, { "GB", 30 }, { "GiB", 30 },
        { "TB", 40 }, { "TiB", 40 },
    };
    for (const auto& [name, shift] : Units)
        if (unit == name)
            return n << shift;
    return std::nullopt;
}

Result<PrometheusConfig> parsePrometheusConfig(const std::string& yaml, const QString& fileName)
{
    return ConfigReader::parse(yaml, fileName, 0);
}

Result<PrometheusConfig> loadPrometheusConfig(const QString& path)
{
    return ConfigReader::loadFile(path, 0);
}

} // namespace sg::scrape
