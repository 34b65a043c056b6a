#include "demo_dashboards.h"

#include <QFile>

static void initDemoDashboardResources() { Q_INIT_RESOURCE(demo_dashboards); }

namespace sg::demo {

namespace {
QByteArray readResource(const char* name)
{
    initDemoDashboardResources();
    QFile f(QStringLiteral(":/sightglass/dashboards/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}
} // namespace

QByteArray serviceOverviewJson() { return readResource("service-overview.json"); }
QByteArray targetsOverviewJson() { return readResource("targets-overview.json"); }

} // namespace sg::demo
