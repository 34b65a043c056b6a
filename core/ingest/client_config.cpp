#include "client_config.h"

#include "pipeline_stages.h"
#include "promtail_config.h"

#include "core/scrape/config_reader.h"

#include <QFileInfo>

namespace sg::ingest {

namespace {

/// A client entry read with the shared YAML reader (its errors: "file:line: key: what"; secret files relative to
/// the config file's folder).
class ClientParser : public scrape::YamlConfigReader
{
public:
    using YamlConfigReader::YamlConfigReader;

    ClientConfig parse(const YAML::Node& node) const
    {
        if (!node.IsMap())
            fail(node, "client", "must be a map");
        checkKeys(node,
            { "url", "tenant_id", "batchwait", "batchsize", "basic_auth", "authorization", "bearer_token",
                "bearer_token_file", "tls_config", "backoff_config", "external_labels", "timeout", "headers",
                "proxy_url", "follow_redirects", "enable_http2", "oauth2", "drop_rate_limited_batches", "stream_lag_labels" },
            "client", nullptr);
        ClientConfig c;
        c.url = text(node, "url");
        if (c.url.empty())
            fail(node, "url", "required");
        if (!c.url.starts_with("http://") && !c.url.starts_with("https://"))
            fail(node["url"], "url", "must start with http:// or https://: \"" + c.url + "\"");
        c.tenantId = text(node, "tenant_id");
        c.batchWait = durationOr(node, "batchwait", c.batchWait);
        c.timeout = durationOr(node, "timeout", c.timeout);
        if (const YAML::Node size = node["batchsize"]) {
            const auto bytes = parseByteSize(scalar(size, "batchsize"));
            if (!bytes || *bytes == 0)
                fail(size, "batchsize", "not a valid size: \"" + size.Scalar() + "\"");
            c.batchSize = *bytes;
        }
        if (const YAML::Node b = node["backoff_config"]) {
            checkKeys(b, { "min_period", "max_period", "max_retries" }, "backoff_config", nullptr);
            c.backoff.minPeriod = durationOr(b, "min_period", c.backoff.minPeriod);
            c.backoff.maxPeriod = durationOr(b, "max_period", c.backoff.maxPeriod);
            if (b["max_retries"])
                c.backoff.maxRetries = int(unsignedInt(b["max_retries"], "max_retries"));
            if (c.backoff.minPeriod <= 0 || c.backoff.maxPeriod < c.backoff.minPeriod)
                fail(b, "backoff_config", "min_period must be positive and at most max_period");
        }
        if (const YAML::Node labels = node["external_labels"]; labels && !labels.IsNull())
            for (const auto& l : labelMap(labels, "external_labels"))
                c.externalLabels[std::string(l.name)] = std::string(l.value);
        if (const YAML::Node headers = node["headers"]; headers && !headers.IsNull()) {
            if (!headers.IsMap())
                fail(headers, "headers", "must be a map");
            for (const auto& kv : headers)
                c.headers[scalar(kv.first, "headers")] = scalar(kv.second, kv.first.Scalar());
        }
        c.authorization = authorization(node).toStdString();
        if (const YAML::Node tls = node["tls_config"]) {
            checkKeys(tls, { "ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify", "min_version" },
                "tls_config", nullptr);
            c.tls.caFile = filePath(tls, "ca_file");
            c.tls.certFile = filePath(tls, "cert_file");
            c.tls.keyFile = filePath(tls, "key_file");
            c.tls.serverName = text(tls, "server_name");
            c.tls.insecureSkipVerify = tls["insecure_skip_verify"] && boolean(tls["insecure_skip_verify"], "insecure_skip_verify");
            if (c.tls.certFile.empty() != c.tls.keyFile.empty())
                fail(tls, "tls_config", "cert_file and key_file must be set together");
        }
        return c;
    }

private:
    /// `parent[key]`'s text; empty when absent or null.
    std::string text(const YAML::Node& parent, const char* key) const
    {
        const YAML::Node n = parent[key];
        return !n || n.IsNull() ? std::string() : scalar(n, key);
    }

    std::string filePath(const YAML::Node& parent, const char* key) const
    {
        const std::string p = text(parent, key);
        return p.empty() ? p : path(p).toStdString();
    }

    DurationMs durationOr(const YAML::Node& parent, const char* key, DurationMs def) const
    {
        const YAML::Node n = parent[key];
        return !n || n.IsNull() ? def : duration(n, key);
    }
};

} // namespace

Result<std::vector<ClientConfig>> parseClientConfigs(const YAML::Node& root, const std::string& file)
{
    std::vector<ClientConfig> out;
    const ClientParser parser(QString::fromStdString(file), QFileInfo(QString::fromStdString(file)).path());
    try {
        if (const YAML::Node single = root["client"])
            out.push_back(parser.parse(single));
        if (const YAML::Node list = root["clients"]) {
            if (!list.IsSequence())
                parser.fail(list, "clients", "must be a list");
            for (const auto& node : list)
                out.push_back(parser.parse(node));
        }
    } catch (const scrape::ConfigFailure& e) {
        return e.error;
    } catch (const YAML::Exception& e) {
        return configError(file, root, std::string("clients: ") + e.what());
    }
    return out;
}

} // namespace sg::ingest
