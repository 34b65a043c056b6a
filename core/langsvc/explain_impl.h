#pragma once

// Shared by the explain_*.cpp files: descriptions of nodes and how a node's text becomes an evaluable query.

#include "core/common/query_text.h"
#include "core/langsvc/explain.h"
#include "core/logql/ast.h"
#include "core/promql/ast.h"

#include <string>

namespace sg::langsvc::detail {

/// One plain line about a PromQL node (its children are described on their own lines).
std::string describePromql(const promql::Expr& e, const TemplatedQuery& query);

/// The stream selector `{...}` of a log query.
std::string describeStreamSelector(const Matchers& matchers);
/// One stage of a log pipeline.
std::string describeStage(const logql::Stage& stage);
/// `| unwrap ...` with its label filters.
std::string describeUnwrap(const logql::Unwrap& unwrap);
/// A LogQL metric node (range or vector aggregation, binary, literal, label_replace).
std::string describeLogqlMetric(const logql::Expr& e);

/// "on (job)", "ignoring (instance)" or "on all labels but the name": how a binary operator pairs series.
std::string describeMatching(bool explicitMatching, bool on, const std::vector<std::string>& labels);
/// "sum, keeping job" / "sum, dropping instance" / "sum over all series".
std::string describeGrouping(const std::string& what, bool present, bool without, const std::vector<std::string>& labels);
/// What an arithmetic, comparison or set operator does, by its spelling (`+`, `>`, `and` ...).
std::string describeOperator(const std::string& op, bool returnBool);

/// A duration as PromQL and LogQL accept it: `75s`, `1500ms`.
std::string durationText(DurationMs ms);

/// The plan of a node whose canonical text (variables as written) is `text`: Grafana's time variables take their
/// values from `options`; a node that still holds a template variable is not evaluated.
EvalPlan planFor(const std::string& text, EvalPlan::Mode mode, const ExplainOptions& options);

} // namespace sg::langsvc::detail

namespace sg::langsvc::detail {

/// The trees of each language (explainQuery() picks one).
Result<ExplainNode> explainPromql(std::string_view query, const ExplainOptions& options);
Result<ExplainNode> explainLogql(std::string_view query, const ExplainOptions& options);

/// A parse error of the text with placeholders, mapped to the query as typed.
Error typedError(const TemplatedQuery& query, const Error& error);

} // namespace sg::langsvc::detail
