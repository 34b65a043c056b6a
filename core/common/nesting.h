#pragma once

// The bound on how deep a recursive-descent parser may nest (parentheses, calls, operands, template pipelines):
// without one, a hostile input overflows the stack (found by fuzzing every parser here).

namespace sg {

/// The nesting limit of the PromQL, LogQL and Go template parsers.
inline constexpr int MaxParseNesting = 1000;

/// Counts one level of nesting for as long as it lives. When the count passes `limit`, `fail()` is called; the
/// parsers' fail() throws, ending the parse (the count is left as it was: the parse is over).
class NestingGuard
{
public:
    template<class Fail>
    NestingGuard(int& depth, int limit, Fail&& fail)
        : m_depth(depth)
    {
        if (++m_depth > limit) {
            --m_depth;
            fail();
        }
    }
    ~NestingGuard() { --m_depth; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

private:
    int& m_depth;
};

/// Levels a loop adds one at a time, all given back when it ends: each operator of a left-associative chain
/// (`a - b - c ...`) puts the tree one level deeper without any nesting in the text, so it counts as nesting too
/// (found by fuzzing: a long chain overflowed the stack of the printer and of LogQL's validation).
class NestingChain
{
public:
    NestingChain(int& depth, int limit)
        : m_depth(depth)
        , m_limit(limit)
    {
    }
    ~NestingChain() { m_depth -= m_added; }
    NestingChain(const NestingChain&) = delete;
    NestingChain& operator=(const NestingChain&) = delete;

    /// One level more; past the limit `fail()` is called instead (the parsers' fail() throws).
    template<class Fail>
    void deepen(Fail&& fail)
    {
        if (m_depth + 1 > m_limit)
            fail();
        ++m_depth;
        ++m_added;
    }

private:
    int& m_depth;
    int m_limit;
    int m_added = 0;
};

} // namespace sg
