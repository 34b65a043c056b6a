#pragma once

// The slice of Grafana's field config the state timeline and bar chart need: value mappings, thresholds and the
// field colour modes, read straight from `fieldConfig.defaults`. Header-only for the reason in viz_colors.h.

#include "core/dashboards/dashboard.h"
#include "ui/panels/heatmap/viz_axes.h"
#include "ui/panels/heatmap/viz_colors.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace sg::ui::viz {

/// What a value mapping gives a value: a display text and/or a colour.
struct MappingResult
{
    QString text;
    QColor color; ///< invalid when the mapping sets none
    int index = 0;
};

/// `fieldConfig.defaults.mappings`: value, range, regex and special (null, nan, true, false, empty) mappings,
/// tried in order as Grafana's getValueMappingResult does.
class ValueMappings
{
public:
    ValueMappings() = default;
    explicit ValueMappings(const QJsonArray& json)
    {
        // Parsed once: a panel maps every sample, and keys compared as text would cost a number format per sample.
        for (const auto& entry : json) {
            const QJsonObject m = entry.toObject();
            const QString type = m.value(u"type").toString();
            const QJsonObject options = m.value(u"options").toObject();
            if (type == u"value") {
                for (auto it = options.begin(); it != options.end(); ++it) {
                    bool ok = false;
                    const double number = it.key().toDouble(&ok);
                    Entry e { Kind::Value, it.key(), ok ? number : std::numeric_limits<double>::quiet_NaN(), 0, 0, {}, {},
                        result(it.value().toObject()) };
                    if (e.result.text.isEmpty())
                        e.legendText = it.key();
                    m_entries.push_back(std::move(e));
                }
                continue;
            }
            Entry e { Kind::Range, {}, 0, 0, 0, {}, {}, result(options.value(u"result").toObject()) };
            if (type == u"range") {
                e.from = dashboards::jsonNumber(options.value(u"from")).value_or(-std::numeric_limits<double>::infinity());
                e.to = dashboards::jsonNumber(options.value(u"to")).value_or(std::numeric_limits<double>::infinity());
            } else if (type == u"regex") {
                e.kind = Kind::Regex;
                e.regex = QRegularExpression(options.value(u"pattern").toString());
            } else if (type == u"special") {
                e.kind = Kind::Special;
                e.key = options.value(u"match").toString();
            } else {
                continue;
            }
            m_entries.push_back(std::move(e));
        }
    }

    bool isEmpty() const { return m_entries.empty(); }

    std::optional<MappingResult> map(double value) const
    {
        const bool null = std::isnan(value);
        for (const auto& e : m_entries) {
            switch (e.kind) {
            case Kind::Value:
                if (!null && e.number == value) // NaN keys (not numbers) never match
                    return e.result;
                break;
            case Kind::Range:
                if (!null && value >= e.from && value <= e.to)
                    return e.result;
                break;
            case Kind::Regex:
                if (!null && e.regex.isValid() && e.regex.match(text(value)).hasMatch())
                    return e.result;
                break;
            case Kind::Special:
                if ((null && (e.key == u"null" || e.key == u"nan" || e.key == u"null+nan"))
                    || (!null && e.key == u"true" && value == 1) || (!null && e.key == u"false" && value == 0))
                    return e.result;
                break;
            }
        }
        return std::nullopt;
    }

    /// Every mapping result by `index` (for legends); a value mapping without text shows its key.
    std::vector<MappingResult> results() const
    {
        std::vector<MappingResult> out;
        for (const auto& e : m_entries) {
            MappingResult r = e.result;
            if (r.text.isEmpty())
                r.text = e.legendText;
            out.push_back(r);
        }
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
        return out;
    }

private:
    enum class Kind { Value, Range, Regex, Special };
    struct Entry
    {
        Kind kind;
        QString key; ///< value text, or the special match
        double number;
        double from;
        double to;
        QRegularExpression regex;
        QString legendText;
        MappingResult result;
    };

    static QString text(double v) { return QString::number(v, 'g', QLocale::FloatingPointShortest); }

    static MappingResult result(const QJsonObject& r)
    {
        MappingResult out;
        out.text = r.value(u"text").toString();
        out.color = namedColor(r.value(u"color").toString());
        out.index = r.value(u"index").toInt();
        return out;
    }

    std::vector<Entry> m_entries;
};

/// `fieldConfig.defaults.thresholds`: absolute or percentage steps; the first step's null value is the base.
struct Thresholds
{
    bool percentage = false;
    std::vector<std::pair<double, QColor>> steps; ///< ascending; the base at -inf

    static Thresholds fromJson(const QJsonObject& json)
    {
        Thresholds t;
        t.percentage = json.value(u"mode").toString() == u"percentage";
        for (const auto& s : json.value(u"steps").toArray()) {
            const QJsonObject step = s.toObject();
            const double v
                = dashboards::jsonNumber(step.value(u"value")).value_or(-std::numeric_limits<double>::infinity());
            QColor c = namedColor(step.value(u"color").toString());
            t.steps.emplace_back(v, c.isValid() ? c : namedColor(u"green"));
        }
        if (t.steps.empty()) // Grafana's default: green, red from 80
            t.steps = { { -std::numeric_limits<double>::infinity(), namedColor(u"green") }, { 80, namedColor(u"red") } };
        std::stable_sort(t.steps.begin(), t.steps.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        return t;
    }

    /// The colour of the highest step at or below `value` (percentage steps against [min, max]).
    QColor colorFor(double value, double min, double max) const
    {
        if (steps.empty())
            return namedColor(u"green");
        double v = value;
        if (percentage)
            v = max > min ? (value - min) / (max - min) * 100.0 : 0.0;
        QColor c = steps.front().second;
        for (const auto& [at, color] : steps)
            if (v >= at)
                c = color;
        return c;
    }

    /// Grafana's threshold legend labels: "< 80", "80 - 90", "90+".
    std::vector<std::pair<QString, QColor>> legendItems(const QString& unit) const
    {
        std::vector<std::pair<QString, QColor>> out;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const bool last = i + 1 == steps.size();
            const QString suffix = percentage ? QStringLiteral("%") : QString();
            auto fmt = [&](double v) { return percentage ? QString::number(v) : formatValue(unit, v); };
            QString label;
            if (i == 0)
                label = last ? QStringLiteral("Base") : QStringLiteral("< ") + fmt(steps[1].first) + suffix;
            else if (last)
                label = fmt(steps[i].first) + suffix + QStringLiteral("+");
            else
                label = fmt(steps[i].first) + suffix + QStringLiteral(" - ") + fmt(steps[i + 1].first) + suffix;
            out.emplace_back(label, steps[i].second);
        }
        return out;
    }
};

/// How a field's values get their colours: `fieldConfig.defaults.color` plus thresholds and mappings.
struct FieldColors
{
    QString mode = QStringLiteral("thresholds"); ///< thresholds, fixed, palette-classic, continuous-GrYlRd, ...
    QColor fixed;
    Thresholds thresholds;
    ValueMappings mappings;
    std::optional<double> min; ///< fieldConfig min/max, for percentage thresholds and continuous modes
    std::optional<double> max;
    QString unit;
    std::optional<int> decimals;

    static FieldColors fromDefaults(const QJsonObject& defaults, const QString& defaultMode)
    {
        FieldColors f;
        const QJsonObject color = defaults.value(u"color").toObject();
        f.mode = color.value(u"mode").toString(defaultMode);
        f.fixed = namedColor(color.value(u"fixedColor").toString());
        if (!f.fixed.isValid())
            f.fixed = classicColor(0);
        f.thresholds = Thresholds::fromJson(defaults.value(u"thresholds").toObject());
        f.mappings = ValueMappings(defaults.value(u"mappings").toArray());
        f.min = dashboards::jsonNumber(defaults.value(u"min"));
        f.max = dashboards::jsonNumber(defaults.value(u"max"));
        f.unit = defaults.value(u"unit").toString();
        if (const auto d = dashboards::jsonNumber(defaults.value(u"decimals")))
            f.decimals = int(*d);
        return f;
    }

    /// The colour of `value` in series `seriesIndex` whose values span [dataMin, dataMax]; a mapping's colour wins.
    QColor colorFor(double value, int seriesIndex, double dataMin, double dataMax) const
    {
        if (const auto m = mappings.map(value); m && m->color.isValid())
            return m->color;
        const double lo = min.value_or(dataMin);
        const double hi = max.value_or(dataMax);
        if (mode == u"fixed" || mode == u"shades")
            return fixed;
        if (mode.startsWith(u"palette-classic"))
            return classicColor(seriesIndex);
        if (mode.startsWith(u"continuous-")) {
            const double t = hi > lo ? std::clamp((value - lo) / (hi - lo), 0.0, 1.0) : 0.0;
            return continuousColor(mode.mid(11), t);
        }
        return thresholds.colorFor(value, lo, hi);
    }

    /// The mapping's text, or the value formatted with the unit and decimals.
    QString textFor(double value) const
    {
        if (const auto m = mappings.map(value); m && !m->text.isEmpty())
            return m->text;
        if (std::isnan(value))
            return QStringLiteral("null");
        return formatValue(unit, value, decimals);
    }

    /// Grafana's continuous palettes (three-stop ones; others fall back to green-yellow-red).
    static QColor continuousColor(const QString& name, double t)
    {
        std::array<QColor, 3> stops { namedColor(u"green"), namedColor(u"yellow"), namedColor(u"red") };
        if (name == u"RdYlGr")
            std::swap(stops[0], stops[2]);
        else if (name == u"BlYlRd")
            stops[0] = namedColor(u"blue");
        else if (name == u"BlPu")
            stops = { namedColor(u"blue"), namedColor(u"semi-dark-purple"), namedColor(u"purple") };
        else if (name == u"YlRd")
            stops = { namedColor(u"yellow"), namedColor(u"orange"), namedColor(u"red") };
        const double s = t * 2;
        const int i = std::min(1, int(s));
        const double f = s - i;
        const QColor& a = stops[std::size_t(i)];
        const QColor& b = stops[std::size_t(i + 1)];
        return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * f), float(a.greenF() + (b.greenF() - a.greenF()) * f),
            float(a.blueF() + (b.blueF() - a.blueF()) * f));
    }
};

} // namespace sg::ui::viz
