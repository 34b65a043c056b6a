#pragma once

// The documentation tables of each language (docs_promql.cpp, docs_logql.cpp).

#include "language_service.h"

namespace sg::langsvc {

/// A documentation table's row, as written in the tables.
struct DocSource
{
    const char* name;
    const char* kind;
    const char* signature;
    const char* summary;
    const char* body;

    DocEntry entry() const { return { name, kind, signature, summary, body }; }
};

const std::vector<DocEntry>& promqlDocumentation();
const std::vector<DocEntry>& logqlDocumentation();

} // namespace sg::langsvc
