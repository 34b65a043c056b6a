#pragma once

#include "ast.h"
#include "core/labels/labels.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::logql {

/// Names of the labels a pipeline uses to report per-entry errors (as Loki does).
inline constexpr std::string_view ErrorLabel = "__error__";
inline constexpr std::string_view ErrorDetailsLabel = "__error_details__";

/// The mutable label set of one entry while it passes through a pipeline. Starts from the stream labels, then
/// the entry's structured metadata. A base name goes to the first of stream > metadata > parsed; a value that
/// loses it goes to `<name>_extracted`, where parsed > metadata > stream.
class LabelsBuilder
{
public:
    explicit LabelsBuilder(const Labels& stream);

    /// The current value of `name`, or nullopt when absent.
    std::optional<std::string_view> get(std::string_view name) const;
    /// Sets (adds or replaces) a label.
    void set(std::string_view name, std::string_view value);
    /// Sets a label extracted by a parser: renamed to `name_extracted` when the stream or the entry's
    /// metadata already has `name`.
    void setExtracted(std::string_view name, std::string_view value);
    /// Promotes an entry's structured metadata to labels (a name the stream has goes to `name_extracted`).
    void addMetadata(const std::vector<Label>& metadata);
    void remove(std::string_view name);
    /// Keeps only the labels for which `keep` returns true.
    template<class F>
    void retain(F keep)
    {
        std::erase_if(m_labels, [&](const Label& l) { return !keep(l); });
    }
    /// An `__error__` label with an empty value (a parsed field of that name) is no error.
    bool hasError() const
    {
        auto e = get(ErrorLabel);
        return e && !e->empty();
    }
    /// Records a pipeline error (`__error__` and `__error_details__`) unless one is already set.
    void setError(std::string_view error, std::string_view details);
    const std::vector<Label>& items() const { return m_labels; }
    /// The final, sorted label set. As in Loki, a label set to an empty value (structured metadata `name=""`,
    /// `logfmt --keep-empty`, a json expression with no match, `label_format x=""`) stays, distinct from an
    /// absent one; stream labels never have empty values.
    Labels labels() const { return Labels::keepingEmpty(m_labels); }
    /// The label set without the names promoted from structured metadata (log query results: the metadata
    /// serves label filters and formatters but does not split streams).
    Labels labelsWithoutMetadata() const
    {
        std::vector<Label> out;
        for (const Label& l : m_labels)
            if (std::find(m_metadataNames.begin(), m_metadataNames.end(), l.name) == m_metadataNames.end())
                out.push_back(l);
        return Labels::keepingEmpty(std::move(out));
    }

private:
    const Labels* m_stream;
    std::vector<Label> m_labels;
    std::vector<std::string> m_metadataNames;
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
    /// Compiles the stages of a selector from `firstStage` on (the ones before it ran elsewhere, e.g. pushed
    /// down into the store). Fails on templates or patterns the engine cannot run.
    static Result<Pipeline> build(const std::vector<Stage>& stages, std::size_t firstStage = 0);

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
    /// Matches a line; on success fills `captures` with (name, value) for the named captures. `partial` (the
    /// `pattern` parser) accepts a line that ends early: the captures reached so far are filled.
    bool match(std::string_view line, std::vector<std::pair<std::string, std::string>>* captures,
        bool partial = false) const;
    /// A capture name (other than `_`) that the pattern uses twice.
    std::optional<std::string> duplicateCaptureName() const
    {
        for (std::size_t i = 0; i < m_parts.size(); ++i)
            for (std::size_t j = i + 1; j < m_parts.size(); ++j)
                if (m_parts[i].capture && m_parts[j].capture && m_parts[i].text != "_"
                    && m_parts[i].text == m_parts[j].text)
                    return m_parts[i].text;
        return std::nullopt;
    }
    /// True when a capture has a name other than `_` (which a `|>` / `!>` line filter does not allow).
    bool hasNamedCapture() const
    {
        return std::any_of(m_parts.begin(), m_parts.end(), [](const Part& p) { return p.capture && p.text != "_"; });
    }

private:
    struct Part
    {
        bool capture = false;
        std::string text;  ///< literal text or capture name ("_" for a wildcard)
    };
    std::vector<Part> m_parts;
};

} // namespace sg::logql
