#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace sg::templating {

/// A variable's value as Grafana's formatters see it: one string, or a list (multi-value or All).
struct FormatValue
{
    QStringList items;
    bool isList = false;

    static FormatValue single(QString value) { return { { std::move(value) }, false }; }
    static FormatValue list(QStringList values) { return { std::move(values), true }; }
    /// JavaScript's String(value): the string, or the list joined with ','.
    QString toString() const { return items.join(u','); }
};

/// What some formatters need besides the value.
struct FormatTarget
{
    QString name; ///< the variable name (distributed, queryparam, customqueryparam)
    QString text; ///< its display text (the `text` format)
    /// For dashboard variables, the value as the URL stores it (`var-name=…`, "$__all" for All); the
    /// `queryparam` format uses it. Unset for built-ins, which encode their value instead.
    std::optional<FormatValue> urlState;
    QString timeZone; ///< zone for `date:<moment format>`; "" = local, as Grafana formats in the browser's zone
};

/// Formats a value with Grafana's format registry. `spec` is "id" or "id:arg:arg" (`date:YYYY-MM`, `join: | `,
/// `customqueryparam:name:prefix`). Ids: raw regex pipe csv json doublequote singlequote sqlstring lucene
/// percentencode uriencode queryparam customqueryparam text glob distributed html date join. An unknown id falls
/// back to glob, as in Grafana.
QString applyFormat(QStringView spec, const FormatValue& value, const FormatTarget& target);

/// Every format id applyFormat knows.
QStringList formatIds();

/// Grafana's escapers, exposed for the data sources and for tests.
QString escapeRegex(QStringView value); ///< `escapeRegex`: \ ^ $ * + ? . ( ) | [ ] { } /
QString luceneEscape(QStringView value); ///< numbers kept; Lucene specials backslash-escaped
QString encodeUriComponentStrict(QStringView value); ///< RFC 3986: also ! ' ( ) * encoded
QString encodeUriStrict(QStringView value); ///< encodeURI, plus ! ' ( ) * encoded
QString escapeHtml(QStringView value); ///< & < > ' "
QString jsonQuote(QStringView value); ///< a JSON string literal, as JSON.stringify writes it

/// The Prometheus data source's default format (`interpolateQueryExpr`): a variable that is neither multi nor
/// include-all gets `prometheusRegularEscape`; otherwise each value gets `prometheusSpecialRegexEscape` and several
/// values become "(a|b)".
QString prometheusFormat(const FormatValue& value, bool multi, bool includeAll);
QString prometheusRegularEscape(QStringView value); ///< \ → \\, ' → \\'
QString prometheusSpecialRegexEscape(QStringView value); ///< \ → \\\\, regex specials → \\c

/// The Loki data source's default format: single-value variables raw; multi/include-all values
/// `lokiSpecialRegexEscape`d and joined with '|' (no parentheses).
QString lokiFormat(const FormatValue& value, bool multi, bool includeAll);
QString lokiSpecialRegexEscape(QStringView value);

} // namespace sg::templating
