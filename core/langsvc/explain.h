#pragma once

// Explain: a PromQL or LogQL query as a tree of its sub-expressions (PromLens-style), each with a one-line
// description and, when evaluated against the stores, what it gives on its own: series or lines, a sample of label
// sets with values, time taken; for binary operators which series matched; for LogQL pipeline stages lines in and
// out, the fields a stage adds and the `__error__`s it produces. Used by `sightglass query explain` and the query
// editor's Explain view. Nothing here touches widgets; evaluate() blocks and is meant to run off the UI thread.

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/logql/query_language.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::services {
class QueryClient;
}

namespace sg::langsvc {

/// What a node of the tree is.
enum class ExplainKind {
    // PromQL
    Selector,      ///< `name{...}` (LogQL: the stream selector `{...}`)
    RangeSelector, ///< `name{...}[5m]`
    Function,      ///< `rate(...)`, LogQL's `label_replace(...)`
    Aggregation,   ///< `sum by (job) (...)` (LogQL: a vector aggregation)
    Binary,        ///< `a / on(job) b`
    Unary,         ///< `-a`
    Subquery,      ///< `a[30m:1m]`
    Number,        ///< `5`, LogQL's `vector(5)`
    String,        ///< `"text"`
    // LogQL
    LineFilter,       ///< `|= "error" != "debug"`
    Parser,           ///< `| json`, `| logfmt`, `| regexp`, `| pattern`, `| unpack`
    LabelFilter,      ///< `| level="error"`
    Format,           ///< `| line_format`, `| label_format`, `| drop`, `| keep`, `| decolorize`
    Unwrap,           ///< `| unwrap latency`
    RangeAggregation, ///< `count_over_time({...}[5m])`
};

/// The name of a kind as the CLI and JSON write it: "selector", "range_selector", "line_filter" ...
const char* explainKindName(ExplainKind kind);

/// One series (or stream) of a node's answer: its labels and value (for a range vector, its last point).
struct ExplainSample
{
    Labels labels;
    double value = 0;
    int points = 0;   ///< range vectors: the points in the range; 0 for instant vectors
    std::string line; ///< log nodes: a line of the stream
};

/// One side of a binary operation between vectors.
struct MatchSide
{
    int series = 0;                 ///< series of the operand
    int matched = 0;                ///< ... with a partner on the other side
    std::vector<Labels> unmatched;  ///< a sample of those without one
};

/// Pipeline-stage figures of a LogQL log node, against the node below it (the pipeline without this stage).
struct StageStats
{
    std::int64_t linesIn = 0;
    std::int64_t linesOut = 0;
    std::vector<std::string> fieldsAdded;               ///< labels present after the stage, not before
    std::vector<std::pair<std::string, int>> errors;    ///< `__error__` values the stage produced, with counts
};

/// What a node gave when evaluated on its own.
struct ExplainEval
{
    std::optional<int> series;     ///< vectors and range vectors: series; log nodes: streams
    std::optional<std::int64_t> lines;   ///< LogQL log nodes: lines in the window
    bool linesLimited = false;     ///< `lines` is a count of at most the line limit (the exact count failed)
    std::optional<double> scalar;  ///< a scalar answer
    std::vector<ExplainSample> samples;
    double durationMs = 0;
    std::string error;             ///< empty when it evaluated
    std::vector<std::string> warnings;
    std::optional<std::pair<MatchSide, MatchSide>> match; ///< binary operators between vectors: left, right
    std::optional<StageStats> stage;                      ///< LogQL pipeline stages
};

/// How evaluate() runs a node (filled by explainQuery()).
struct EvalPlan
{
    enum class Mode { None, Instant, LogLines, Unwrap };
    Mode mode = Mode::None;
    logql::QueryLanguage language = logql::QueryLanguage::PromQL;
    std::string query;       ///< the text evaluated: the node's text with time variables interpolated
    std::string notEvaluated; ///< why a node is not evaluated (a template variable), shown as its error
    DurationMs window = 0;   ///< LogLines / Unwrap: the range of lines read, ending at the evaluation time
    bool vectorMatch = false; ///< binary between two vectors: report matching
    bool matchOn = false;    ///< on(...) rather than ignoring(...)
    std::vector<std::string> matchLabels;
    std::string unwrapLabel;
};

/// A node of the tree: a sub-expression as Prometheus or Loki print it.
struct ExplainNode
{
    std::string expr;        ///< canonical text, template variables as written
    ExplainKind kind = ExplainKind::Number;
    SourceRange where;       ///< the sub-expression in the query as typed (bytes)
    std::string description; ///< one plain line: "per-second rate over 5m", "sum, keeping job"
    std::vector<ExplainNode> children;
    std::optional<ExplainEval> eval;
    EvalPlan plan;
};

/// How template variables are given values for evaluation (Grafana's time variables; others are not evaluated).
struct ExplainOptions
{
    DurationMs interval = 60'000;      ///< `$__interval`, `$__auto` (and `$__interval_ms`)
    DurationMs scrapeInterval = 15'000; ///< `$__rate_interval` = max($__interval + this, 4 × this)
    DurationMs range = 3'600'000;      ///< `$__range` (`_s`, `_ms`); also the window of a LogQL log query
};

/// The tree of `query` (comments and Grafana variables allowed). A parse error comes back as ErrorCode::Parse with
/// its range in `query` as typed, the message without position (as `sightglass query check` reports it).
Result<ExplainNode> explainQuery(logql::QueryLanguage language, std::string_view query,
    const ExplainOptions& options = {});

/// Evaluation settings.
struct EvalOptions
{
    TimestampMs at = 0;          ///< evaluation time; 0: now
    int sampleLimit = 5;         ///< samples (and unmatched label sets per side) kept per node
    int lineLimit = 1000;        ///< LogQL log nodes: lines read per query
    const std::atomic_bool* cancel = nullptr; ///< stops between and inside node evaluations
};

/// Evaluates every node of `root` on its own through `client` (synchronously, on the calling thread), filling
/// `eval`. Errors of a node are kept in its eval; nodes after a cancel keep no eval.
void evaluate(ExplainNode& root, const services::QueryClient& client, const EvalOptions& options = {});

/// The tree as text, one node per line, children indented by two spaces:
/// `sum by (job) (rate(x[5m]))  — sum, keeping job  · 3 series · 0.4 ms`, samples and match figures below a node.
std::string explainText(const ExplainNode& root);
/// The tree as JSON: {"expr","kind","description","range":[begin,end],"eval":{...},"children":[...]}.
std::string explainJson(const ExplainNode& root);

} // namespace sg::langsvc
