#include "field_config.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace sg::fieldconfig {

namespace {

std::optional<double> numberOf(const QJsonValue& v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

void setPath(QJsonObject& obj, const QStringList& parts, int i, const QJsonValue& value)
{
    const QString& key = parts.at(i);
    if (i == parts.size() - 1) {
        if (value.isNull() || value.isUndefined())
            obj.remove(key);
        else
            obj.insert(key, value);
        return;
    }
    QJsonObject child = obj.value(key).toObject();
    setPath(child, parts, i + 1, value);
    obj.insert(key, child);
}

bool compareOp(const QString& op, double a, double b)
{
    if (op == u"gt")
        return a > b;
    if (op == u"gte")
        return a >= b;
    if (op == u"lt")
        return a < b;
    if (op == u"lte")
        return a <= b;
    if (op == u"eq")
        return a == b;
    if (op == u"ne")
        return a != b;
    return false;
}

bool regexMatches(const QString& pattern, const QString& text)
{
    if (pattern.isEmpty())
        return false;
    const JsRegex js = stringToJsRegex(pattern);
    if (!js.valid)
        return false;
    const QRegularExpression re(js.pattern,
        js.caseInsensitive ? QRegularExpression::CaseInsensitiveOption : QRegularExpression::NoPatternOption);
    return re.isValid() && re.match(text).hasMatch();
}

} // namespace

FieldConfig FieldConfig::fromJson(const QJsonObject& json)
{
    FieldConfig c;
    c.json = json;
    c.unit = json.value(u"unit").toString();
    if (const auto d = numberOf(json.value(u"decimals")))
        c.decimals = std::clamp(int(*d), 0, 20);
    c.min = numberOf(json.value(u"min"));
    c.max = numberOf(json.value(u"max"));
    c.noValue = json.value(u"noValue").toString();
    c.displayName = json.value(u"displayName").toString();
    const bool hasThresholds = json.value(u"thresholds").isObject();
    if (hasThresholds)
        c.thresholds = ThresholdsConfig::fromJson(json.value(u"thresholds"));
    c.mappings = mappingsFromJson(json.value(u"mappings"));
    const QJsonObject color = json.value(u"color").toObject();
    c.color.mode = color.value(u"mode").toString();
    c.color.fixedColor = color.value(u"fixedColor").toString();
    c.color.seriesBy = color.value(u"seriesBy").toString();
    if (c.color.mode.isEmpty() && hasThresholds && !json.contains(u"color"))
        c.color.mode = u"thresholds"_s;
    c.nullValueMode = nullValueModeFromString(json.value(u"nullValueMode").toString());
    c.custom = json.value(u"custom").toObject();
    if (c.min && c.max && *c.min > *c.max)
        std::swap(c.min, c.max);
    c.rangeMin = c.min.value_or(0);
    c.rangeMax = c.max.value_or(100);
    return c;
}

QJsonObject mergeDefaults(const QJsonObject& base, const QJsonObject& overlay)
{
    QJsonObject out = base;
    for (auto it = overlay.begin(); it != overlay.end(); ++it) {
        const QJsonValue existing = out.value(it.key());
        if (existing.isObject() && it.value().isObject())
            out.insert(it.key(), mergeDefaults(existing.toObject(), it.value().toObject()));
        else if (!it.value().isUndefined())
            out.insert(it.key(), it.value());
    }
    return out;
}

void setConfigPath(QJsonObject& config, const QString& path, const QJsonValue& value)
{
    const QStringList parts = path.split(u'.', Qt::SkipEmptyParts);
    if (!parts.isEmpty())
        setPath(config, parts, 0, value);
}

bool matcherSelects(const QJsonObject& matcher, const query::SeriesFrame& series, const QString& name)
{
    const QString id = matcher.value(u"id").toString();
    const QJsonValue options = matcher.value(u"options");
    if (id == u"byName")
        return options.toString() == name;
    if (id == u"byRegexp")
        return regexMatches(options.toString(), name);
    if (id == u"byFrameRefID")
        return options.toString() == series.refId;
    if (id == u"byType")
        return options.toString() == u"number";
    if (id == u"byNames" || id == u"byRegexpOrNames") {
        const QJsonObject o = options.toObject();
        bool listed = false;
        for (const QJsonValue& n : o.value(u"names").toArray())
            listed = listed || n.toString() == name;
        if (id == u"byRegexpOrNames")
            return listed || regexMatches(o.value(u"pattern").toString(), name);
        return o.value(u"mode").toString() == u"exclude" ? !listed : listed;
    }
    if (id == u"byValue") {
        const QJsonObject o = options.toObject();
        const QString reducer = o.value(u"reducer").toString(u"allValues"_s);
        const double target = numberOf(o.value(u"value")).value_or(0);
        const QString op = o.value(u"op").toString(u"gte"_s);
        if (reducer == u"allValues") {
            return std::any_of(series.values.begin(), series.values.end(),
                [&](double v) { return !std::isnan(v) && compareOp(op, v, target); });
        }
        const double v = reduce(reducer, series.values);
        return !std::isnan(v) && compareOp(op, v, target);
    }
    return false;
}

QJsonObject effectiveConfigJson(const QJsonObject& fieldConfig, const query::SeriesFrame& series)
{
    QJsonObject config = fieldConfig.value(u"defaults").toObject();
    const QString name = series.name;
    for (const QJsonValue& rule : fieldConfig.value(u"overrides").toArray()) {
        const QJsonObject r = rule.toObject();
        if (!matcherSelects(r.value(u"matcher").toObject(), series, name))
            continue;
        for (const QJsonValue& prop : r.value(u"properties").toArray()) {
            const QJsonObject p = prop.toObject();
            const QString id = p.value(u"id").toString();
            if (!id.isEmpty())
                setConfigPath(config, id, p.value(u"value"));
        }
    }
    return config;
}

QString formatLabels(const query::LabelPairs& labels)
{
    if (labels.empty())
        return {};
    auto sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    QStringList parts;
    for (const auto& [k, v] : sorted)
        parts << u"%1=\"%2\""_s.arg(k, v);
    return u'{' + parts.join(u", "_s) + u'}';
}

QString interpolateDisplayName(const QString& templ, const query::SeriesFrame& series, const QString& calc)
{
    static const QRegularExpression var(u"\\$\\{([^}]+)\\}|\\$(__[A-Za-z_.]+)"_s);
    QString out;
    qsizetype pos = 0;
    auto it = var.globalMatch(templ);
    while (it.hasNext()) {
        const auto m = it.next();
        out += templ.mid(pos, m.capturedStart() - pos);
        pos = m.capturedEnd();
        QString name = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
        const qsizetype colon = name.indexOf(u':'); // ${var:format}: formats do not apply to these names
        if (colon >= 0)
            name = name.left(colon);
        if (name == u"__series.name" || name == u"__field.name" || name == u"__field.displayName") {
            out += series.name;
        } else if (name == u"__field.labels") {
            out += formatLabels(series.labels);
        } else if (name.startsWith(u"__field.labels.")) {
            out += series.label(name.mid(15));
        } else if (name == u"__calc") {
            out += calc;
        } else if (name == u"__field.refId" || name == u"__data.refId") {
            out += series.refId;
        } else {
            out += m.captured(0);
        }
    }
    out += templ.mid(pos);
    return out;
}

QString displayName(const FieldConfig& config, const query::SeriesFrame& series)
{
    if (!config.displayName.isEmpty())
        return interpolateDisplayName(config.displayName, series);
    if (!series.name.isEmpty())
        return series.name;
    const QString labels = formatLabels(series.labels);
    if (!labels.isEmpty())
        return labels;
    return u"Value"_s;
}

std::vector<Field> applyFieldConfig(const QJsonObject& fieldConfig, const std::vector<query::SeriesFrame>& series)
{
    std::vector<Field> fields;
    fields.reserve(series.size());
    // Grafana's findNumericFieldMinMax over every series, computed only when some field lacks min or max.
    std::optional<std::pair<double, double>> global;
    auto globalRange = [&] {
        if (!global) {
            double lo = std::numeric_limits<double>::quiet_NaN();
            double hi = std::numeric_limits<double>::quiet_NaN();
            for (const auto& s : series) {
                const auto mm = reduce(QStringList { u"min"_s, u"max"_s }, s.values);
                if (std::isnan(lo) || mm[0] < lo)
                    lo = mm[0];
                if (std::isnan(hi) || mm[1] > hi)
                    hi = mm[1];
            }
            global = std::make_pair(lo, hi);
        }
        return *global;
    };
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto& s = series[i];
        Field f;
        f.seriesIndex = int(i);
        f.config = FieldConfig::fromJson(effectiveConfigJson(fieldConfig, s));
        f.config.seriesIndex = int(i);
        f.name = displayName(f.config, s);
        f.config.seriesName = f.name;
        double lo = f.config.min.value_or(0);
        double hi = f.config.max.value_or(0);
        if (!f.config.min || !f.config.max) {
            std::pair<double, double> auto_;
            if (f.config.json.value(u"fieldMinMax").toBool()) {
                const auto mm = reduce(QStringList { u"min"_s, u"max"_s }, s.values);
                auto_ = { mm[0], mm[1] };
            } else {
                auto_ = globalRange();
            }
            if (!f.config.min)
                lo = auto_.first;
            if (!f.config.max)
                hi = auto_.second;
        }
        f.config.rangeMin = lo;
        f.config.rangeMax = hi;
        fields.push_back(std::move(f));
    }
    return fields;
}

} // namespace sg::fieldconfig
