#pragma once

#include "value.h"

#include <string_view>
#include <vector>

namespace sg::promql {

/// Signature of a PromQL function, checked at parse time.
struct FunctionInfo
{
    const char* name;
    std::vector<ValueType> argTypes;
    /// 0: exactly argTypes; n > 0: the last n arguments are optional; -1: the last type repeats without limit.
    int variadic = 0;
    ValueType returnType = ValueType::Vector;
    bool experimental = false;
};

/// The function with this name, or nullptr.
const FunctionInfo* findFunction(std::string_view name);
/// All known functions (for completion in the query editor).
const std::vector<FunctionInfo>& allFunctions();

} // namespace sg::promql
