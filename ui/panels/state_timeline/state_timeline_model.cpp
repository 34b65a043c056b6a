#include "state_timeline_model.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::ui::state_timeline {

namespace {

bool sameState(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

} // namespace

viz::FieldColors fieldColors(const dashboards::Panel& panel)
{
    return viz::FieldColors::fromDefaults(panel.fieldDefaults(), u"thresholds"_s);
}

std::vector<Lane> buildLanes(const dashboards::Panel& panel, const query::PanelData& data)
{
    const viz::FieldColors colors = fieldColors(panel);
    const bool merge = panel.options().value(u"mergeValues").toBool(true);
    // A "null" special mapping makes nulls a state of their own; otherwise a null ends the state before it.
    const bool nullIsState = colors.mappings.map(query::NullValue).has_value();
    std::vector<Lane> lanes;
    lanes.reserve(data.series.size());
    for (std::size_t si = 0; si < data.series.size(); ++si) {
        const query::SeriesFrame& s = data.series[si];
        Lane lane;
        lane.name = s.name;
        lane.labels = s.labels;
        const std::size_t n = std::min(s.timesMs.size(), s.values.size());
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isfinite(s.values[i])) {
                lo = std::min(lo, s.values[i]);
                hi = std::max(hi, s.values[i]);
            }
        }
        Region current;
        bool open = false;
        for (std::size_t i = 0; i < n; ++i) {
            const qint64 t = s.timesMs[i];
            const double v = s.values[i];
            if (std::isnan(v) && !nullIsState) {
                if (open) {
                    current.endMs = t;
                    lane.regions.push_back(current);
                    open = false;
                }
                continue;
            }
            if (open && merge && sameState(current.value, v))
                continue;
            if (open) {
                current.endMs = t;
                lane.regions.push_back(current);
            }
            current = Region { t, t, v, colors.colorFor(v, int(si), lo, hi) };
            open = true;
        }
        if (open) {
            const qint64 last = s.timesMs[n - 1];
            qint64 step = data.intervalMs;
            if (step <= 0)
                step = n > 1 ? s.timesMs[n - 1] - s.timesMs[n - 2] : 1000;
            current.endMs = data.toMs > last ? data.toMs : last + step;
            lane.regions.push_back(current);
        }
        lanes.push_back(std::move(lane));
    }
    return lanes;
}

} // namespace sg::ui::state_timeline
