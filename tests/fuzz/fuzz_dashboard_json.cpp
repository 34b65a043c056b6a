// Grafana dashboard JSON: import (with every migration), then export as is and for sharing.
#include "fuzz_input.h"

#include "core/dashboards/dashboard_json.h"
#include "core/dashboards/datasources.h"

SG_FUZZ_TARGET
{
    auto d = sg::dashboards::importDashboard(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    if (d.ok()) {
        (void)sg::dashboards::exportDashboard(*d);
        (void)sg::dashboards::exportForSharing(*d, sg::dashboards::DatasourceRegistry::embedded());
    }
    return 0;
}
