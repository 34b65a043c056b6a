#pragma once

#include "core/common/result.h"
#include "core/common/time.h"
#include "core/labels/matcher.h"
#include "ip_match.h"

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sg::logql {

// ---------------------------------------------------------------------------------------------------------------
// Log side: stream selector, line filters, pipeline stages.
// ---------------------------------------------------------------------------------------------------------------

/// The operator of a line filter: `|=`, `!=`, `|~`, `!~`, `|>`, `!>`.
enum class LineFilterOp { Contains, NotContains, Regex, NotRegex, Pattern, NotPattern };

/// One value of a line filter: a literal (string, regex or pattern) or `ip("...")`.
struct LineFilterValue
{
    std::string text;
    bool isIp = false;
};

/// `|= "a" or "b"`: one operator with its alternatives (any matches for positive operators, none for negative).
struct LineFilter
{
    LineFilterOp op = LineFilterOp::Contains;
    std::vector<LineFilterValue> values;
    SourceRange where;
};

/// The comparison of a label filter.
enum class CompareOp { Eq, Neq, Gt, Gte, Lt, Lte };

/// A label filter expression: a leaf comparison or an `and`/`or` of two filters.
struct LabelFilterExpr
{
    enum class Kind { And, Or, String, Number, Duration, Bytes, Ip };
    Kind kind = Kind::String;
    SourceRange where;
    // String leaf.
    std::optional<Matcher> matcher;
    // Numeric, duration, bytes and ip leaves.
    std::string name;
    CompareOp op = CompareOp::Eq;
    double number = 0;       ///< Number: the literal; Duration: seconds; Bytes: bytes
    std::string literal;     ///< the literal as typed (for printing); ip: the address pattern
    std::shared_ptr<const IpPattern> ip;  ///< ip: the parsed pattern, null when `literal` is not one
    // And / Or.
    std::unique_ptr<LabelFilterExpr> left;
    std::unique_ptr<LabelFilterExpr> right;
    bool parenthesized = false;
};

/// Which parser a parser stage runs.
enum class ParserKind { Json, Logfmt, Regexp, Pattern, Unpack };

/// `name="expression"` of `| json a="b.c"` or `| logfmt a="b"`; a bare name uses itself as the expression.
struct ExtractionParam
{
    std::string name;
    std::string expression;
    bool bare = false;
};

struct ParserStage
{
    ParserKind kind = ParserKind::Json;
    std::string pattern;                  ///< regexp and pattern parsers
    std::vector<ExtractionParam> params;  ///< json and logfmt
    bool strict = false;                  ///< logfmt --strict
    bool keepEmpty = false;               ///< logfmt --keep-empty
};

struct LabelFilterStage
{
    std::unique_ptr<LabelFilterExpr> filter;
};

struct LineFormatStage
{
    std::string templ;
};

/// One `dst=src` (rename) or `dst="{{template}}"` item of `label_format`.
struct LabelFormatItem
{
    std::string name;
    std::string value;
    bool isTemplate = false;
};

struct LabelFormatStage
{
    std::vector<LabelFormatItem> items;
};

struct DecolorizeStage
{
};

/// One item of `drop`/`keep`: a bare name or a matcher on it.
struct LabelSelectItem
{
    std::string name;
    std::optional<Matcher> matcher;
};

struct DropKeepStage
{
    bool keep = false;
    std::vector<LabelSelectItem> items;
};

/// A group of consecutive line filters (`|= "a" != "b"`).
struct LineFilterStage
{
    std::vector<LineFilter> filters;
};

/// One stage of a log pipeline, with its position in the query.
struct Stage
{
    std::variant<LineFilterStage, ParserStage, LabelFilterStage, LineFormatStage, LabelFormatStage, DecolorizeStage,
        DropKeepStage>
        stage;
    SourceRange where;
};

/// `{matchers} stages...`: a log query, or the inside of a range aggregation.
struct LogSelector
{
    Matchers matchers;
    SourceRange matchersWhere;
    std::vector<Stage> stages;
    SourceRange where;
};

/// How an unwrapped label's text becomes a number.
enum class UnwrapConversion { None, Bytes, Duration, DurationSeconds };

/// `| unwrap [conv(]label[)]` with the label filters that follow it.
struct Unwrap
{
    std::string label;
    UnwrapConversion conversion = UnwrapConversion::None;
    std::vector<std::unique_ptr<LabelFilterExpr>> postFilters;
    SourceRange where;
};

/// `selector [pipeline] [| unwrap ...] [range] [offset d]`.
struct LogRange
{
    LogSelector selector;
    std::optional<Unwrap> unwrap;
    DurationMs range = 0;
    DurationMs offset = 0;
    std::string rangeText;
    std::string offsetText;
    SourceRange where;
};

// ---------------------------------------------------------------------------------------------------------------
// Metric side.
// ---------------------------------------------------------------------------------------------------------------

enum class RangeOp {
    CountOverTime, Rate, RateCounter, BytesOverTime, BytesRate, AbsentOverTime, SumOverTime, AvgOverTime,
    MaxOverTime, MinOverTime, FirstOverTime, LastOverTime, StddevOverTime, StdvarOverTime, QuantileOverTime
};

enum class VectorOp { Sum, Avg, Min, Max, Count, Stddev, Stdvar, Topk, Bottomk, Sort, SortDesc, ApproxTopk };

enum class BinaryOp { Or, And, Unless, Eq, Neq, Gt, Gte, Lt, Lte, Add, Sub, Mul, Div, Mod, Pow };

/// `by (a, b)` or `without (a)`; `present` is false when no grouping clause was written.
struct Grouping
{
    bool present = false;
    bool without = false;
    std::vector<std::string> labels;
};

/// on/ignoring and group_left/group_right of a binary operation.
struct VectorMatching
{
    bool present = false;  ///< on(...) or ignoring(...) was written
    bool on = false;
    std::vector<std::string> labels;
    enum class Card { OneToOne, ManyToOne, OneToMany } card = Card::OneToOne;
    std::vector<std::string> include;
};

/// A node of a LogQL expression tree. Exactly the members that belong to `kind` are meaningful.
struct Expr
{
    enum class Kind { Log, RangeAgg, VectorAgg, Binary, Literal, Vector, LabelReplace, Paren };
    Kind kind = Kind::Literal;
    SourceRange where;

    // Log: a log query.
    std::unique_ptr<LogSelector> log;
    // RangeAgg.
    RangeOp rangeOp = RangeOp::CountOverTime;
    std::unique_ptr<LogRange> logRange;
    std::optional<double> param;  ///< quantile_over_time's φ; topk/bottomk's k
    Grouping grouping;
    // VectorAgg.
    VectorOp vectorOp = VectorOp::Sum;
    // Binary.
    BinaryOp binaryOp = BinaryOp::Add;
    bool returnBool = false;
    VectorMatching matching;
    std::unique_ptr<Expr> lhs;  ///< VectorAgg, LabelReplace, Paren: the argument
    std::unique_ptr<Expr> rhs;
    // Literal / Vector.
    double number = 0;
    std::string numberText;
    // LabelReplace.
    std::string dst, replacement, src, regex;

    bool isLogQuery() const;
};

using ExprPtr = std::unique_ptr<Expr>;

const char* rangeOpName(RangeOp op);
const char* vectorOpName(VectorOp op);
const char* binaryOpName(BinaryOp op);
const char* lineFilterOpName(LineFilterOp op);
const char* compareOpName(CompareOp op);

/// True when the range operation works on unwrapped values.
bool rangeOpNeedsUnwrap(RangeOp op);

} // namespace sg::logql
