#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::logql {

/// A compiled Go text/template subset as used by `line_format` and `label_format`: text, `{{.label}}`,
/// `{{ __line__ }}`, `{{ __timestamp__ }}`, string/number literals, function calls (`{{ ToUpper .x }}`) and
/// pipes (`{{ .x | ToUpper }}`), with `{{-`/`-}}` trimming. Control structures are not supported.
class Template
{
public:
    /// Looks up a label's current value.
    using Lookup = std::function<std::optional<std::string>(std::string_view name)>;

    static Result<Template> compile(std::string_view text);

    /// Renders the template; fails when a function gets bad arguments.
    Result<std::string> render(const Lookup& labels, std::string_view line, TimestampNs ts) const;

    struct Node;

private:
    std::shared_ptr<const std::vector<Node>> m_nodes;
};

} // namespace sg::logql
