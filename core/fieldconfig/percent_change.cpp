#include "percent_change.h"

#include "reducers.h"

#include <QLocale>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

std::optional<double> percentChange(const std::vector<double>& values)
{
    bool any = false;
    for (double v : values)
        any = any || !std::isnan(v);
    if (!any)
        return std::nullopt;
    const double change = reduce(u"diffperc", values);
    if (std::isnan(change))
        return std::nullopt;
    return change;
}

QString percentChangeText(double change)
{
    if (std::isnan(change))
        return u"NaN%"_s;
    if (std::isinf(change))
        return change > 0 ? u"∞%"_s : u"-∞%"_s;
    if (change == 0)
        return u"0%"_s;
    // Three significant digits, rounded half away from zero as Intl.NumberFormat does, trailing zeros dropped.
    const int magnitude = int(std::floor(std::log10(std::fabs(change))));
    const int decimals = 2 - magnitude;
    const double scale = std::pow(10.0, decimals);
    double rounded = std::round(change * scale) / scale;
    if (rounded == 0)
        rounded = 0; // no "-0"
    QString text = QLocale(QLocale::English, QLocale::UnitedStates)
                       .toString(rounded, 'f', std::max(0, decimals));
    if (text.contains(u'.')) {
        while (text.endsWith(u'0'))
            text.chop(1);
        if (text.endsWith(u'.'))
            text.chop(1);
    }
    return text + u'%';
}

QString percentChangeColor(double change, const QString& mode, const QString& valueColor)
{
    if (mode == u"same_as_value")
        return valueColor;
    const double sign = mode == u"inverted" ? -1 : 1;
    return change * sign > 0 ? u"green"_s : u"red"_s;
}

} // namespace sg::fieldconfig
