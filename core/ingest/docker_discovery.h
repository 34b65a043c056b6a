#pragma once

#include "core/ingest/docker_api.h"
#include "core/ingest/promtail_config.h"

#include <QObject>

#include <functional>
#include <map>
#include <string>
#include <vector>

class QTimer;

namespace sg::ingest {

/// One running container as Prometheus' Docker SD describes it: `__address__` and the `__meta_docker_*` labels.
struct DiscoveredContainer
{
    std::string id;
    std::map<std::string, std::string> labels;
};

/// Prometheus' label name sanitizing: every character outside [a-zA-Z0-9_] becomes `_`.
std::string sanitizeLabelName(std::string_view name);
/// The `filters` query parameter value (Docker's JSON form `{"name":{"value":true}}`); "" without filters.
std::string dockerFiltersJson(const DockerSdConfig& config);
/// Parses a `GET /containers/json` body into one target per container: its first network (by name) and first
/// port give `__address__` and the network and port labels, as Promtail keeps one target per container.
Result<std::vector<DiscoveredContainer>> parseContainerList(const QByteArray& json, const DockerSdConfig& config);

/// Lists the running containers of one `docker_sd_configs` entry every `refresh_interval`, without blocking:
/// each refresh is one request on the owner's thread. A failed refresh keeps the previous targets, is logged
/// once per distinct error and is retried at the next refresh.
class DockerDiscovery : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(std::vector<DiscoveredContainer>)>;

    DockerDiscovery(DockerSdConfig config, DockerEndpoint endpoint, Handler handler, QObject* parent = nullptr);

    /// Refreshes now and then every refresh_interval.
    void start();
    void stop();
    /// One refresh unless one is in flight.
    void refresh();
    const DockerEndpoint& endpoint() const { return m_endpoint; }
    /// The last refresh's error, "" after a successful one.
    const std::string& lastError() const { return m_lastError; }
    std::uint64_t successfulRefreshes() const { return m_successes; }

private:
    void setError(const std::string& message);

    DockerSdConfig m_config;
    DockerEndpoint m_endpoint;
    Handler m_handler;
    QTimer* m_timer = nullptr;
    QObject* m_inFlight = nullptr; ///< the running request's context (deleted to cancel it)
    std::string m_lastError;
    std::uint64_t m_successes = 0;
};

} // namespace sg::ingest
