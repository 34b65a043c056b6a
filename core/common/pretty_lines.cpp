#include "core/common/pretty_lines.h"

#include <algorithm>

namespace sg {

namespace {

bool blank(std::string_view s) { return s.find_first_not_of(' ') == std::string_view::npos; }

} // namespace

PrettyBlock::PrettyBlock(std::string firstLine)
{
    m_lines.push_back({ std::move(firstLine), {} });
}

void PrettyBlock::append(std::string_view text)
{
    if (m_lines.empty())
        m_lines.emplace_back();
    m_lines.back().text += text;
}

void PrettyBlock::replaceIndent(std::string_view prefix)
{
    if (m_lines.empty())
        m_lines.emplace_back();
    std::string& first = m_lines.front().text;
    first = std::string(prefix) + first.substr(std::min(first.size(), first.find_first_not_of(' ')));
}

void PrettyBlock::addLine(std::string text)
{
    m_lines.push_back({ std::move(text), {} });
}

void PrettyBlock::addBlock(PrettyBlock other)
{
    for (auto& line : other.m_lines)
        m_lines.push_back(std::move(line));
}

void PrettyBlock::appendBlock(PrettyBlock other)
{
    if (other.m_lines.empty())
        return;
    if (m_lines.empty()) {
        m_lines = std::move(other.m_lines);
        return;
    }
    PrettyLine& last = m_lines.back();
    last.text += other.m_lines.front().text;
    for (auto& c : other.m_lines.front().comments)
        last.comments.push_back(std::move(c));
    for (std::size_t i = 1; i < other.m_lines.size(); ++i)
        m_lines.push_back(std::move(other.m_lines[i]));
}

void PrettyBlock::addComments(const std::vector<PendingComment>& comments, std::string_view indent)
{
    for (const auto& c : comments) {
        if (c.ownLine || m_lines.empty())
            m_lines.push_back({ std::string(indent), { c.text } });
        else
            m_lines.back().comments.push_back(c.text);
    }
}

std::string PrettyBlock::render() const
{
    std::string out;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        if (i)
            out += '\n';
        out += m_lines[i].text;
        for (const auto& c : m_lines[i].comments) {
            if (!blank(out.substr(out.rfind('\n') + 1)))
                out += ' ';
            out += c;
        }
    }
    return out;
}

std::string indentation(int level) { return std::string(std::size_t(2 * std::max(level, 0)), ' '); }

} // namespace sg
