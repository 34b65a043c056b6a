// YAML reading shared by prometheus.yml's sections.
#include "config_reader.h"

#include "exposition_parser.h"

#include "core/scrape/scrape_config.h"

#include <QDir>
#include <QFile>

#include <algorithm>

namespace sg::scrape {

YamlConfigReader::YamlConfigReader(QString file, QString baseDir)
    : m_file(std::move(file))
    , m_baseDir(std::move(baseDir))
{
}

void YamlConfigReader::fail(const YAML::Node& at, const std::string& key, const std::string& what) const
{
    failAt(at ? at.Mark() : YAML::Mark::null_mark(), key, what);
}

void YamlConfigReader::failAt(const YAML::Mark& mark, const std::string& key, const std::string& what) const
{
    throw ConfigFailure { Error { ErrorCode::BadData, where(mark) + ": " + key + ": " + what, {} } };
}

std::string YamlConfigReader::where(const YAML::Mark& mark) const
{
    std::string w = m_file.toStdString();
    if (!mark.is_null())
        w += ":" + std::to_string(mark.line + 1);
    return w;
}

std::string YamlConfigReader::scalar(const YAML::Node& n, const std::string& key) const
{
    if (!n.IsScalar())
        fail(n, key, "must be a scalar");
    return expand(n.Scalar());
}

bool YamlConfigReader::boolean(const YAML::Node& n, const std::string& key) const
{
    const std::string s = scalar(n, key);
    if (s == "true" || s == "True" || s == "TRUE")
        return true;
    if (s == "false" || s == "False" || s == "FALSE")
        return false;
    fail(n, key, "must be true or false, got \"" + s + "\"");
}

std::uint64_t YamlConfigReader::unsignedInt(const YAML::Node& n, const std::string& key) const
{
    const std::string s = scalar(n, key);
    if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) || s.size() > 19)
        fail(n, key, "must be a non-negative integer, got \"" + s + "\"");
    return std::stoull(s);
}

DurationMs YamlConfigReader::duration(const YAML::Node& n, const std::string& key) const
{
    const auto d = parseDuration(scalar(n, key));
    if (!d)
        fail(n, key, "not a valid duration: \"" + n.Scalar() + "\"");
    return *d;
}

Labels YamlConfigReader::labelMap(const YAML::Node& n, const std::string& key) const
{
    if (!n.IsMap())
        fail(n, key, "must be a map");
    std::vector<Label> out;
    for (const auto& kv : n) {
        const std::string name = kv.first.Scalar();
        if (!isLegacyName(name))
            fail(kv.first, key, "invalid label name \"" + name + "\"");
        out.push_back(Label { name, scalar(kv.second, key) });
    }
    return Labels(std::move(out));
}

bool YamlConfigReader::isLegacyName(std::string_view s) { return isLegacyLabelName(s); }

QString YamlConfigReader::path(const std::string& p) const
{
    const QString q = QString::fromStdString(p);
    return QDir::isAbsolutePath(q) ? q : QDir(m_baseDir).filePath(q);
}

std::string YamlConfigReader::readSecretFile(const YAML::Node& n, const std::string& key) const
{
    QFile f(path(scalar(n, key)));
    if (!f.open(QIODevice::ReadOnly))
        fail(n, key, "cannot read \"" + f.fileName().toStdString() + "\": " + f.errorString().toStdString());
    return f.readAll().trimmed().toStdString();
}

void YamlConfigReader::checkKeys(const YAML::Node& map, std::initializer_list<const char*> known, const std::string& section,
    std::vector<std::string>* warnings) const
{
    if (!map.IsMap())
        fail(map, section, "must be a map");
    for (const auto& kv : map) {
        const std::string k = kv.first.Scalar();
        if (std::find_if(known.begin(), known.end(), [&](const char* x) { return k == x; }) != known.end())
            continue;
        if (warnings && k.size() > 11 && k.substr(k.size() - 11) == "_sd_configs")
            warnings->push_back(where(kv.first.Mark()) + ": " + k + ": service discovery not supported; ignored");
        else
            fail(kv.first, k, "field " + k + " not found in " + section);
    }
}

std::vector<RelabelConfig> YamlConfigReader::relabelConfigs(const YAML::Node& list, const std::string& key) const
{
    if (!list.IsSequence())
        fail(list, key, "must be a list");
    std::vector<RelabelConfig> out;
    for (const YAML::Node& r : list) {
        checkKeys(r, { "source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action" },
            key, nullptr);
        RelabelConfig c;
        if (const YAML::Node a = r["action"]) {
            const auto action = relabelActionFromName(scalar(a, "action"));
            if (!action)
                fail(a, "action", "unknown relabel action \"" + a.Scalar() + "\"");
            c.action = *action;
        }
        if (const YAML::Node s = r["source_labels"]) {
            if (!s.IsSequence())
                fail(s, "source_labels", "must be a list");
            for (const YAML::Node& l : s)
                c.sourceLabels.push_back(scalar(l, "source_labels"));
        }
        if (r["separator"])
            c.separator = scalar(r["separator"], "separator");
        if (r["regex"])
            c.regex = scalar(r["regex"], "regex");
        if (r["modulus"])
            c.modulus = unsignedInt(r["modulus"], "modulus");
        if (r["target_label"])
            c.targetLabel = scalar(r["target_label"], "target_label");
        if (r["replacement"])
            c.replacement = scalar(r["replacement"], "replacement");
        auto made = makeRelabelConfig(std::move(c));
        if (!made.ok())
            failAt(r.Mark(), key, made.error().message);
        out.push_back(std::move(*made));
    }
    return out;
}

QByteArray YamlConfigReader::authorization(const YAML::Node& sc) const
{
    QByteArray header;
    int kinds = 0;
    if (const YAML::Node b = sc["basic_auth"]) {
        ++kinds;
        checkKeys(b, { "username", "password", "password_file", "username_file" }, "basic_auth", nullptr);
        if (b["password"] && b["password_file"])
            fail(b, "basic_auth", "at most one of basic_auth password & password_file must be configured");
        std::string user = b["username"] ? scalar(b["username"], "username") : std::string();
        if (b["username_file"])
            user = readSecretFile(b["username_file"], "username_file");
        std::string password = b["password"] ? scalar(b["password"], "password") : std::string();
        if (b["password_file"])
            password = readSecretFile(b["password_file"], "password_file");
        header = "Basic " + QByteArray::fromStdString(user + ":" + password).toBase64();
    }
    if (const YAML::Node a = sc["authorization"]) {
        ++kinds;
        checkKeys(a, { "type", "credentials", "credentials_file" }, "authorization", nullptr);
        if (a["credentials"] && a["credentials_file"])
            fail(a, "authorization", "at most one of authorization credentials & credentials_file must be configured");
        const std::string type = a["type"] ? scalar(a["type"], "type") : "Bearer";
        if (type == "basic" || type == "Basic")
            fail(a["type"], "type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
        std::string credentials = a["credentials"] ? scalar(a["credentials"], "credentials") : std::string();
        if (a["credentials_file"])
            credentials = readSecretFile(a["credentials_file"], "credentials_file");
        header = QByteArray::fromStdString(type + " " + credentials);
    }
    if (sc["bearer_token"] || sc["bearer_token_file"]) {
        ++kinds;
        if (sc["bearer_token"] && sc["bearer_token_file"])
            fail(sc["bearer_token"], "bearer_token", "at most one of bearer_token & bearer_token_file must be configured");
        const std::string token = sc["bearer_token"] ? scalar(sc["bearer_token"], "bearer_token")
                                                     : readSecretFile(sc["bearer_token_file"], "bearer_token_file");
        header = QByteArray::fromStdString("Bearer " + token);
    }
    if (kinds > 1)
        fail(sc, "authorization", "at most one of basic_auth, authorization and bearer_token(_file) must be configured");
    return header;
}

} // namespace sg::scrape
