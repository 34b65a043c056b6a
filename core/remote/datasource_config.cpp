// Reading remote datasources from a Sightglass config file or a Grafana provisioning file.
#include "datasource_config.h"

#include "core/scrape/config_reader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdlib>
#include <optional>
#include <set>

namespace sg::remote {

QString remoteTypeName(RemoteType type) { return type == RemoteType::Loki ? QStringLiteral("loki") : QStringLiteral("prometheus"); }

std::string expandEnv(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    auto isNameChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '$' || i + 1 >= text.size()) {
            out += text[i];
            continue;
        }
        if (text[i + 1] == '$') {
            out += '$';
            ++i;
            continue;
        }
        std::string name;
        std::size_t end = i + 1;
        if (text[i + 1] == '{') {
            const std::size_t close = text.find('}', i + 2);
            if (close == std::string::npos) {
                out += text[i];
                continue;
            }
            name = text.substr(i + 2, close - i - 2);
            end = close + 1;
        } else {
            while (end < text.size() && isNameChar(text[end]))
                ++end;
            name = text.substr(i + 1, end - i - 1);
        }
        if (name.empty()) {
            out += text[i];
            continue;
        }
        if (const char* v = std::getenv(name.c_str()))
            out += v;
        i = end - 1;
    }
    return out;
}

const RemoteDatasource* findDatasource(const std::vector<RemoteDatasource>& list, const QString& nameOrUid)
{
    for (const auto& d : list)
        if (d.name == nameOrUid)
            return &d;
    for (const auto& d : list)
        if (d.uid == nameOrUid)
            return &d;
    return nullptr;
}

namespace {

/// Reads the `datasources:` list of either format.
class DatasourceReader : public scrape::YamlConfigReader
{
public:
    DatasourceReader(const QString& file, bool grafana)
        : YamlConfigReader(file, QFileInfo(file).absolutePath())
        , m_grafana(grafana)
    {
    }

    std::vector<RemoteDatasource> read(const YAML::Node& list) const
    {
        std::vector<RemoteDatasource> out;
        if (!list || list.IsNull())
            return out;
        if (!list.IsSequence())
            fail(list, "datasources", "must be a list");
        std::set<QString> names, uids;
        for (const YAML::Node& entry : list) {
            if (!entry.IsMap())
                fail(entry, "datasources", "each entry must be a map");
            std::optional<RemoteDatasource> d = m_grafana ? grafanaEntry(entry) : sightglassEntry(entry);
            if (!d)
                continue;
            if (d->uid.isEmpty())
                d->uid = d->name;
            if (!names.insert(d->name).second)
                fail(entry["name"], "name", "found multiple datasources named \"" + d->name.toStdString() + "\"");
            if (!uids.insert(d->uid).second)
                fail(entry["uid"] ? entry["uid"] : entry, "uid", "found multiple datasources with uid \"" + d->uid.toStdString() + "\"");
            out.push_back(std::move(*d));
        }
        return out;
    }

protected:
    std::string expand(const std::string& text) const override { return m_grafana ? expandEnv(text) : text; }

private:
    QString qscalar(const YAML::Node& n, const std::string& key) const { return QString::fromStdString(scalar(n, key)); }
    qint64 positiveDuration(const YAML::Node& n, const std::string& key) const
    {
        const DurationMs d = duration(n, key);
        if (d <= 0)
            fail(n, key, "must be longer than 0s");
        return d;
    }
    QString filePath(const YAML::Node& n, const std::string& key) const { return QDir::cleanPath(path(scalar(n, key))); }
    QString fileContents(const YAML::Node& n, const std::string& key) const
    {
        return QString::fromStdString(readSecretFile(n, key));
    }
    RemoteType type(const YAML::Node& n) const
    {
        const std::string t = scalar(n, "type");
        if (t == "prometheus")
            return RemoteType::Prometheus;
        if (t == "loki")
            return RemoteType::Loki;
        fail(n, "type", "must be prometheus or loki, got \"" + t + "\"");
    }
    void checkRequired(const YAML::Node& entry, RemoteDatasource& d) const
    {
        if (d.name.isEmpty())
            fail(entry, "name", "missing");
        if (!entry["url"])
            fail(entry, "url", "missing");
        const QUrl url(d.url);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
            fail(entry["url"], "url", "must be an http:// or https:// URL, got \"" + d.url.toStdString() + "\"");
        while (d.url.endsWith(u'/'))
            d.url.chop(1);
    }

    std::optional<RemoteDatasource> sightglassEntry(const YAML::Node& entry) const
    {
        static const std::set<std::string> Known { "name", "uid", "type", "url", "basic_auth", "bearer_token",
            "bearer_token_file", "headers", "tenant", "tls_config", "timeout", "scrape_interval", "default",
            "http_method" };
        RemoteDatasource d;
        for (const auto& kv : entry) {
            const std::string key = kv.first.Scalar();
            if (!Known.count(key))
                fail(kv.first, key, "field " + key + " not found in datasource");
        }
        if (entry["name"])
            d.name = qscalar(entry["name"], "name");
        if (entry["uid"])
            d.uid = qscalar(entry["uid"], "uid");
        if (!entry["type"])
            fail(entry, "type", "missing (prometheus or loki)");
        d.type = type(entry["type"]);
        if (entry["url"])
            d.url = qscalar(entry["url"], "url");
        checkRequired(entry, d);
        if (const YAML::Node b = entry["basic_auth"]) {
            if (!b.IsMap())
                fail(b, "basic_auth", "must be a map");
            if (b["username"])
                d.basicAuthUser = qscalar(b["username"], "username");
            if (b["password"] && b["password_file"])
                fail(b, "basic_auth", "at most one of basic_auth password & password_file must be configured");
            if (b["password"])
                d.basicAuthPassword = qscalar(b["password"], "password");
            if (b["password_file"])
                d.basicAuthPassword = fileContents(b["password_file"], "password_file");
        }
        if (entry["bearer_token"] && entry["bearer_token_file"])
            fail(entry, "bearer_token", "at most one of bearer_token & bearer_token_file must be configured");
        if (entry["bearer_token"])
            d.bearerToken = qscalar(entry["bearer_token"], "bearer_token");
        if (entry["bearer_token_file"])
            d.bearerToken = fileContents(entry["bearer_token_file"], "bearer_token_file");
        if (!d.bearerToken.isEmpty() && entry["basic_auth"])
            fail(entry, "basic_auth", "at most one of basic_auth and bearer_token(_file) must be configured");
        if (const YAML::Node h = entry["headers"]) {
            if (!h.IsMap())
                fail(h, "headers", "must be a map of header name to value");
            for (const auto& kv : h)
                d.headers.emplace_back(qscalar(kv.first, "headers"), qscalar(kv.second, kv.first.Scalar()));
        }
        if (entry["tenant"])
            d.tenant = qscalar(entry["tenant"], "tenant");
        if (const YAML::Node t = entry["tls_config"]) {
            if (!t.IsMap())
                fail(t, "tls_config", "must be a map");
            for (const auto& kv : t) {
                const std::string key = kv.first.Scalar();
                if (key == "ca_file")
                    d.tls.caFile = filePath(kv.second, key);
                else if (key == "cert_file")
                    d.tls.certFile = filePath(kv.second, key);
                else if (key == "key_file")
                    d.tls.keyFile = filePath(kv.second, key);
                else if (key == "insecure_skip_verify")
                    d.tls.insecureSkipVerify = boolean(kv.second, key);
                else if (key != "server_name")
                    fail(kv.first, key, "field " + key + " not found in tls_config");
            }
            if (d.tls.certFile.isEmpty() != d.tls.keyFile.isEmpty())
                fail(t, "tls_config", "cert_file and key_file must be given together");
        }
        if (entry["timeout"])
            d.timeoutMs = int(positiveDuration(entry["timeout"], "timeout"));
        if (entry["scrape_interval"])
            d.defaultStepMs = positiveDuration(entry["scrape_interval"], "scrape_interval");
        if (entry["default"])
            d.isDefault = boolean(entry["default"], "default");
        if (const YAML::Node m = entry["http_method"]) {
            const std::string s = scalar(m, "http_method");
            if (s != "GET" && s != "POST")
                fail(m, "http_method", "must be GET or POST, got \"" + s + "\"");
            d.usePost = s == "POST";
        }
        return d;
    }

    std::optional<RemoteDatasource> grafanaEntry(const YAML::Node& entry) const
    {
        if (!entry["type"])
            fail(entry, "type", "missing");
        const std::string t = scalar(entry["type"], "type");
        if (t != "prometheus" && t != "loki")
            return std::nullopt; // Grafana datasources of other kinds: not ours to query
        RemoteDatasource d;
        d.type = t == "loki" ? RemoteType::Loki : RemoteType::Prometheus;
        if (entry["name"])
            d.name = qscalar(entry["name"], "name");
        if (entry["uid"])
            d.uid = qscalar(entry["uid"], "uid");
        if (entry["url"])
            d.url = qscalar(entry["url"], "url");
        checkRequired(entry, d);
        if (entry["isDefault"])
            d.isDefault = boolean(entry["isDefault"], "isDefault");
        const YAML::Node json = entry["jsonData"];
        const YAML::Node secure = entry["secureJsonData"];
        if (json && !json.IsMap())
            fail(json, "jsonData", "must be a map");
        if (secure && !secure.IsMap())
            fail(secure, "secureJsonData", "must be a map");
        auto secret = [&](const char* key) -> QString {
            return secure && secure[key] ? qscalar(secure[key], key) : QString();
        };
        const bool basicAuth = entry["basicAuth"] && boolean(entry["basicAuth"], "basicAuth");
        if (basicAuth) {
            if (entry["basicAuthUser"])
                d.basicAuthUser = qscalar(entry["basicAuthUser"], "basicAuthUser");
            d.basicAuthPassword = secret("basicAuthPassword");
            if (d.basicAuthPassword.isEmpty() && entry["basicAuthPassword"]) // Grafana's deprecated place
                d.basicAuthPassword = qscalar(entry["basicAuthPassword"], "basicAuthPassword");
        }
        if (json) {
            for (int i = 1; json["httpHeaderName" + std::to_string(i)]; ++i) {
                const std::string key = "httpHeaderName" + std::to_string(i);
                const QString name = qscalar(json[key], key);
                const QString value = secret(("httpHeaderValue" + std::to_string(i)).c_str());
                if (name.compare(u"X-Scope-OrgID", Qt::CaseInsensitive) == 0)
                    d.tenant = value;
                else
                    d.headers.emplace_back(name, value);
            }
            if (json["tlsSkipVerify"])
                d.tls.insecureSkipVerify = boolean(json["tlsSkipVerify"], "tlsSkipVerify");
            const bool withCa = json["tlsAuthWithCACert"] && boolean(json["tlsAuthWithCACert"], "tlsAuthWithCACert");
            const bool clientAuth = json["tlsAuth"] && boolean(json["tlsAuth"], "tlsAuth");
            if (withCa)
                d.tls.caPem = secret("tlsCACert").toUtf8();
            if (clientAuth) {
                d.tls.certPem = secret("tlsClientCert").toUtf8();
                d.tls.keyPem = secret("tlsClientKey").toUtf8();
            }
            if (const YAML::Node timeout = json["timeout"]) { // seconds, as Grafana's data proxy reads it
                bool ok = false;
                const int seconds = qscalar(timeout, "timeout").toInt(&ok);
                if (!ok || seconds <= 0)
                    fail(timeout, "timeout", "must be a positive number of seconds");
                d.timeoutMs = seconds * 1000;
            }
            if (json["timeInterval"])
                d.defaultStepMs = positiveDuration(json["timeInterval"], "timeInterval");
            if (const YAML::Node m = json["httpMethod"])
                d.usePost = scalar(m, "httpMethod") != "GET";
        }
        return d;
    }

    bool m_grafana = false;
};

} // namespace

Result<std::vector<RemoteDatasource>> parseDatasources(const std::string& yaml, const QString& fileName)
{
    std::string where = fileName.toStdString();
    try {
        const YAML::Node root = YAML::Load(yaml);
        if (!root || root.IsNull())
            return std::vector<RemoteDatasource> {};
        if (!root.IsMap())
            return Error { ErrorCode::BadData, where + ": the top level must be a map", {} };
        const bool grafana = bool(root["apiVersion"]);
        const DatasourceReader reader(fileName, grafana);
        try {
            return reader.read(root["datasources"]);
        } catch (const scrape::ConfigFailure& f) {
            return f.error;
        }
    } catch (const YAML::Exception& e) {
        if (!e.mark.is_null())
            where += ":" + std::to_string(e.mark.line + 1);
        return Error { ErrorCode::BadData, where + ": yaml: " + e.msg, {} };
    }
}

Result<std::vector<RemoteDatasource>> loadDatasourceFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error { ErrorCode::Io, path.toStdString() + ": " + f.errorString().toStdString(), {} };
    return parseDatasources(f.readAll().toStdString(), path);
}

} // namespace sg::remote
