#include "pattern_query.h"

#include "tokenizer.h"

namespace sg::patterns {

std::string logqlString(std::string_view text)
{
    if (text.find('`') == std::string_view::npos)
        return "`" + std::string(text) + "`";
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

std::string patternToLineFilter(std::string_view pattern)
{
    return "|> " + logqlString(pattern);
}

std::string patternToParserQuery(std::string_view pattern)
{
    std::string named;
    int field = 0;
    std::size_t pos = 0;
    while (pos < pattern.size()) {
        const std::size_t hit = pattern.find(ParamToken, pos);
        if (hit == std::string_view::npos) {
            named.append(pattern.substr(pos));
            break;
        }
        named.append(pattern.substr(pos, hit - pos));
        std::string name;
        do
            name = "<field" + std::to_string(++field) + ">";
        while (pattern.find(name) != std::string_view::npos);
        named += name;
        pos = hit + ParamToken.size();
    }
    return "| pattern " + logqlString(named);
}

std::string appendStage(std::string_view query, std::string_view stage)
{
    while (!query.empty() && (query.back() == ' ' || query.back() == '\n' || query.back() == '\t'))
        query.remove_suffix(1);
    return std::string(query) + " " + std::string(stage);
}

} // namespace sg::patterns
