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

Labels::Labels(std::initializer_list<Label> labels)
    : m_labels(labels)
{
    normalize();
}

Labels::Labels(std::vector<Label> labels)
    : m_labels(std::move(labels))
{
    normalize();
}

Labels Labels::keepingEmpty(std::vector<Label> labels)
{
    Labels out;
    out.m_labels = std::move(labels);
    out.normalize(false);
    return out;
}

void Labels::normalize(bool dropEmpty)
{
    const auto byName = [](const Label& a, const Label& b) { return a.name < b.name; };
    if (!std::is_sorted(m_labels.begin(), m_labels.end(), byName)) // most sets come sorted: no sort, no buffer
        std::stable_sort(m_labels.begin(), m_labels.end(), byName);
    // keep the last of duplicate names, in place
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m_labels.size(); ++i) {
        if (kept > 0 && m_labels[kept - 1].name == m_labels[i].name)
            m_labels[kept - 1] = std::move(m_labels[i]);
        else if (kept++ != i)
            m_labels[kept - 1] = std::move(m_labels[i]);
    }
    m_labels.resize(kept);
    if (dropEmpty)
        std::erase_if(m_labels, [](const Label& l) { return l.value.empty(); });
    std::uint64_t h = 14695981039346656037ULL;
    for (const auto& l : m_labels) {
        h = fnv1a(h, l.name);
        h = fnv1a(h, std::string_view("\xff", 1));
        h = fnv1a(h, l.value);
        h = fnv1a(h, std::string_view("\xfe", 1));
    }
    m_hash = h;
}

std::string_view Labels::get(std::string_view name) const
{
    auto it = std::lower_bound(m_labels.begin(), m_labels.end(), name,
        [](const Label& l, std::string_view n) { return l.name < n; });
    if (it != m_labels.end() && it->name == name)
        return it->value;
    return {};
}

bool Labels::has(std::string_view name) const
{
    auto it = std::lower_bound(m_labels.begin(), m_labels.end(), name,
        [](const Label& l, std::string_view n) { return l.name < n; });
    return it != m_labels.end() && it->name == name;
}

Labels Labels::with(std::string_view name, std::string_view value) const
{
    // Only `name` is dropped when `value` is empty; other empty values of a `keepingEmpty` set stay.
    std::vector<Label> v;
    v.reserve(m_labels.size() + 1);
    for (const auto& l : m_labels)
        if (l.name != name)
            v.push_back(l);
    if (!value.empty())
        v.push_back(Label { std::string(name), std::string(value) });
    return keepingEmpty(std::move(v));
}

Labels Labels::without(const std::vector<std::string>& names) const
{
    std::vector<Label> v;
    for (const auto& l : m_labels)
        if (std::find(names.begin(), names.end(), l.name) == names.end())
            v.push_back(l);
    return keepingEmpty(std::move(v));
}

Labels Labels::keepOnly(const std::vector<std::string>& names) const
{
    std::vector<Label> v;
    for (const auto& l : m_labels)
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
    for (const auto& l : m_labels) {
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
    const auto n = std::min(m_labels.size(), other.m_labels.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = m_labels[i];
        const auto& b = other.m_labels[i];
        if (a.name != b.name)
            return a.name < b.name;
        if (a.value != b.value)
            return a.value < b.value;
    }
    return m_labels.size() < other.m_labels.size();
}

} // namespace sg
