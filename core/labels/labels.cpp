#include "labels.h"

#include <algorithm>

namespace sg {

namespace {
std::uint64_t fnv1a(std::uint64_t h, std::string_view s)
{
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}
}

Labels::Labels(std::initializer_list<Label> labels) { assign(std::vector<Label>(labels), true); }

Labels::Labels(std::vector<Label> labels) { assign(std::move(labels), true); }

Labels Labels::keepingEmpty(std::vector<Label> labels)
{
    Labels out;
    out.assign(std::move(labels), false);
    return out;
}

const std::vector<Label>& Labels::emptyItems()
{
    static const std::vector<Label> empty;
    return empty;
}

void Labels::assign(std::vector<Label> labels, bool dropEmpty)
{
    const auto byName = [](const Label& a, const Label& b) { return a.name < b.name; };
    if (!std::is_sorted(labels.begin(), labels.end(), byName)) // most sets come sorted: no sort, no buffer
        std::stable_sort(labels.begin(), labels.end(), byName);
    // keep the last of duplicate names, in place
    std::size_t kept = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (kept > 0 && labels[kept - 1].name == labels[i].name)
            labels[kept - 1] = std::move(labels[i]);
        else if (kept++ != i)
            labels[kept - 1] = std::move(labels[i]);
    }
    labels.resize(kept);
    if (dropEmpty)
        std::erase_if(labels, [](const Label& l) { return l.value.empty(); });
    if (labels.empty()) {
        m_data.reset();
        return;
    }
    std::uint64_t h = EmptyHash;
    for (const auto& l : labels) {
        h = fnv1a(h, l.name);
        h = fnv1a(h, std::string_view("\xff", 1));
        h = fnv1a(h, l.value);
        h = fnv1a(h, std::string_view("\xfe", 1));
    }
    m_data = std::make_shared<const Data>(Data { std::move(labels), h });
}

std::string_view Labels::get(std::string_view name) const
{
    auto it = std::lower_bound(items().begin(), items().end(), name,
        [](const Label& l, std::string_view n) { return l.name < n; });
    if (it != items().end() && it->name == name)
        return it->value;
    return {};
}

bool Labels::has(std::string_view name) const
{
    auto it = std::lower_bound(items().begin(), items().end(), name,
        [](const Label& l, std::string_view n) { return l.name < n; });
    return it != items().end() && it->name == name;
}

Labels Labels::with(std::string_view name, std::string_view value) const
{
    // Only `name` is dropped when `value` is empty; other empty values of a `keepingEmpty` set stay.
    if (value.empty() ? !has(name) : get(name) == value)
        return *this; // shared, not copied
    std::vector<Label> v;
    v.reserve(items().size() + 1);
    for (const auto& l : items())
        if (l.name != name)
            v.push_back(l);
    if (!value.empty())
        v.push_back(Label { std::string(name), std::string(value) });
    return keepingEmpty(std::move(v));
}

Labels Labels::without(const std::vector<std::string>& names) const
{
    if (std::none_of(names.begin(), names.end(), [&](const std::string& n) { return has(n); }))
        return *this; // shared, not copied
    std::vector<Label> v;
    for (const auto& l : items())
        if (std::find(names.begin(), names.end(), l.name) == names.end())
            v.push_back(l);
    return keepingEmpty(std::move(v));
}

Labels Labels::keepOnly(const std::vector<std::string>& names) const
{
    if (std::all_of(items().begin(), items().end(),
            [&](const Label& l) { return std::find(names.begin(), names.end(), l.name) != names.end(); }))
        return *this; // shared, not copied
    std::vector<Label> v;
    for (const auto& l : items())
        if (std::find(names.begin(), names.end(), l.name) != names.end())
            v.push_back(l);
    return keepingEmpty(std::move(v));
}

Labels Labels::withoutMetricName() const { return without({ "__name__" }); }

std::string escapeLabelValue(std::string_view v)
{
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c;
        }
    }
    return out;
}

std::string Labels::toString() const
{
    std::string out(metricName());
    out += '{';
    bool first = true;
    for (const auto& l : items()) {
        if (l.name == "__name__")
            continue;
        if (!first)
            out += ", ";
        first = false;
        out += l.name;
        out += "=\"";
        out += escapeLabelValue(l.value);
        out += '"';
    }
    out += '}';
    return out;
}

bool Labels::operator<(const Labels& other) const
{
    if (m_data == other.m_data)
        return false;
    const auto n = std::min(items().size(), other.items().size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = items()[i];
        const auto& b = other.items()[i];
        if (a.name != b.name)
            return a.name < b.name;
        if (a.value != b.value)
            return a.value < b.value;
    }
    return items().size() < other.items().size();
}

} // namespace sg
