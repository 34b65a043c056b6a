#pragma once

#include "core/query/frame.h"
#include "core/templating/interpolate.h"

#include <QJsonArray>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace sg::fieldconfig {

/// One link as dashboards store it: `panel.links[]`, `fieldConfig.defaults.links[]`, an override's `links`.
struct DataLink
{
    QString title;
    QString url;
    bool targetBlank = false;

    /// The entries of a `links` array that have a URL (Grafana skips the others).
    static std::vector<DataLink> listFromJson(const QJsonArray& links);
};

/// What the user clicked: the series (field) and, when there is one, the value, its time and its table row.
struct DataLinkOrigin
{
    QString fieldName;  ///< the field's display name (`${__field.name}`)
    QString seriesName; ///< the frame's name (`${__series.name}`)
    QString refId;
    query::LabelPairs labels;
    std::optional<double> value; ///< `${__value.raw}` / `${__value.numeric}`
    QString rawText;             ///< a non-numeric raw value (a table cell's text); used when `value` is unset
    QString valueText;           ///< the displayed text, unit included (`${__value.text}`)
    std::optional<qint64> timeMs; ///< `${__value.time}`
    QString calc;                ///< the reducer a stat shows (`${__value.calc}`)
    /// A table row: column name and raw value, for `${__data.fields.<name>}`.
    std::vector<std::pair<QString, QString>> rowFields;
};

/// A link with its variables replaced, ready to open.
struct ResolvedLink
{
    QString title;
    QString href;
    bool targetBlank = false;
};

/// Adds the data link variables of `origin` to `context` as scoped values, as Grafana's getFieldDisplayValuesProxy
/// and dataLinks' scoped vars do: `__field.name`, `__field.labels` (`{a="b"}`), `__field.labels.<name>`,
/// `__field.labels.__values`, `__series.name`, `__value.raw`, `__value.numeric`, `__value.text`, `__value.time`,
/// `__value.calc`, `__data.fields.<name>` and `__data.refId`.
void addDataLinkValues(templating::InterpolationContext& context, const DataLinkOrigin& origin);

/// Grafana's getLinksSupplier / getDataLinkUIModel: the URL is interpolated with the `uriencode` format for
/// variables written without one (so values are percent-encoded as in a URL, `${var:queryparam}` gives
/// `var-name=value`), the title with the default format; newlines are dropped from the URL.
ResolvedLink resolveLink(const DataLink& link, const templating::InterpolationContext& context);

/// Every link of `links` resolved for `origin` over `context` (dashboard variables, range, zone).
std::vector<ResolvedLink> resolveLinks(
    const std::vector<DataLink>& links, templating::InterpolationContext context, const DataLinkOrigin& origin);

/// The field links of a series: `links` of its effective config (`fieldConfig.defaults` with matching overrides).
std::vector<DataLink> fieldLinks(const QJsonObject& fieldConfig, const query::SeriesFrame& series);

} // namespace sg::fieldconfig
