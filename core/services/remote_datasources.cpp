#include "remote_datasources.h"

#include "core/services/datasource_files.h"

namespace sg::services {

Result<std::vector<remote::RemoteDatasource>> loadRemoteDatasources(const QString& configFile,
    const QString& datasourcesFile)
{
    auto set = loadDatasourceFileSet(configFile, datasourcesFile, {});
    if (!set.ok())
        return set.error();
    std::vector<remote::RemoteDatasource> out = set->all();
    const dashboards::DatasourceRegistry embedded = dashboards::DatasourceRegistry::embedded();
    for (const remote::RemoteDatasource& d : out)
        if (embedded.byUid(d.uid))
            return Error { ErrorCode::BadData, "datasource \"" + d.name.toStdString() + "\": uid \""
                + d.uid.toStdString() + "\" is the embedded store's", {} };
    return out;
}

dashboards::DatasourceRegistry datasourceRegistry(const std::vector<remote::RemoteDatasource>& remotes)
{
    std::vector<dashboards::DatasourceInfo> infos;
    infos.reserve(remotes.size());
    for (const remote::RemoteDatasource& d : remotes)
        infos.push_back({ d.uid, d.name, d.pluginId(), d.isDefault });
    return dashboards::DatasourceRegistry::withRemotes(infos);
}

} // namespace sg::services
