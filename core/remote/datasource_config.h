#pragma once

#include "core/common/result.h"

#include <QString>

#include <string>
#include <utility>
#include <vector>

namespace sg::remote {

/// The API a remote datasource speaks.
enum class RemoteType { Prometheus, Loki };

/// "prometheus" / "loki".
QString remoteTypeName(RemoteType type);

/// TLS settings for talking to a remote (paths are absolute once parsed).
struct RemoteTls
{
    QString caFile;          ///< PEM CA bundle the server's certificate must chain to; empty: the system's
    QString certFile;        ///< client certificate (PEM), for servers that require one
    QString keyFile;         ///< its key (PEM)
    QByteArray caPem;        ///< inline PEM (Grafana's secureJsonData.tlsCACert); used when caFile is empty
    QByteArray certPem;      ///< inline client certificate (secureJsonData.tlsClientCert)
    QByteArray keyPem;       ///< inline client key (secureJsonData.tlsClientKey)
    bool insecureSkipVerify = false; ///< accept any server certificate (tests, self-signed labs)
};

/// A Prometheus-compatible (Prometheus, Thanos, Mimir, VictoriaMetrics) or Loki datasource reached over HTTP.
/// Secrets (password, token, header values, keys) are held here only: they never go into dashboards or listings.
struct RemoteDatasource
{
    QString name;
    QString uid;             ///< Grafana-style uid; defaults to the name
    RemoteType type = RemoteType::Prometheus;
    QString url;             ///< base URL, e.g. `https://prom.example:9090` or `http://mimir/prometheus`
    QString basicAuthUser;
    QString basicAuthPassword; ///< secret; read from `password_file` when given there
    QString bearerToken;       ///< secret; read from `bearer_token_file` when given there
    std::vector<std::pair<QString, QString>> headers; ///< extra request headers; values are secrets
    QString tenant;          ///< sent as `X-Scope-OrgID` (Mimir, Loki, Cortex multi-tenancy)
    RemoteTls tls;
    int timeoutMs = 60'000;  ///< per request
    qint64 defaultStepMs = 15'000; ///< the scrape interval / Grafana's `timeInterval`: the smallest useful step
    bool isDefault = false;  ///< the default datasource of its type
    bool usePost = true;     ///< queries as POST form bodies (Grafana's httpMethod POST); false: GET

    /// The Grafana plugin id of the type.
    QString pluginId() const { return remoteTypeName(type); }
};

/// Reads datasources from a YAML file in either format:
///  - a Sightglass config file's `datasources:` section (docs/datasources.md): name, uid, type, url, basic_auth
///    {username, password, password_file}, bearer_token, bearer_token_file, headers {NAME: VALUE}, tenant,
///    tls_config {ca_file, cert_file, key_file, insecure_skip_verify}, timeout, scrape_interval, default;
///  - a Grafana provisioning file (`apiVersion: 1`, `datasources:` with name/type/uid/url/basicAuth/basicAuthUser/
///    isDefault/jsonData/secureJsonData), with `$VAR` / `${VAR}` replaced from the environment as Grafana does.
/// Entries of other types (Grafana's graphite, tempo, ...) are skipped. A file without `datasources:` gives none.
/// Errors name the file, line and key. Relative file paths are read from the file's folder.
Result<std::vector<RemoteDatasource>> loadDatasourceFile(const QString& path);
/// The same from YAML text; `fileName` is used in messages and anchors relative paths.
Result<std::vector<RemoteDatasource>> parseDatasources(const std::string& yaml, const QString& fileName);

/// `$VAR` and `${VAR}` replaced by the environment's values (empty when unset); `$$` is a literal `$`.
std::string expandEnv(const std::string& text);

/// The datasource called `nameOrUid` (name first, then uid), or nullptr.
const RemoteDatasource* findDatasource(const std::vector<RemoteDatasource>& list, const QString& nameOrUid);

} // namespace sg::remote
