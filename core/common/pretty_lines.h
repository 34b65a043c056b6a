#pragma once

// Lines of a formatted query with the comments that belong to them; shared by the PromQL and LogQL formatters.

#include "query_text.h"
#include "result.h"

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sg {

/// A comment on its way to a line of a formatted query.
struct PendingComment
{
    int position = 0;     ///< where it is (or counts as being) in the parsed text
    bool ownLine = false; ///< it was alone on its line, and stays on a line of its own
    std::string text;     ///< from `#` to the end of its line
    int order = 0;        ///< its place among the query's comments (ties on `position` keep this order)
};

/// One line of a formatted query: its text, indentation included, and the comments that end it.
struct PrettyLine
{
    std::string text;
    std::vector<std::string> comments;
};

/// The lines of a formatted query, or of a part of one.
class PrettyBlock
{
public:
    PrettyBlock() = default;
    explicit PrettyBlock(std::string firstLine);

    const std::vector<PrettyLine>& lines() const { return m_lines; }
    /// Appends `text` to the last line.
    void append(std::string_view text);
    /// Puts `prefix` in front of every line.
    void indent(std::string_view prefix);
    /// Replaces the blanks that start the first line with `prefix`.
    void replaceIndent(std::string_view prefix);
    /// A new last line.
    void addLine(std::string text);
    /// `other`'s lines below the last line.
    void addBlock(PrettyBlock other);
    /// `other`'s first line continues the last line; its other lines follow.
    void appendBlock(PrettyBlock other);
    /// Each comment in order: a trailing one ends the last line, one that was alone on its line gets a line of its
    /// own below, indented by `indent`.
    void addComments(const std::vector<PendingComment>& comments, std::string_view indent);
    /// The lines joined by newlines, each with its comments after one space.
    std::string render() const;

private:
    std::vector<PrettyLine> m_lines;
};

/// `parts` one after the other: what `"(" + s + ")"` spells, without GCC 12's false -Wrestrict warning on it.
std::string concat(std::initializer_list<std::string_view> parts);

/// Two spaces per level, as Prometheus' and Loki's formatters indent.
std::string indentation(int level);

/// A part of a query laid out: its lines, and the comments it cannot hold (inside a selector, after a closing
/// parenthesis), which its parent places before or after it.
struct LaidOut
{
    PrettyBlock block;
    std::vector<PendingComment> before;
    std::vector<PendingComment> after;
    bool holdsComments = false; ///< a comment ends or sits between its lines: it must not be printed on one line
};

/// Sorts comments by position, ties in their order in the query.
void sortComments(std::vector<PendingComment>& comments);

/// Puts `c` at the end of the line before it (`trailing`) or on a line of its own (`ownLines`), for comments taken in
/// order. Once a comment has a line of its own, the ones after it get lines of their own too: ending the line before
/// would put them before it, and ending its line would make them part of it.
void placeInOrder(PendingComment c, std::vector<PendingComment>& trailing, std::vector<PendingComment>& ownLines);

/// Moves the comments `part` (at `where` in the text) could not hold into `gaps`, at its start or its end.
void collectHoisted(LaidOut& part, SourceRange where, std::vector<PendingComment>& gaps);

/// The formatted query: `layoutRoot` lays out the root node (at `root` in `text`) with the comments inside it; the
/// comments before it get lines of their own above, those after it end its last line or follow it.
std::string renderWithComments(std::string_view text, SourceRange root, const std::vector<QueryComment>& comments,
    const std::function<LaidOut(std::vector<PendingComment>)>& layoutRoot);

/// What the PromQL and LogQL printers share: the query whose template variables they print back as written, and
/// the column limit of their layout.
class QueryPrinter
{
public:
    QueryPrinter(const TemplatedQuery& query, int columnLimit)
        : m_query(query)
        , m_columnLimit(columnLimit)
    {
    }

protected:
    bool fits(std::string_view text) const { return int(text.size()) <= m_columnLimit; }
    /// A number: the variable its placeholder stands for (`$n`, `-$n`), or Go's %v of it.
    std::string number(double v) const;
    /// A duration: the variable its placeholder stands for, or model.Duration of it.
    std::string duration(DurationMs ms) const;

    const TemplatedQuery& m_query;
    int m_columnLimit;
};

} // namespace sg
