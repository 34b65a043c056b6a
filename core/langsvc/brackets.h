#pragma once

// The brackets open at a point of a scanned query, and what each one opened: a selector's braces, a label list
// (`by (...)`), a call's or a group's parentheses, a range's brackets.

#include "scan.h"

#include <string>
#include <vector>

namespace sg::langsvc {

enum class BracketRole { Selector, LabelList, Call, Group, Range };

struct OpenBracket
{
    BracketRole role = BracketRole::Group;
    int token = 0;     ///< index of the opening token
    std::string owner; ///< Call: the function; LabelList: the keyword (by, keep ...); Selector: the metric before it
};

/// Index of the significant (not comment) token before / after `i`, or -1.
int previousSignificant(const std::vector<ScanToken>& tokens, int i);
int nextSignificant(const std::vector<ScanToken>& tokens, int i);

/// Walks tokens in order, keeping the stack of open brackets.
class BracketStack
{
public:
    explicit BracketStack(const std::vector<ScanToken>& tokens)
        : m_tokens(tokens)
    {
    }
    /// Takes token `i` into account (call in order).
    void feed(int i);
    const std::vector<OpenBracket>& open() const { return m_open; }
    const OpenBracket* top() const { return m_open.empty() ? nullptr : &m_open.back(); }
    /// True when the innermost bracket has this role.
    bool inside(BracketRole role) const { return top() && top()->role == role; }

private:
    const std::vector<ScanToken>& m_tokens;
    std::vector<OpenBracket> m_open;
};

} // namespace sg::langsvc
