#pragma once

#include <string_view>

namespace sg {

/// True for a legacy metric name `[a-zA-Z_:][a-zA-Z0-9_:]*`.
bool isLegacyMetricName(std::string_view name);
/// True for a legacy label name `[a-zA-Z_][a-zA-Z0-9_]*`.
bool isLegacyLabelName(std::string_view name);

} // namespace sg
