#include "value.h"

namespace sg::promql {

const char* valueTypeName(ValueType t)
{
    switch (t) {
    case ValueType::None: return "none";
    case ValueType::Scalar: return "scalar";
    case ValueType::Vector: return "vector";
    case ValueType::Matrix: return "matrix";
    case ValueType::String: return "string";
    }
    return "none";
}

} // namespace sg::promql
