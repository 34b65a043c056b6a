#include "json_path.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cctype>
#include <charconv>

namespace sg::ingest {

std::optional<JsonPath> JsonPath::compile(std::string_view expr)
{
    JsonPath path;
    std::size_t i = 0;
    bool expectField = true; // at the start or after '.'
    while (i < expr.size()) {
        const char c = expr[i];
        if (c == '[') {
            const std::size_t close = expr.find(']', i);
            if (close == std::string_view::npos)
                return std::nullopt;
            std::string_view inner = expr.substr(i + 1, close - i - 1);
            Step step;
            step.isIndex = true;
            if (inner.size() > 1 && (inner.front() == '"' || inner.front() == '\'') && inner.back() == inner.front()) {
                step.isIndex = false; // ["key"]: a quoted field
                step.key = std::string(inner.substr(1, inner.size() - 2));
            } else {
                auto [ptr, ec] = std::from_chars(inner.data(), inner.data() + inner.size(), step.index);
                if (ec != std::errc() || ptr != inner.data() + inner.size())
                    return std::nullopt;
            }
            path.m_steps.push_back(std::move(step));
            i = close + 1;
            expectField = false;
        } else if (c == '.') {
            if (expectField)
                return std::nullopt;
            expectField = true;
            ++i;
        } else if (c == '"') {
            if (!expectField)
                return std::nullopt;
            std::string key;
            ++i;
            while (i < expr.size() && expr[i] != '"') {
                if (expr[i] == '\\' && i + 1 < expr.size())
                    ++i;
                key += expr[i++];
            }
            if (i >= expr.size())
                return std::nullopt;
            ++i;
            path.m_steps.push_back(Step { std::move(key), 0, false });
            expectField = false;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '@' || c == '$') {
            if (!expectField)
                return std::nullopt;
            std::size_t end = i;
            while (end < expr.size() && expr[end] != '.' && expr[end] != '[')
                ++end;
            path.m_steps.push_back(Step { std::string(expr.substr(i, end - i)), 0, false });
            i = end;
            expectField = false;
        } else if (c == ' ') {
            ++i;
        } else {
            return std::nullopt;
        }
    }
    if (path.m_steps.empty() || expectField)
        return std::nullopt;
    return path;
}

QJsonValue JsonPath::evaluate(const QJsonValue& root) const
{
    QJsonValue current = root;
    for (const Step& step : m_steps) {
        if (step.isIndex) {
            if (!current.isArray())
                return QJsonValue(QJsonValue::Undefined);
            const QJsonArray array = current.toArray();
            const int index = step.index < 0 ? int(array.size()) + step.index : step.index;
            if (index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            current = array.at(index);
        } else {
            if (!current.isObject())
                return QJsonValue(QJsonValue::Undefined);
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(QString::fromStdString(step.key));
            if (it == object.constEnd())
                return QJsonValue(QJsonValue::Undefined);
            current = it.value();
        }
    }
    return current;
}

std::optional<std::string> jsonValueText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString().toStdString();
    case QJsonValue::Bool:
        return std::string(value.toBool() ? "true" : "false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return QString::number(d, 'g', QLocale::FloatingPointShortest).toStdString();
    }
    case QJsonValue::Object:
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).toStdString();
    case QJsonValue::Array:
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact).toStdString();
    default:
        return std::nullopt;
    }
}

} // namespace sg::ingest
