#pragma once

// prometheus.yml's `remote_write:` section and `global.external_labels`, read unmodified.

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/scrape/relabel.h"

#include <QByteArray>
#include <QString>

#include <map>
#include <string>
#include <vector>

namespace sg::remotewrite {

/// `queue_config`, with Prometheus' defaults.
struct QueueConfig
{
    std::size_t capacity = 10'000;         ///< samples buffered per shard
    std::size_t maxShards = 50;
    std::size_t minShards = 1;
    std::size_t maxSamplesPerSend = 2'000;
    DurationMs batchSendDeadline = 5'000;  ///< a partial batch is sent after this long
    DurationMs minBackoff = 30;
    DurationMs maxBackoff = 5'000;
    bool retryOnHttp429 = true;
};

/// `metadata_config`.
struct MetadataConfig
{
    bool send = true;
    DurationMs sendInterval = 60'000;
    std::size_t maxSamplesPerSend = 500; ///< metadata entries per request
};

/// `tls_config` of a remote.
struct TlsConfig
{
    QString caFile;
    QString certFile;
    QString keyFile;
    QString serverName;
    bool insecureSkipVerify = false;
};

/// One `remote_write` entry.
struct RemoteWriteConfig
{
    std::string url;
    std::string name; ///< `name`, else a hash of the entry (as Prometheus: the first 6 hex digits)
    DurationMs remoteTimeout = 30'000;
    std::map<std::string, std::string> headers;
    QByteArray authorization; ///< resolved Authorization header (basic_auth / authorization / bearer_token)
    TlsConfig tls;
    std::vector<scrape::RelabelConfig> writeRelabelConfigs;
    QueueConfig queue;
    MetadataConfig metadata;
};

/// Every remote of a config file and the labels attached to what they are sent.
struct RemoteWriteSettings
{
    Labels externalLabels; ///< global.external_labels; a series' own label of the same name wins
    std::vector<RemoteWriteConfig> remotes;
    std::vector<std::string> warnings; ///< keys read but not acted on ("file:line: key: ...")
};

/// Parses the `remote_write` section and `global.external_labels` of prometheus.yml text, or of a Sightglass config
/// (a `prometheus_config: PATH` file is read first; inline sections are added to it). Keys: url, name,
/// remote_timeout, headers, write_relabel_configs, basic_auth (password / password_file), authorization,
/// bearer_token(_file), tls_config (ca_file, cert_file, key_file, server_name, insecure_skip_verify), queue_config
/// (capacity, max_shards, min_shards, max_samples_per_send, batch_send_deadline, min_backoff, max_backoff,
/// retry_on_http_429), metadata_config (send, send_interval, max_samples_per_send). Errors name the file, line and
/// key: "prometheus.yml:12: url: ...".
Result<RemoteWriteSettings> parseRemoteWriteConfig(const std::string& yaml, const QString& fileName);

/// Reads and parses a config file.
Result<RemoteWriteSettings> loadRemoteWriteConfig(const QString& path);

} // namespace sg::remotewrite
