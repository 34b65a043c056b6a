// Reading `remote_write:` entries with the shared YAML reader of prometheus.yml.
#include "remote_write_config.h"

#include "core/scrape/config_reader.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

namespace sg::remotewrite {

namespace {

class RemoteWriteReader : public scrape::YamlConfigReader
{
public:
    using YamlConfigReader::YamlConfigReader;

    static Result<RemoteWriteSettings> loadFile(const QString& file, int depth)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return Error { ErrorCode::Io, file.toStdString() + ": " + f.errorString().toStdString(), {} };
        return parse(f.readAll().toStdString(), file, depth);
    }

    static Result<RemoteWriteSettings> parse(const std::string& yaml, const QString& file, int depth)
    {
        const RemoteWriteReader reader(file, QFileInfo(file).absolutePath());
        try {
            return reader.read(YAML::Load(yaml), depth);
        } catch (const scrape::ConfigFailure& f) {
            return f.error;
        } catch (const YAML::Exception& e) {
            return Error { ErrorCode::BadData, reader.where(e.mark) + ": yaml: " + e.msg, {} };
        }
    }

private:
    RemoteWriteSettings read(const YAML::Node& root, int depth) const
    {
        RemoteWriteSettings settings;
        if (!root || root.IsNull())
            return settings;
        if (!root.IsMap())
            fail(root, "yaml", "the top level must be a map");
        if (const YAML::Node included = root["prometheus_config"]; included && depth == 0) {
            auto inner = loadFile(path(scalar(included, "prometheus_config")), depth + 1);
            if (!inner.ok())
                fail(included, "prometheus_config", inner.error().message);
            settings = std::move(*inner);
        }
        if (const YAML::Node global = root["global"]; global && global.IsMap() && global["external_labels"]) {
            const Labels own = labelMap(global["external_labels"], "external_labels");
            Labels merged = settings.externalLabels;
            for (const auto& l : own)
                merged = merged.with(l.name, l.value);
            settings.externalLabels = merged;
        }
        if (const YAML::Node list = root["remote_write"]) {
            if (!list.IsSequence() && !list.IsNull())
                fail(list, "remote_write", "must be a list");
            for (const YAML::Node& entry : list) {
                RemoteWriteConfig c = remote(entry, settings.warnings);
                for (const auto& other : settings.remotes)
                    if (other.name == c.name)
                        fail(entry, "name", "found multiple remote write configs with name \"" + c.name + "\"");
                settings.remotes.push_back(std::move(c));
            }
        }
        return settings;
    }

    RemoteWriteConfig remote(const YAML::Node& e, std::vector<std::string>& warnings) const
    {
        checkKeys(e,
            { "url", "name", "remote_timeout", "headers", "write_relabel_configs", "basic_auth", "authorization",
                "bearer_token", "bearer_token_file", "tls_config", "queue_config", "metadata_config",
                "send_exemplars", "send_native_histograms", "proxy_url", "follow_redirects", "enable_http2",
                "sigv4", "oauth2", "azuread", "no_proxy", "proxy_from_environment", "proxy_connect_header",
                "protobuf_message", "round_robin_dns", "googleiam" },
            "remote_write", nullptr);
        RemoteWriteConfig c;
        const YAML::Node url = e["url"];
        if (!url)
            fail(e, "url", "url for remote_write is empty");
        c.url = scalar(url, "url");
        const QUrl parsed(QString::fromStdString(c.url));
        if (!parsed.isValid() || (parsed.scheme() != u"http" && parsed.scheme() != u"https") || parsed.host().isEmpty())
            fail(url, "url", "not a valid http(s) URL: \"" + c.url + "\"");
        for (const char* ignored : { "sigv4", "oauth2", "azuread", "googleiam", "proxy_url" })
            if (e[ignored])
                warnings.push_back(where(e[ignored].Mark()) + ": " + ignored + ": not supported; ignored");
        if (const YAML::Node p = e["protobuf_message"]; p && scalar(p, "protobuf_message") != "prometheus.WriteRequest")
            fail(p, "protobuf_message", "only prometheus.WriteRequest (Remote Write 1.0) is supported");
        if (e["remote_timeout"])
            c.remoteTimeout = duration(e["remote_timeout"], "remote_timeout");
        if (const YAML::Node h = e["headers"]) {
            if (!h.IsMap())
                fail(h, "headers", "must be a map");
            for (const auto& kv : h) {
                const std::string name = kv.first.Scalar();
                static const char* const Reserved[] = { "authorization", "content-encoding", "content-type",
                    "user-agent", "x-prometheus-remote-write-version", "host" };
                const QByteArray lower = QByteArray::fromStdString(name).toLower();
                for (const char* r : Reserved)
                    if (lower == r)
                        fail(kv.first, "headers", name + " is a reserved header. It must not be changed");
                c.headers[name] = scalar(kv.second, "headers");
            }
        }
        if (e["write_relabel_configs"])
            c.writeRelabelConfigs = relabelConfigs(e["write_relabel_configs"], "write_relabel_configs");
        c.authorization = authorization(e);
        if (const YAML::Node tls = e["tls_config"]) {
            checkKeys(tls, { "ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify", "min_version",
                               "max_version", "ca", "cert", "key" },
                "tls_config", nullptr);
            auto file = [&](const char* key) {
                return tls[key] ? path(scalar(tls[key], key)) : QString();
            };
            c.tls.caFile = file("ca_file");
            c.tls.certFile = file("cert_file");
            c.tls.keyFile = file("key_file");
            if (c.tls.certFile.isEmpty() != c.tls.keyFile.isEmpty())
                fail(tls, "tls_config", "client cert file and client key file must both be configured");
            for (const QString& f : { c.tls.caFile, c.tls.certFile, c.tls.keyFile })
                if (!f.isEmpty() && !QFileInfo::exists(f))
                    fail(tls, "tls_config", "cannot read \"" + f.toStdString() + "\"");
            if (tls["server_name"])
                c.tls.serverName = QString::fromStdString(scalar(tls["server_name"], "server_name"));
            if (tls["insecure_skip_verify"])
                c.tls.insecureSkipVerify = boolean(tls["insecure_skip_verify"], "insecure_skip_verify");
        }
        if (const YAML::Node q = e["queue_config"])
            c.queue = queue(q);
        if (const YAML::Node m = e["metadata_config"]) {
            checkKeys(m, { "send", "send_interval", "max_samples_per_send" }, "metadata_config", nullptr);
            if (m["send"])
                c.metadata.send = boolean(m["send"], "send");
            if (m["send_interval"])
                c.metadata.sendInterval = positiveDuration(m["send_interval"], "send_interval");
            if (m["max_samples_per_send"])
                c.metadata.maxSamplesPerSend = positive(m["max_samples_per_send"], "max_samples_per_send");
        }
        c.name = e["name"] ? scalar(e["name"], "name") : defaultName(e);
        if (c.name.empty())
            fail(e["name"], "name", "must not be empty");
        return c;
    }

    QueueConfig queue(const YAML::Node& q) const
    {
        checkKeys(q, { "capacity", "max_shards", "min_shards", "max_samples_per_send", "batch_send_deadline",
                         "min_backoff", "max_backoff", "retry_on_http_429", "sample_age_limit" },
            "queue_config", nullptr);
        QueueConfig c;
        if (q["capacity"])
            c.capacity = positive(q["capacity"], "capacity");
        if (q["max_shards"])
            c.maxShards = positive(q["max_shards"], "max_shards");
        if (q["min_shards"])
            c.minShards = positive(q["min_shards"], "min_shards");
        if (c.minShards > c.maxShards)
            fail(q, "min_shards", "min_shards (" + std::to_string(c.minShards) + ") must not exceed max_shards ("
                    + std::to_string(c.maxShards) + ")");
        if (q["max_samples_per_send"])
            c.maxSamplesPerSend = positive(q["max_samples_per_send"], "max_samples_per_send");
        if (q["batch_send_deadline"])
            c.batchSendDeadline = positiveDuration(q["batch_send_deadline"], "batch_send_deadline");
        if (q["min_backoff"])
            c.minBackoff = positiveDuration(q["min_backoff"], "min_backoff");
        if (q["max_backoff"])
            c.maxBackoff = positiveDuration(q["max_backoff"], "max_backoff");
        if (c.minBackoff > c.maxBackoff)
            fail(q, "min_backoff", "min_backoff must not exceed max_backoff");
        if (q["retry_on_http_429"])
            c.retryOnHttp429 = boolean(q["retry_on_http_429"], "retry_on_http_429");
        return c;
    }

    std::size_t positive(const YAML::Node& n, const std::string& key) const
    {
        const auto v = unsignedInt(n, key);
        if (v == 0)
            fail(n, key, "must be greater than 0");
        return std::size_t(v);
    }

    DurationMs positiveDuration(const YAML::Node& n, const std::string& key) const
    {
        const auto d = duration(n, key);
        if (d <= 0)
            fail(n, key, "must be greater than 0");
        return d;
    }

    /// Prometheus names an unnamed remote by a hash of its config; here the first 6 hex digits of the SHA-256 of
    /// the entry's YAML text, stable while the entry is unchanged.
    static std::string defaultName(const YAML::Node& e)
    {
        YAML::Emitter out;
        out << e;
        return QCryptographicHash::hash(QByteArray(out.c_str()), QCryptographicHash::Sha256).toHex().left(6).toStdString();
    }
};

} // namespace

Result<RemoteWriteSettings> parseRemoteWriteConfig(const std::string& yaml, const QString& fileName)
{
    return RemoteWriteReader::parse(yaml, fileName, 0);
}

Result<RemoteWriteSettings> loadRemoteWriteConfig(const QString& path)
{
    return RemoteWriteReader::loadFile(path, 0);
}

} // namespace sg::remotewrite
