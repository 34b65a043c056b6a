#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>
#include <vector>

namespace sg::fieldconfig {

/// What a matching value mapping gives: any of text, colour (a Grafana colour name) and icon.
struct ValueMappingResult
{
    std::optional<QString> text;
    std::optional<QString> color;
    std::optional<QString> icon;
    std::optional<int> index;
    bool operator==(const ValueMappingResult&) const = default;
};

/// One entry of `fieldConfig.defaults.mappings` (Grafana's ValueMapping), kept close to its JSON.
struct ValueMapping
{
    enum class Type { Value, Range, Regex, Special };
    enum class Special { Null, NaN, NullAndNaN, True, False, Empty };
    Type type = Type::Value;
    /// Value: `options` as key → result ("1" → {text: "Up"}).
    std::vector<std::pair<QString, ValueMappingResult>> values;
    /// Range: absent bounds are open; a null bound compares as 0, as in Grafana.
    std::optional<double> from;
    std::optional<double> to;
    /// Regex: the pattern ("/re/flags" or a plain pattern anchored ^...$).
    QString pattern;
    Special match = Special::Null;
    ValueMappingResult result;

    /// Reads one mapping object; unknown types are dropped by mappingsFromJson.
    static std::optional<ValueMapping> fromJson(const QJsonValue& json);
};

/// Reads the `mappings` array.
std::vector<ValueMapping> mappingsFromJson(const QJsonValue& json);

/// A value as a mapping sees it: a number (NaN is null, as SeriesFrame stores it) or a string.
struct MappingInput
{
    enum class Kind { Null, Number, String, Bool };
    Kind kind = Kind::Null;
    double number = 0;
    QString string;
    bool boolean = false;
    static MappingInput fromNumber(double v);
    static MappingInput fromString(const QString& s) { return { Kind::String, 0, s, false }; }
    static MappingInput fromBool(bool b) { return { Kind::Bool, 0, {}, b }; }
};

/// Grafana's getValueMappingResult: the first mapping (in order) that matches. Value maps look the value up by
/// JavaScript's String(value); ranges test `from <= value <= to` on numbers and numeric strings; regex maps match
/// strings only (numbers never match, as in Grafana) and expand `$1` in the result text; special maps test null,
/// NaN (a non-numeric string counts as NaN), true/false (also "true"/"false") and the empty string.
std::optional<ValueMappingResult> getValueMappingResult(
    const std::vector<ValueMapping>& mappings, const MappingInput& value);

/// Grafana's stringToJsRegex pattern handling as a QRegularExpression pattern plus options: "/re/i" or "^re$".
struct JsRegex
{
    QString pattern;
    bool caseInsensitive = false;
    bool global = false;
    bool valid = true;
};
JsRegex stringToJsRegex(const QString& str);

} // namespace sg::fieldconfig
