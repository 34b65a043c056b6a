#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/matcher.h"
#include "value.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sg::promql {

/// Kinds of AST nodes.
enum class NodeKind { Number, String, VectorSelector, MatrixSelector, Subquery, Paren, Unary, Binary, Aggregate, Call };

/// Binary operators, in Prometheus' spelling order.
/// `TrimUpper` (`</`) and `TrimLower` (`>/`) remove a native histogram's observations above / below a threshold.
enum class BinaryOp { Add, Sub, Mul, Div, Mod, Pow, Atan2, Eql, Neq, Gtr, Lss, Gte, Lte, And, Or, Unless, TrimUpper, TrimLower };

/// Aggregation operators.
enum class AggregateOp { Sum, Avg, Count, Min, Max, Group, Stddev, Stdvar, Topk, Bottomk, Quantile, CountValues, Limitk, LimitRatio };

/// Which side may have many series matching one of the other (`group_left`/`group_right`).
enum class Cardinality { OneToOne, ManyToOne, OneToMany, ManyToMany };

/// How an `@` modifier picks the evaluation time.
enum class AtKind { None, Timestamp, Start, End };

const char* binaryOpString(BinaryOp op);
const char* aggregateOpString(AggregateOp op);
bool isComparison(BinaryOp op);
bool isTrim(BinaryOp op);
bool isSetOp(BinaryOp op);
/// Binding power: higher binds tighter (`or` = 1 ... `^` = 6).
int precedence(BinaryOp op);

/// Base of all expression nodes; every node knows its source range and result type.
struct Expr
{
    explicit Expr(NodeKind k)
        : kind(k)
    {
    }
    virtual ~Expr() = default;
    NodeKind kind;
    SourceRange where;
    ValueType type = ValueType::None;
};
using ExprPtr = std::unique_ptr<Expr>;

/// A number literal (`1`, `0x1f`, `Inf`).
struct NumberExpr : Expr
{
    NumberExpr()
        : Expr(NodeKind::Number)
    {
    }
    double value = 0;
};

/// A string literal.
struct StringExpr : Expr
{
    StringExpr()
        : Expr(NodeKind::String)
    {
    }
    std::string value;
};

/// A duration that depends on the query (`[step() + 1m]`, `offset min_of(range(), 1h)`); plain numbers
/// are seconds. Constant duration arithmetic is folded by the parser and never reaches this type.
struct DurationExpr
{
    enum class Kind { Number, Step, Range, Negate, Binary, MinOf, MaxOf };
    Kind kind = Kind::Number;
    double seconds = 0;
    BinaryOp op = BinaryOp::Add;
    std::shared_ptr<const DurationExpr> lhs;
    std::shared_ptr<const DurationExpr> rhs;
    std::string text;  ///< the text as written (kept on the root, for printing)
    SourceRange where; ///< where that text is in the query (on the root)
};
using DurationExprPtr = std::shared_ptr<const DurationExpr>;

/// Seconds of a duration expression for a query with the given step and range (end - start), in seconds. A division
/// or modulo by zero sets `problem` when given ("division by zero", "modulo by zero").
double evaluateDuration(const DurationExpr& e, double stepSeconds, double rangeSeconds, const char** problem = nullptr);

/// The `offset` and `@` modifiers shared by selectors and subqueries.
struct TimeModifiers
{
    DurationMs offset = 0;
    DurationExprPtr offsetExpr; ///< set when the offset depends on the query; `offset` is then filled per query
    AtKind at = AtKind::None;
    TimestampMs atTime = 0; ///< for AtKind::Timestamp
};

/// `name{l="v", ...}` with optional offset and @.
struct VectorSelectorExpr : Expr
{
    VectorSelectorExpr()
        : Expr(NodeKind::VectorSelector)
    {
    }
    std::string name;          ///< metric name written before the braces (or quoted inside), may be empty
    Matchers matchers;         ///< all matchers, including the `__name__` equality one for `name`
    TimeModifiers mods;
    /// `smoothed`: the value is interpolated between the samples around the evaluation time.
    bool smoothed = false;
};

/// `selector[range]`.
struct MatrixSelectorExpr : Expr
{
    MatrixSelectorExpr()
        : Expr(NodeKind::MatrixSelector)
    {
    }
    std::unique_ptr<VectorSelectorExpr> selector;
    DurationMs range = 0;
    DurationExprPtr rangeExpr; ///< set when the range depends on the query
    /// `anchored`: the range also holds the last sample at or before its start (within the lookback delta).
    bool anchored = false;
    /// `smoothed`: as anchored, plus the first sample after the end; rate-like functions interpolate at the edges.
    bool smoothed = false;
};

/// `expr[range:step]` with optional offset and @.
struct SubqueryExpr : Expr
{
    SubqueryExpr()
        : Expr(NodeKind::Subquery)
    {
    }
    ExprPtr expr;
    DurationMs range = 0;
    DurationMs step = 0; ///< 0: the query's step (default evaluation interval)
    DurationExprPtr rangeExpr; ///< set when the range depends on the query
    DurationExprPtr stepExpr;  ///< set when the step depends on the query
    TimeModifiers mods;
};

/// `( expr )`.
struct ParenExpr : Expr
{
    ParenExpr()
        : Expr(NodeKind::Paren)
    {
    }
    ExprPtr expr;
};

/// `e` without the parentheses around it.
inline const Expr& unwrapParens(const Expr& e)
{
    const Expr* p = &e;
    while (p->kind == NodeKind::Paren)
        p = static_cast<const ParenExpr*>(p)->expr.get();
    return *p;
}

/// `-expr` or `+expr`.
struct UnaryExpr : Expr
{
    UnaryExpr()
        : Expr(NodeKind::Unary)
    {
    }
    bool negate = true;
    ExprPtr expr;
};

/// Label matching of a vector-vector binary operation.
struct VectorMatching
{
    Cardinality card = Cardinality::OneToOne;
    bool on = false;                    ///< on(...) given (else ignoring(...), possibly empty)
    bool explicitMatching = false;      ///< on/ignoring written in the query
    std::vector<std::string> labels;    ///< on/ignoring labels
    std::vector<std::string> include;   ///< group_left/right extra labels
    bool explicitGroup = false;         ///< group_left/right written in the query
    std::optional<double> fillLeft;     ///< `fill_left(v)` / `fill(v)`: value for a missing left-hand element
    std::optional<double> fillRight;    ///< `fill_right(v)` / `fill(v)`: value for a missing right-hand element
};

/// `lhs op [bool] [on|ignoring(...)] [group_left|group_right(...)] rhs`.
struct BinaryExpr : Expr
{
    BinaryExpr()
        : Expr(NodeKind::Binary)
    {
    }
    BinaryOp op = BinaryOp::Add;
    ExprPtr lhs;
    ExprPtr rhs;
    bool returnBool = false;
    VectorMatching matching;
};

/// `op [by|without (...)] ([param,] expr)`.
struct AggregateExpr : Expr
{
    AggregateExpr()
        : Expr(NodeKind::Aggregate)
    {
    }
    AggregateOp op = AggregateOp::Sum;
    ExprPtr expr;
    ExprPtr param;
    std::vector<std::string> grouping;
    bool without = false;
    bool groupingGiven = false; ///< `by ()` written explicitly
};

struct FunctionInfo;

/// `name(args...)`.
struct CallExpr : Expr
{
    CallExpr()
        : Expr(NodeKind::Call)
    {
    }
    const FunctionInfo* func = nullptr;
    std::vector<ExprPtr> args;
    /// For `info()`: the selector of the info series (name matchers, default `target_info`, and data matchers).
    std::unique_ptr<VectorSelectorExpr> infoSelector;
};

/// Fills durations that depend on the query (`step()`, `range()`) for one query; step and range in ms. As Prometheus:
/// a range or step that is not greater than 0, a duration past int64 milliseconds, or a division or modulo by zero
/// is an error at the duration's position.
std::optional<Error> resolveDurations(Expr& e, DurationMs step, DurationMs range);

/// Keywords that cannot begin an expression: `bool`, `on`, `ignoring`, `group_left`, `group_right` and `atan2`
/// (lower case). Prometheus' grammar reads the other keywords (`and`, `or`, `unless`, `by`, `without`, `offset`) as
/// metric names where an expression begins (its `metric_identifier` rule); so does the parser.
bool isOperatorKeyword(std::string_view lowered);
/// Whether a metric name reads back as the same selector when written bare (`name{...}`): a name of the form
/// `[a-zA-Z_:][a-zA-Z0-9_:]*` that is, in any case, neither an operator keyword nor `Inf` or `NaN`. Other names are
/// written quoted inside the braces (`{"name"}`).
bool bareMetricName(std::string_view name);
/// Whether a label name can be written bare: `[a-zA-Z_][a-zA-Z0-9_]*` (keywords included); else it is quoted.
bool bareLabelName(std::string_view name);

/// Canonical text of an expression (Prometheus' `String()`), e.g. `sum by (job) (rate(x[5m]))`.
std::string printExpr(const Expr& e);
/// Formats a float as Prometheus prints it in queries (`+Inf`, `NaN`, `1e+06`).
std::string formatNumber(double v);
/// A double-quoted string as Go's %q writes it (sg::goQuote).
std::string quote(std::string_view s);

} // namespace sg::promql
