#include "formats.h"

#include "date_format.h"
#include "time_spec.h"

#include <QRegularExpression>

#include <cmath>
#include <optional>

using namespace Qt::StringLiterals;

namespace sg::templating {

namespace {

bool isJsWhitespace(QChar c)
{
    return c.isSpace() || c == QChar(0xfeff);
}

// Number(value) is not NaN (Grafana's lucene escape keeps numbers as they are).
bool isJsNumeric(QStringView value)
{
    const QString t = value.trimmed().toString();
    if (t.isEmpty())
        return true;
    static const QRegularExpression decimal(
        u"^[+-]?((\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|Infinity)$|^0[xX][0-9a-fA-F]+$|^0[oO][0-7]+$|^0[bB][01]+$"_s);
    return decimal.match(t).hasMatch();
}

// JavaScript's parseInt(value, 10).
std::optional<qint64> jsParseInt(QStringView text)
{
    qsizetype i = 0;
    while (i < text.size() && isJsWhitespace(text[i]))
        ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == u'-' || text[i] == u'+'))
        negative = text[i++] == u'-';
    const qsizetype start = i;
    qint64 v = 0;
    while (i < text.size() && text[i] >= u'0' && text[i] <= u'9')
        v = v * 10 + (text[i++].unicode() - u'0');
    if (i == start)
        return std::nullopt;
    return negative ? -v : v;
}

QString percentEncode(QStringView value, QStringView keep)
{
    QString out;
    const QByteArray utf8 = value.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_' || c == '.' || c == '~' || (c < 0x80 && keep.contains(QLatin1Char(char(c))));
        if (unreserved)
            out += QLatin1Char(char(c));
        else
            out += u'%' + QString::number(c, 16).toUpper().rightJustified(2, u'0');
    }
    return out;
}

// Grafana's encodeURIComponentAsAngularJS(value, true), used by urlUtil.toUrlParams.
QString encodeUrlParam(QStringView value)
{
    return percentEncode(value, u"@:$,;");
}

QString formatQueryParameter(QStringView name, QStringView value)
{
    return u"var-"_s + name.toString() + u'=' + encodeUriComponentStrict(value);
}

QString formatDate(const FormatValue& value, const QStringList& args, const FormatTarget& target)
{
    std::optional<qint64> number;
    if (!value.isList)
        number = jsParseInt(value.toString());
    if (!number)
        return u"NaN"_s;
    const QString arg = args.isEmpty() ? u"iso"_s : args.first();
    if (arg == u"ms")
        return value.toString();
    if (arg == u"seconds")
        return QString::number(qint64(std::floor(double(*number) / 1000 + 0.5)));
    if (arg == u"iso")
        return formatIso(*number);
    TimeOptions zone;
    zone.timeZone = target.timeZone;
    return formatMoment(toZoned(*number, zone), args.size() > 1 ? args.join(u':') : arg);
}

QString replaceEach(QStringView value, QChar from, QStringView to)
{
    QString out;
    for (const QChar c : value) {
        if (c == from)
            out += to;
        else
            out += c;
    }
    return out;
}

QString specialRegexEscape(QStringView value)
{
    static constexpr QStringView specials = u"$^*{}[]+?.()|";
    QString out;
    for (const QChar c : value) {
        if (c == u'\\')
            out += u"\\\\\\\\"_s;
        else if (specials.contains(c))
            out += u"\\\\"_s + c;
        else
            out += c;
    }
    return out;
}

} // namespace

QString escapeRegex(QStringView value)
{
    static constexpr QStringView specials = u"\\^$*+?.()|[]{}/";
    QString out;
    for (const QChar c : value) {
        if (specials.contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

QString luceneEscape(QStringView value)
{
    if (isJsNumeric(value))
        return value.toString();
    static constexpr QStringView specials = u"!*+-=<>&|()[]{}^~?:\\/\"";
    QString out;
    for (const QChar c : value) {
        if (specials.contains(c) || isJsWhitespace(c))
            out += u'\\';
        out += c;
    }
    return out;
}

QString encodeUriComponentStrict(QStringView value)
{
    return percentEncode(value, {});
}

QString encodeUriStrict(QStringView value)
{
    return percentEncode(value, u";,/?:@&=+$#");
}

QString escapeHtml(QStringView value)
{
    QString out;
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '&':
            out += u"&amp;"_s;
            break;
        case '<':
            out += u"&lt;"_s;
            break;
        case '>':
            out += u"&gt;"_s;
            break;
        case '\'':
            out += u"&#39;"_s;
            break;
        case '"':
            out += u"&quot;"_s;
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString jsonQuote(QStringView value)
{
    QString out = u"\""_s;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value[i];
        switch (c.unicode()) {
        case '"':
            out += u"\\\""_s;
            break;
        case '\\':
            out += u"\\\\"_s;
            break;
        case '\b':
            out += u"\\b"_s;
            break;
        case '\f':
            out += u"\\f"_s;
            break;
        case '\n':
            out += u"\\n"_s;
            break;
        case '\r':
            out += u"\\r"_s;
            break;
        case '\t':
            out += u"\\t"_s;
            break;
        default:
            if (c.unicode() < 0x20) {
                out += u"\\u"_s + QString::number(c.unicode(), 16).rightJustified(4, u'0');
            } else if (c.isSurrogate()) {
                const bool paired = c.isHighSurrogate() && i + 1 < value.size() && value[i + 1].isLowSurrogate();
                if (paired) {
                    out += c;
                    out += value[++i];
                } else {
                    out += u"\\u"_s + QString::number(c.unicode(), 16);
                }
            } else {
                out += c;
            }
        }
    }
    return out + u'"';
}

QString prometheusRegularEscape(QStringView value)
{
    QString out;
    for (const QChar c : value) {
        if (c == u'\\')
            out += u"\\\\"_s;
        else if (c == u'\'')
            out += u"\\\\'"_s;
        else
            out += c;
    }
    return out;
}

QString prometheusSpecialRegexEscape(QStringView value)
{
    return specialRegexEscape(value);
}

QString lokiSpecialRegexEscape(QStringView value)
{
    return specialRegexEscape(value);
}

QString prometheusFormat(const FormatValue& value, bool multi, bool includeAll)
{
    if (!multi && !includeAll) {
        // an array is handed through unescaped and String()-ed by the interpolator
        return value.isList ? value.toString() : prometheusRegularEscape(value.toString());
    }
    if (!value.isList)
        return prometheusSpecialRegexEscape(value.toString());
    QStringList escaped;
    for (const QString& v : value.items)
        escaped << prometheusSpecialRegexEscape(v);
    if (escaped.size() == 1)
        return escaped.first();
    return u'(' + escaped.join(u'|') + u')';
}

QString lokiFormat(const FormatValue& value, bool multi, bool includeAll)
{
    if (!multi && !includeAll)
        return value.toString();
    if (!value.isList)
        return lokiSpecialRegexEscape(value.toString());
    QStringList escaped;
    for (const QString& v : value.items)
        escaped << lokiSpecialRegexEscape(v);
    return escaped.join(u'|');
}

QStringList formatIds()
{
    return { u"lucene"_s, u"raw"_s, u"regex"_s, u"pipe"_s, u"distributed"_s, u"csv"_s, u"html"_s, u"json"_s,
        u"percentencode"_s, u"singlequote"_s, u"doublequote"_s, u"sqlstring"_s, u"join"_s, u"date"_s, u"glob"_s,
        u"text"_s, u"queryparam"_s, u"customqueryparam"_s, u"uriencode"_s };
}

QString applyFormat(QStringView spec, const FormatValue& value, const FormatTarget& target)
{
    QStringList args = spec.toString().split(u':');
    QString id = args.takeFirst();
    if (!formatIds().contains(id))
        id = u"glob"_s;

    const QStringList& items = value.items;
    if (id == u"lucene") {
        if (!value.isList)
            return luceneEscape(value.toString());
        if (items.isEmpty())
            return u"__empty__"_s;
        QStringList quoted;
        for (const QString& v : items)
            quoted << u'"' + luceneEscape(v) + u'"';
        return u'(' + quoted.join(u" OR "_s) + u')';
    }
    if (id == u"raw" || id == u"csv")
        return value.toString();
    if (id == u"regex") {
        if (!value.isList)
            return escapeRegex(value.toString());
        QStringList escaped;
        for (const QString& v : items)
            escaped << escapeRegex(v);
        return escaped.size() == 1 ? escaped.first() : u'(' + escaped.join(u'|') + u')';
    }
    if (id == u"pipe")
        return value.isList ? items.join(u'|') : value.toString();
    if (id == u"distributed") {
        if (!value.isList)
            return value.toString();
        QStringList parts;
        for (qsizetype i = 0; i < items.size(); ++i)
            parts << (i == 0 ? items[i] : target.name + u'=' + items[i]);
        return parts.join(u',');
    }
    if (id == u"html")
        return escapeHtml(value.isList ? items.join(u", "_s) : value.toString());
    if (id == u"json") {
        if (!value.isList)
            return value.toString();
        QStringList quoted;
        for (const QString& v : items)
            quoted << jsonQuote(v);
        return u'[' + quoted.join(u',') + u']';
    }
    if (id == u"percentencode")
        return encodeUriComponentStrict(value.isList ? u'{' + items.join(u',') + u'}' : value.toString());
    if (id == u"uriencode")
        return encodeUriStrict(value.isList ? u'{' + items.join(u',') + u'}' : value.toString());
    if (id == u"singlequote" || id == u"doublequote" || id == u"sqlstring") {
        auto quote = [&](const QString& v) {
            if (id == u"singlequote")
                return u'\'' + replaceEach(v, u'\'', u"\\'") + u'\'';
            if (id == u"doublequote")
                return u'"' + replaceEach(v, u'"', u"\\\"") + u'"';
            return u'\'' + replaceEach(replaceEach(v, u'\'', u"''"), u'"', u"\\\"") + u'\'';
        };
        if (!value.isList)
            return quote(value.toString());
        QStringList quoted;
        for (const QString& v : items)
            quoted << quote(v);
        return quoted.join(u',');
    }
    if (id == u"join")
        return value.isList ? items.join(args.isEmpty() ? u","_s : args.first()) : value.toString();
    if (id == u"date")
        return formatDate(value, args, target);
    if (id == u"text")
        return target.text;
    if (id == u"queryparam") {
        if (target.urlState) {
            const QString key = encodeUrlParam(u"var-"_s + target.name);
            QStringList params;
            for (const QString& v : target.urlState->items)
                params << key + u'=' + encodeUrlParam(v);
            return params.join(u'&');
        }
        if (!value.isList)
            return formatQueryParameter(target.name, value.toString());
        QStringList params;
        for (const QString& v : items)
            params << formatQueryParameter(target.name, v);
        return params.join(u'&');
    }
    if (id == u"customqueryparam") {
        const QString name = encodeUriComponentStrict(args.value(0).isEmpty() ? target.name : args.value(0));
        const QString prefix = encodeUriComponentStrict(args.value(1));
        if (!value.isList)
            return name + u'=' + prefix + encodeUriComponentStrict(value.toString());
        QStringList params;
        for (const QString& v : items)
            params << name + u'=' + prefix + encodeUriComponentStrict(v);
        return params.join(u'&');
    }
    // glob
    if (value.isList && items.size() > 1)
        return u'{' + items.join(u',') + u'}';
    return value.toString();
}

} // namespace sg::templating
