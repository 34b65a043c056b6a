#include "web_config.h"

#include "core/common/client_tls.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>

#include <crypt.h>
#include <yaml-cpp/yaml.h>

#include <cstring>

namespace sg::api {

namespace {

Error configError(const QString& path, const std::string& message)
{
    return Error { ErrorCode::BadData, path.toStdString() + ": " + message, {} };
}

QByteArray readFile(const QString& path, QString& error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        error = path + QStringLiteral(": ") + f.errorString();
        return {};
    }
    return f.readAll();
}

} // namespace

Result<WebConfig> loadWebConfig(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error { ErrorCode::Io, (path + QStringLiteral(": ") + f.errorString()).toStdString(), {} };
    WebConfig c;
    c.file = path;
    const QDir base = QFileInfo(path).absoluteDir();
    auto resolve = [&](const std::string& p) { return QDir::cleanPath(base.absoluteFilePath(QString::fromStdString(p))); };
    try {
        const YAML::Node root = YAML::Load(f.readAll().toStdString());
        if (!root || root.IsNull())
            return c;
        if (!root.IsMap())
            return configError(path, "expected a mapping");
        for (const auto& kv : root) {
            const auto key = kv.first.as<std::string>();
            if (key != "tls_server_config" && key != "basic_auth_users" && key != "http_server_config")
                return configError(path, "unknown key \"" + key + "\" (tls_server_config, basic_auth_users, http_server_config)");
        }
        if (const YAML::Node tls = root["tls_server_config"]) {
            for (const auto& kv : tls) {
                const auto key = kv.first.as<std::string>();
                const auto value = kv.second.as<std::string>();
                if (key == "cert_file") {
                    c.certFile = resolve(value);
                } else if (key == "key_file") {
                    c.keyFile = resolve(value);
                } else if (key == "client_ca_file") {
                    c.clientCaFile = resolve(value);
                } else if (key == "client_auth_type") {
                    static const std::map<std::string, WebConfig::ClientAuth> types {
                        { "NoClientCert", WebConfig::ClientAuth::NoClientCert },
                        { "RequestClientCert", WebConfig::ClientAuth::RequestClientCert },
                        { "RequireAnyClientCert", WebConfig::ClientAuth::RequireAnyClientCert },
                        { "VerifyClientCertIfGiven", WebConfig::ClientAuth::VerifyClientCertIfGiven },
                        { "RequireAndVerifyClientCert", WebConfig::ClientAuth::RequireAndVerifyClientCert } };
                    auto it = types.find(value);
                    if (it == types.end())
                        return configError(path, "invalid client_auth_type \"" + value + "\"");
                    c.clientAuth = it->second;
                } else if (key == "min_version") {
                    if (value == "TLS12")
                        c.protocol = QSsl::TlsV1_2OrLater;
                    else if (value == "TLS13")
                        c.protocol = QSsl::TlsV1_3OrLater;
                    else
                        return configError(path, "min_version \"" + value + "\": TLS12 or TLS13 (older versions are not served)");
                } else if (key != "max_version" && key != "cipher_suites" && key != "curve_preferences"
                    && key != "prefer_server_cipher_suites" && key != "client_allowed_sans") {
                    return configError(path, "tls_server_config: unknown key \"" + key + "\"");
                }
            }
            if (c.certFile.isEmpty() != c.keyFile.isEmpty())
                return configError(path, "tls_server_config needs both cert_file and key_file");
            if (c.certFile.isEmpty())
                return configError(path, "tls_server_config without cert_file and key_file");
            if (c.clientAuth == WebConfig::ClientAuth::RequireAndVerifyClientCert && c.clientCaFile.isEmpty())
                return configError(path, "client_auth_type RequireAndVerifyClientCert needs client_ca_file");
        }
        if (const YAML::Node users = root["basic_auth_users"]) {
            for (const auto& kv : users) {
                const auto name = kv.first.as<std::string>();
                const auto hash = kv.second.as<std::string>();
                if (hash.rfind("$2a$", 0) != 0 && hash.rfind("$2b$", 0) != 0 && hash.rfind("$2y$", 0) != 0)
                    return configError(path, "basic_auth_users." + name + ": not a bcrypt hash ($2y$...)");
                c.basicAuthUsers[name] = hash;
            }
        }
    } catch (const YAML::Exception& e) {
        return configError(path, e.what());
    }
    return c;
}

Result<QSslConfiguration> WebConfig::sslConfiguration() const
{
    QString error;
    const QByteArray certPem = readFile(certFile, error);
    const QByteArray keyPem = error.isEmpty() ? readFile(keyFile, error) : QByteArray();
    if (!error.isEmpty())
        return Error { ErrorCode::Io, error.toStdString(), {} };
    const auto certs = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (certs.isEmpty())
        return configError(certFile, "no PEM certificate");
    const QSslKey key = pemPrivateKey(keyPem);
    if (key.isNull())
        return configError(keyFile, "no PEM private key (RSA or EC)");
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificateChain(certs);
    conf.setPrivateKey(key);
    conf.setProtocol(protocol);
    if (!clientCaFile.isEmpty()) {
        const QByteArray caPem = readFile(clientCaFile, error);
        if (!error.isEmpty())
            return Error { ErrorCode::Io, error.toStdString(), {} };
        conf.setCaCertificates(QSslCertificate::fromData(caPem, QSsl::Pem));
    }
    switch (clientAuth) {
    case ClientAuth::NoClientCert: conf.setPeerVerifyMode(QSslSocket::VerifyNone); break;
    case ClientAuth::RequestClientCert:
    case ClientAuth::VerifyClientCertIfGiven: conf.setPeerVerifyMode(QSslSocket::QueryPeer); break;
    case ClientAuth::RequireAnyClientCert:
    case ClientAuth::RequireAndVerifyClientCert: conf.setPeerVerifyMode(QSslSocket::VerifyPeer); break;
    }
    return conf;
}

BasicAuth::BasicAuth(std::map<std::string, std::string> users)
    : m_users(std::move(users))
{
}

bool BasicAuth::check(const QByteArray& header) const
{
    if (m_users.empty())
        return true;
    if (!header.startsWith("Basic "))
        return false;
    const QByteArray decoded = QByteArray::fromBase64(header.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    const qsizetype colon = decoded.indexOf(':');
    if (decoded.isEmpty() || colon < 0)
        return false;
    const std::string name = decoded.left(colon).toStdString();
    const std::string password = decoded.mid(colon + 1).toStdString();
    const auto user = m_users.find(name);
    if (user == m_users.end())
        return false;
    const std::string key = name + ':' + password;
    {
        std::lock_guard lock(m_mutex);
        if (m_verified.contains(key))
            return true;
    }
    crypt_data data;
    std::memset(&data, 0, sizeof data);
    const char* hashed = ::crypt_r(password.c_str(), user->second.c_str(), &data);
    const bool ok = hashed && hashed[0] != '*' && user->second == hashed;
    if (ok) {
        std::lock_guard lock(m_mutex);
        if (m_verified.size() < 1024)
            m_verified.insert(key);
    }
    return ok;
}

} // namespace sg::api
