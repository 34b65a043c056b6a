#pragma once

#include <QJsonValue>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::ingest {

/// A compiled JMESPath expression of the subset Promtail configs use: dotted fields (`a.b`), quoted keys
/// (`"a.b".c`, `a."x-y"`), and array indexes (`a[0]`, `[-1]`).
class JsonPath
{
public:
    /// Compiles `expr`; nullopt when it is outside the subset.
    static std::optional<JsonPath> compile(std::string_view expr);
    /// The value at the path, or an undefined QJsonValue when absent.
    QJsonValue evaluate(const QJsonValue& root) const;

private:
    struct Step
    {
        std::string key; ///< a field name, or empty for an index step
        int index = 0;
        bool isIndex = false;
    };
    std::vector<Step> m_steps;
};

/// A JSON value as Promtail stores it in the extracted map: strings raw, numbers and bools as text, objects
/// and arrays as compact JSON; null and undefined give nullopt.
std::optional<std::string> jsonValueText(const QJsonValue& value);

} // namespace sg::ingest
