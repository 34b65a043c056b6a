#include "value_mappings.h"

#include "colors.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

namespace {

ValueMappingResult resultFromJson(const QJsonObject& o)
{
    ValueMappingResult r;
    if (o.value(u"text").isString())
        r.text = o.value(u"text").toString();
    if (o.value(u"color").isString())
        r.color = o.value(u"color").toString();
    if (o.value(u"icon").isString())
        r.icon = o.value(u"icon").toString();
    if (o.value(u"index").isDouble())
        r.index = o.value(u"index").toInt();
    return r;
}

std::optional<double> boundFromJson(const QJsonObject& o, QStringView key)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return std::nullopt;
    if (v.isNull())
        return 0.0; // JavaScript compares `x < null` as `x < 0`
    if (v.isDouble())
        return v.toDouble();
    bool ok = false;
    const double d = v.toString().toDouble(&ok);
    return ok ? std::optional<double>(d) : std::nullopt;
}

// JavaScript's parseFloat: the longest numeric prefix.
double parseFloatPrefix(const QString& s)
{
    static const QRegularExpression re(u"^\\s*([+-]?(?:Infinity|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?))"_s);
    const auto m = re.match(s);
    if (!m.hasMatch())
        return std::nan("");
    const QString num = m.captured(1);
    if (num.endsWith(u"Infinity"))
        return num.startsWith(u'-') ? -INFINITY : INFINITY;
    return num.toDouble();
}

// JavaScript's String.prototype.replace with a replacement string ($1.., $&, $$), first match (or all with g).
QString jsReplace(const QString& value, const QRegularExpression& re, const QString& replacement, bool global)
{
    QString out;
    qsizetype pos = 0;
    auto it = re.globalMatch(value);
    while (it.hasNext()) {
        const auto m = it.next();
        out += value.mid(pos, m.capturedStart() - pos);
        for (qsizetype i = 0; i < replacement.size(); ++i) {
            const QChar c = replacement.at(i);
            if (c == u'$' && i + 1 < replacement.size()) {
                const QChar n = replacement.at(i + 1);
                if (n == u'$') {
                    out += u'$';
                    ++i;
                    continue;
                }
                if (n == u'&') {
                    out += m.captured(0);
                    ++i;
                    continue;
                }
                if (n.isDigit()) {
                    int group = n.digitValue();
                    qsizetype used = 1;
                    if (i + 2 < replacement.size() && replacement.at(i + 2).isDigit()) {
                        const int two = group * 10 + replacement.at(i + 2).digitValue();
                        if (two <= re.captureCount()) {
                            group = two;
                            used = 2;
                        }
                    }
                    if (group >= 1 && group <= re.captureCount()) {
                        out += m.captured(group);
                        i += used;
                        continue;
                    }
                }
            }
            out += c;
        }
        pos = m.capturedEnd();
        if (!global)
            break;
    }
    out += value.mid(pos);
    return out;
}

} // namespace

MappingInput MappingInput::fromNumber(double v)
{
    if (std::isnan(v))
        return {};
    return { Kind::Number, v, {}, false };
}

JsRegex stringToJsRegex(const QString& str)
{
    JsRegex r;
    if (!str.startsWith(u'/')) {
        r.pattern = u'^' + str + u'$';
        return r;
    }
    static const QRegularExpression literal(u"^/(.*?)/(g?i?m?y?s?)$"_s, QRegularExpression::DotMatchesEverythingOption);
    const auto m = literal.match(str);
    if (!m.hasMatch()) {
        r.valid = false;
        return r;
    }
    r.pattern = m.captured(1);
    r.caseInsensitive = m.captured(2).contains(u'i');
    r.global = m.captured(2).contains(u'g');
    return r;
}

std::optional<ValueMapping> ValueMapping::fromJson(const QJsonValue& json)
{
    const QJsonObject o = json.toObject();
    const QString type = o.value(u"type").toString();
    const QJsonObject options = o.value(u"options").toObject();
    ValueMapping m;
    if (type == u"value") {
        m.type = Type::Value;
        for (auto it = options.begin(); it != options.end(); ++it)
            m.values.emplace_back(it.key(), resultFromJson(it.value().toObject()));
        return m;
    }
    if (type == u"range") {
        m.type = Type::Range;
        m.from = boundFromJson(options, u"from");
        m.to = boundFromJson(options, u"to");
        m.result = resultFromJson(options.value(u"result").toObject());
        return m;
    }
    if (type == u"regex") {
        m.type = Type::Regex;
        m.pattern = options.value(u"pattern").toString();
        m.result = resultFromJson(options.value(u"result").toObject());
        return m;
    }
    if (type == u"special") {
        m.type = Type::Special;
        const QString match = options.value(u"match").toString();
        if (match == u"null")
            m.match = Special::Null;
        else if (match == u"nan")
            m.match = Special::NaN;
        else if (match == u"null+nan")
            m.match = Special::NullAndNaN;
        else if (match == u"true")
            m.match = Special::True;
        else if (match == u"false")
            m.match = Special::False;
        else if (match == u"empty")
            m.match = Special::Empty;
        else
            return std::nullopt;
        m.result = resultFromJson(options.value(u"result").toObject());
        return m;
    }
    return std::nullopt;
}

std::vector<ValueMapping> mappingsFromJson(const QJsonValue& json)
{
    std::vector<ValueMapping> out;
    for (const QJsonValue& v : json.toArray())
        if (auto m = ValueMapping::fromJson(v))
            out.push_back(std::move(*m));
    return out;
}

std::optional<ValueMappingResult> getValueMappingResult(
    const std::vector<ValueMapping>& mappings, const MappingInput& value)
{
    using Kind = MappingInput::Kind;
    const bool isNull = value.kind == Kind::Null;
    for (const ValueMapping& vm : mappings) {
        switch (vm.type) {
        case ValueMapping::Type::Value: {
            if (isNull)
                continue;
            const QString key = value.kind == Kind::Number ? jsNumberToString(value.number)
                : value.kind == Kind::Bool                 ? (value.boolean ? u"true"_s : u"false"_s)
                                                           : value.string;
            for (const auto& [k, result] : vm.values)
                if (k == key)
                    return result;
            break;
        }
        case ValueMapping::Type::Range: {
            if (isNull)
                continue;
            const double v = value.kind == Kind::Number ? value.number
                : value.kind == Kind::String            ? parseFloatPrefix(value.string)
                                                        : std::nan("");
            if (std::isnan(v))
                continue;
            if (vm.from && v < *vm.from)
                continue;
            if (vm.to && v > *vm.to)
                continue;
            return vm.result;
        }
        case ValueMapping::Type::Regex: {
            if (value.kind != Kind::String)
                continue;
            const JsRegex js = stringToJsRegex(vm.pattern);
            if (!js.valid)
                continue;
            const QRegularExpression re(js.pattern,
                js.caseInsensitive ? QRegularExpression::CaseInsensitiveOption : QRegularExpression::NoPatternOption);
            if (!re.isValid() || !re.match(value.string).hasMatch())
                continue;
            ValueMappingResult res = vm.result;
            if (res.text)
                res.text = jsReplace(value.string, re, *res.text, js.global);
            return res;
        }
        case ValueMapping::Type::Special: {
            bool jsIsNaN = isNull; // a null sample is NaN in a SeriesFrame
            if (value.kind == Kind::String) {
                bool ok = false;
                const QString t = value.string.trimmed();
                t.toDouble(&ok);
                jsIsNaN = !t.isEmpty() && !ok;
            }
            bool hit = false;
            switch (vm.match) {
            case ValueMapping::Special::Null:
                hit = isNull;
                break;
            case ValueMapping::Special::NaN:
                hit = jsIsNaN;
                break;
            case ValueMapping::Special::NullAndNaN:
                hit = isNull || jsIsNaN;
                break;
            case ValueMapping::Special::True:
                hit = (value.kind == Kind::Bool && value.boolean)
                    || (value.kind == Kind::String && value.string == u"true");
                break;
            case ValueMapping::Special::False:
                hit = (value.kind == Kind::Bool && !value.boolean)
                    || (value.kind == Kind::String && value.string == u"false");
                break;
            case ValueMapping::Special::Empty:
                hit = value.kind == Kind::String && value.string.isEmpty();
                break;
            }
            if (hit)
                return vm.result;
            break;
        }
        }
    }
    return std::nullopt;
}

} // namespace sg::fieldconfig
