#include "client_config.h"

#include "pipeline_stages.h"
#include "promtail_config.h"

#include <QByteArray>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sg::ingest {

namespace {

/// Reads the errors out of the parse as exceptions: the first one ends it.
struct ClientConfigError
{
    Error error;
};

class ClientParser
{
public:
    explicit ClientParser(const std::string& file)
        : m_file(file)
    {
    }

    ClientConfig parse(const YAML::Node& node)
    {
        if (!node.IsMap())
            fail(node, "a client must be a map");
        checkKeys(node,
            { "url", "tenant_id", "batchwait", "batchsize", "basic_auth", "authorization", "bearer_token",
                "bearer_token_file", "tls_config", "backoff_config", "external_labels", "timeout", "headers",
                "proxy_url", "follow_redirects", "enable_http2", "oauth2", "drop_rate_limited_batches", "stream_lag_labels" },
            "client");
        ClientConfig c;
        c.url = scalar(node, "url");
        if (c.url.empty())
            fail(node, "client: url is required");
        if (!c.url.starts_with("http://") && !c.url.starts_with("https://"))
            fail(node["url"], "client: url must start with http:// or https://: \"" + c.url + "\"");
        if (node["tenant_id"])
            c.tenantId = scalar(node, "tenant_id");
        c.batchWait = duration(node, "batchwait", c.batchWait);
        c.timeout = duration(node, "timeout", c.timeout);
        if (const YAML::Node size = node["batchsize"]) {
            const auto bytes = parseByteSize(size.Scalar());
            if (!bytes || *bytes == 0)
                fail(size, "client: invalid batchsize \"" + size.Scalar() + "\"");
            c.batchSize = *bytes;
        }
        if (const YAML::Node b = node["backoff_config"]) {
            checkKeys(b, { "min_period", "max_period", "max_retries" }, "backoff_config");
            c.backoff.minPeriod = duration(b, "min_period", c.backoff.minPeriod);
            c.backoff.maxPeriod = duration(b, "max_period", c.backoff.maxPeriod);
            if (b["max_retries"])
                c.backoff.maxRetries = b["max_retries"].as<int>();
            if (c.backoff.minPeriod <= 0 || c.backoff.maxPeriod < c.backoff.minPeriod)
                fail(b, "backoff_config: min_period must be positive and at most max_period");
        }
        c.externalLabels = stringMap(node["external_labels"], "external_labels");
        c.headers = stringMap(node["headers"], "headers");
        c.authorization = authorization(node);
        if (const YAML::Node tls = node["tls_config"]) {
            checkKeys(tls, { "ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify", "min_version" }, "tls_config");
            c.tls.caFile = scalar(tls, "ca_file");
            c.tls.certFile = scalar(tls, "cert_file");
            c.tls.keyFile = scalar(tls, "key_file");
            c.tls.serverName = scalar(tls, "server_name");
            c.tls.insecureSkipVerify = tls["insecure_skip_verify"] && tls["insecure_skip_verify"].as<bool>();
            if (c.tls.certFile.empty() != c.tls.keyFile.empty())
                fail(tls, "tls_config: cert_file and key_file must be set together");
        }
        return c;
    }

private:
    [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const
    {
        throw ClientConfigError { configError(m_file, node, message) };
    }

    void checkKeys(const YAML::Node& node, std::initializer_list<std::string_view> known, const std::string& what) const
    {
        if (!node.IsMap())
            fail(node, what + " must be a map");
        for (const auto& kv : node) {
            const std::string key = kv.first.as<std::string>();
            if (std::find(known.begin(), known.end(), key) == known.end())
                fail(kv.first, what + ": unknown key \"" + key + "\"");
        }
    }

    std::string scalar(const YAML::Node& parent, const char* key) const
    {
        const YAML::Node n = parent[key];
        if (!n || n.IsNull())
            return {};
        if (!n.IsScalar())
            fail(n, std::string(key) + " must be a string");
        return n.Scalar();
    }

    DurationMs duration(const YAML::Node& parent, const char* key, DurationMs def) const
    {
        const YAML::Node n = parent[key];
        if (!n || n.IsNull())
            return def;
        auto d = parseDuration(n.Scalar());
        if (!d)
            fail(n, std::string("invalid duration for ") + key + ": \"" + n.Scalar() + "\"");
        return *d;
    }

    std::map<std::string, std::string> stringMap(const YAML::Node& node, const std::string& what) const
    {
        std::map<std::string, std::string> out;
        if (!node || node.IsNull())
            return out;
        if (!node.IsMap())
            fail(node, what + " must be a map");
        for (const auto& kv : node)
            out[kv.first.as<std::string>()] = kv.second.as<std::string>();
        return out;
    }

    std::string secretFile(const YAML::Node& node) const
    {
        std::ifstream in(node.Scalar());
        if (!in)
            fail(node, "cannot read " + node.Scalar());
        std::stringstream text;
        text << in.rdbuf();
        std::string s = text.str();
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
            s.pop_back();
        return s;
    }

    /// The Authorization header of basic_auth, authorization or bearer_token(_file): at most one of them.
    std::string authorization(const YAML::Node& node) const
    {
        const int kinds = (node["basic_auth"] ? 1 : 0) + (node["authorization"] ? 1 : 0)
            + (node["bearer_token"] || node["bearer_token_file"] ? 1 : 0);
        if (kinds > 1)
            fail(node, "client: at most one of basic_auth, authorization and bearer_token(_file) must be configured");
        if (const YAML::Node b = node["basic_auth"]) {
            checkKeys(b, { "username", "password", "password_file", "username_file" }, "basic_auth");
            if (b["password"] && b["password_file"])
                fail(b, "basic_auth: at most one of password & password_file must be configured");
            const std::string user = b["username_file"] ? secretFile(b["username_file"]) : scalar(b, "username");
            const std::string password = b["password_file"] ? secretFile(b["password_file"]) : scalar(b, "password");
            return "Basic " + QByteArray::fromStdString(user + ":" + password).toBase64().toStdString();
        }
        if (const YAML::Node a = node["authorization"]) {
            checkKeys(a, { "type", "credentials", "credentials_file" }, "authorization");
            const std::string type = a["type"] ? scalar(a, "type") : "Bearer";
            const std::string credentials = a["credentials_file"] ? secretFile(a["credentials_file"]) : scalar(a, "credentials");
            return type + " " + credentials;
        }
        if (node["bearer_token"] && node["bearer_token_file"])
            fail(node, "client: at most one of bearer_token & bearer_token_file must be configured");
        if (node["bearer_token"])
            return "Bearer " + scalar(node, "bearer_token");
        if (node["bearer_token_file"])
            return "Bearer " + secretFile(node["bearer_token_file"]);
        return {};
    }

    const std::string& m_file;
};

} // namespace

Result<std::vector<ClientConfig>> parseClientConfigs(const YAML::Node& root, const std::string& file)
{
    std::vector<ClientConfig> out;
    ClientParser parser(file);
    try {
        if (const YAML::Node single = root["client"])
            out.push_back(parser.parse(single));
        if (const YAML::Node list = root["clients"]) {
            if (!list.IsSequence())
                return configError(file, list, "clients must be a list");
            for (const auto& node : list)
                out.push_back(parser.parse(node));
        }
    } catch (const ClientConfigError& e) {
        return e.error;
    }
    return out;
}

} // namespace sg::ingest
