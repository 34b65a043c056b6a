#pragma once

// The language services of PromQL and LogQL, shared by the Qt query editor, `sightglass query complete` and
// `sightglass lsp`: highlighting tokens, completion by the situation at the cursor, and hover documentation.
// Formatting and diagnostics live with each language (core/promql/format.h, core/promql/diagnostics.h, ...).
//
// Offsets are bytes of the query's UTF-8 text unless a function says otherwise. Nothing here touches widgets; the
// functions that take a CompletionData may block on it and are meant to run off the UI thread.

#include "core/common/query_text.h"
#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/labels.h"
#include "core/labels/matcher.h"
#include "core/logql/query_language.h"

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::langsvc {

using Language = logql::QueryLanguage;

// ---------------------------------------------------------------------------------------------------------------
// Highlighting

/// What a piece of query text is, for colouring.
enum class TokenClass {
    Plain,
    Keyword,     ///< by, without, on, ignoring, group_left, bool, offset, and/or/unless; LogQL's stage names
    Function,    ///< rate, histogram_quantile, count_over_time, json, line_format ...
    Aggregation, ///< sum, avg, topk ...
    Metric,      ///< a metric name
    LabelName,   ///< a label name in a matcher, grouping or a LogQL label filter
    String,
    Number,
    Duration,
    Operator,    ///< + - * / == =~ |= ...
    Punctuation, ///< ( ) { } [ ] , :
    Comment,
    Variable,    ///< $var ${var} [[var]] $__interval
    Error,       ///< text the lexer cannot read
};

/// One highlighted stretch of text: [start, start + length) in bytes.
struct HighlightToken
{
    int start = 0;
    int length = 0;
    TokenClass cls = TokenClass::Plain;
};

/// The query split into classified stretches, in order, from the languages' own lexers; tolerant of incomplete
/// input (an unterminated string runs to the end, unknown characters are Error). Blanks are not covered.
std::vector<HighlightToken> highlight(Language language, std::string_view text);

/// A short name of the class ("keyword", "function", ...), for tests and the CLI.
const char* tokenClassName(TokenClass cls);

// ---------------------------------------------------------------------------------------------------------------
// What completion and hover may ask of the data: the embedded stores through the QueryClient, or a remote
// Prometheus/Loki HTTP API. Implementations are thread-safe and may block; they return what they have when
// `cancelled()` turns true.

/// A metric's HELP, TYPE and UNIT, as Prometheus' /api/v1/metadata gives them.
struct MetricMetadata
{
    std::string name;
    std::string type; ///< counter, gauge, histogram, summary, unknown ...
    std::string help;
    std::string unit;
};

/// `{a="x",b=~"y"}` from matchers: a selector for match[] or query=; empty for no matchers.
std::string selectorText(const Matchers& matchers);

/// One sampled log entry.
struct LogSample
{
    std::string line;
    Labels labels;
};

class CompletionData
{
public:
    virtual ~CompletionData() = default;
    /// Metric names (values of __name__) in the range.
    virtual std::vector<std::string> metricNames() = 0;
    /// Metadata of the metrics that have some; empty when the source keeps none.
    virtual std::vector<MetricMetadata> metricMetadata() = 0;
    /// Label names of the series (PromQL) or streams (LogQL) matching `scope` (all when empty).
    virtual std::vector<std::string> labelNames(Language language, const Matchers& scope) = 0;
    /// Values of label `name` among the series / streams matching `scope`.
    virtual std::vector<std::string> labelValues(Language language, const std::string& name, const Matchers& scope) = 0;
    /// Up to `limit` recent entries of the LogQL log query `logQuery` (a selector with a pipeline), newest first,
    /// each with its line and all its labels (stream labels and those the pipeline extracted): the sample from which
    /// LogQL completion detects parsed field names, unwrap candidates and field values.
    virtual std::vector<LogSample> sampleLogs(const std::string& logQuery, int limit) = 0;
};

// ---------------------------------------------------------------------------------------------------------------
// Completion

/// One suggestion. `insert` replaces the text between the result's replaceStart and replaceEnd.
struct CompletionItem
{
    std::string label;  ///< what the list shows
    std::string kind;   ///< metric, label, value, function, aggregation, keyword, duration, variable, stage, field,
                        ///< operator
    std::string detail; ///< a signature, a metric type, "counter · HELP text", a field's example value ...
    std::string insert; ///< the text inserted
    std::string documentation; ///< a line or more for the details pane (plain text)
};

/// Where the cursor is, as Grafana's completion providers name it. Computed from the text before the cursor.
enum class SituationKind {
    None,                  ///< nothing sensible (inside a string that is not a label value, a comment ...)
    Expression,            ///< start of an expression: metric names, functions, aggregations, (LogQL: `{`)
    AfterExpression,       ///< after a complete operand: binary operators, keywords (by, offset, @ ...)
    LabelName,             ///< in `{...}` where a label name goes (PromQL: of `metric`)
    LabelValue,            ///< in `{name="...` (or after `=`, before the quote)
    GroupingLabel,         ///< in `by (...)` / `without (...)` / `on (...)` / `ignoring (...)` / `group_left(...)`
    Duration,              ///< in `[...]` of a range vector or subquery, or after `offset`
    AfterAggregation,      ///< right after `sum`: `by`, `without`, `(`
    // LogQL only:
    PipelineStage,         ///< after `|`: parsers, formats, keep/drop, unwrap, decolorize, label filters (field names)
    AfterSelector,         ///< after `}` or a stage: `|`, `|=`, `|~`, `!=`, `!~`, `|>`, `!>`, `[`
    LineFilterValue,       ///< inside the string of a line filter
    LabelFilterName,       ///< a label filter after `|` (fields detected from lines, stream labels)
    LabelFilterValue,      ///< after `| field =` : values seen for the field
    UnwrapField,           ///< after `| unwrap`: numeric fields (and duration()/bytes())
    KeepDropLabel,         ///< after `| keep` / `| drop`
    FormatTemplate,        ///< inside `| line_format "..."` / `label_format x="..."`: {{.field}} names
};

/// The parse of the text before the cursor that completion needs.
struct Situation
{
    SituationKind kind = SituationKind::None;
    std::string metric;      ///< PromQL: the metric of the selector or grouped expression the cursor is in
    Matchers matchers;       ///< the complete matchers already typed in the same selector (scope for values)
    std::string labelName;   ///< LabelValue / LabelFilterValue: the label or field whose value is typed
    std::string logQuery;    ///< LogQL: the selector and the stages before the cursor (for sampling lines)
    std::string prefix;      ///< the word being typed (what the items are filtered by)
    std::string previous;    ///< the token before the word (`offset`, `@`, `|`, `by` ...), as typed
    int replaceStart = 0;    ///< the byte range the accepted item replaces
    int replaceEnd = 0;
    bool inQuotes = false;   ///< a value inside quotes (insert without quotes) or not (insert with them)
};

/// Situation names as the tests and the CLI spell them: "expression", "label-name", ...
const char* situationName(SituationKind kind);

/// The situation at byte `cursor` of `text`.
Situation situationAt(Language language, std::string_view text, int cursor);

/// A completion request: the query as typed (with comments and $variables), the byte offset of the cursor, the
/// dashboard's variable names (without `$`) to offer, and how many items at most.
struct CompletionRequest
{
    Language language = Language::PromQL;
    std::string text;
    int cursor = 0;
    std::vector<std::string> variables;
    int limit = 200;
};

struct CompletionResult
{
    Situation situation;
    std::vector<CompletionItem> items; ///< best first: exact prefix, then word starts, then fuzzy (in-order) matches
};

/// Completes at the request's cursor; `data` may be null (keywords, functions, durations and variables only).
/// Returns early with what it has when `cancel` turns true.
CompletionResult complete(const CompletionRequest& request, CompletionData* data,
    const std::atomic_bool* cancel = nullptr);

/// Fuzzy score of `candidate` for the typed `prefix` (case-insensitive): < 0 when it does not match (the prefix's
/// characters must appear in order); higher is better; a prefix match beats a word-start match beats a scatter.
int fuzzyScore(std::string_view prefix, std::string_view candidate);

// ---------------------------------------------------------------------------------------------------------------
// Documentation

/// Documentation of a PromQL or LogQL function, aggregation, keyword or stage: signature and a line or more.
struct DocEntry
{
    std::string name;
    std::string kind;      ///< function, aggregation, keyword, stage
    std::string signature; ///< `rate(v range-vector) instant-vector`
    std::string summary;   ///< the first line, for completion details
    std::string body;      ///< a few lines more, for hover
};

/// The documented words of a language.
const std::vector<DocEntry>& documentation(Language language);
const DocEntry* findDoc(Language language, std::string_view name);

/// What hovering at byte `cursor` shows: the word's documentation, or for a metric its TYPE and HELP (from `data`,
/// which may be null); nullopt when the cursor is on nothing documented. `where` is the word's byte range.
struct Hover
{
    std::string markdown;
    SourceRange where;
    bool metric = false; ///< a metric name (its metadata, when the data had some) rather than a documented word
};
std::optional<Hover> hoverAt(Language language, std::string_view text, int cursor, CompletionData* data);

// ---------------------------------------------------------------------------------------------------------------
// Diagnostics that need the data

/// Warnings about what `text` names that the data does not hold, at their ranges in the text as typed: a metric with
/// no series, a label no series of the metric (no stream) has, a value of an equality matcher no series (stream)
/// has, and `rate`/`irate`/`increase` over a metric whose metadata says it is a gauge. Empty when the query does not
/// parse (its parse error comes from checkQuery). Parts holding template variables are not checked.
std::vector<Diagnostic> dataDiagnostics(Language language, std::string_view text, CompletionData& data,
    const std::atomic_bool* cancel = nullptr);

/// The language's own diagnostics (promql::checkQuery, logql::checkQuery) and, with `data`, dataDiagnostics, in the
/// order of their position.
std::vector<Diagnostic> checkWithData(Language language, std::string_view text, CompletionData* data,
    const std::atomic_bool* cancel = nullptr);

} // namespace sg::langsvc
