#include "result_stream.h"

namespace sg::remote {

void ResultStreamSplitter::switchTo(Target target, std::string_view bytes, std::size_t at, std::size_t& runStart)
{
    if (m_target == Target::Rest)
        m_rest.append(bytes.data() + runStart, at - runStart);
    else if (m_target == Target::Element)
        m_element.append(bytes.data() + runStart, at - runStart);
    m_target = target;
    runStart = at;
}

void ResultStreamSplitter::onStructural(char c, std::size_t at, std::string_view bytes, std::size_t& runStart)
{
    const std::size_t depth = m_open.size();
    // between the elements of data.result: commas and white space are dropped, an object starts an element
    if (m_resultDepth != 0 && depth == m_resultDepth && m_target != Target::Element) {
        if (c == ']') {
            m_resultDepth = 0;
            switchTo(Target::Rest, bytes, at, runStart);
        } else if (c == '{') {
            switchTo(Target::Element, bytes, at, runStart);
        }
    }
    switch (c) {
    case '{':
    case '[':
        if (c == '[' && depth == 2 && m_open[0] == '{' && m_open[1] == '{' && m_keys[0] == "data"
            && m_keys[1] == "result") {
            m_resultDepth = 3;
            m_decided = false;
            m_open.push_back(c);
            return;
        }
        m_open.push_back(c);
        m_expectKey = c == '{';
        break;
    case '}':
    case ']':
        if (!m_open.empty())
            m_open.pop_back();
        m_expectKey = false;
        if (m_target == Target::Element && m_open.size() == m_resultDepth) {
            m_element.append(bytes.data() + runStart, at + 1 - runStart);
            runStart = at + 1;
            m_target = Target::Drop;
            m_sink(m_element);
            m_element.clear();
        }
        break;
    case ',':
        m_expectKey = !m_open.empty() && m_open.back() == '{';
        break;
    default:
        break;
    }
}

void ResultStreamSplitter::feed(std::string_view bytes)
{
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (!m_decided && !m_inString && m_resultDepth != 0 && m_open.size() == m_resultDepth && c != ' ' && c != '\n'
            && c != '\r' && c != '\t') {
            m_decided = true;
            if (c != '{' && c != ']')
                m_resultDepth = 0; // a scalar or string result (`[time, "value"]`): kept whole in rest()
        }
        if (m_inString) {
            if (m_escape)
                m_escape = false;
            else if (c == '\\')
                m_escape = true;
            else if (c == '"') {
                m_inString = false;
                if (m_inKey) {
                    m_inKey = false;
                    const std::size_t depth = m_open.size();
                    if (depth == 1 || depth == 2)
                        m_keys[depth - 1] = m_key;
                    continue;
                }
            }
            if (m_inKey && m_key.size() < 16)
                m_key.push_back(c);
            continue;
        }
        if (c == '"') {
            m_inString = true;
            m_inKey = m_expectKey && m_open.size() <= 2;
            m_expectKey = false;
            m_key.clear();
            continue;
        }
        if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',')
            onStructural(c, i, bytes, runStart);
    }
    switchTo(m_target, bytes, bytes.size(), runStart);
}

} // namespace sg::remote
