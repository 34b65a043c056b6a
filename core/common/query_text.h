#pragma once

// The text of a PromQL or LogQL query as a person writes it in an editor or a dashboard: `# comments`, Grafana
// template variables, lines and columns. The language services (formatting, diagnostics) parse a copy in which
// every variable is replaced by a placeholder the parser accepts, and map what they find back to the text as typed.

#include "result.h"
#include "time.h"

#include <functional>
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

/// The text of the comment at `where` in `text`, without the blanks that end its line.
std::string commentText(std::string_view text, SourceRange where);

/// `text` on one line: without its comments, each run of blanks one space (none inside brackets or before a comma),
/// trimmed; for text kept as written, such as a duration expression, which holds no strings.
std::string oneLine(std::string_view text);

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

/// `LINE:COLUMN: parse error: MESSAGE` or `LINE:COLUMN: warning: MESSAGE`, the position in `query` (1-based,
/// columns counting code points): what `sightglass query check` prints.
std::string describeDiagnostic(std::string_view query, const Diagnostic& d);

class TemplatedQuery;

/// The base of a language's warning checks: warnings at ranges of the parsed text, mapped to the query as typed.
class WarningCollector
{
public:
    explicit WarningCollector(const TemplatedQuery& query)
        : m_query(query)
    {
    }
    /// The warnings found, in the order of their position.
    std::vector<Diagnostic> take();

protected:
    void warn(SourceRange where, std::string message);

    const TemplatedQuery& m_query;
    std::vector<Diagnostic> m_found;
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

    /// Writes the identifier placeholder that overlaps `range` (of text()) as a number; its index in variables(),
    /// or -1 when there is none.
    int retypeAsNumber(SourceRange range);

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

/// What the tree signatures of both languages write alike: variables as written, numbers in their shortest
/// round-trip form, durations in milliseconds, lists of names.
class SignatureWriter
{
public:
    explicit SignatureWriter(const TemplatedQuery& query)
        : m_query(query)
    {
    }

protected:
    std::string number(double v) const;
    std::string duration(DurationMs ms) const;
    std::string names(const std::vector<std::string>& list) const;

    const TemplatedQuery& m_query;
};

/// Parses `query` with `parse` (given the text with placeholders); where the error lies on a name placeholder, that
/// placeholder becomes a number and the query is parsed again (`topk($n, ...)` wants a number there). The number
/// stays only if the parser gets past it; otherwise the first error is the answer (`$f(x)`: unknown function).
template<class Parse>
auto parseRetyping(TemplatedQuery& query, const Parse& parse) -> decltype(parse(std::string_view()))
{
    auto parsed = parse(std::string_view(query.text()));
    while (!parsed.ok()) {
        TemplatedQuery retyped = query;
        const int index = retyped.retypeAsNumber(parsed.error().where);
        if (index < 0)
            return parsed;
        auto again = parse(std::string_view(retyped.text()));
        if (!again.ok() && again.error().where.begin <= retyped.variables()[std::size_t(index)].placeholder.end)
            return parsed;
        query = std::move(retyped);
        parsed = std::move(again);
    }
    return parsed;
}

/// The diagnostics of `text`: the parse error of `parse(query)` (a Result<std::unique_ptr<Tree>>, errors in the
/// parsed text), or the warnings a `Checker` (a WarningCollector with `visit(const Tree&)`) finds in the tree.
template<class Checker, class Parse>
std::vector<Diagnostic> diagnose(std::string_view text, Parse parse)
{
    TemplatedQuery query(text);
    auto tree = parse(query);
    if (!tree.ok())
        return { { Diagnostic::Severity::Error, query.restoreText(tree.error().message),
            query.toOriginal(tree.error().where) } };
    Checker checker(query);
    checker.visit(**tree);
    return checker.take();
}

/// A function of a query with placeholders: its formatted text, or its tree signature.
using TemplatedFunction = std::function<Result<std::string>(TemplatedQuery&)>;

/// A language's tree signature as a TemplatedFunction: `parse` the query (a Result<std::unique_ptr<Tree>>), then
/// `dump(query, tree)`.
template<class Parse, class Dump>
TemplatedFunction treeFunction(Parse parse, Dump dump)
{
    return [=](TemplatedQuery& query) -> Result<std::string> {
        auto tree = parse(query);
        if (!tree.ok())
            return tree.error();
        return dump(query, **tree);
    };
}

/// A language's treeSignature: `parse` a query (a Result<std::unique_ptr<Tree>>), then `dump(query, tree)`.
template<class Parse, class Dump>
Result<std::string> signatureOf(std::string_view text, Parse parse, Dump dump)
{
    TemplatedQuery query(text);
    return treeFunction(parse, dump)(query);
}

/// What every formatter does: `print` parses and lays out `query` (its variables as placeholders); the result must
/// parse, have the tree `signature` of the original, the same template variables and every comment of the original
/// in order, or formatting fails with ErrorCode::Internal rather than change the query. A parse error comes back
/// with its range in `query` and the variables in its message as written.
Result<std::string> formatChecked(
    std::string_view query, const TemplatedFunction& print, const TemplatedFunction& signature);

/// formatChecked for a language that parses with `parse`, prints a tree with `print(query, tree)` and dumps it with
/// `dump(query, tree)`.
template<class Parse, class Print, class Dump>
Result<std::string> formatTree(std::string_view query, Parse parse, Print print, Dump dump)
{
    return formatChecked(query, treeFunction(parse, print), treeFunction(parse, dump));
}

} // namespace sg
