#pragma once

#include "core/common/result.h"
#include "core/scrape/scrape_config.h"

#include <QDir>
#include <QFile>
#include <QString>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace sg::scrape {

/// Thrown inside one parse only; converted to an Error at the entry point.
struct ConfigFailure
{
    Error error;
};

/// Reads values of a YAML config file (prometheus.yml, a Sightglass config, a datasources file) with errors that
/// name the file, the line and the key: `FILE:LINE: KEY: WHAT`, thrown as ConfigFailure.
class YamlConfigReader
{
public:
    /// `baseDir` anchors relative paths.
    YamlConfigReader(QString file, QString baseDir)
        : m_file(std::move(file))
        , m_baseDir(std::move(baseDir))
    {
    }
    virtual ~YamlConfigReader() = default;

    [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& what) const
    {
        failAt(at ? at.Mark() : YAML::Mark::null_mark(), key, what);
    }
    [[noreturn]] void failAt(const YAML::Mark& mark, const std::string& key, const std::string& what) const
    {
        throw ConfigFailure { Error { ErrorCode::BadData, where(mark) + ": " + key + ": " + what, {} } };
    }
    /// `FILE:LINE` (or `FILE` without a position).
    std::string where(const YAML::Mark& mark) const
    {
        std::string w = m_file.toStdString();
        if (!mark.is_null())
            w += ":" + std::to_string(mark.line + 1);
        return w;
    }

    /// A scalar's text, through expand().
    std::string scalar(const YAML::Node& n, const std::string& key) const
    {
        if (!n.IsScalar())
            fail(n, key, "must be a scalar");
        return expand(n.Scalar());
    }
    bool boolean(const YAML::Node& n, const std::string& key) const
    {
        const std::string s = scalar(n, key);
        if (s == "true" || s == "True" || s == "TRUE")
            return true;
        if (s == "false" || s == "False" || s == "FALSE")
            return false;
        fail(n, key, "must be true or false, got \"" + s + "\"");
    }
    std::uint64_t unsignedInt(const YAML::Node& n, const std::string& key) const
    {
        const std::string s = scalar(n, key);
        if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) || s.size() > 19)
            fail(n, key, "must be a non-negative integer, got \"" + s + "\"");
        return std::stoull(s);
    }
    /// A Prometheus duration (`15s`, `1m30s`).
    DurationMs duration(const YAML::Node& n, const std::string& key) const
    {
        const auto d = parseDuration(scalar(n, key));
        if (!d)
            fail(n, key, "not a valid duration: \"" + n.Scalar() + "\"");
        return *d;
    }
    /// `p` resolved against the base folder unless absolute.
    QString path(const std::string& p) const
    {
        const QString q = QString::fromStdString(p);
        return QDir::isAbsolutePath(q) ? q : QDir(m_baseDir).filePath(q);
    }
    /// The trimmed contents of the file the node names (a password or token file).
    std::string readSecretFile(const YAML::Node& n, const std::string& key) const
    {
        QFile f(path(scalar(n, key)));
        if (!f.open(QIODevice::ReadOnly))
            fail(n, key, "cannot read \"" + f.fileName().toStdString() + "\": " + f.errorString().toStdString());
        return f.readAll().trimmed().toStdString();
    }

protected:
    /// Rewrites every scalar as read (a Grafana provisioning file's `$VAR` expansion); identity by default.
    virtual std::string expand(const std::string& text) const { return text; }

    QString m_file;
    QString m_baseDir;
};

} // namespace sg::scrape
