#include "core/common/pretty_lines.h"

#include "core/common/go_format.h"

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

void PrettyBlock::indent(std::string_view prefix)
{
    for (auto& line : m_lines)
        line.text.insert(0, prefix);
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

std::string QueryPrinter::number(double v) const
{
    if (const std::string* var = m_query.numberVariable(v))
        return *var;
    if (const std::string* var = m_query.numberVariable(-v))
        return concat({ "-", *var });
    return goFloat(v);
}

std::string QueryPrinter::duration(DurationMs ms) const
{
    if (const std::string* var = m_query.durationVariable(ms < 0 ? -ms : ms))
        return concat({ ms < 0 ? "-" : "", *var });
    return modelDuration(ms);
}

std::string concat(std::initializer_list<std::string_view> parts)
{
    std::string out;
    for (std::string_view p : parts)
        out.append(p);
    return out;
}

std::string indentation(int level) { return std::string(std::size_t(2 * std::max(level, 0)), ' '); }

void sortComments(std::vector<PendingComment>& comments)
{
    std::stable_sort(comments.begin(), comments.end(), [](const PendingComment& a, const PendingComment& b) {
        return a.position < b.position || (a.position == b.position && a.order < b.order);
    });
}

void placeInOrder(PendingComment c, std::vector<PendingComment>& trailing, std::vector<PendingComment>& ownLines)
{
    if (c.ownLine || !ownLines.empty()) {
        c.ownLine = true;
        ownLines.push_back(std::move(c));
    } else {
        trailing.push_back(std::move(c));
    }
}

void collectHoisted(LaidOut& part, SourceRange where, std::vector<PendingComment>& gaps)
{
    for (auto& c : part.before) {
        c.position = where.begin;
        gaps.push_back(std::move(c));
    }
    for (auto& c : part.after) {
        c.position = where.end;
        gaps.push_back(std::move(c));
    }
    part.before.clear();
    part.after.clear();
}

std::string renderWithComments(std::string_view text, SourceRange root, const std::vector<QueryComment>& comments,
    const std::function<LaidOut(std::vector<PendingComment>)>& layoutRoot)
{
    std::vector<PendingComment> inner, outside;
    for (std::size_t k = 0; k < comments.size(); ++k) {
        const SourceRange w = comments[k].where;
        PendingComment c { w.begin, comments[k].ownLine, commentText(text, w), int(k) };
        (w.begin < root.begin || w.begin >= root.end ? outside : inner).push_back(std::move(c));
    }
    LaidOut laid = layoutRoot(std::move(inner));
    collectHoisted(laid, root, outside);
    sortComments(outside);
    PrettyBlock out;
    for (auto& c : outside) {
        if (c.position > root.begin)
            continue;
        c.ownLine = true; // nothing comes before the query on its line
        out.addComments({ c }, {});
    }
    out.addBlock(std::move(laid.block));
    for (const auto& c : outside)
        if (c.position > root.begin)
            out.addComments({ c }, {});
    return out.render();
}

} // namespace sg
