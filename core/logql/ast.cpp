#include "ast.h"

namespace sg::logql {

bool Expr::isLogQuery() const
{
    if (kind == Kind::Paren)
        return lhs->isLogQuery();
    return kind == Kind::Log;
}

const char* rangeOpName(RangeOp op)
{
    switch (op) {
    case RangeOp::CountOverTime: return "count_over_time";
    case RangeOp::Rate: return "rate";
    case RangeOp::RateCounter: return "rate_counter";
    case RangeOp::BytesOverTime: return "bytes_over_time";
    case RangeOp::BytesRate: return "bytes_rate";
    case RangeOp::AbsentOverTime: return "absent_over_time";
    case RangeOp::SumOverTime: return "sum_over_time";
    case RangeOp::AvgOverTime: return "avg_over_time";
    case RangeOp::MaxOverTime: return "max_over_time";
    case RangeOp::MinOverTime: return "min_over_time";
    case RangeOp::FirstOverTime: return "first_over_time";
    case RangeOp::LastOverTime: return "last_over_time";
    case RangeOp::StddevOverTime: return "stddev_over_time";
    case RangeOp::StdvarOverTime: return "stdvar_over_time";
    case RangeOp::QuantileOverTime: return "quantile_over_time";
    }
    return "?";
}

const char* vectorOpName(VectorOp op)
{
    switch (op) {
    case VectorOp::Sum: return "sum";
    case VectorOp::Avg: return "avg";
    case VectorOp::Min: return "min";
    case VectorOp::Max: return "max";
    case VectorOp::Count: return "count";
    case VectorOp::Stddev: return "stddev";
    case VectorOp::Stdvar: return "stdvar";
    case VectorOp::Topk: return "topk";
    case VectorOp::Bottomk: return "bottomk";
    case VectorOp::Sort: return "sort";
    case VectorOp::SortDesc: return "sort_desc";
    case VectorOp::ApproxTopk: return "approx_topk";
    }
    return "?";
}

const char* binaryOpName(BinaryOp op)
{
    switch (op) {
    case BinaryOp::Or: return "or";
    case BinaryOp::And: return "and";
    case BinaryOp::Unless: return "unless";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Neq: return "!=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Gte: return ">=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Lte: return "<=";
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Pow: return "^";
    }
    return "?";
}

const char* lineFilterOpName(LineFilterOp op)
{
    switch (op) {
    case LineFilterOp::Contains: return "|=";
    case LineFilterOp::NotContains: return "!=";
    case LineFilterOp::Regex: return "|~";
    case LineFilterOp::NotRegex: return "!~";
    case LineFilterOp::Pattern: return "|>";
    case LineFilterOp::NotPattern: return "!>";
    }
    return "?";
}

const char* compareOpName(CompareOp op)
{
    switch (op) {
    case CompareOp::Eq: return "==";
    case CompareOp::Neq: return "!=";
    case CompareOp::Gt: return ">";
    case CompareOp::Gte: return ">=";
    case CompareOp::Lt: return "<";
    case CompareOp::Lte: return "<=";
    }
    return "?";
}

bool rangeOpNeedsUnwrap(RangeOp op)
{
    switch (op) {
    case RangeOp::CountOverTime:
    case RangeOp::Rate:
    case RangeOp::BytesOverTime:
    case RangeOp::BytesRate:
    case RangeOp::AbsentOverTime: return false;
    default: return true;
    }
}

} // namespace sg::logql
