#include "brackets.h"

#include "vocabulary.h"

namespace sg::langsvc {

int previousSignificant(const std::vector<ScanToken>& tokens, int i)
{
    for (int k = i - 1; k >= 0; --k)
        if (tokens[std::size_t(k)].kind != ScanKind::Comment)
            return k;
    return -1;
}

int nextSignificant(const std::vector<ScanToken>& tokens, int i)
{
    for (int k = i + 1; k < int(tokens.size()); ++k)
        if (tokens[std::size_t(k)].kind != ScanKind::Comment)
            return k;
    return -1;
}

void BracketStack::feed(int i)
{
    const ScanToken& t = m_tokens[std::size_t(i)];
    if (t.kind != ScanKind::Symbol)
        return;
    const int p = previousSignificant(m_tokens, i);
    const ScanToken* before = p >= 0 ? &m_tokens[std::size_t(p)] : nullptr;
    if (t.text == "{") {
        OpenBracket b { BracketRole::Selector, i, {} };
        if (before && (before->kind == ScanKind::Identifier || before->kind == ScanKind::Variable))
            b.owner = before->text;
        m_open.push_back(std::move(b));
    } else if (t.text == "(") {
        OpenBracket b { BracketRole::Group, i, {} };
        if (before && before->kind == ScanKind::Identifier) {
            b.owner = before->text;
            b.role = opensLabelList(before->text) || before->text == "keep" || before->text == "drop"
                ? BracketRole::LabelList
                : BracketRole::Call;
        }
        m_open.push_back(std::move(b));
    } else if (t.text == "[") {
        m_open.push_back({ BracketRole::Range, i, {} });
    } else if (t.text == "}" || t.text == ")" || t.text == "]") {
        const char want = t.text == "}" ? '{' : t.text == ")" ? '(' : '[';
        // Pop to the matching opener; a stray closer leaves the stack as it is.
        for (int k = int(m_open.size()) - 1; k >= 0; --k) {
            if (m_tokens[std::size_t(m_open[std::size_t(k)].token)].text[0] == want) {
                m_open.resize(std::size_t(k));
                break;
            }
        }
    }
}

} // namespace sg::langsvc
