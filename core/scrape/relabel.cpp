#include "relabel.h"

#include "exposition_parser.h"

#include <QCryptographicHash>

#include <re2/re2.h>

#include <algorithm>
#include <map>

namespace sg::scrape {

namespace {

struct ActionName
{
    RelabelAction action;
    const char* name;
};
constexpr ActionName Actions[] = {
    { RelabelAction::Replace, "replace" }, { RelabelAction::Keep, "keep" }, { RelabelAction::Drop, "drop" },
    { RelabelAction::KeepEqual, "keepequal" }, { RelabelAction::DropEqual, "dropequal" },
    { RelabelAction::HashMod, "hashmod" }, { RelabelAction::LabelMap, "labelmap" },
    { RelabelAction::LabelDrop, "labeldrop" }, { RelabelAction::LabelKeep, "labelkeep" },
    { RelabelAction::Lowercase, "lowercase" }, { RelabelAction::Uppercase, "uppercase" },
};


bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// Go's Regexp.ExpandString: `$$`, `$n`, `${n}`, `$name`, `${name}`; unknown groups expand to nothing.
std::string expand(std::string_view tmpl, const re2::RE2& re, const std::vector<re2::StringPiece>& groups)
{
    std::string out;
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] != '$' || i + 1 >= tmpl.size()) {
            out += tmpl[i];
            continue;
        }
        std::size_t j = i + 1;
        std::string name;
        if (tmpl[j] == '$') {
            out += '$';
            i = j;
            continue;
        }
        if (tmpl[j] == '{') {
            const std::size_t close = tmpl.find('}', j + 1);
            name = close == std::string_view::npos ? std::string() : std::string(tmpl.substr(j + 1, close - j - 1));
            if (name.empty() || !std::all_of(name.begin(), name.end(), isNameChar)) {
                out += '$'; // malformed: the `$` is literal
                continue;
            }
            i = close;
        } else {
            while (j < tmpl.size() && isNameChar(tmpl[j]))
                ++j;
            name = std::string(tmpl.substr(i + 1, j - i - 1));
            if (name.empty()) {
                out += '$';
                continue;
            }
            i = j - 1;
        }
        int index = -1;
        if (std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            index = name.size() < 9 ? std::stoi(name) : -1;
        } else {
            const auto& named = re.NamedCapturingGroups();
            if (auto it = named.find(name); it != named.end())
                index = it->second;
        }
        if (index >= 0 && std::size_t(index) < groups.size() && groups[std::size_t(index)].data())
            out.append(groups[std::size_t(index)].data(), groups[std::size_t(index)].size());
    }
    return out;
}

/// Full-match with submatches; empty when the regex does not match.
bool match(const re2::RE2& re, std::string_view text, std::vector<re2::StringPiece>& groups)
{
    groups.assign(std::size_t(re.NumberOfCapturingGroups() + 1), re2::StringPiece());
    return re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), re2::RE2::ANCHOR_BOTH, groups.data(),
        int(groups.size()));
}

} // namespace

std::optional<RelabelAction> relabelActionFromName(std::string_view name)
{
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    for (const auto& a : Actions)
        if (lower == a.name)
            return a.action;
    return std::nullopt;
}

const char* relabelActionName(RelabelAction action)
{
    for (const auto& a : Actions)
        if (a.action == action)
            return a.name;
    return "replace";
}

Result<RelabelConfig> makeRelabelConfig(RelabelConfig c)
{
    auto bad = [&](const std::string& key, const std::string& what) {
        return Error { ErrorCode::BadData, key + ": " + what + " (action " + relabelActionName(c.action) + ")", {} };
    };
    re2::RE2::Options options;
    options.set_dot_nl(true);
    options.set_log_errors(false);
    auto re = std::make_shared<re2::RE2>("^(?:" + c.regex + ")$", options);
    if (!re->ok())
        return bad("regex", "invalid regular expression \"" + c.regex + "\": " + re->error());
    c.compiled = std::move(re);
    switch (c.action) {
    case RelabelAction::Replace:
    case RelabelAction::HashMod:
    case RelabelAction::Lowercase:
    case RelabelAction::Uppercase:
    case RelabelAction::KeepEqual:
    case RelabelAction::DropEqual:
        if (c.targetLabel.empty())
            return bad("target_label", "relabel configuration requires 'target_label' value");
        break;
    default:
        break;
    }
    if (c.action == RelabelAction::HashMod && c.modulus == 0)
        return bad("modulus", "relabel configuration for hashmod requires non-zero modulus");
    if ((c.action == RelabelAction::KeepEqual || c.action == RelabelAction::DropEqual) && c.regex != "(.*)")
        return bad("regex", "keepequal and dropequal take no regex");
    if ((c.action == RelabelAction::Lowercase || c.action == RelabelAction::Uppercase || c.action == RelabelAction::HashMod)
        && !isLegacyLabelName(c.targetLabel))
        return bad("target_label", "\"" + c.targetLabel + "\" is invalid");
    if (c.action == RelabelAction::LabelDrop || c.action == RelabelAction::LabelKeep) {
        if (!c.sourceLabels.empty() || !c.targetLabel.empty() || c.modulus != 0 || c.separator != ";"
            || c.replacement != "$1")
            return bad("regex", "labeldrop and labelkeep take only 'regex'");
    }
    return c;
}

std::optional<Labels> relabel(const Labels& labels, const std::vector<RelabelConfig>& configs)
{
    std::map<std::string, std::string> lb;
    for (const auto& l : labels)
        lb[l.name] = l.value;
    auto set = [&](const std::string& name, std::string value) {
        if (value.empty())
            lb.erase(name);
        else
            lb[name] = std::move(value);
    };
    std::vector<re2::StringPiece> groups;
    for (const RelabelConfig& c : configs) {
        if (!c.compiled)
            continue;
        const re2::RE2& re = *c.compiled;
        std::string value;
        for (std::size_t i = 0; i < c.sourceLabels.size(); ++i) {
            if (i)
                value += c.separator;
            if (auto it = lb.find(c.sourceLabels[i]); it != lb.end())
                value += it->second;
        }
        auto target = [&]() -> std::string {
            auto it = lb.find(c.targetLabel);
            return it == lb.end() ? std::string() : it->second;
        };
        switch (c.action) {
        case RelabelAction::Drop:
            if (match(re, value, groups))
                return std::nullopt;
            break;
        case RelabelAction::Keep:
            if (!match(re, value, groups))
                return std::nullopt;
            break;
        case RelabelAction::DropEqual:
            if (target() == value)
                return std::nullopt;
            break;
        case RelabelAction::KeepEqual:
            if (target() != value)
                return std::nullopt;
            break;
        case RelabelAction::Replace: {
            if (!match(re, value, groups))
                break;
            const std::string name = expand(c.targetLabel, re, groups);
            if (!isLegacyLabelName(name))
                break;
            set(name, expand(c.replacement, re, groups));
            break;
        }
        case RelabelAction::Lowercase:
        case RelabelAction::Uppercase: {
            std::string v = value;
            for (char& ch : v)
                ch = c.action == RelabelAction::Lowercase ? char(std::tolower((unsigned char)ch))
                                                          : char(std::toupper((unsigned char)ch));
            set(c.targetLabel, std::move(v));
            break;
        }
        case RelabelAction::HashMod: {
            const QByteArray sum
                = QCryptographicHash::hash(QByteArray::fromRawData(value.data(), qsizetype(value.size())), QCryptographicHash::Md5);
            std::uint64_t h = 0;
            for (int i = 8; i < 16; ++i)
                h = (h << 8) | std::uint8_t(sum[i]);
            set(c.targetLabel, std::to_string(h % c.modulus));
            break;
        }
        case RelabelAction::LabelMap: {
            std::vector<std::pair<std::string, std::string>> add;
            for (const auto& [name, v] : lb)
                if (match(re, name, groups))
                    add.emplace_back(expand(c.replacement, re, groups), v);
            for (auto& [name, v] : add)
                set(name, std::move(v));
            break;
        }
        case RelabelAction::LabelDrop:
        case RelabelAction::LabelKeep:
            for (auto it = lb.begin(); it != lb.end();) {
                const bool m = match(re, it->first, groups);
                if (m == (c.action == RelabelAction::LabelDrop))
                    it = lb.erase(it);
                else
                    ++it;
            }
            break;
        }
    }
    std::vector<Label> out;
    out.reserve(lb.size());
    for (auto& [name, value] : lb)
        out.push_back(Label { name, std::move(value) });
    return Labels(std::move(out));
}

} // namespace sg::scrape
