#pragma once

#include "core/common/time.h"
#include "core/labels/labels.h"

#include <string>
#include <vector>

namespace sg::promql {

/// One point of a range-query result series.
struct Point
{
    TimestampMs t = 0;
    double v = 0;
};

/// A series of a matrix: labels and points in time order.
struct Series
{
    Labels metric;
    std::vector<Point> points;
};
using Matrix = std::vector<Series>;

/// One element of an instant vector.
struct Sample
{
    Labels metric;
    TimestampMs t = 0;
    double v = 0;
};
using Vector = std::vector<Sample>;

enum class ValueType { None, Scalar, Vector, Matrix, String };

const char* valueTypeName(ValueType t);

/// The result of evaluating an expression: exactly one of the members is meaningful, by `type`.
struct Value
{
    ValueType type = ValueType::None;
    Matrix matrix;
    Vector vector;
    double scalar = 0;
    TimestampMs scalarT = 0;
    std::string string;
};

/// A query's answer: its value and any warnings (annotations), kept apart from errors.
struct QueryResult
{
    Value value;
    std::vector<std::string> warnings;
};

} // namespace sg::promql
