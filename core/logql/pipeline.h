#pragma once

#include "ast.h"
#include "core/labels/labels.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::logql {

/// Names of the labels a pipeline uses to report per-entry errors (as Loki does).
inline constexpr std::string_view ErrorLabel = "__error__";
inline constexpr std::string_view ErrorDetailsLabel = "__error_details__";

/// The mutable label set of one entry while it passes through a pipeline. Starts from the stream labels;
/// extracted labels that clash with a stream label get the suffix `_extracted`.
class LabelsBuilder
{
public:
    explicit LabelsBuilder(const Labels& stream);

    /// The current value of `name`, or nullopt when absent.
    std::optional<std::string_view> get(std::string_view name) const;
    /// Sets (adds or replaces) a label.
    void set(std::string_view name, std::string_view value);
    /// Sets a label extracted by a parser: renamed to `name_extracted` when the stream already has `name`.
    void setExtracted(std::string_view name, std::string_view value);
    void remove(std::string_view name);
    /// Keeps only the labels for which `keep` returns true.
    template<class F>
    void retain(F keep)
    {
        std::erase_if(m_labels, [&](const Label& l) { return !keep(l); });
    }
    bool hasError() const { return get(ErrorLabel).has_value(); }
    /// Records a pipeline error (`__error__` and `__error_details__`) unless one is already set.
    void setError(std::string_view error, std::string_view details);
    const std::vector<Label>& items() const { return m_labels; }
    /// The final, sorted label set.
    Labels labels() const { return Labels(m_labels); }

private:
    const Labels* m_stream;
    std::vector<Label> m_labels;
};

/// One compiled pipeline stage.
class StageProcessor
{
public:
    virtual ~StageProcessor() = default;
    /// Processes one entry in place; returns false to drop it.
    virtual bool process(TimestampNs ts, std::string& line, LabelsBuilder& labels) const = 0;
};

/// A compiled log pipeline (line filters, parsers, label filters, formatters), shared read-only by threads.
/// It refers to the AST it was built from, which must outlive it.
class Pipeline
{
public:
    /// Compiles the stages of a selector. Fails on templates or patterns the engine cannot run.
    static Result<Pipeline> build(const std::vector<Stage>& stages);

    /// Runs one entry through all stages; false when a stage drops it.
    bool process(TimestampNs ts, std::string& line, LabelsBuilder& labels) const;
    bool empty() const { return m_stages.empty(); }

private:
    std::vector<std::shared_ptr<const StageProcessor>> m_stages;
};

/// Evaluates a label filter expression on an entry's labels (numeric conversion errors set `__error__`).
bool evalLabelFilter(const LabelFilterExpr& f, LabelsBuilder& labels);

/// Compiles a line filter (contains, regex, pattern, ip) into a processor.
Result<std::shared_ptr<const StageProcessor>> makeLineFilter(const LineFilter& f);
/// Compiles a parser stage (json, logfmt, regexp, pattern, unpack).
Result<std::shared_ptr<const StageProcessor>> makeParser(const ParserStage& p);

/// Strips ANSI colour escape sequences.
std::string decolorize(std::string_view line);

/// Turns an arbitrary key into a valid label name (non-alphanumerics become `_`).
std::string sanitizeLabelName(std::string_view key);

/// A compiled `<name> literal <_>` pattern, as used by `| pattern` and the `|>` line filter.
class LinePattern
{
public:
    static Result<LinePattern> compile(std::string_view pattern);
    /// Matches a line; on success fills `captures` with (name, value) for the named captures.
    bool match(std::string_view line, std::vector<std::pair<std::string, std::string>>* captures) const;

private:
    struct Part
    {
        bool capture = false;
        std::string text;  ///< literal text or capture name ("_" for a wildcard)
    };
    std::vector<Part> m_parts;
};

} // namespace sg::logql
