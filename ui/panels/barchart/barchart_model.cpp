#include "barchart_model.h"

#include <QDateTime>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui::barchart {

namespace {

bool sharedTimes(const std::vector<query::SeriesFrame>& series)
{
    if (series.empty() || series.front().timesMs.empty())
        return false;
    for (const auto& s : series)
        if (s.timesMs != series.front().timesMs)
            return false;
    return true;
}

QString timeLabel(qint64 ms, qint64 spanMs, const QTimeZone& zone)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, zone);
    if (spanMs >= 86'400'000)
        return t.toString(u"MM/dd HH:mm"_s);
    return t.toString(spanMs < 60'000 ? u"HH:mm:ss"_s : u"HH:mm"_s);
}

} // namespace

Bars buildBars(const dashboards::Panel& panel, const query::PanelData& data, const QTimeZone& zone)
{
    Bars bars;
    bool table = false;
    for (const auto& t : panel.targets())
        table |= t.format() == u"table" && !t.instant();
    if (table && sharedTimes(data.series)) {
        bars.byTime = true;
        const auto& times = data.series.front().timesMs;
        const qint64 span = times.back() - times.front();
        for (const auto& s : data.series)
            bars.fields.push_back(s.name);
        for (std::size_t i = 0; i < times.size(); ++i) {
            Group g { timeLabel(times[i], span, zone), {} };
            for (const auto& s : data.series)
                g.values.push_back(i < s.values.size() ? s.values[i] : query::NullValue);
            bars.groups.push_back(std::move(g));
        }
        return bars;
    }
    bars.fields.push_back(u"Value"_s);
    for (const auto& s : data.series) {
        double last = query::NullValue;
        for (auto it = s.values.rbegin(); it != s.values.rend(); ++it) {
            if (!std::isnan(*it)) {
                last = *it;
                break;
            }
        }
        bars.groups.push_back({ s.name, { last } });
    }
    return bars;
}

} // namespace sg::ui::barchart
