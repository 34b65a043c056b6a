#include "datasource_writer.h"

#include <QSaveFile>

#include <yaml-cpp/yaml.h>

namespace sg::remote {

namespace {

std::string text(const QString& s) { return s.toStdString(); }

/// A duration as Prometheus writes it: the largest unit that divides it.
std::string duration(qint64 ms)
{
    if (ms % 3'600'000 == 0)
        return std::to_string(ms / 3'600'000) + "h";
    if (ms % 60'000 == 0)
        return std::to_string(ms / 60'000) + "m";
    if (ms % 1000 == 0)
        return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

void writeOne(YAML::Emitter& out, const RemoteDatasource& d)
{
    const RemoteDatasource defaults;
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << text(d.name);
    if (d.uid != d.name)
        out << YAML::Key << "uid" << YAML::Value << text(d.uid);
    out << YAML::Key << "type" << YAML::Value << text(d.pluginId());
    out << YAML::Key << "url" << YAML::Value << text(d.url);
    if (!d.basicAuthUser.isEmpty() || !d.basicAuthPassword.isEmpty()) {
        out << YAML::Key << "basic_auth" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "username" << YAML::Value << text(d.basicAuthUser);
        out << YAML::Key << "password" << YAML::Value << text(d.basicAuthPassword);
        out << YAML::EndMap;
    } else if (!d.bearerToken.isEmpty()) {
        out << YAML::Key << "bearer_token" << YAML::Value << text(d.bearerToken);
    }
    if (!d.headers.empty()) {
        out << YAML::Key << "headers" << YAML::Value << YAML::BeginMap;
        for (const auto& [name, value] : d.headers)
            out << YAML::Key << text(name) << YAML::Value << text(value);
        out << YAML::EndMap;
    }
    if (!d.tenant.isEmpty())
        out << YAML::Key << "tenant" << YAML::Value << text(d.tenant);
    if (!d.tls.caFile.isEmpty() || !d.tls.certFile.isEmpty() || d.tls.insecureSkipVerify) {
        out << YAML::Key << "tls_config" << YAML::Value << YAML::BeginMap;
        if (!d.tls.caFile.isEmpty())
            out << YAML::Key << "ca_file" << YAML::Value << text(d.tls.caFile);
        if (!d.tls.certFile.isEmpty())
            out << YAML::Key << "cert_file" << YAML::Value << text(d.tls.certFile) << YAML::Key << "key_file"
                << YAML::Value << text(d.tls.keyFile);
        if (d.tls.insecureSkipVerify)
            out << YAML::Key << "insecure_skip_verify" << YAML::Value << true;
        out << YAML::EndMap;
    }
    if (d.timeoutMs != defaults.timeoutMs)
        out << YAML::Key << "timeout" << YAML::Value << duration(d.timeoutMs);
    if (d.defaultStepMs != defaults.defaultStepMs)
        out << YAML::Key << "scrape_interval" << YAML::Value << duration(d.defaultStepMs);
    if (d.isDefault)
        out << YAML::Key << "default" << YAML::Value << true;
    if (!d.usePost)
        out << YAML::Key << "http_method" << YAML::Value << "GET";
    out << YAML::EndMap;
}

} // namespace

std::string datasourcesToYaml(const std::vector<RemoteDatasource>& datasources)
{
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "datasources" << YAML::Value << YAML::BeginSeq;
    for (const RemoteDatasource& d : datasources)
        writeOne(out, d);
    out << YAML::EndSeq << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

std::optional<Error> saveDatasourceFile(const QString& path, const std::vector<RemoteDatasource>& datasources)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error { ErrorCode::Io, path.toStdString() + ": " + f.errorString().toStdString(), {} };
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const std::string yaml = datasourcesToYaml(datasources);
    f.write(yaml.data(), qint64(yaml.size()));
    if (!f.commit())
        return Error { ErrorCode::Io, path.toStdString() + ": " + f.errorString().toStdString(), {} };
    return std::nullopt;
}

} // namespace sg::remote
