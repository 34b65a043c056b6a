#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/ingest/client_config.h"
#include "core/scrape/relabel.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sg::ingest {

/// One `static_configs` entry: its targets and labels (`__path__`, `__path_exclude__` included).
struct StaticTarget
{
    std::vector<std::string> targets;
    std::map<std::string, std::string> labels;
};

/// One `docker_sd_configs` entry: Prometheus' Docker service discovery, as Promtail uses it to tail containers.
struct DockerSdConfig
{
    std::string host; ///< `unix:///var/run/docker.sock`, `http://127.0.0.1:2375` or `tcp://...`
    int port = 80;    ///< the `__address__` port of containers without published ports
    DurationMs refreshInterval = 5'000;
    std::vector<std::pair<std::string, std::vector<std::string>>> filters; ///< Docker list filters, name -> values
    std::string hostNetworkingHost = "localhost"; ///< `__address__` host of containers in host network mode
    bool matchFirstNetwork = true; ///< accepted; a container is one target (its first network) either way
};

/// A job's `syslog` block: Promtail's syslog target (RFC 5424 over TCP, RFC 6587 framing).
struct SyslogConfig
{
    std::string listenHost = "127.0.0.1"; ///< `listen_address` `host:port`; a missing host is 127.0.0.1
    int listenPort = 1514;                ///< 0: any free port (tests)
    DurationMs idleTimeout = 120'000;     ///< a connection silent this long is closed; 0: never
    bool labelStructuredData = false;     ///< `__syslog_message_sd_<id>_<name>` labels
    std::map<std::string, std::string> labels;
    bool useIncomingTimestamp = false;    ///< the message's TIMESTAMP instead of the receive time
    bool useRfc5424Message = false;       ///< the whole message as the line instead of MSG
    std::size_t maxMessageLength = 8192;  ///< longer frames are cut
    bool udp = false;                     ///< `listen_protocol: udp`: one message per datagram (RFC 5426)
    bool rfc3164 = false;                 ///< `syslog_format: rfc3164`: BSD syslog instead of RFC 5424
};

/// One `scrape_configs` entry.
struct ScrapeJob
{
    std::string name;
    std::vector<StaticTarget> staticConfigs;
    std::vector<DockerSdConfig> dockerSdConfigs;
    std::optional<SyslogConfig> syslog;
    std::vector<scrape::RelabelConfig> relabelConfigs;
    YAML::Node pipelineStages; ///< validated by load; each tailed file compiles its own Pipeline from it
};

/// The parts of a Promtail config the collector runs. Lines always go to the in-process log store, and to every
/// Loki of `clients` (forwarded by core/forward); `server` is accepted and ignored.
struct PromtailConfig
{
    std::string file; ///< the config's path, for error messages
    std::string positionsFile; ///< empty: positions kept in memory
    DurationMs positionsSyncPeriod = 10'000;
    bool ignoreInvalidPositions = false;
    DurationMs pollInterval = 250;       ///< `global.file_watch_config.min_poll_frequency`
    DurationMs syncPeriod = 10'000;      ///< `target_config.sync_period`: how often globs are expanded again
    std::size_t maxLineSize = 0;         ///< `limits_config.max_line_size` in bytes; 0: no limit
    bool maxLineSizeTruncate = false;    ///< truncate long lines instead of dropping them
    std::size_t readBatchBytes = 1 << 20; ///< bytes read per file per poll (backpressure)
    std::vector<ScrapeJob> jobs;
    std::vector<ClientConfig> clients;
};

/// Parses a Promtail config; errors are `ErrorCode::Parse` with `file:line: message`. Stages are compiled once
/// to validate them.
Result<PromtailConfig> parsePromtailConfig(const std::string& text, const std::string& file = "promtail.yaml");
/// Reads and parses a Promtail config file.
Result<PromtailConfig> loadPromtailConfig(const std::string& path);

/// Parses a byte size such as `256kB`, `8KB`, `1MiB`, `100` (Promtail's flagext.ByteSize).
std::optional<std::size_t> parseByteSize(std::string_view text);

} // namespace sg::ingest
