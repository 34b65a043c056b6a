#include "state_timeline_model.h"

#include "core/fieldconfig/display.h"
#include "ui/panels/common/panel_options.h"
#include "ui/panels/common/panel_paint.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::ui::state_timeline {

namespace {

bool sameState(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// The colours of a lane's states: a lane has few distinct states and many regions, and resolving a colour through
// the field config costs far more than a look-up among the states seen so far.
class StateColors
{
public:
    explicit StateColors(const fieldconfig::FieldConfig& config)
        : m_config(config)
    {
    }

    QColor colorOf(double value)
    {
        for (const auto& [state, color] : m_seen)
            if (sameState(state, value))
                return color;
        const QColor color = paint::toQColor(fieldconfig::displayColor(m_config, value));
        if (m_seen.size() < MaxStates)
            m_seen.emplace_back(value, color);
        return color;
    }

private:
    static constexpr std::size_t MaxStates = 32;
    const fieldconfig::FieldConfig& m_config;
    std::vector<std::pair<double, QColor>> m_seen;
};

} // namespace

QString regionText(const Lane& lane, const Region& region)
{
    const fieldconfig::DisplayValue d = fieldconfig::display(lane.config, region.value);
    return d.text.isEmpty() && std::isnan(region.value) ? u"null"_s : d.toString();
}

std::vector<Lane> buildLanes(const dashboards::Panel& panel, const query::PanelData& data)
{
    const std::vector<fieldconfig::Field> fields
        = fieldconfig::applyFieldConfig(paint::effectiveFieldConfig(panel, u"thresholds"_s), data.series);
    const bool merge = panel.options().value(u"mergeValues").toBool(true);
    std::vector<Lane> lanes;
    lanes.reserve(data.series.size());
    for (std::size_t si = 0; si < data.series.size(); ++si) {
        const query::SeriesFrame& s = data.series[si];
        Lane lane;
        lane.name = s.name;
        lane.labels = s.labels;
        lane.config = fields[si].config;
        // A "null" special mapping makes nulls a state of their own; otherwise a null ends the state before it.
        const auto nullMapping = fieldconfig::getValueMappingResult(
            lane.config.mappings, fieldconfig::MappingInput::fromNumber(query::NullValue));
        const bool nullIsState = nullMapping.has_value();
        StateColors colors(fields[si].config);
        const std::size_t n = std::min(s.timesMs.size(), s.values.size());
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
            current = Region { t, t, v, colors.colorOf(v) };
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
