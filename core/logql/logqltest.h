#pragma once

#include "core/common/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace sg::logql::logqltest {

/// The outcome of one `eval` block of a logqltest script.
struct CaseResult
{
    int line = 0;          ///< 1-based line of the `eval` header
    std::string query;
    bool passed = false;
    std::string message;   ///< why it failed
};

/// The outcome of one script.
struct ScriptResult
{
    std::string name;
    std::vector<CaseResult> cases;
    int passed() const;
    int failed() const { return int(cases.size()) - passed(); }
};

/// Runs a logqltest script (see testdata/logqltest/FORMAT.md) against an in-memory log store and the LogQL
/// engine. Structured metadata is attached as stream labels, which is how it shows in results. A malformed
/// script is an Error; failing evals are reported in the result.
Result<ScriptResult> runScript(std::string_view text, std::string name);
/// Reads and runs a script file.
Result<ScriptResult> runScriptFile(const std::string& path);

} // namespace sg::logql::logqltest
