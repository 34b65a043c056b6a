#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sg::ui {

/// The fields of a log line, as Grafana's log details detect them.
struct ParsedLine
{
    enum class Format { None, Json, Logfmt };
    Format format = Format::None;
    /// In the line's order. JSON objects are flattened with `_` between keys (`{"a":{"b":1}}` → `a_b`), as Loki's
    /// json parser names them; arrays are left out; numbers and booleans keep their JSON text.
    std::vector<std::pair<std::string, std::string>> fields;
};

/// Detects JSON (a line that is an object) or logfmt (`key=value` pairs, values quoted or bare) and parses it.
ParsedLine parseLineFields(std::string_view line);
/// "json", "logfmt" or "".
const char* parsedFormatName(ParsedLine::Format format);

} // namespace sg::ui
