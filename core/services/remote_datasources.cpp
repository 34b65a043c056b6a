#include "remote_datasources.h"

namespace sg::services {

Result<std::vector<remote::RemoteDatasource>> loadRemoteDatasources(const QString& configFile,
    const QString& datasourcesFile)
{
    std::vector<remote::RemoteDatasource> out;
    for (const QString& file : { configFile, datasourcesFile }) {
        if (file.isEmpty())
            continue;
        auto loaded = remote::loadDatasourceFile(file);
        if (!loaded.ok())
            return loaded.error();
        for (remote::RemoteDatasource& d : *loaded) {
            for (const remote::RemoteDatasource& other : out)
                if (other.name == d.name || other.uid == d.uid)
                    return Error { ErrorCode::BadData, file.toStdString() + ": datasource \"" + d.name.toStdString()
                        + "\": its name or uid is already used by \"" + other.name.toStdString() + "\"", {} };
            out.push_back(std::move(d));
        }
    }
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
