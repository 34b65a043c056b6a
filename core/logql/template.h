#pragma once

#include "core/common/result.h"
#include "core/common/time.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::logql {

namespace tmpl {
struct Tree;
}

/// Bounds on one render, so a template cannot hold a query forever or exhaust memory: past either, the render fails
/// with a message.
struct TemplateLimits
{
    std::size_t maxOutput = 64u << 20;       ///< bytes written
    std::size_t maxIterations = 10'000'000; ///< `range` iterations, all loops together
};

/// A compiled Go text/template as `line_format` and `label_format` use it: text, actions with pipelines,
/// `if`/`else if`/`with`/`range` (with `else`, `break`, `continue`), variables (`$x := ...`, `$x = ...`, `$`),
/// comments, `{{-`/`-}}` trimming, Go's builtins (`and or not eq ne lt le gt ge len index slice print printf
/// println html js urlquery`) and Loki's function list (its own, sprig's subset, `__line__`, `__timestamp__`).
/// The data is the label map (`.name`); a missing label is "" (Loki's `missingkey=zero`).
class Template
{
public:
    /// Looks up a label's current value.
    using Lookup = std::function<std::optional<std::string>(std::string_view name)>;
    /// Every label (name, value), for templates that print or range over the whole map (`{{ range $k, $v := . }}`).
    using AllLabels = std::function<std::vector<std::pair<std::string, std::string>>()>;

    /// Parses `text`; `name` is the template name Go's messages print ("line" for line_format, "label").
    static Result<Template> compile(std::string_view text, std::string_view name = "line");

    /// Renders the template; fails (with Go's "template: ..." message) when a function gets bad arguments or a
    /// value has the wrong kind, or when it passes `limits`.
    Result<std::string> render(const Lookup& labels, std::string_view line, TimestampNs ts, const AllLabels& all = {},
        const TemplateLimits& limits = {}) const;

private:
    std::shared_ptr<const tmpl::Tree> m_tree;
};

} // namespace sg::logql
