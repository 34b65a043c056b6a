#pragma once

// The documentation tables of each language (docs_promql.cpp, docs_logql.cpp).

#include "language_service.h"

namespace sg::langsvc {

const std::vector<DocEntry>& promqlDocumentation();
const std::vector<DocEntry>& logqlDocumentation();

} // namespace sg::langsvc
