#pragma once

#include "core/common/result.h"
#include "core/dashboards/datasources.h"
#include "core/remote/datasource_config.h"

#include <QString>

#include <vector>

namespace sg::services {

/// The remote datasources of a Sightglass config file's `datasources:` section (`--config`), then of a datasources
/// file (`--datasources`: the same section, or a Grafana provisioning file). Either path may be empty. A name or uid
/// given twice across both files is an error, as are the files' own errors (file, line, key).
Result<std::vector<remote::RemoteDatasource>> loadRemoteDatasources(const QString& configFile,
    const QString& datasourcesFile);

/// What dashboards and editors may name: the embedded pair, then `remotes` by uid, name and type (no secrets).
dashboards::DatasourceRegistry datasourceRegistry(const std::vector<remote::RemoteDatasource>& remotes);

} // namespace sg::services
