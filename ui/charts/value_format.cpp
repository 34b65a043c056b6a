#include "value_format.h"

#include <QDateTime>
#include <QRegularExpression>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::ui {
namespace {

struct Scaled
{
    double value;
    QString suffix;
};

Scaled scaleFor(double v, const QString& unit)
{
    const double a = std::abs(v);
    if (unit == u"percentunit"_s)
        return { v * 100.0, u"%"_s };
    if (unit == u"percent"_s)
        return { v, u"%"_s };
    if (unit == u"s"_s) {
        if (a == 0)
            return { 0, u" s"_s };
        if (a < 1e-6)
            return { v * 1e9, u" ns"_s };
        if (a < 1e-3)
            return { v * 1e6, u" µs"_s };
        if (a < 1)
            return { v * 1e3, u" ms"_s };
        if (a < 60)
            return { v, u" s"_s };
        if (a < 3600)
            return { v / 60, u" min"_s };
        if (a < 86400)
            return { v / 3600, u" hour"_s };
        return { v / 86400, u" day"_s };
    }
    if (unit == u"bytes"_s) {
        static const std::array<QString, 6> Units { u" B"_s, u" KiB"_s, u" MiB"_s, u" GiB"_s, u" TiB"_s, u" PiB"_s };
        std::size_t i = 0;
        double s = v;
        while (std::abs(s) >= 1024 && i + 1 < Units.size()) {
            s /= 1024;
            ++i;
        }
        return { s, Units[i] };
    }
    // "short" scaling, shared by reqps and plain numbers.
    QString suffix;
    double s = v;
    if (a >= 1e9) {
        s = v / 1e9;
        suffix = u" Bil"_s;
    } else if (a >= 1e6) {
        s = v / 1e6;
        suffix = u" Mil"_s;
    } else if (a >= 1e3) {
        s = v / 1e3;
        suffix = u" K"_s;
    }
    if (unit == u"reqps"_s)
        suffix = (suffix.isEmpty() ? u" "_s : suffix + u" "_s) + u"req/s"_s;
    return { s, suffix };
}

int autoDecimals(double scaled)
{
    const double a = std::abs(scaled);
    if (a == 0 || a >= 100)
        return 0;
    if (a >= 10)
        return 1;
    if (a >= 1)
        return 2;
    return 3;
}

QString trimZeros(QString s)
{
    if (s.contains(u'.')) {
        while (s.endsWith(u'0'))
            s.chop(1);
        if (s.endsWith(u'.'))
            s.chop(1);
    }
    return s;
}

double niceStep(double raw)
{
    const double exp = std::floor(std::log10(raw));
    const double f = raw / std::pow(10.0, exp);
    double nice = 10;
    if (f <= 1)
        nice = 1;
    else if (f <= 2)
        nice = 2;
    else if (f <= 2.5)
        nice = 2.5;
    else if (f <= 5)
        nice = 5;
    return nice * std::pow(10.0, exp);
}

} // namespace

QString formatValue(double value, const QString& unit, int decimals)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value > 0 ? u"+Inf"_s : u"-Inf"_s;
    const Scaled s = scaleFor(value, unit);
    const int d = decimals < 0 ? autoDecimals(s.value) : decimals;
    return trimZeros(QString::number(s.value, 'f', d)) + s.suffix;
}

AxisTicks niceTicks(double min, double max, const QString& unit, int targetCount)
{
    AxisTicks t;
    if (!std::isfinite(min) || !std::isfinite(max)) {
        min = 0;
        max = 1;
    }
    if (max <= min) {
        const double pad = min == 0 ? 1 : std::abs(min) * 0.1;
        min -= pad;
        max += pad;
    }
    t.step = niceStep((max - min) / std::max(targetCount, 1));
    t.min = std::floor(min / t.step) * t.step;
    t.max = std::ceil(max / t.step) * t.step;
    for (double v = t.min; v <= t.max + t.step * 0.5; v += t.step) {
        const double value = std::abs(v) < t.step * 1e-9 ? 0.0 : v;
        t.values.append(value);
        // Enough decimals that neighbouring ticks differ after the unit's scaling.
        const Scaled s = scaleFor(value == 0 ? t.step : value, unit);
        const double scaledStep = value == 0 ? s.value : t.step * (s.value / value);
        const int d = std::clamp(int(std::ceil(-std::log10(std::abs(scaledStep)) + 1e-9)), 0, 6);
        t.labels.append(value == 0 ? u"0"_s : formatValue(value, unit, d));
    }
    return t;
}

QString formatLegend(const QString& legendFormat, const Labels& labels)
{
    if (legendFormat.isEmpty())
        return QString::fromStdString(labels.toString());
    static const QRegularExpression Template(uR"(\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\})"_s);
    QString out;
    qsizetype last = 0;
    auto it = Template.globalMatch(legendFormat);
    while (it.hasNext()) {
        const auto m = it.next();
        out += legendFormat.mid(last, m.capturedStart() - last);
        out += QString::fromStdString(std::string(labels.get(m.captured(1).toStdString())));
        last = m.capturedEnd();
    }
    out += legendFormat.mid(last);
    return out;
}

QString timeTickFormat(DurationMs span)
{
    if (span <= 10 * 60'000)
        return u"HH:mm:ss"_s;
    if (span <= 24 * 3600'000LL)
        return u"HH:mm"_s;
    if (span <= 8 * 86400'000LL)
        return u"MM/dd HH:mm"_s;
    return u"yyyy-MM-dd"_s;
}

AxisTicks timeTicks(TimestampMs from, TimestampMs to, int targetCount)
{
    static constexpr std::array<DurationMs, 20> Intervals { 1'000, 2'000, 5'000, 10'000, 15'000, 30'000, 60'000,
        120'000, 300'000, 600'000, 900'000, 1'800'000, 3'600'000, 7'200'000, 10'800'000, 21'600'000, 43'200'000,
        86'400'000, 172'800'000, 604'800'000 };
    AxisTicks t;
    t.min = double(from);
    t.max = double(std::max(to, from + 1));
    const DurationMs span = std::max<DurationMs>(1, to - from);
    DurationMs interval = Intervals.back();
    for (DurationMs i : Intervals) {
        if (i * std::max(targetCount, 1) >= span) {
            interval = i;
            break;
        }
    }
    t.step = double(interval);
    // Round in local time so hourly ticks land on hh:00 and daily ones on midnight.
    const DurationMs offset = DurationMs(QDateTime::fromMSecsSinceEpoch(from).offsetFromUtc()) * 1000;
    const auto floorDiv = [](DurationMs a, DurationMs b) { return a >= 0 ? a / b : -((-a + b - 1) / b); };
    const QString format = timeTickFormat(span);
    for (DurationMs tick = (floorDiv(from + offset, interval) + 1) * interval - offset; tick <= to; tick += interval) {
        t.values.append(double(tick));
        t.labels.append(QDateTime::fromMSecsSinceEpoch(tick).toString(format));
    }
    return t;
}

} // namespace sg::ui
