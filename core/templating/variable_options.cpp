#include "variable_options.h"

#include "interval.h"

#include <QCollator>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sg::templating {

namespace {

struct JsRegex
{
    QRegularExpression re;
    bool global = false;
    bool sticky = false;
};

// stringToJsRegex: "/pattern/flags", or a bare pattern matched whole.
Result<JsRegex> compileJsRegex(QStringView text)
{
    JsRegex out;
    QString pattern;
    QString flags;
    if (!text.startsWith(u'/')) {
        pattern = u'^' + text.toString() + u'$';
    } else {
        static const QRegularExpression literal(u"^/(.*?)/(g?i?m?y?s?)$"_s);
        const auto m = literal.match(text);
        if (!m.hasMatch())
            return Error { ErrorCode::Parse,
                (u"'"_s + text.toString() + u"' is not a valid regular expression."_s).toStdString(),
                SourceRange { 0, int(text.size()) } };
        pattern = m.captured(1);
        flags = m.captured(2);
    }
    QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption;
    if (flags.contains(u'i'))
        options |= QRegularExpression::CaseInsensitiveOption;
    if (flags.contains(u'm'))
        options |= QRegularExpression::MultilineOption;
    if (flags.contains(u's'))
        options |= QRegularExpression::DotMatchesEverythingOption;
    out.global = flags.contains(u'g');
    out.sticky = flags.contains(u'y');
    out.re = QRegularExpression(pattern, options);
    if (!out.re.isValid())
        return Error { ErrorCode::Parse,
            (u"Invalid regular expression: /"_s + pattern + u"/: "_s + out.re.errorString()).toStdString(),
            SourceRange { int(out.re.patternErrorOffset()) + (text.startsWith(u'/') ? 1 : 0), int(text.size()) } };
    return out;
}

// getAllMatches: one exec, or with g every match until an empty one.
QList<QRegularExpressionMatch> allMatches(const JsRegex& regex, const QString& subject)
{
    QList<QRegularExpressionMatch> out;
    qsizetype offset = 0;
    while (true) {
        const auto m = regex.re.match(subject, offset, QRegularExpression::NormalMatch,
            regex.sticky ? QRegularExpression::AnchorAtOffsetMatchOption : QRegularExpression::NoMatchOption);
        if (!m.hasMatch())
            break;
        out.append(m);
        if (!regex.global || m.capturedLength(0) == 0)
            break;
        offset = m.capturedEnd(0);
    }
    return out;
}

QString namedGroup(const QRegularExpressionMatch& m, const QStringList& names, QStringView name)
{
    return names.contains(name) ? m.captured(name) : QString();
}

double numericKey(const VariableOption& o)
{
    if (o.text.isEmpty())
        return -1;
    static const QRegularExpression firstNumber(u"^.*?(\\d+)"_s);
    const auto m = firstNumber.match(o.text);
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

template <class Key> void stableSortBy(QList<VariableOption>& options, Key key)
{
    std::stable_sort(options.begin(), options.end(),
        [&](const VariableOption& a, const VariableOption& b) { return key(a) < key(b); });
}

} // namespace

Result<bool> validateVariableRegex(QStringView regex)
{
    if (regex.isEmpty())
        return true;
    const auto compiled = compileJsRegex(regex);
    if (!compiled)
        return compiled.error();
    return true;
}

QList<VariableOption> sortOptions(QList<VariableOption> options, VariableSort sort)
{
    switch (sort) {
    case VariableSort::Disabled:
        return options;
    case VariableSort::AlphabeticalAsc:
    case VariableSort::AlphabeticalDesc:
        stableSortBy(options, [](const VariableOption& o) { return o.text; });
        break;
    case VariableSort::NumericalAsc:
    case VariableSort::NumericalDesc:
        stableSortBy(options, numericKey);
        break;
    case VariableSort::AlphabeticalCaseInsensitiveAsc:
    case VariableSort::AlphabeticalCaseInsensitiveDesc:
        stableSortBy(options, [](const VariableOption& o) { return o.text.toLower(); });
        break;
    case VariableSort::NaturalAsc:
    case VariableSort::NaturalDesc: {
        // Intl.Collator(undefined, { sensitivity: 'accent', numeric: true })
        QCollator collator { QLocale(QLocale::English, QLocale::UnitedStates) };
        collator.setCaseSensitivity(Qt::CaseInsensitive);
        collator.setNumericMode(true);
        std::stable_sort(options.begin(), options.end(),
            [&](const VariableOption& a, const VariableOption& b) { return collator.compare(a.text, b.text) < 0; });
        break;
    }
    }
    if (sort == VariableSort::AlphabeticalDesc || sort == VariableSort::NumericalDesc
        || sort == VariableSort::AlphabeticalCaseInsensitiveDesc || sort == VariableSort::NaturalDesc)
        std::reverse(options.begin(), options.end());
    return options;
}

Result<QList<VariableOption>> metricNamesToOptions(
    const QList<MetricFindValue>& found, QStringView regexText, VariableSort sort, RegexApplyTo applyTo)
{
    std::optional<JsRegex> regex;
    if (!regexText.isEmpty()) {
        auto compiled = compileJsRegex(regexText);
        if (!compiled)
            return compiled.error();
        regex = std::move(*compiled);
    }
    const QStringList names = regex ? regex->re.namedCaptureGroups() : QStringList();
    const bool hasGroups = regex && regex->re.captureCount() > 0;

    QList<VariableOption> options;
    for (const MetricFindValue& item : found) {
        QString text = item.text.isNull() ? item.value.value_or(QString()) : item.text; // item.text ?? item.value
        QString value = item.value.value_or(item.text);
        if (regex) {
            const auto matches = allMatches(*regex, applyTo == RegexApplyTo::Text ? text : value);
            if (matches.isEmpty())
                continue;
            const QRegularExpressionMatch* valueGroup = nullptr;
            const QRegularExpressionMatch* textGroup = nullptr;
            for (const auto& m : matches) {
                if (!valueGroup && !namedGroup(m, names, u"value").isEmpty())
                    valueGroup = &m;
                if (!textGroup && !namedGroup(m, names, u"text").isEmpty())
                    textGroup = &m;
            }
            if (valueGroup || textGroup) {
                value = valueGroup ? valueGroup->captured(u"value") : textGroup->captured(u"text");
                text = textGroup ? textGroup->captured(u"text") : valueGroup->captured(u"value");
            } else if (hasGroups && matches.size() > 1) {
                for (const auto& m : matches)
                    options.append({ m.captured(1), m.captured(1) });
                continue;
            } else if (hasGroups) {
                text = matches.first().captured(1);
                value = text;
            }
        }
        options.append({ text, value });
    }

    QList<VariableOption> unique;
    QSet<QString> seen;
    for (const VariableOption& o : options) {
        if (!seen.contains(o.value)) {
            seen.insert(o.value);
            unique.append(o);
        }
    }
    return sortOptions(unique, sort);
}

Selection selectCurrent(const Variable& variable, const QList<VariableOption>& options)
{
    const Selection all { { AllVariableValue.toString() }, { AllVariableText.toString() } };
    if (options.isEmpty()) {
        if (variable.defaultToAll || variable.includeAll)
            return all;
        return {};
    }
    const Selection first { { options.first().value }, { options.first().text } };
    if (variable.hasAllValue())
        return variable.includeAll ? Selection { variable.current, { AllVariableText.toString() } } : first;

    if (variable.multi) {
        Selection kept;
        for (const QString& v : variable.current) {
            const auto it = std::find_if(options.begin(), options.end(), [&](const auto& o) { return o.value == v; });
            if (it != options.end()) {
                kept.values << it->value;
                kept.texts << it->text;
            }
        }
        if (!kept.values.isEmpty())
            return kept;
        return variable.defaultToAll ? all : first;
    }

    const QString value = variable.current.value(0);
    const QString text = variable.currentText.value(0);
    const VariableOption* textMatch = nullptr;
    for (const VariableOption& o : options) {
        if (o.value == value)
            return { { o.value }, { o.text } };
        if (o.text == text)
            textMatch = &o;
    }
    if (textMatch)
        return { { textMatch->value }, { textMatch->text } };
    return variable.defaultToAll ? all : first;
}

QList<VariableOption> parseCustomOptions(QStringView query)
{
    static const QRegularExpression items(uR"((?:\\,|[^,])+)"_s);
    static const QRegularExpression keyValue(uR"(^\s*(.+)\s:\s(.+)\z)"_s);
    QList<VariableOption> out;
    auto it = items.globalMatch(query);
    while (it.hasNext()) {
        QString text = it.next().captured(0);
        text.replace(u"\\,"_s, u","_s);
        const auto m = keyValue.match(text);
        if (m.hasMatch())
            out.append({ m.captured(1).trimmed(), m.captured(2).trimmed() });
        else
            out.append({ text.trimmed(), text.trimmed() });
    }
    return out;
}

QList<VariableOption> intervalVariableOptions(QStringView query, bool autoEnabled)
{
    static const QRegularExpression items(uR"((["'])(.*?)\1|\w+)"_s);
    static const QRegularExpression quotes(uR"(["']+)"_s);
    QStringList intervals;
    auto it = items.globalMatch(query);
    while (it.hasNext()) {
        QString text = it.next().captured(0);
        text.remove(quotes);
        if (!intervals.contains(text))
            intervals << text;
    }
    if (intervals.isEmpty())
        intervals = { u"1m"_s, u"10m"_s, u"30m"_s, u"1h"_s, u"6h"_s, u"12h"_s, u"1d"_s, u"7d"_s, u"14d"_s, u"30d"_s };
    QList<VariableOption> out;
    if (autoEnabled)
        out.append({ AutoVariableText.toString(), AutoVariableValue.toString() });
    for (const QString& interval : intervals)
        out.append({ interval, interval });
    return out;
}

Result<QString> intervalVariableAuto(TimestampMs fromMs, TimestampMs toMs, int autoCount, QStringView autoMin)
{
    const auto values = calculateInterval(fromMs, toMs, autoCount, autoMin);
    if (!values)
        return values.error();
    return values->interval;
}

bool isAutoIntervalValue(QStringView value)
{
    return value == AutoVariableValue || value.startsWith(u"$__auto_interval");
}

QList<VariableOption> constantOptions(QStringView query)
{
    const QString q = query.toString();
    return { { q, q } };
}

} // namespace sg::templating
