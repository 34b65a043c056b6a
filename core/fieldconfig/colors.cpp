#include "colors.h"

#include <QHash>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

namespace {

struct Shade
{
    const char16_t* name;
    const char16_t* color;
};

// Grafana's getDarkHues() (createVisualizationColors.ts).
constexpr Shade DarkShades[] = {
    { u"super-light-red", u"#FFA6B0" },
    { u"light-red", u"#FF7383" },
    { u"red", u"#F2495C" },
    { u"semi-dark-red", u"#E02F44" },
    { u"dark-red", u"#C4162A" },
    { u"super-light-orange", u"#FFCB7D" },
    { u"light-orange", u"#FFB357" },
    { u"orange", u"#FF9830" },
    { u"semi-dark-orange", u"#FF780A" },
    { u"dark-orange", u"#FA6400" },
    { u"super-light-yellow", u"#FFF899" },
    { u"light-yellow", u"#FFEE52" },
    { u"yellow", u"#FADE2A" },
    { u"semi-dark-yellow", u"#F2CC0C" },
    { u"dark-yellow", u"#E0B400" },
    { u"super-light-green", u"#C8F2C2" },
    { u"light-green", u"#96D98D" },
    { u"green", u"#73BF69" },
    { u"semi-dark-green", u"#56A64B" },
    { u"dark-green", u"#37872D" },
    { u"super-light-blue", u"#C0D8FF" },
    { u"light-blue", u"#8AB8FF" },
    { u"blue", u"#5794F2" },
    { u"semi-dark-blue", u"#3274D9" },
    { u"dark-blue", u"#1F60C4" },
    { u"super-light-purple", u"#DEB6F2" },
    { u"light-purple", u"#CA95E5" },
    { u"purple", u"#B877D9" },
    { u"semi-dark-purple", u"#A352CC" },
    { u"dark-purple", u"#8F3BB8" },
};

// The CSS names Grafana's nativeColorNames knows that people actually put in dashboards.
const QHash<QString, QString>& nativeColors()
{
    static const QHash<QString, QString> map = {
        { u"black"_s, u"#000000"_s },
        { u"white"_s, u"#ffffff"_s },
        { u"gray"_s, u"#808080"_s },
        { u"grey"_s, u"#808080"_s },
        { u"silver"_s, u"#c0c0c0"_s },
        { u"maroon"_s, u"#800000"_s },
        { u"darkred"_s, u"#8b0000"_s },
        { u"crimson"_s, u"#dc143c"_s },
        { u"tomato"_s, u"#ff6347"_s },
        { u"coral"_s, u"#ff7f50"_s },
        { u"darkorange"_s, u"#ff8c00"_s },
        { u"gold"_s, u"#ffd700"_s },
        { u"khaki"_s, u"#f0e68c"_s },
        { u"olive"_s, u"#808000"_s },
        { u"lime"_s, u"#00ff00"_s },
        { u"limegreen"_s, u"#32cd32"_s },
        { u"darkgreen"_s, u"#006400"_s },
        { u"teal"_s, u"#008080"_s },
        { u"cyan"_s, u"#00ffff"_s },
        { u"aqua"_s, u"#00ffff"_s },
        { u"navy"_s, u"#000080"_s },
        { u"darkblue"_s, u"#00008b"_s },
        { u"royalblue"_s, u"#4169e1"_s },
        { u"steelblue"_s, u"#4682b4"_s },
        { u"skyblue"_s, u"#87ceeb"_s },
        { u"magenta"_s, u"#ff00ff"_s },
        { u"fuchsia"_s, u"#ff00ff"_s },
        { u"violet"_s, u"#ee82ee"_s },
        { u"indigo"_s, u"#4b0082"_s },
        { u"pink"_s, u"#ffc0cb"_s },
        { u"hotpink"_s, u"#ff69b4"_s },
        { u"brown"_s, u"#a52a2a"_s },
        { u"chocolate"_s, u"#d2691e"_s },
        { u"salmon"_s, u"#fa8072"_s },
        { u"orchid"_s, u"#da70d6"_s },
        { u"tan"_s, u"#d2b48c"_s },
        { u"turquoise"_s, u"#40e0d0"_s },
        { u"lightgrey"_s, u"#d3d3d3"_s },
        { u"darkgray"_s, u"#a9a9a9"_s },
        { u"dimgray"_s, u"#696969"_s },
        { u"firebrick"_s, u"#b22222"_s },
        { u"orangered"_s, u"#ff4500"_s },
        { u"yellowgreen"_s, u"#9acd32"_s },
        { u"seagreen"_s, u"#2e8b57"_s },
        { u"slategray"_s, u"#708090"_s },
    };
    return map;
}

int hexDigit(QChar c)
{
    if (c >= u'0' && c <= u'9')
        return c.unicode() - u'0';
    if (c >= u'a' && c <= u'f')
        return c.unicode() - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c.unicode() - u'A' + 10;
    return -1;
}

std::optional<Rgba> parseHex(QStringView s)
{
    const QStringView h = s.mid(1);
    std::vector<int> d;
    for (QChar c : h) {
        const int v = hexDigit(c);
        if (v < 0)
            return std::nullopt;
        d.push_back(v);
    }
    if (d.size() == 3 || d.size() == 4) {
        Rgba c { d[0] * 17, d[1] * 17, d[2] * 17, 1.0 };
        if (d.size() == 4)
            c.a = d[3] * 17 / 255.0;
        return c;
    }
    if (d.size() == 6 || d.size() == 8) {
        Rgba c { d[0] * 16 + d[1], d[2] * 16 + d[3], d[4] * 16 + d[5], 1.0 };
        if (d.size() == 8)
            c.a = (d[6] * 16 + d[7]) / 255.0;
        return c;
    }
    return std::nullopt;
}

int clampChannel(double v)
{
    return std::clamp(int(std::lround(std::isnan(v) ? 0.0 : v)), 0, 255);
}

double luminance(const Rgba& c)
{
    auto channel = [](int v) {
        const double x = v / 255.0;
        return x <= 0.03928 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
    };
    const double l = 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    return std::round(l * 1000.0) / 1000.0;
}

// d3-interpolate's basis(): a uniform cubic B-spline segment.
double basis(double t1, double v0, double v1, double v2, double v3)
{
    const double t2 = t1 * t1;
    const double t3 = t2 * t1;
    return ((1 - 3 * t1 + 3 * t2 - t3) * v0 + (4 - 6 * t2 + 3 * t3) * v1 + (1 + 3 * t1 + 3 * t2 - 3 * t3) * v2
               + t3 * v3)
        / 6;
}

double splineAt(const std::vector<double>& values, double t)
{
    const int n = int(values.size()) - 1;
    int i;
    if (t <= 0) {
        t = 0;
        i = 0;
    } else if (t >= 1) {
        t = 1;
        i = n - 1;
    } else {
        i = int(std::floor(t * n));
    }
    const double v1 = values[i];
    const double v2 = values[i + 1];
    const double v0 = i > 0 ? values[i - 1] : 2 * v1 - v2;
    const double v3 = i < n - 1 ? values[i + 2] : 2 * v2 - v1;
    return basis((t - double(i) / n) * n, v0, v1, v2, v3);
}

} // namespace

QString Rgba::toHex() const
{
    QString s = u"#%1%2%3"_s.arg(r, 2, 16, QChar(u'0')).arg(g, 2, 16, QChar(u'0')).arg(b, 2, 16, QChar(u'0'));
    if (a < 1.0)
        s += u"%1"_s.arg(int(std::lround(a * 255)), 2, 16, QChar(u'0'));
    return s;
}

QString colorByName(QStringView name)
{
    if (name.isEmpty())
        return QString::fromUtf16(FallbackColor);
    for (const auto& shade : DarkShades)
        if (name == QStringView(shade.name))
            return QString::fromUtf16(shade.color);
    if (name == u"transparent")
        return u"rgba(0,0,0,0)"_s;
    if (name == u"panel-bg")
        return QString::fromUtf16(theme::PanelBackground);
    if (name == u"text")
        return QString::fromUtf16(theme::TextPrimary);
    if (name.startsWith(u'#') || name.contains(u"rgb"))
        return name.toString();
    const auto it = nativeColors().constFind(name.toString().toLower());
    if (it != nativeColors().constEnd())
        return it.value();
    return name.toString();
}

std::optional<Rgba> parseColor(QStringView color)
{
    const QString resolved = colorByName(color.trimmed());
    const QStringView s(resolved);
    if (s.startsWith(u'#'))
        return parseHex(s);
    if (s.startsWith(u"rgb")) {
        const qsizetype open = s.indexOf(u'(');
        const qsizetype close = s.lastIndexOf(u')');
        if (open < 0 || close < open)
            return std::nullopt;
        const auto parts = s.mid(open + 1, close - open - 1).split(u',');
        if (parts.size() < 3)
            return std::nullopt;
        Rgba c;
        bool ok = true;
        c.r = clampChannel(parts[0].trimmed().toDouble(&ok));
        c.g = clampChannel(parts[1].trimmed().toDouble(&ok));
        c.b = clampChannel(parts[2].trimmed().toDouble(&ok));
        if (parts.size() > 3)
            c.a = std::clamp(parts[3].trimmed().toDouble(&ok), 0.0, 1.0);
        return c;
    }
    return std::nullopt;
}

const QStringList& classicPalette()
{
    static const QStringList palette = {
        u"green"_s,
        u"yellow"_s,
        u"blue"_s,
        u"orange"_s,
        u"red"_s,
        u"purple"_s,
        u"dark-green"_s,
        u"dark-yellow"_s,
        u"dark-blue"_s,
        u"dark-orange"_s,
        u"dark-red"_s,
        u"dark-purple"_s,
        u"super-light-green"_s,
        u"super-light-yellow"_s,
        u"super-light-blue"_s,
        u"super-light-orange"_s,
        u"super-light-red"_s,
        u"super-light-purple"_s,
        u"#447EBC"_s,
        u"#C15C17"_s,
        u"#890F02"_s,
        u"#0A437C"_s,
        u"#6D1F62"_s,
        u"#584477"_s,
        u"#B7DBAB"_s,
        u"#F4D598"_s,
        u"#70DBED"_s,
        u"#F9BA8F"_s,
        u"#F29191"_s,
        u"#82B5D8"_s,
        u"#E5A8E2"_s,
        u"#AEA2E0"_s,
        u"#629E51"_s,
        u"#E5AC0E"_s,
        u"#64B0C8"_s,
        u"#E0752D"_s,
        u"#BF1B00"_s,
        u"#0A50A1"_s,
        u"#962D82"_s,
        u"#614D93"_s,
        u"#9AC48A"_s,
        u"#F2C96D"_s,
        u"#65C5DB"_s,
        u"#F9934E"_s,
        u"#EA6460"_s,
        u"#5195CE"_s,
        u"#D683CE"_s,
        u"#806EB7"_s,
        u"#3F6833"_s,
        u"#967302"_s,
        u"#2F575E"_s,
        u"#99440A"_s,
        u"#58140C"_s,
        u"#052B51"_s,
        u"#511749"_s,
        u"#3F2B5B"_s,
        u"#E0F9D7"_s,
        u"#FCEACA"_s,
        u"#CFFAFF"_s,
        u"#F9E2D2"_s,
        u"#FCE2DE"_s,
        u"#BADFF4"_s,
        u"#F9D9F9"_s,
        u"#DEDAF7"_s,
    };
    return palette;
}

double contrastRatio(QStringView foreground, QStringView background)
{
    const auto a = parseColor(foreground);
    const auto b = parseColor(background);
    if (!a || !b)
        return 0.0;
    const double la = luminance(*a);
    const double lb = luminance(*b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QString interpolateRgbBasis(const QStringList& colors, double t)
{
    if (colors.isEmpty())
        return QString::fromUtf16(FallbackColor);
    if (colors.size() == 1)
        return colorByName(colors.front());
    std::vector<double> r, g, b;
    for (const QString& name : colors) {
        const Rgba c = parseColor(name).value_or(Rgba { 0, 0, 0, 1.0 });
        r.push_back(c.r);
        g.push_back(c.g);
        b.push_back(c.b);
    }
    if (std::isnan(t))
        t = 0;
    return u"rgb(%1, %2, %3)"_s.arg(clampChannel(splineAt(r, t)))
        .arg(clampChannel(splineAt(g, t)))
        .arg(clampChannel(splineAt(b, t)));
}

quint32 stringHash(QStringView text)
{
    quint32 hash = 5381;
    for (qsizetype i = text.size(); i > 0; --i)
        hash = (hash * 33u) ^ quint32(text.at(i - 1).unicode());
    return hash;
}

QString jsNumberToString(double value)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value > 0 ? u"Infinity"_s : u"-Infinity"_s;
    if (value == 0)
        return u"0"_s;
    const bool negative = value < 0;
    // Shortest round-trip digits and the decimal exponent, then ECMAScript's Number::toString layout.
    const QString e = QString::number(std::fabs(value), 'e', QLocale::FloatingPointShortest);
    const qsizetype ePos = e.indexOf(u'e');
    QString digits = e.left(ePos);
    digits.remove(u'.');
    const int exponent = e.mid(ePos + 1).toInt();
    const int k = int(digits.size());
    const int n = exponent + 1;
    QString out;
    if (k <= n && n <= 21) {
        out = digits + QString(n - k, u'0');
    } else if (0 < n && n <= 21) {
        out = digits.left(n) + u'.' + digits.mid(n);
    } else if (-6 < n && n <= 0) {
        out = u"0."_s + QString(-n, u'0') + digits;
    } else {
        out = digits.left(1);
        if (k > 1)
            out += u'.' + digits.mid(1);
        out += (n - 1 >= 0 ? u"e+"_s : u"e-"_s) + QString::number(std::abs(n - 1));
    }
    return negative ? u'-' + out : out;
}

} // namespace sg::fieldconfig
