#pragma once

// The text of a PromQL or LogQL query as a person writes it in an editor or a dashboard: `# comments`, Grafana
// template variables, lines and columns. The language services (formatting, diagnostics) parse a copy in which
// every variable is replaced by a placeholder the parser accepts, and map what they find back to the text as typed.

#include "result.h"
#include "time.h"

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sg {

/// A `#` comment: from `#` to the end of its line (the newline excluded).
struct QueryComment
{
    SourceRange where;
    bool ownLine = false; ///< nothing but blanks before it on its line
};

/// The comments of a PromQL or LogQL query, in order; a `#` inside a quoted string does not start one.
std::vector<QueryComment> findQueryComments(std::string_view text);

/// The first byte at or after `pos` that is neither a blank nor part of a comment (text.size() when none).
int skipBlanks(std::string_view text, int pos);

/// A 1-based line and column; the column counts code points.
struct LineColumn
{
    int line = 1;
    int column = 1;
};

/// The line and column of byte `offset` of `text`.
LineColumn lineColumn(std::string_view text, int offset);

/// A problem in a query: an error (it does not parse) or a warning (it parses but probably does not do what was
/// meant). `where` is a byte range in the query as typed.
struct Diagnostic
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    std::string message;
    SourceRange where;
};

/// How a template variable is written into the copy that is parsed.
enum class PlaceholderKind {
    Identifier, ///< a name: metric, label, or a whole selector (`$metric`, `node_${suffix}`, `by ($label)`)
    Number,     ///< a number (`topk($n, ...)`, `> $threshold`, `@ ${__to:date:seconds}`)
    Duration,   ///< a duration: in brackets or after `offset` (`[$__rate_interval]`, `[${__range_s}s]`)
};

/// A query whose Grafana template variables (`$var`, `${var}`, `${var:format}`, `[[var]]`, `$__interval` ...)
/// outside strings and comments are replaced by placeholders the parsers accept: names in brackets and after
/// `offset` become durations, after `@` numbers, elsewhere identifiers (retypeAsNumber turns one into a number
/// when the parser wants a number there). Strings keep their variables: the parsers take any text there.
class TemplatedQuery
{
public:
    /// One variable as written, with the placeholder that stands for it.
    struct Variable
    {
        SourceRange original;    ///< in the query as typed; for a duration, with the unit glued to it (`${x}s`)
        SourceRange placeholder; ///< in text()
        std::string written;     ///< the text of `original`
        PlaceholderKind kind = PlaceholderKind::Identifier;
    };

    explicit TemplatedQuery(std::string_view original);

    /// The query with placeholders.
    const std::string& text() const { return m_text; }
    const std::string& original() const { return m_original; }
    const std::vector<Variable>& variables() const { return m_variables; }

    /// Writes the identifier placeholder that overlaps `range` (of text()) as a number; false when there is none.
    bool retypeAsNumber(SourceRange range);

    /// The offset in the query as typed of `offset` in text(); inside a placeholder, its variable's start (or end).
    int toOriginal(int offset, bool end = false) const;
    SourceRange toOriginal(SourceRange range) const;

    /// `name` with each identifier placeholder in it replaced by its variable.
    std::string restoreName(std::string_view name) const;
    /// The variable a duration placeholder stands for, or nullptr.
    const std::string* durationVariable(DurationMs ms) const;
    /// The variable a number placeholder stands for, or nullptr.
    const std::string* numberVariable(double value) const;
    /// `text` with every placeholder in it (names, numbers, `<N>ms` durations) replaced by its variable.
    std::string restoreText(std::string_view text) const;

private:
    void build();

    std::string m_original;
    std::string m_text;
    std::vector<Variable> m_variables;
    std::vector<std::string> m_distinct; ///< the written variables; a placeholder's number is an index in here
    std::set<int> m_numbers;             ///< occurrences retyped as numbers
};

} // namespace sg
