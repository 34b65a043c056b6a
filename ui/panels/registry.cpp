#include "registry.h"

#include "ui/panels/bargauge/bargauge_plugin.h"
#include "ui/panels/barchart/barchart_plugin.h"
#include "ui/panels/gauge/gauge_plugin.h"
#include "ui/panels/heatmap/heatmap_plugin.h"
#include "ui/panels/histogram/histogram_plugin.h"
#include "ui/panels/logs/logs_plugin.h"
#include "ui/panels/stat/stat_plugin.h"
#include "ui/panels/state_timeline/state_timeline_plugin.h"
#include "ui/panels/table/table_plugin.h"
#include "ui/panels/text/text_plugin.h"
#include "ui/panels/timeseries/timeseries_plugin.h"

namespace sg::ui {

PanelRegistry::PanelRegistry()
{
    auto add = [this](std::unique_ptr<PanelPlugin> p) {
        if (p)
            m_plugins.push_back(std::move(p));
    };
    add(makeTimeSeriesPlugin());
    add(makeLogsPlugin());
    add(makeStatPlugin());
    add(makeGaugePlugin());
    add(makeBarGaugePlugin());
    add(makeTablePlugin());
    add(makeTextPlugin());
    add(makeHeatmapPlugin());
    add(makeHistogramPlugin());
    add(makeBarChartPlugin());
    add(makeStateTimelinePlugin());
}

const PanelRegistry& PanelRegistry::instance()
{
    static const PanelRegistry registry;
    return registry;
}

const PanelPlugin* PanelRegistry::find(const QString& id) const
{
    for (const auto& p : m_plugins)
        if (p->id() == id)
            return p.get();
    return nullptr;
}

std::vector<const PanelPlugin*> PanelRegistry::all() const
{
    std::vector<const PanelPlugin*> out;
    for (const auto& p : m_plugins)
        out.push_back(p.get());
    return out;
}

} // namespace sg::ui
