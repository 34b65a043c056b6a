#include "datasource_files.h"

#include "core/dashboards/datasources.h"
#include "core/remote/datasource_writer.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QStandardPaths>
#include <QUrl>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace sg::services {

namespace {

/// The top-level keys of a YAML mapping file; nullopt when it cannot be read as one.
std::optional<QStringList> topLevelKeys(const QString& path)
{
    try {
        const YAML::Node root = YAML::LoadFile(path.toStdString());
        QStringList keys;
        if (!root.IsMap())
            return keys;
        for (const auto& entry : root)
            keys << QString::fromStdString(entry.first.as<std::string>());
        return keys;
    } catch (const YAML::Exception&) {
        return std::nullopt;
    }
}

bool onlyDatasources(const QString& path)
{
    const auto keys = topLevelKeys(path);
    return keys && keys->size() == 1 && keys->front() == QStringLiteral("datasources");
}

} // namespace

std::vector<remote::RemoteDatasource> DatasourceFileSet::all() const
{
    std::vector<remote::RemoteDatasource> out;
    out.reserve(sources.size());
    for (const EditableDatasource& e : sources)
        out.push_back(e.source);
    return out;
}

std::vector<remote::RemoteDatasource> DatasourceFileSet::editable() const
{
    std::vector<remote::RemoteDatasource> out;
    for (const EditableDatasource& e : sources)
        if (!e.readOnly)
            out.push_back(e.source);
    return out;
}

QString defaultDatasourcesFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/datasources.yml");
}

bool isGrafanaProvisioningFile(const QString& path)
{
    const auto keys = topLevelKeys(path);
    return keys && keys->contains(QStringLiteral("apiVersion"));
}

Result<DatasourceFileSet> loadDatasourceFileSet(const QString& configFile, const QString& datasourcesFile,
    const QString& fallbackFile)
{
    DatasourceFileSet set;
    const bool grafana = !datasourcesFile.isEmpty() && isGrafanaProvisioningFile(datasourcesFile);
    if (!datasourcesFile.isEmpty() && !grafana)
        set.savePath = datasourcesFile;
    else if (datasourcesFile.isEmpty() && !configFile.isEmpty() && onlyDatasources(configFile))
        set.savePath = configFile;
    else
        set.savePath = fallbackFile;

    for (const QString& file : { configFile, datasourcesFile }) {
        if (file.isEmpty())
            continue;
        auto loaded = remote::loadDatasourceFile(file);
        if (!loaded.ok())
            return loaded.error();
        // The config file's sources are rewritten only when it is the save file; a provisioning file's move to it.
        const bool readOnly = file == configFile && set.savePath != configFile;
        for (remote::RemoteDatasource& d : *loaded) {
            for (const EditableDatasource& other : set.sources)
                if (other.source.name == d.name || other.source.uid == d.uid)
                    return Error { ErrorCode::BadData, file.toStdString() + ": datasource \"" + d.name.toStdString()
                        + "\": its name or uid is already used by \"" + other.source.name.toStdString() + "\"", {} };
            set.sources.push_back({ std::move(d), readOnly, file });
        }
    }

    if (grafana)
        set.saveNote = QStringLiteral("%1 is a Grafana provisioning file and is left as it is: changes are saved to %2; "
                                      "start with --datasources %2 to use them.")
                           .arg(datasourcesFile, set.savePath);
    if (!configFile.isEmpty() && set.savePath != configFile
        && std::any_of(set.sources.begin(), set.sources.end(), [](const EditableDatasource& e) { return e.readOnly; }))
        set.saveNote += (set.saveNote.isEmpty() ? QString() : QStringLiteral(" "))
            + QStringLiteral("Sources from %1 are read-only here: edit that file.").arg(configFile);
    return set;
}

std::optional<Error> saveDatasourceFileSet(const DatasourceFileSet& set)
{
    if (set.savePath.isEmpty())
        return Error { ErrorCode::Io, "no file to save the datasources to", {} };
    const QString folder = QFileInfo(set.savePath).absolutePath();
    if (!QDir().mkpath(folder))
        return Error { ErrorCode::Io, "cannot create " + folder.toStdString(), {} };
    return remote::saveDatasourceFile(set.savePath, set.editable());
}

QStringList validateDatasource(const remote::RemoteDatasource& candidate,
    const std::vector<remote::RemoteDatasource>& others)
{
    QStringList problems;
    const QString name = candidate.name.trimmed();
    const QString uid = candidate.uid.trimmed().isEmpty() ? name : candidate.uid.trimmed();
    if (name.isEmpty())
        problems << QStringLiteral("Name is required.");
    const QUrl url(candidate.url.trimmed(), QUrl::StrictMode);
    if (candidate.url.trimmed().isEmpty())
        problems << QStringLiteral("URL is required.");
    else if (!url.isValid() || (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https"))
        || url.host().isEmpty())
        problems << QStringLiteral("URL must be an http:// or https:// address with a host, e.g. http://localhost:9090.");
    else if (!url.userInfo().isEmpty())
        problems << QStringLiteral("URL must not carry a user or password: use the basic auth fields.");
    const dashboards::DatasourceRegistry embedded = dashboards::DatasourceRegistry::embedded();
    if (!uid.isEmpty() && embedded.byUid(uid))
        problems << QStringLiteral("UID \"%1\" is reserved for the embedded store.").arg(uid);
    for (const remote::RemoteDatasource& other : others) {
        if (!name.isEmpty() && other.name == name)
            problems << QStringLiteral("Name \"%1\" is already used by another data source.").arg(name);
        if (!uid.isEmpty() && other.uid == uid)
            problems << QStringLiteral("UID \"%1\" is already used by data source \"%2\".").arg(uid, other.name);
    }
    if (!candidate.basicAuthUser.isEmpty() && !candidate.bearerToken.isEmpty())
        problems << QStringLiteral("Use basic auth or a bearer token, not both.");
    if (candidate.basicAuthUser.isEmpty() && !candidate.basicAuthPassword.isEmpty())
        problems << QStringLiteral("Basic auth needs a user.");
    if (candidate.tls.certFile.isEmpty() != candidate.tls.keyFile.isEmpty())
        problems << QStringLiteral("A client certificate needs both its certificate file and its key file.");
    QSet<QString> headerNames;
    for (const auto& [headerName, value] : candidate.headers) {
        const QString key = headerName.trimmed().toLower();
        if (key.isEmpty())
            problems << QStringLiteral("Every custom header needs a name.");
        else if (headerNames.contains(key))
            problems << QStringLiteral("Header \"%1\" is given twice.").arg(headerName.trimmed());
        headerNames.insert(key);
    }
    if (candidate.timeoutMs <= 0)
        problems << QStringLiteral("Timeout must be positive.");
    if (candidate.defaultStepMs <= 0)
        problems << QStringLiteral("Scrape interval must be positive.");
    return problems;
}

} // namespace sg::services
