#pragma once

#include "core/common/result.h"
#include "core/remote/datasource_config.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace sg::services {

/// A remote datasource as the Data sources page edits it: the source, and whether saving may rewrite it.
struct EditableDatasource
{
    remote::RemoteDatasource source;
    /// Read from a file that saving does not rewrite (a config file that also holds scrape configuration): shown
    /// and testable, not edited or removed, and not written to the save file (it would be read twice).
    bool readOnly = false;
    QString origin; ///< the file it was read from; empty: added in the app
};

/// The remote datasources of the workbench and the file the Data sources page saves them to.
struct DatasourceFileSet
{
    std::vector<EditableDatasource> sources; ///< the config file's first, then the datasources file's
    QString savePath; ///< where saveDatasourceFileSet() writes the editable sources
    /// Set when savePath is not the file the sources came from (a Grafana provisioning file is never rewritten) or
    /// some sources are read-only: what the user should know, e.g. which `--datasources` to start with next time.
    QString saveNote;

    /// Every source, read-only ones included: what the query client and the dashboards use.
    std::vector<remote::RemoteDatasource> all() const;
    /// The sources saving writes.
    std::vector<remote::RemoteDatasource> editable() const;
};

/// `CONFIG_DIR/datasources.yml` (the application's config location, e.g. `~/.config/sightglass/datasources.yml`):
/// where the Data sources page saves when no other file can take the sources. The workbench window reads it when no
/// `--datasources` is given.
QString defaultDatasourcesFile();

/// True when `path` is a Grafana provisioning file (`apiVersion:` at the top).
bool isGrafanaProvisioningFile(const QString& path);

/// Reads the datasources of `configFile` (its `datasources:` section) and `datasourcesFile` (either may be empty)
/// as loadRemoteDatasources() does, and decides where saving goes:
///  - `datasourcesFile` when it is a Sightglass datasources file;
///  - `configFile` when no datasources file is given and the config file holds nothing but `datasources:`;
///  - `fallbackFile` otherwise (a Grafana provisioning file, no file at all, a config file that also holds scrape
///    configuration), with a note saying so.
/// Sources of a config file that is not the save file are read-only.
Result<DatasourceFileSet> loadDatasourceFileSet(const QString& configFile, const QString& datasourcesFile,
    const QString& fallbackFile);

/// Writes `set.editable()` to `set.savePath` (remote::saveDatasourceFile: atomic, owner-only), creating its folder.
std::optional<Error> saveDatasourceFileSet(const DatasourceFileSet& set);

/// What is wrong with `candidate` before it is saved, one message per problem (empty: valid): a missing name or URL,
/// a URL that is not http(s) or carries user info, a name or uid used by one of `others` or by the embedded stores, basic auth together
/// with a bearer token, a client certificate without its key, empty or repeated header names, a timeout or
/// interval that is not positive.
QStringList validateDatasource(const remote::RemoteDatasource& candidate,
    const std::vector<remote::RemoteDatasource>& others);

} // namespace sg::services
