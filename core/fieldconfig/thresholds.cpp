#include "thresholds.h"

#include "colors.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

ThresholdsConfig ThresholdsConfig::fromJson(const QJsonValue& json)
{
    ThresholdsConfig t;
    const QJsonObject o = json.toObject();
    t.mode = o.value(u"mode").toString() == u"percentage" ? ThresholdsMode::Percentage : ThresholdsMode::Absolute;
    for (const QJsonValue& step : o.value(u"steps").toArray()) {
        const QJsonObject s = step.toObject();
        Threshold th;
        const QJsonValue v = s.value(u"value");
        if (v.isDouble())
            th.value = v.toDouble();
        else if (v.isString() && !v.toString().isEmpty())
            th.value = v.toString().toDouble();
        else
            th.value = -std::numeric_limits<double>::infinity();
        th.color = s.value(u"color").toString();
        t.steps.push_back(th);
    }
    std::stable_sort(
        t.steps.begin(), t.steps.end(), [](const Threshold& a, const Threshold& b) { return a.value < b.value; });
    return t;
}

QJsonValue ThresholdsConfig::toJson() const
{
    QJsonArray steps;
    for (const Threshold& s : this->steps) {
        QJsonObject o { { u"color"_s, s.color } };
        o.insert(u"value"_s, std::isinf(s.value) ? QJsonValue(QJsonValue::Null) : QJsonValue(s.value));
        steps.append(o);
    }
    return QJsonObject { { u"mode"_s, mode == ThresholdsMode::Percentage ? u"percentage"_s : u"absolute"_s },
        { u"steps"_s, steps } };
}

ThresholdsConfig ThresholdsConfig::defaults()
{
    return { ThresholdsMode::Absolute, { { -std::numeric_limits<double>::infinity(), u"green"_s }, { 80, u"red"_s } } };
}

Threshold fallbackThreshold()
{
    return { 0, QString::fromUtf16(FallbackColor) };
}

Threshold getActiveThreshold(double value, const std::vector<Threshold>& steps)
{
    if (steps.empty())
        return fallbackThreshold();
    Threshold active = steps.front();
    for (const Threshold& t : steps) {
        if (value >= t.value)
            active = t;
        else
            break;
    }
    return active;
}

Threshold getActiveThresholdForValue(const ThresholdsConfig& thresholds, double value, double percent)
{
    if (thresholds.mode == ThresholdsMode::Percentage)
        return getActiveThreshold(percent * 100, thresholds.steps);
    return getActiveThreshold(value, thresholds.steps);
}

} // namespace sg::fieldconfig
