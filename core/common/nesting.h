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

} // namespace sg
