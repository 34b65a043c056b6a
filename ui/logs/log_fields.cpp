#include "log_fields.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cctype>

namespace sg::ui {
namespace {
void flatten(const QJsonObject& object, const std::string& prefix, ParsedLine& out)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string name = prefix.empty() ? it.key().toStdString() : prefix + "_" + it.key().toStdString();
        const QJsonValue v = it.value();
        if (v.isObject())
            flatten(v.toObject(), name, out);
        else if (v.isString())
            out.fields.emplace_back(name, v.toString().toStdString());
        else if (v.isDouble())
            out.fields.emplace_back(name, QByteArray::number(v.toDouble(), 'g', QLocale::FloatingPointShortest).toStdString());
        else if (v.isBool())
            out.fields.emplace_back(name, v.toBool() ? "true" : "false");
    }
}

bool keyChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; }

bool parseLogfmt(std::string_view s, ParsedLine& out)
{
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        const std::size_t keyStart = i;
        while (i < s.size() && keyChar(s[i]))
            ++i;
        if (i == keyStart || i >= s.size() || s[i] != '=') {
            // Not a pair: skip the word (logfmt tolerates bare keys).
            while (i < s.size() && s[i] != ' ')
                ++i;
            continue;
        }
        std::string key(s.substr(keyStart, i - keyStart));
        ++i;
        std::string value;
        if (i < s.size() && s[i] == '"') {
            ++i;
            while (i < s.size() && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < s.size()) {
                    const char e = s[++i];
                    value.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                } else {
                    value.push_back(s[i]);
                }
                ++i;
            }
            ++i; // the closing quote
        } else {
            while (i < s.size() && s[i] != ' ')
                value.push_back(s[i++]);
        }
        out.fields.emplace_back(std::move(key), std::move(value));
    }
    return !out.fields.empty();
}
} // namespace

ParsedLine parseLineFields(std::string_view line)
{
    ParsedLine out;
    std::size_t first = 0;
    while (first < line.size() && std::isspace(static_cast<unsigned char>(line[first])))
        ++first;
    if (first < line.size() && line[first] == '{') {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(line.data(), qsizetype(line.size())), &error);
        if (error.error == QJsonParseError::NoError && doc.isObject()) {
            out.format = ParsedLine::Format::Json;
            flatten(doc.object(), {}, out);
            return out;
        }
    }
    if (parseLogfmt(line, out))
        out.format = ParsedLine::Format::Logfmt;
    return out;
}

const char* parsedFormatName(ParsedLine::Format format)
{
    switch (format) {
    case ParsedLine::Format::Json:
        return "json";
    case ParsedLine::Format::Logfmt:
        return "logfmt";
    case ParsedLine::Format::None:
        break;
    }
    return "";
}

} // namespace sg::ui
