#include "timeseries_model.h"

#include "core/fieldconfig/colors.h"
#include "core/fieldconfig/display.h"
#include "core/fieldconfig/field_color.h"
#include "core/fieldconfig/reducers.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::ui::timeseries {

namespace {

constexpr double Inf = std::numeric_limits<double>::infinity();
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

QString optionalText(const std::optional<double>& v)
{
    return v ? QString::number(*v) : u"na"_s;
}

/// Grafana's buildScaleKey: series share a scale (and an axis) when all of these agree.
QString scaleKey(const PlotSeries& s)
{
    const SeriesStyle& st = s.style;
    const QString unit = st.stacking == StackMode::Percent ? u"percentunit"_s
                                                            : (s.config.unit.isEmpty() ? u"__fixed"_s : s.config.unit);
    return QStringList { unit, optionalText(s.config.min), optionalText(s.config.max), optionalText(st.softMin),
        optionalText(st.softMax), st.axisPlacement == AxisPlacement::Hidden ? u"hidden"_s : u"shown"_s,
        st.log ? u"log%1"_s.arg(st.logBase) : u"linear"_s, st.axisLabel, st.axisCenteredZero ? u"cz"_s : u""_s,
        st.stacking == StackMode::Percent ? u"percent"_s : u""_s }
        .join(u'/');
}

double minimumSpacing(const std::vector<qint64>& t)
{
    qint64 best = 0;
    for (std::size_t i = 1; i < t.size(); ++i) {
        const qint64 d = t[i] - t[i - 1];
        if (d > 0 && (best == 0 || d < best))
            best = d;
    }
    return double(best);
}

int decimalsOf(double step)
{
    if (!(step > 0) || step >= 1)
        return 0;
    return std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 12);
}

} // namespace

QColor toQColor(const QString& color)
{
    const auto rgba = fieldconfig::parseColor(fieldconfig::colorByName(color));
    if (!rgba)
        return QColor(0x80, 0x80, 0x80);
    QColor c(rgba->r, rgba->g, rgba->b);
    c.setAlphaF(float(rgba->a));
    return c;
}

double Scale::fraction(double v) const
{
    if (std::isnan(v))
        return NaN;
    if (log) {
        if (v <= 0 || min <= 0 || max <= min)
            return NaN;
        return (std::log(v) - std::log(min)) / (std::log(max) - std::log(min));
    }
    if (!(max > min))
        return 0.5;
    return (v - min) / (max - min);
}

double Scale::valueAt(double f) const
{
    if (log)
        return std::exp(std::log(min) + f * (std::log(max) - std::log(min)));
    return min + f * (max - min);
}

qsizetype PlotModel::nearestIndex(const PlotSeries& s, qint64 t) const
{
    const auto& times = frame(s).timesMs;
    const auto it = std::lower_bound(times.begin(), times.end(), t);
    const qsizetype at = it - times.begin();
    const qsizetype n = qsizetype(times.size());
    qsizetype best = -1;
    qint64 bestDistance = 0;
    // Walk outwards past nulls on both sides (bounded, so a long null run costs little).
    for (qsizetype i = at, steps = 0; i < n && steps < 64; ++i, ++steps) {
        if (!std::isnan(s.y[std::size_t(i)])) {
            best = i;
            bestDistance = times[std::size_t(i)] - t;
            break;
        }
    }
    for (qsizetype i = at - 1, steps = 0; i >= 0 && steps < 64; --i, ++steps) {
        if (!std::isnan(s.y[std::size_t(i)])) {
            if (best < 0 || t - times[std::size_t(i)] <= bestDistance)
                best = i;
            break;
        }
    }
    return best;
}

void buildSeries(PlotModel& model, const QJsonObject& fieldConfig, const QJsonObject& options)
{
    model.legend = LegendOptions::fromJson(options.value(u"legend").toObject());
    model.tooltip = TooltipOptions::fromJson(options.value(u"tooltip").toObject());
    model.fromMs = model.data.fromMs;
    model.toMs = model.data.toMs;
    if (model.toMs <= model.fromMs) {
        qint64 lo = std::numeric_limits<qint64>::max();
        qint64 hi = std::numeric_limits<qint64>::min();
        for (const auto& f : model.data.series) {
            if (!f.timesMs.empty()) {
                lo = std::min(lo, f.timesMs.front());
                hi = std::max(hi, f.timesMs.back());
            }
        }
        model.fromMs = lo <= hi ? lo : 0;
        model.toMs = lo < hi ? hi : model.fromMs + 1;
    }

    QJsonObject fc = fieldConfig;
    fc.insert(u"defaults"_s, fieldconfig::mergeDefaults(pluginFieldDefaults(), fieldConfig.value(u"defaults").toObject()));
    std::vector<fieldconfig::Field> fields = fieldconfig::applyFieldConfig(fc, model.data.series);

    model.series.clear();
    model.series.reserve(fields.size());
    for (auto& field : fields) {
        const query::SeriesFrame& frame = model.data.series[std::size_t(field.seriesIndex)];
        PlotSeries s;
        s.frameIndex = field.seriesIndex;
        s.name = field.name;
        s.config = std::move(field.config);
        s.style = SeriesStyle::fromCustom(s.config.custom);
        s.color = toQColor(fieldconfig::seriesColor(s.config, frame.values));
        const double step = minimumSpacing(frame.timesMs);
        const double interval = step > 0 ? step : double(model.data.intervalMs);
        s.gapMs = interval > 0 ? interval * 1.5 : Inf;
        if (!model.legend.calcs.isEmpty())
            s.calcValues = fieldconfig::reduce(model.legend.calcs, frame.values, s.config.nullValueMode);
        model.series.push_back(std::move(s));
    }
}

std::pair<double, double> autoRange(double lo, double hi, std::optional<double> softMin, std::optional<double> softMax)
{
    // uPlot's rangeNum with Grafana's config: pad 0.1, soft 0 in mode 3 unless a soft limit is set (mode 1).
    const double delta = hi - lo;
    const double nonZero = delta != 0 ? delta : (hi != 0 ? std::abs(hi) : 1000);
    const double base = std::pow(10.0, std::floor(std::log10(nonZero))) / 10;
    const double pad = nonZero * 0.1;
    double newMin = std::floor((lo - pad) / base + 1e-9) * base;
    double newMax = std::ceil((hi + pad) / base - 1e-9) * base;
    if (softMin) {
        newMin = (newMin < *softMin && lo >= *softMin) ? *softMin : std::min(*softMin, newMin);
    } else if (newMin < 0 && lo >= 0) {
        newMin = 0;
    }
    if (softMax) {
        newMax = (newMax > *softMax && hi <= *softMax) ? *softMax : std::max(*softMax, newMax);
    } else if (newMax > 0 && hi <= 0) {
        newMax = 0;
    }
    return { newMin, newMax };
}

void arrange(PlotModel& model, const SeriesVisibility& visibility)
{
    for (PlotSeries& s : model.series) {
        const auto& values = model.frame(s).values;
        s.visible = !s.style.hideViz && visibility.isShown(s.name);
        s.y = values;
        if (s.style.negativeY)
            for (double& v : s.y)
                v = -v;
        s.base.clear();
    }

    // Scales in order of first use, as Grafana adds its axes.
    model.scales.clear();
    QHash<QString, int> scaleIndex;
    int shownAxes = 0;
    for (PlotSeries& s : model.series) {
        const QString key = scaleKey(s);
        auto it = scaleIndex.constFind(key);
        if (it == scaleIndex.constEnd()) {
            Scale sc;
            sc.key = key;
            sc.config = s.config;
            sc.percent = s.style.stacking == StackMode::Percent;
            if (sc.percent) {
                sc.config.unit = u"percentunit"_s;
                sc.config.mappings.clear();
            }
            sc.unit = sc.config.unit;
            sc.decimals = sc.config.decimals;
            sc.label = s.style.axisLabel;
            sc.log = s.style.log;
            sc.logBase = s.style.logBase;
            switch (s.style.axisPlacement) {
            case AxisPlacement::Hidden:
                sc.side = AxisPlacement::Hidden;
                break;
            case AxisPlacement::Left:
            case AxisPlacement::Right:
                sc.side = s.style.axisPlacement;
                break;
            case AxisPlacement::Auto:
                sc.side = shownAxes == 0 ? AxisPlacement::Left : AxisPlacement::Right;
                break;
            }
            if (sc.side != AxisPlacement::Hidden)
                ++shownAxes;
            it = scaleIndex.insert(key, int(model.scales.size()));
            model.scales.push_back(std::move(sc));
        }
        s.scale = *it;
    }

    // Stacking: per group and scale, positive and negative values on their own stacks (Grafana ≥ 9).
    struct Stack
    {
        QHash<qint64, double> positive;
        QHash<qint64, double> negative;
        QHash<qint64, double> absSum;
        std::vector<PlotSeries*> members;
        bool percent = false;
    };
    QHash<QString, Stack> stacks;
    for (PlotSeries& s : model.series) {
        if (s.style.stacking == StackMode::None || !s.visible)
            continue;
        Stack& st = stacks[s.style.stackGroup + u'|' + model.scales[std::size_t(s.scale)].key];
        st.percent = s.style.stacking == StackMode::Percent;
        st.members.push_back(&s);
        const auto& times = model.frame(s).timesMs;
        s.base.assign(s.y.size(), 0.0);
        for (std::size_t i = 0; i < s.y.size(); ++i) {
            const double v = s.y[i];
            const qint64 t = times[i];
            auto& acc = v < 0 ? st.negative : st.positive;
            const double below = acc.value(t, 0.0);
            s.base[i] = below;
            if (std::isnan(v))
                continue;
            s.y[i] = below + v;
            acc.insert(t, below + v);
            st.absSum[t] += std::abs(v);
        }
    }
    for (Stack& st : stacks) {
        if (!st.percent)
            continue;
        for (PlotSeries* s : st.members) {
            const auto& times = model.frame(*s).timesMs;
            for (std::size_t i = 0; i < s->y.size(); ++i) {
                const double sum = st.absSum.value(times[i], 0.0);
                s->y[i] = sum > 0 ? s->y[i] / sum : (std::isnan(s->y[i]) ? NaN : 0.0);
                s->base[i] = sum > 0 ? s->base[i] / sum : 0.0;
            }
        }
    }

    // Ranges over the visible series' samples inside the time range (all series when none is visible).
    for (std::size_t k = 0; k < model.scales.size(); ++k) {
        Scale& sc = model.scales[k];
        double lo = Inf;
        double hi = -Inf;
        bool anyVisible = false;
        for (const PlotSeries& s : model.series)
            anyVisible = anyVisible || (s.scale == int(k) && s.visible);
        const SeriesStyle* style = nullptr;
        for (const PlotSeries& s : model.series) {
            if (s.scale != int(k) || (anyVisible && !s.visible))
                continue;
            if (!style)
                style = &s.style;
            const auto& times = model.frame(s).timesMs;
            const auto first = std::size_t(std::lower_bound(times.begin(), times.end(), model.fromMs) - times.begin());
            const auto last = std::size_t(std::upper_bound(times.begin(), times.end(), model.toMs) - times.begin());
            for (std::size_t i = first; i < last; ++i) {
                const double v = s.y[i];
                if (std::isnan(v) || std::isinf(v) || (sc.log && v <= 0))
                    continue;
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            if (!s.base.empty() && s.style.drawStyle == DrawStyle::Bars) {
                lo = std::min(lo, 0.0);
                hi = std::max(hi, 0.0);
            }
        }
        const std::optional<double> softMin = style ? style->softMin : std::nullopt;
        const std::optional<double> softMax = style ? style->softMax : std::nullopt;
        if (sc.percent) {
            sc.min = std::min(0.0, std::isfinite(lo) ? lo : 0.0);
            sc.max = 1;
        } else if (sc.log) {
            if (!std::isfinite(lo)) {
                lo = 1;
                hi = sc.logBase;
            }
            if (softMin && *softMin > 0)
                lo = std::min(lo, *softMin);
            if (softMax)
                hi = std::max(hi, *softMax);
            const double b = std::log(sc.logBase);
            sc.min = std::pow(sc.logBase, std::floor(std::log(lo) / b + 1e-9));
            sc.max = std::pow(sc.logBase, std::ceil(std::log(hi) / b - 1e-9));
            if (sc.max <= sc.min)
                sc.max = sc.min * sc.logBase;
        } else {
            if (!std::isfinite(lo)) {
                lo = 0;
                hi = 1;
            }
            std::tie(sc.min, sc.max) = autoRange(lo, hi, softMin, softMax);
            if (style && style->axisCenteredZero) {
                const double m = std::max(std::abs(sc.min), std::abs(sc.max));
                sc.min = -m;
                sc.max = m;
            }
        }
        if (sc.config.min && (!sc.log || *sc.config.min > 0))
            sc.min = *sc.config.min;
        if (sc.config.max)
            sc.max = *sc.config.max;
        if (!(sc.max > sc.min))
            sc.max = sc.min + (sc.log ? sc.min * sc.logBase : 1);
    }
}

std::vector<ValueTick> valueTicks(const Scale& scale, double lengthPx, double spacingPx)
{
    std::vector<ValueTick> out;
    if (!(scale.max > scale.min) || lengthPx <= 0)
        return out;
    const double wanted = std::max(1.0, lengthPx / spacingPx);
    auto label = [&scale](double v, std::optional<int> decimals) {
        return fieldconfig::display(scale.config, v, scale.decimals ? scale.decimals : decimals).toString();
    };
    if (scale.log) {
        const double b = std::log(scale.logBase);
        const int p0 = int(std::ceil(std::log(scale.min) / b - 1e-9));
        const int p1 = int(std::floor(std::log(scale.max) / b + 1e-9));
        const int powers = p1 - p0 + 1;
        const int every = std::max(1, int(std::ceil(double(powers) / wanted)));
        for (int p = p0; p <= p1; p += every) {
            const double v = std::pow(scale.logBase, p);
            out.push_back({ v, label(v, p < 0 ? std::optional<int>(decimalsOf(v)) : std::nullopt) });
        }
        // Few decades on a base-10 axis: add the 2× and 5× steps as uPlot's log splits do when there is room.
        if (scale.logBase == 10 && powers <= 2 && wanted >= 4) {
            for (int p = p0 - 1; p <= p1; ++p) {
                for (double m : { 2.0, 5.0 }) {
                    const double v = m * std::pow(10.0, p);
                    if (v >= scale.min && v <= scale.max)
                        out.push_back({ v, label(v, p < 0 ? std::optional<int>(decimalsOf(v)) : std::nullopt) });
                }
            }
            std::sort(out.begin(), out.end(), [](const ValueTick& a, const ValueTick& b) { return a.value < b.value; });
        }
        return out;
    }
    const double range = scale.max - scale.min;
    const double raw = range / wanted;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * mag;
    for (double m : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        if (raw <= m * mag * (1 + 1e-9)) {
            step = m * mag;
            break;
        }
    }
    const int decimals = decimalsOf(step) + (std::abs(step / std::pow(10.0, -decimalsOf(step)) - 2.5) < 1e-9 ? 1 : 0);
    for (double v = std::ceil(scale.min / step - 1e-9) * step; v <= scale.max + step * 1e-9 && out.size() < 200;
         v += step) {
        const double clean = std::abs(v) < step * 1e-9 ? 0.0 : v;
        out.push_back({ clean, label(clean, decimals > 0 ? std::optional<int>(decimals) : std::nullopt) });
    }
    return out;
}

SeriesVisibility clickLegend(const SeriesVisibility& current, const QString& name, bool toggle,
    const QStringList& allNames)
{
    SeriesVisibility next;
    if (!toggle) {
        if (current.shown && current.shown->size() == 1 && current.shown->contains(name))
            return next;
        next.shown = QSet<QString> { name };
        return next;
    }
    QSet<QString> shown = current.shown ? *current.shown : QSet<QString>(allNames.begin(), allNames.end());
    if (shown.contains(name))
        shown.remove(name);
    else
        shown.insert(name);
    if (shown != QSet<QString>(allNames.begin(), allNames.end()))
        next.shown = shown;
    return next;
}

} // namespace sg::ui::timeseries
