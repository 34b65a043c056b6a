#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sg {

/// One label: a name and a value.
struct Label
{
    std::string name;
    std::string value;
    bool operator==(const Label&) const = default;
};

/// An immutable set of labels, sorted by name, with its hash computed once.
/// Shared by metric series and log streams. Copies share one set (a copy is a reference count): a query hands the
/// same labels to every step's sample of a series, and a store's series to every query.
class Labels
{
public:
    Labels() = default;
    /// Builds from any order; later duplicates of a name win; empty values are dropped (as in Prometheus).
    Labels(std::initializer_list<Label> labels);
    explicit Labels(std::vector<Label> labels);
    /// Builds like the constructor but keeps labels whose value is empty. LogQL needs this: in Loki a parsed or
    /// structured-metadata label with an empty value (`name=""`) is a label of its own, distinct from an absent one.
    /// Such a set keeps its empty values through `without`, `keepOnly` and `with` (of another name).
    static Labels keepingEmpty(std::vector<Label> labels);

    const std::vector<Label>& items() const { return m_data ? m_data->labels : emptyItems(); }
    bool empty() const { return items().empty(); }
    std::size_t size() const { return items().size(); }
    auto begin() const { return items().begin(); }
    auto end() const { return items().end(); }

    /// The value of `name`, or "" when absent.
    std::string_view get(std::string_view name) const;
    /// True when the set holds `name` (with an empty value too, in a set made by `keepingEmpty`).
    bool has(std::string_view name) const;
    std::uint64_t hash() const { return m_data ? m_data->hash : EmptyHash; }

    /// The metric name (`__name__`), or "".
    std::string_view metricName() const { return get("__name__"); }

    /// A copy with `name` set to `value` (removed when value is empty).
    Labels with(std::string_view name, std::string_view value) const;
    /// A copy without the given names.
    Labels without(const std::vector<std::string>& names) const;
    /// A copy keeping only the given names.
    Labels keepOnly(const std::vector<std::string>& names) const;
    /// A copy without `__name__`.
    Labels withoutMetricName() const;

    /// `name{a="b", c="d"}` as Prometheus prints series (name outside braces when present).
    std::string toString() const;

    bool operator==(const Labels& other) const
    {
        return m_data == other.m_data || (hash() == other.hash() && items() == other.items());
    }
    bool operator<(const Labels& other) const;

private:
    /// The FNV-1a offset basis: the hash of the empty set.
    static constexpr std::uint64_t EmptyHash = 14695981039346656037ULL;
    struct Data
    {
        std::vector<Label> labels;
        std::uint64_t hash = EmptyHash;
    };
    static const std::vector<Label>& emptyItems();
    /// Sorts, drops duplicate names (the last wins) and, with `dropEmpty`, empty values; then shares the result.
    void assign(std::vector<Label> labels, bool dropEmpty);
    std::shared_ptr<const Data> m_data; ///< null: the empty set
};

struct LabelsHash
{
    std::size_t operator()(const Labels& l) const { return l.hash(); }
};

/// Escapes a label value for printing inside double quotes (\\, \", \n).
std::string escapeLabelValue(std::string_view v);

} // namespace sg
