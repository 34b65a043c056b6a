#pragma once

// Lines of a formatted query with the comments that belong to them; shared by the PromQL and LogQL formatters.

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

/// Two spaces per level, as Prometheus' and Loki's formatters indent.
std::string indentation(int level);

} // namespace sg
