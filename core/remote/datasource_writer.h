#pragma once

#include "core/remote/datasource_config.h"

#include <optional>
#include <string>
#include <vector>

namespace sg::remote {

/// The datasources as a Sightglass config file's `datasources:` section (docs/datasources.md), secrets included (a
/// config file holds them as the user wrote them): what loadDatasourceFile() reads back equal. Inline PEM from a
/// Grafana file (RemoteTls::caPem, ...) has no key in this format and is left out.
std::string datasourcesToYaml(const std::vector<RemoteDatasource>& datasources);

/// Writes datasourcesToYaml() to `path` (replaced atomically, readable by its owner only: it holds secrets).
std::optional<Error> saveDatasourceFile(const QString& path, const std::vector<RemoteDatasource>& datasources);

} // namespace sg::remote
