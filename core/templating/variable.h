#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace sg::templating {

/// The value Grafana stores when "All" is selected, and the text it shows.
inline constexpr QStringView AllVariableValue = u"$__all";
inline constexpr QStringView AllVariableText = u"All";
/// The value of an interval variable set to "Auto", and the text shown.
inline constexpr QStringView AutoVariableValue = u"$__auto";
inline constexpr QStringView AutoVariableText = u"Auto";

/// Dashboard variable kinds (Grafana's `type`).
enum class VariableType {
    Query,
    Custom,
    Constant,
    TextBox,
    Interval,
    Datasource,
    Other,
};

/// One option of a variable: what the picker shows and what interpolation inserts.
struct VariableOption
{
    QString text;
    QString value;
    friend bool operator==(const VariableOption&, const VariableOption&) = default;
};

/// A dashboard variable as interpolation and option refresh see it (a plain value; the dashboard owns it).
struct Variable
{
    QString name;
    VariableType type = VariableType::Custom;
    bool multi = false; ///< several values may be selected; the value is then a list
    bool includeAll = false; ///< the picker offers "All"
    bool defaultToAll = false; ///< fall back to All rather than the first option (Grafana sets this to includeAll)
    QString allValue; ///< custom value inserted for All, e.g. ".*"; empty = every option's value
    QStringList current; ///< selected values; {"$__all"} when All is selected
    QStringList currentText; ///< their texts, parallel to `current`
    QList<VariableOption> options; ///< the options, without the All entry
    QString autoValue; ///< interval variables set to Auto: the computed interval (intervalVariableAuto)

    /// True when All is selected ("$__all" alone or first).
    bool hasAllValue() const { return !current.isEmpty() && current.first() == AllVariableValue; }
};

} // namespace sg::templating
