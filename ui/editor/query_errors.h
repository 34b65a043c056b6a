#pragma once

#include "core/common/result.h"
#include "core/dashboards/panel_queries.h"

#include <QString>

#include <optional>

namespace sg::ui::editor {

/// A preview error placed on its query row.
struct RowError
{
    QString refId;   ///< the failing query's refId (empty: the panel's own error)
    QString message; ///< without the "A: " prefix
    /// A parse error with its byte range in the row's raw (uninterpolated) text, for the editor's underline.
    std::optional<Error> parse;
};

/// Splits PanelData::error ("A: message") and, when the query does not parse, locates the error: the interpolated
/// query is parsed again (PromQL or LogQL by the datasource) and the range mapped back through the interpolation
/// to the text the user typed.
RowError locateRowError(const QString& panelError, const dashboards::PanelQueryPlan& plan);

} // namespace sg::ui::editor
