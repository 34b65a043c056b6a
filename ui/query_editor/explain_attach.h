#pragma once

// The Explain pane under a query editor, wherever a query is typed (Explore, the panel editor's query rows).

#include <QtGlobal>

#include <functional>
#include <utility>

namespace sg::services {
class QueryClient;
}

namespace sg::ui {

class ExplainView;
class QueryEditor;

/// Puts an ExplainView under `editor`, shown by its Explain toggle: the tree is evaluated through `client` over
/// `range()` (from, to in ms) when the toggle turns on and each time the query runs while it is on; clicking a node
/// selects its part of the query.
ExplainView* attachExplain(QueryEditor* editor, const services::QueryClient* client,
    std::function<std::pair<qint64, qint64>()> range);

} // namespace sg::ui
