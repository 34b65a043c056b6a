#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

namespace sg::ingest {

/// TLS of a client (Prometheus' common `tls_config`).
struct ClientTls
{
    std::string caFile;
    std::string certFile;
    std::string keyFile;
    std::string serverName;
    bool insecureSkipVerify = false;
};

/// Promtail's `backoff_config`: retries of a failed push, waits doubling from `minPeriod` up to `maxPeriod`.
struct BackoffConfig
{
    DurationMs minPeriod = 500;
    DurationMs maxPeriod = 5 * 60'000;
    int maxRetries = 10; ///< 0: retry forever
};

/// One entry of a Promtail config's `clients:`: a Loki that collected lines are pushed to.
struct ClientConfig
{
    std::string url;                ///< the push endpoint, e.g. http://loki:3100/loki/api/v1/push
    std::string tenantId;           ///< sent as X-Scope-OrgID when set
    DurationMs batchWait = 1'000;   ///< `batchwait`: the longest a line waits for its batch to fill
    std::size_t batchSize = 1 << 20; ///< `batchsize`: bytes of lines per push
    DurationMs timeout = 10'000;    ///< one push's time limit
    BackoffConfig backoff;
    std::map<std::string, std::string> externalLabels; ///< added to every stream; a stream's own label wins
    std::map<std::string, std::string> headers;        ///< extra HTTP headers
    std::string authorization; ///< the resolved Authorization header (basic_auth / bearer_token / authorization)
    ClientTls tls;
};

/// Parses a Promtail config's `clients:` list (also the single legacy `client:` block). Keys as Promtail's; an
/// unknown key is an error naming `file:line`. Secrets in files (`password_file`, `bearer_token_file`,
/// `credentials_file`) are read here.
Result<std::vector<ClientConfig>> parseClientConfigs(const YAML::Node& root, const std::string& file);

} // namespace sg::ingest
