#pragma once

// The YAML reading shared by prometheus.yml's sections (scrape_configs, remote_write): scalars, durations, label
// maps, secrets from files, unknown keys and relabel configs, failing with "file:line: key: what".

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/scrape/relabel.h"

#include <QByteArray>
#include <QString>

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace sg::scrape {

/// Thrown inside one parse only; converted to an Error at the parser's entry point.
struct ConfigFailure
{
    Error error;
};

/// Reads typed values out of YAML nodes of one file. Every failure throws ConfigFailure naming the file, the line
/// and the key; the entry point catches it (and YAML::Exception) and returns the Error.
class YamlConfigReader
{
public:
    /// `file` names the text in errors; `baseDir` anchors relative paths (secret files, file_sd, included files).
    YamlConfigReader(QString file, QString baseDir);
    virtual ~YamlConfigReader() = default;

    [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& what) const;
    [[noreturn]] void failAt(const YAML::Mark& mark, const std::string& key, const std::string& what) const;
    /// "file:line" of `mark` ("file" when it has none).
    std::string where(const YAML::Mark& mark) const;

    /// A scalar's text, through expand().
    std::string scalar(const YAML::Node& n, const std::string& key) const;
    bool boolean(const YAML::Node& n, const std::string& key) const;
    std::uint64_t unsignedInt(const YAML::Node& n, const std::string& key) const;
    DurationMs duration(const YAML::Node& n, const std::string& key) const;
    /// A map of label names to values; names must be valid legacy label names.
    Labels labelMap(const YAML::Node& n, const std::string& key) const;
    static bool isLegacyName(std::string_view s);
    /// `p` resolved against the base directory when relative.
    QString path(const std::string& p) const;
    /// The trimmed content of the file named by `n` (password_file, credentials_file, ...).
    std::string readSecretFile(const YAML::Node& n, const std::string& key) const;
    /// Fails on a key of `map` not in `known`; with `warnings`, `*_sd_configs` keys only warn.
    void checkKeys(const YAML::Node& map, std::initializer_list<const char*> known, const std::string& section,
        std::vector<std::string>* warnings) const;
    /// A `relabel_configs`-style list, each entry validated by makeRelabelConfig().
    std::vector<RelabelConfig> relabelConfigs(const YAML::Node& list, const std::string& key) const;
    /// The Authorization header of `section`'s basic_auth (password or password_file), authorization (type,
    /// credentials or credentials_file) or bearer_token(_file); empty when none. At most one may be set.
    QByteArray authorization(const YAML::Node& section) const;

    const QString& file() const { return m_file; }

protected:
    /// Rewrites every scalar as read (a Grafana provisioning file's `$VAR` expansion); identity by default.
    virtual std::string expand(const std::string& text) const { return text; }

    QString m_file;
    QString m_baseDir;
};

} // namespace sg::scrape
