#pragma once

#include "core/common/result.h"

#include <QSsl>
#include <QString>

#include <map>
#include <mutex>
#include <set>
#include <string>

class QSslConfiguration;

namespace sg::api {

/// Prometheus' web configuration file (`--web.config.file`, the exporter-toolkit format): TLS for the listener,
/// optional client certificates, and HTTP basic auth with bcrypt hashes.
///   tls_server_config: {cert_file, key_file, client_auth_type, client_ca_file, min_version, max_version}
///   basic_auth_users: {NAME: BCRYPT-HASH}
/// Relative paths are read from the file's folder. `http_server_config` is accepted and not used.
struct WebConfig
{
    enum class ClientAuth { NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven,
        RequireAndVerifyClientCert };

    QString file;
    QString certFile, keyFile, clientCaFile;
    ClientAuth clientAuth = ClientAuth::NoClientCert;
    QSsl::SslProtocol protocol = QSsl::TlsV1_2OrLater;
    std::map<std::string, std::string> basicAuthUsers; ///< name -> bcrypt hash ($2a$, $2b$, $2y$)

    bool tls() const { return !certFile.isEmpty(); }
    /// True when it protects a listener (TLS or basic auth), so one may listen beyond loopback.
    bool protects() const { return tls() || !basicAuthUsers.empty(); }
    /// The listener's TLS settings (certificate, key, protocol, client certificate checks); an error names the
    /// file that cannot be read.
    Result<QSslConfiguration> sslConfiguration() const;
};

Result<WebConfig> loadWebConfig(const QString& path);

/// Checks `Authorization: Basic ...` against the users; bcrypt verifications that succeeded are remembered (as
/// exporter-toolkit does) so a client does not pay bcrypt's cost on every request. Thread-safe.
class BasicAuth
{
public:
    explicit BasicAuth(std::map<std::string, std::string> users);
    bool enabled() const { return !m_users.empty(); }
    bool check(const QByteArray& authorizationHeader) const;

private:
    std::map<std::string, std::string> m_users;
    mutable std::mutex m_mutex;
    mutable std::set<std::string> m_verified; ///< "name:password" pairs bcrypt accepted
};

} // namespace sg::api
