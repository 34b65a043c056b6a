#include "interpolate.h"

#include "date_format.h"
#include "formats.h"
#include "time_spec.h"

#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sg::templating {

namespace {

// Grafana's variable regex (template_srv / scenes VARIABLE_REGEX).
const QRegularExpression& variableRegex()
{
    static const QRegularExpression re(
        uR"(\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?\})"_s);
    return re;
}

constexpr int MaxDepth = 8; // a custom all value may refer to variables; stop runaway self-references

struct Reference
{
    QString name;
    QString format;
    std::optional<QString> fieldPath;
};

Reference referenceOf(const QRegularExpressionMatch& m)
{
    Reference r;
    r.name = !m.captured(1).isEmpty() ? m.captured(1) : !m.captured(2).isEmpty() ? m.captured(2) : m.captured(4);
    r.format = !m.captured(3).isEmpty() ? m.captured(3) : m.captured(6);
    if (m.hasCaptured(5))
        r.fieldPath = m.captured(5);
    return r;
}

QString formatWithDefault(const FormatValue& value, const FormatTarget& target, const QString& explicitFormat,
    const InterpolationContext& ctx, bool multi, bool includeAll)
{
    if (!explicitFormat.isEmpty())
        return applyFormat(explicitFormat, value, target);
    switch (ctx.language) {
    case QueryLanguage::Prometheus:
        return prometheusFormat(value, multi, includeAll);
    case QueryLanguage::Loki:
        return lokiFormat(value, multi, includeAll);
    case QueryLanguage::None:
        break;
    }
    return applyFormat(ctx.format.isEmpty() ? u"glob"_s : ctx.format, value, target);
}

QString zoneId(const QString& timeZone)
{
    if (timeZone.isEmpty() || timeZone.compare(u"browser"_s, Qt::CaseInsensitive) == 0)
        return QString::fromUtf8(QTimeZone::systemTimeZoneId());
    return timeZone;
}

QString interpolateImpl(QStringView text, const InterpolationContext& ctx, int depth, QList<ReplacedSpan>* spans);

std::optional<QString> formatVariable(
    const Variable& var, const Reference& ref, const InterpolationContext& ctx, int depth)
{
    FormatTarget target;
    target.name = var.name;
    target.timeZone = ctx.timeZone;
    if (var.type != VariableType::Constant)
        target.urlState = var.multi ? FormatValue::list(var.current) : FormatValue::single(var.current.value(0));

    const bool all = var.hasAllValue();
    if (all) {
        target.text = AllVariableText.toString();
    } else {
        const QStringList& texts = var.currentText.isEmpty() ? var.current : var.currentText;
        target.text = var.multi ? texts.join(u" + "_s) : texts.value(0);
    }

    const QString explicitFormat
        = !ref.format.isEmpty() || ctx.language != QueryLanguage::None ? ref.format : ctx.format;
    if (all && !var.allValue.isEmpty()) {
        // Grafana's CustomAllValue: inserted without formatting (then interpolated), except for these formats
        if (explicitFormat == u"text")
            return AllVariableText.toString();
        if (explicitFormat == u"percentencode")
            return encodeUriComponentStrict(var.allValue);
        if (explicitFormat == u"queryparam")
            return applyFormat(u"queryparam", FormatValue::single(AllVariableText.toString()), target);
        if (depth >= MaxDepth)
            return var.allValue;
        InterpolationContext plain = ctx;
        plain.language = QueryLanguage::None;
        plain.format.clear();
        return interpolateImpl(var.allValue, plain, depth + 1, nullptr);
    }

    FormatValue value;
    if (all) {
        QStringList values;
        for (const VariableOption& o : var.options)
            values << o.value;
        value = FormatValue::list(values);
    } else if (var.type == VariableType::Interval && var.current.value(0) == AutoVariableValue) {
        value = FormatValue::single(var.autoValue);
    } else if (var.multi) {
        value = FormatValue::list(var.current);
    } else {
        value = FormatValue::single(var.current.value(0));
    }
    if (ref.fieldPath && value.isList) {
        bool ok = false;
        const int index = ref.fieldPath->toInt(&ok);
        if (ok && index >= 0 && index < value.items.size())
            value = FormatValue::single(value.items[index]);
    }
    return formatWithDefault(value, target, ref.format, ctx, var.multi, var.includeAll);
}

std::optional<QString> formatScoped(
    const QString& name, const ScopedValue& scoped, const Reference& ref, const InterpolationContext& ctx)
{
    FormatTarget target;
    target.name = name;
    target.text = scoped.text.isEmpty() ? scoped.value : scoped.text;
    target.timeZone = ctx.timeZone;
    return formatWithDefault(FormatValue::single(scoped.value), target, ref.format, ctx, false, false);
}

std::optional<QString> formatMacro(const Reference& ref, const InterpolationContext& ctx)
{
    if ((ref.name == u"__from" || ref.name == u"__to")) {
        const std::optional<TimestampMs> ms = ref.name == u"__from" ? ctx.fromMs : ctx.toMs;
        if (!ms)
            return std::nullopt;
        TimeOptions zone;
        zone.timeZone = ctx.timeZone;
        return formatScoped(ref.name,
            ScopedValue { QString::number(*ms), formatMoment(toZoned(*ms, zone), DefaultDateTimeFormat) }, ref, ctx);
    }
    if (ref.name == u"__timezone")
        return formatScoped(ref.name, ScopedValue { zoneId(ctx.timeZone), {} }, ref, ctx);
    if (ref.name == u"__url_time_range" && ctx.fromMs && ctx.toMs) {
        return formatScoped(ref.name,
            ScopedValue { u"from="_s + QString::number(*ctx.fromMs) + u"&to="_s + QString::number(*ctx.toMs), {} }, ref,
            ctx);
    }
    return std::nullopt;
}

/// `fields["Value #A"]` and `fields[Value]` read as `fields.Value #A` / `fields.Value` (lodash's property paths).
QString normalizeFieldPath(const QString& path)
{
    static const QRegularExpression bracket(uR"re(\[(?:"([^"]*)"|'([^']*)'|([^\]]*))\])re"_s);
    QString out;
    qsizetype last = 0;
    auto it = bracket.globalMatch(path);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += path.sliced(last, m.capturedStart() - last);
        out += u'.' + m.captured(1) + m.captured(2) + m.captured(3);
        last = m.capturedEnd();
    }
    out += path.sliced(last);
    return out;
}

std::optional<QString> resolveReference(const Reference& ref, const InterpolationContext& ctx, int depth)
{
    if (ref.fieldPath) {
        // Data link values are scoped by their whole path (`__field.labels.job`, `__data.fields.Value`).
        const QString path = ref.name + u'.' + normalizeFieldPath(*ref.fieldPath);
        if (const auto scoped = ctx.scoped.constFind(path); scoped != ctx.scoped.cend())
            return formatScoped(path, *scoped, ref, ctx);
    }
    if (const auto scoped = ctx.scoped.constFind(ref.name); scoped != ctx.scoped.cend())
        return formatScoped(ref.name, *scoped, ref, ctx);
    if (const Variable* var = ctx.variable(ref.name))
        return formatVariable(*var, ref, ctx, depth);
    return formatMacro(ref, ctx);
}

QString interpolateImpl(QStringView text, const InterpolationContext& ctx, int depth, QList<ReplacedSpan>* spans)
{
    QString out;
    qsizetype last = 0;
    auto it = variableRegex().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.sliced(last, m.capturedStart() - last);
        const Reference ref = referenceOf(m);

        const std::optional<QString> replacement = resolveReference(ref, ctx, depth);

        const int begin = int(out.size());
        out += replacement ? *replacement : m.capturedView(0).toString();
        if (spans) {
            spans->append(ReplacedSpan { SourceRange { int(m.capturedStart()), int(m.capturedEnd()) },
                SourceRange { begin, int(out.size()) }, ref.name, replacement.has_value() });
        }
        last = m.capturedEnd();
    }
    out += text.sliced(last);
    return out;
}

} // namespace

const Variable* InterpolationContext::variable(QStringView name) const
{
    for (const Variable& v : variables) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

int Interpolated::toOriginal(int position, bool end) const
{
    int delta = 0;
    for (const ReplacedSpan& s : spans) {
        if (position < s.replaced.begin)
            return position - delta;
        if (!end && position < s.replaced.end)
            return s.original.begin;
        if (end && position <= s.replaced.end && position > s.replaced.begin)
            return s.original.end;
        if (end && position == s.replaced.begin)
            return position - delta;
        delta += (s.replaced.end - s.replaced.begin) - (s.original.end - s.original.begin);
    }
    return position - delta;
}

SourceRange Interpolated::toOriginal(SourceRange range) const
{
    return SourceRange { toOriginal(range.begin, false), toOriginal(range.end, true) };
}

Interpolated interpolate(QStringView text, const InterpolationContext& context)
{
    Interpolated result;
    result.text = interpolateImpl(text, context, 0, &result.spans);
    return result;
}

QString interpolateString(QStringView text, const InterpolationContext& context)
{
    return interpolateImpl(text, context, 0, nullptr);
}

QStringList referencedVariables(QStringView text)
{
    QStringList names;
    auto it = variableRegex().globalMatch(text);
    while (it.hasNext()) {
        const QString name = referenceOf(it.next()).name;
        if (!names.contains(name))
            names << name;
    }
    return names;
}

void addIntervalBuiltins(InterpolationContext& context, const IntervalValues& values)
{
    context.scoped.insert(u"__interval"_s, { values.interval, {} });
    context.scoped.insert(u"__interval_ms"_s, { QString::number(values.intervalMs), {} });
}

void addRangeBuiltins(InterpolationContext& context, TimestampMs fromMs, TimestampMs toMs)
{
    context.fromMs = fromMs;
    context.toMs = toMs;
    const qint64 rangeMs = toMs - fromMs;
    const qint64 rangeS = qint64(std::floor(double(rangeMs) / 1000 + 0.5)); // Math.round
    context.scoped.insert(u"__range_ms"_s, { QString::number(rangeMs), {} });
    context.scoped.insert(u"__range_s"_s, { QString::number(rangeS), {} });
    context.scoped.insert(u"__range"_s, { QString::number(rangeS) + u's', {} });
}

void addPrometheusBuiltins(InterpolationContext& context, const PrometheusStep& step)
{
    context.scoped.insert(u"__interval"_s, { step.interval, {} });
    context.scoped.insert(u"__interval_ms"_s, { QString::number(step.stepMs), {} });
    context.scoped.insert(u"__rate_interval"_s, { step.rateInterval, {} });
    context.scoped.insert(u"__rate_interval_ms"_s, { QString::number(step.rateIntervalMs), {} });
    context.scoped.insert(u"__range_ms"_s, { QString::number(step.rangeMs), {} });
    context.scoped.insert(u"__range_s"_s, { QString::number(step.rangeS), {} });
    context.scoped.insert(u"__range"_s, { QString::number(step.rangeS) + u's', {} });
}

void addLokiBuiltins(InterpolationContext& context, const LokiStep& step)
{
    context.scoped.insert(u"__interval"_s, { step.interval, {} });
    context.scoped.insert(u"__interval_ms"_s, { QString::number(step.intervalMs), {} });
    context.scoped.insert(u"__auto"_s, { step.autoValue, {} });
    context.scoped.insert(u"__range_ms"_s, { QString::number(step.rangeMs), {} });
    context.scoped.insert(u"__range_s"_s, { QString::number(step.rangeS), {} });
    context.scoped.insert(u"__range"_s, { QString::number(step.rangeS) + u's', {} });
}

} // namespace sg::templating
