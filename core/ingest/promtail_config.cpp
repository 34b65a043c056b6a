#include "promtail_config.h"

#include "docker_api.h"
#include "pipeline_stages.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

namespace sg::ingest {

std::optional<std::size_t> parseByteSize(std::string_view text)
{
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || value < 0)
        return std::nullopt;
    std::string unit(ptr, text.data() + text.size());
    for (auto& c : unit)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    while (!unit.empty() && unit.front() == ' ')
        unit.erase(0, 1);
    double scale = 0;
    if (unit.empty() || unit == "b")
        scale = 1;
    else if (unit == "kb" || unit == "k" || unit == "kib" || unit == "ki")
        scale = 1024;
    else if (unit == "mb" || unit == "m" || unit == "mib" || unit == "mi")
        scale = 1024.0 * 1024;
    else if (unit == "gb" || unit == "g" || unit == "gib" || unit == "gi")
        scale = 1024.0 * 1024 * 1024;
    else
        return std::nullopt;
    return std::size_t(value * scale);
}

namespace {

Result<DurationMs> durationField(const YAML::Node& parent, const char* key, DurationMs def, const std::string& file)
{
    const YAML::Node n = parent.IsMap() ? parent[key] : YAML::Node();
    if (!n || n.IsNull())
        return def;
    auto d = parseDuration(n.Scalar());
    if (!d)
        return configError(file, n, std::string("invalid duration for ") + key + ": \"" + n.Scalar() + "\"");
    return *d;
}

/// The first key of map `node` not in `known`, as a `file:line` error.
std::optional<Error> unknownKey(const YAML::Node& node, std::initializer_list<std::string_view> known,
    const std::string& file, const std::string& what)
{
    for (const auto& kv : node) {
        const std::string key = kv.first.as<std::string>();
        if (std::find(known.begin(), known.end(), key) == known.end())
            return configError(file, kv.first, what + ": unknown key \"" + key + "\"");
    }
    return std::nullopt;
}

Result<DockerSdConfig> parseDockerSd(const YAML::Node& node, const std::string& file)
{
    if (!node.IsMap())
        return configError(file, node, "a docker_sd_configs entry must be a map");
    if (auto error = unknownKey(node,
            { "host", "port", "refresh_interval", "filters", "host_networking_host", "match_first_network" }, file,
            "docker_sd_configs"))
        return *error;
    DockerSdConfig sd;
    const YAML::Node host = node["host"];
    if (!host || !host.IsScalar() || host.Scalar().empty())
        return configError(file, node, "docker_sd_configs: host is required");
    sd.host = host.Scalar();
    if (auto endpoint = DockerEndpoint::parse(sd.host); !endpoint.ok())
        return configError(file, host, "docker_sd_configs: " + endpoint.error().message);
    if (const YAML::Node port = node["port"]) {
        const auto value = port.as<int>();
        if (value < 0 || value > 65535)
            return configError(file, port, "docker_sd_configs: invalid port");
        sd.port = value;
    }
    auto refresh = durationField(node, "refresh_interval", sd.refreshInterval, file);
    if (!refresh.ok())
        return refresh.error();
    if (refresh.value() <= 0)
        return configError(file, node["refresh_interval"], "docker_sd_configs: refresh_interval must be positive");
    sd.refreshInterval = refresh.value();
    if (node["host_networking_host"])
        sd.hostNetworkingHost = node["host_networking_host"].as<std::string>();
    if (node["match_first_network"])
        sd.matchFirstNetwork = node["match_first_network"].as<bool>();
    if (const YAML::Node filters = node["filters"]) {
        if (!filters.IsSequence())
            return configError(file, filters, "docker_sd_configs: filters must be a list");
        for (const auto& f : filters) {
            if (!f.IsMap())
                return configError(file, f, "docker_sd_configs: a filter must be a map with name and values");
            if (auto error = unknownKey(f, { "name", "values" }, file, "docker_sd_configs filter"))
                return *error;
            if (!f["name"] || f["name"].Scalar().empty())
                return configError(file, f, "docker_sd_configs filter: name is required");
            std::vector<std::string> values;
            if (const YAML::Node v = f["values"]) {
                if (!v.IsSequence())
                    return configError(file, v, "docker_sd_configs filter: values must be a list");
                for (const auto& value : v)
                    values.push_back(value.as<std::string>());
            }
            sd.filters.emplace_back(f["name"].Scalar(), std::move(values));
        }
    }
    return sd;
}

Result<SyslogConfig> parseSyslog(const YAML::Node& node, const std::string& file)
{
    if (!node.IsMap())
        return configError(file, node, "syslog must be a map");
    if (auto error = unknownKey(node,
            { "listen_address", "listen_protocol", "idle_timeout", "label_structured_data", "labels",
                "use_incoming_timestamp", "use_rfc5424_message", "max_message_length", "syslog_format", "tls_config" },
            file, "syslog"))
        return *error;
    SyslogConfig syslog;
    if (const YAML::Node address = node["listen_address"]) {
        std::string text = address.as<std::string>();
        if (text.starts_with(':'))
            text = syslog.listenHost + text;
        auto hostPort = parseHostPort(text, -1);
        if (!hostPort.ok())
            return configError(file, address, "syslog: listen_address \"" + text + "\": " + hostPort.error().message);
        syslog.listenHost = hostPort->first;
        syslog.listenPort = hostPort->second;
    }
    if (const YAML::Node protocol = node["listen_protocol"]) {
        const auto p = protocol.as<std::string>();
        if (p != "tcp" && p != "udp")
            return configError(file, protocol, "syslog: listen_protocol must be tcp or udp, not \"" + p + "\"");
        syslog.udp = p == "udp";
    }
    if (const YAML::Node format = node["syslog_format"]) {
        const auto f = format.as<std::string>();
        if (f != "rfc5424" && f != "rfc3164")
            return configError(file, format, "syslog: syslog_format must be rfc5424 or rfc3164, not \"" + f + "\"");
        syslog.rfc3164 = f == "rfc3164";
    }
    if (node["tls_config"])
        return configError(file, node["tls_config"], "syslog: tls_config is not supported");
    auto idle = durationField(node, "idle_timeout", syslog.idleTimeout, file);
    if (!idle.ok())
        return idle.error();
    syslog.idleTimeout = idle.value();
    if (const YAML::Node labels = node["labels"]) {
        if (!labels.IsMap())
            return configError(file, labels, "syslog: labels must be a map");
        for (const auto& kv : labels)
            syslog.labels[kv.first.as<std::string>()] = kv.second.IsNull() ? "" : kv.second.as<std::string>();
    }
    const auto flag = [&](const char* key) { return node[key] && node[key].as<bool>(); };
    syslog.labelStructuredData = flag("label_structured_data");
    syslog.useIncomingTimestamp = flag("use_incoming_timestamp");
    syslog.useRfc5424Message = flag("use_rfc5424_message");
    if (const YAML::Node max = node["max_message_length"]) {
        const auto value = max.as<long long>();
        if (value <= 0)
            return configError(file, max, "syslog: max_message_length must be positive");
        syslog.maxMessageLength = std::size_t(value);
    }
    return syslog;
}

Result<ScrapeJob> parseJob(const YAML::Node& node, const std::string& file)
{
    ScrapeJob job;
    if (!node.IsMap())
        return configError(file, node, "a scrape config must be a map");
    job.name = node["job_name"] ? node["job_name"].as<std::string>() : std::string();
    if (job.name.empty())
        return configError(file, node, "scrape config: job_name is required");
    for (const char* unsupported : { "journal", "kubernetes_sd_configs" })
        if (node[unsupported])
            return configError(file, node[unsupported],
                std::string(unsupported) + " is not supported; use static_configs, docker_sd_configs or syslog");
    if (const YAML::Node syslog = node["syslog"]) {
        auto parsed = parseSyslog(syslog, file);
        if (!parsed.ok())
            return parsed.error();
        job.syslog = std::move(parsed.value());
    }
    if (const YAML::Node dockers = node["docker_sd_configs"]) {
        if (!dockers.IsSequence())
            return configError(file, dockers, "docker_sd_configs must be a list");
        for (const auto& d : dockers) {
            auto sd = parseDockerSd(d, file);
            if (!sd.ok())
                return sd.error();
            job.dockerSdConfigs.push_back(std::move(sd.value()));
        }
    }
    if (const YAML::Node statics = node["static_configs"]) {
        if (!statics.IsSequence())
            return configError(file, statics, "static_configs must be a list");
        for (const auto& s : statics) {
            StaticTarget target;
            if (s["targets"])
                for (const auto& t : s["targets"])
                    target.targets.push_back(t.as<std::string>());
            if (const YAML::Node labels = s["labels"]) {
                if (!labels.IsMap())
                    return configError(file, labels, "labels must be a map");
                for (const auto& kv : labels)
                    target.labels[kv.first.as<std::string>()] = kv.second.IsNull() ? "" : kv.second.as<std::string>();
            }
            if (!target.labels.contains("__path__"))
                return configError(file, s, "static_configs entry without a __path__ label");
            job.staticConfigs.push_back(std::move(target));
        }
    }
    if (const YAML::Node relabels = node["relabel_configs"]) {
        for (const auto& r : relabels) {
            scrape::RelabelConfig rc;
            if (r["source_labels"])
                for (const auto& l : r["source_labels"])
                    rc.sourceLabels.push_back(l.as<std::string>());
            if (r["separator"])
                rc.separator = r["separator"].as<std::string>();
            if (r["regex"])
                rc.regex = r["regex"].as<std::string>();
            if (r["modulus"])
                rc.modulus = r["modulus"].as<std::uint64_t>();
            if (r["target_label"])
                rc.targetLabel = r["target_label"].as<std::string>();
            if (r["replacement"])
                rc.replacement = r["replacement"].as<std::string>();
            if (r["action"]) {
                auto action = scrape::relabelActionFromName(r["action"].as<std::string>());
                if (!action)
                    return configError(file, r["action"], "unknown relabel action \"" + r["action"].as<std::string>() + "\"");
                rc.action = *action;
            }
            auto made = scrape::makeRelabelConfig(std::move(rc));
            if (!made.ok())
                return configError(file, r, "relabel_configs: " + made.error().message);
            job.relabelConfigs.push_back(std::move(made.value()));
        }
    }
    if (node["pipeline_stages"])
        job.pipelineStages.reset(node["pipeline_stages"]);
    auto pipeline = Pipeline::build(job.pipelineStages, file);
    if (!pipeline.ok())
        return pipeline.error();
    return job;
}

} // namespace

Result<PromtailConfig> parsePromtailConfig(const std::string& text, const std::string& file)
{
    PromtailConfig config;
    config.file = file;
    try {
        const YAML::Node root = YAML::Load(text);
        if (!root.IsMap())
            return Error { ErrorCode::Parse, file + ":1: the config must be a YAML map", {} };
        if (const YAML::Node positions = root["positions"]) {
            config.positionsFile = positions["filename"] ? positions["filename"].as<std::string>() : std::string();
            auto sync = durationField(positions, "sync_period", config.positionsSyncPeriod, file);
            if (!sync.ok())
                return sync.error();
            config.positionsSyncPeriod = sync.value();
            config.ignoreInvalidPositions = positions["ignore_invalid_yaml"] && positions["ignore_invalid_yaml"].as<bool>();
        }
        const YAML::Node global = root["global"];
        if (global && global.IsMap() && global["file_watch_config"]) {
            auto poll = durationField(global["file_watch_config"], "min_poll_frequency", config.pollInterval, file);
            if (!poll.ok())
                return poll.error();
            config.pollInterval = std::max<DurationMs>(10, poll.value());
        }
        if (const YAML::Node target = root["target_config"]) {
            auto sync = durationField(target, "sync_period", config.syncPeriod, file);
            if (!sync.ok())
                return sync.error();
            config.syncPeriod = sync.value();
        }
        if (const YAML::Node limits = root["limits_config"]) {
            if (limits["max_line_size"]) {
                auto size = parseByteSize(limits["max_line_size"].Scalar());
                if (!size)
                    return configError(file, limits["max_line_size"], "invalid max_line_size");
                config.maxLineSize = *size;
            }
            config.maxLineSizeTruncate = limits["max_line_size_truncate"] && limits["max_line_size_truncate"].as<bool>();
        }
        auto clients = parseClientConfigs(root, file);
        if (!clients.ok())
            return clients.error();
        config.clients = std::move(clients.value());
        if (const YAML::Node jobs = root["scrape_configs"]) {
            if (!jobs.IsSequence())
                return configError(file, jobs, "scrape_configs must be a list");
            for (const auto& node : jobs) {
                auto job = parseJob(node, file);
                if (!job.ok())
                    return job.error();
                config.jobs.push_back(std::move(job.value()));
            }
        }
    } catch (const YAML::Exception& e) {
        return Error { ErrorCode::Parse, file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg, {} };
    } catch (const std::exception& e) {
        return Error { ErrorCode::Parse, file + ": " + e.what(), {} };
    }
    return config;
}

Result<PromtailConfig> loadPromtailConfig(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        return Error { ErrorCode::Io, "cannot read promtail config " + path, {} };
    std::stringstream text;
    text << in.rdbuf();
    return parsePromtailConfig(text.str(), path);
}

} // namespace sg::ingest
