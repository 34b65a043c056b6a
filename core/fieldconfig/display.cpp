#include "display.h"

#include "colors.h"
#include "core/units/units.h"
#include "field_color.h"

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

namespace {

bool isDateUnit(const QString& unit)
{
    static const QStringList dateUnits = { u"dateTimeAsIso"_s, u"dateTimeAsIsoNoDateIfToday"_s, u"dateTimeAsUS"_s,
        u"dateTimeAsUSNoDateIfToday"_s, u"dateTimeAsLocal"_s, u"dateTimeAsLocalNoDateIfToday"_s, u"dateTimeFromNow"_s };
    return dateUnits.contains(unit) || unit.startsWith(u"time:");
}

void applyMapping(
    const FieldConfig& config, const MappingInput& input, DisplayValue& out, bool& hasText, bool& hasColor)
{
    if (config.mappings.empty())
        return;
    const auto result = getValueMappingResult(config.mappings, input);
    if (!result)
        return;
    if (result->text) {
        out.text = *result->text;
        hasText = true;
    }
    if (result->color) {
        out.color = colorByName(*result->color);
        hasColor = true;
    }
    if (result->icon)
        out.icon = *result->icon;
}

} // namespace

ScaledValue scaleValue(const FieldConfig& config, double value)
{
    ScaledValue s;
    if (value != -std::numeric_limits<double>::infinity()) {
        s.percent = (value - config.rangeMin) / (config.rangeMax - config.rangeMin);
        if (std::isnan(s.percent))
            s.percent = 0;
    }
    s.threshold = getActiveThresholdForValue(config.thresholds, value, s.percent);
    s.color = fieldColor(config, value, s.percent, s.threshold);
    return s;
}

DisplayValue display(const FieldConfig& config, double value, std::optional<int> decimals)
{
    DisplayValue out;
    out.numeric = value;
    bool hasText = false;
    bool hasColor = false;
    applyMapping(config, MappingInput::fromNumber(value), out, hasText, hasColor);

    if (!std::isnan(value)) {
        if (!hasText) {
            const QString unit = config.unit.isEmpty() ? u"none"_s : config.unit;
            const auto formatted = units::format(unit, value, decimals ? decimals : config.decimals);
            out.text = formatted.text;
            out.prefix = formatted.prefix;
            out.suffix = formatted.suffix;
            // Without configured decimals Grafana re-reads the text as a number to drop trailing zeros (60.00 → 60).
            if (!isDateUnit(unit) && unit != u"bool" && !config.decimals) {
                bool ok = false;
                const double reparsed = out.text.trimmed().toDouble(&ok);
                if (ok)
                    out.text = jsNumberToString(reparsed);
                else if (out.text.isEmpty())
                    out.text = u"0"_s;
            }
            hasText = true;
        }
        if (!hasColor) {
            const ScaledValue s = scaleValue(config, value);
            out.color = s.color;
            out.percent = s.percent;
            hasColor = true;
        }
    }
    if (!hasText)
        out.text = config.noValue; // String(null) is empty: the no-value text, or nothing
    if (!hasColor || out.color.isEmpty()) {
        const ScaledValue s = scaleValue(config, -std::numeric_limits<double>::infinity());
        out.color = s.color;
        out.percent = s.percent;
    }
    return out;
}

QString displayColor(const FieldConfig& config, double value)
{
    if (!config.mappings.empty()) {
        const auto result = getValueMappingResult(config.mappings, MappingInput::fromNumber(value));
        if (result && result->color)
            return colorByName(*result->color);
    }
    return scaleValue(config, std::isnan(value) ? -std::numeric_limits<double>::infinity() : value).color;
}

DisplayValue displayString(const FieldConfig& config, const QString& value)
{
    DisplayValue out;
    bool hasText = false;
    bool hasColor = false;
    applyMapping(config, MappingInput::fromString(value), out, hasText, hasColor);
    if (!hasText)
        out.text = value.isEmpty() ? config.noValue : value;
    if (!hasColor || out.color.isEmpty()) {
        const ScaledValue s = scaleValue(config, -std::numeric_limits<double>::infinity());
        out.color = s.color;
        out.percent = s.percent;
    }
    return out;
}

} // namespace sg::fieldconfig
