#include "registry.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace sg::metrics {

std::vector<double> defaultBuckets()
{
    return { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
}

Histogram::Histogram(std::vector<double> upperBounds)
    : m_bounds(std::move(upperBounds))
{
    std::sort(m_bounds.begin(), m_bounds.end());
    m_bounds.erase(std::unique(m_bounds.begin(), m_bounds.end()), m_bounds.end());
    while (!m_bounds.empty() && std::isinf(m_bounds.back()))
        m_bounds.pop_back();
    m_counts.assign(m_bounds.size() + 1, 0);
}

void Histogram::observe(double v)
{
    observeMany(v, 1);
}

void Histogram::observeMany(double v, std::uint64_t count)
{
    if (count == 0)
        return;
    // first bucket whose upper bound is >= v (le is inclusive)
    const auto idx = std::size_t(std::lower_bound(m_bounds.begin(), m_bounds.end(), v) - m_bounds.begin());
    std::lock_guard lock(m_mutex);
    m_counts[idx] += count;
    m_sum += v * double(count);
}

Histogram::Snapshot Histogram::snapshot() const
{
    Snapshot s;
    s.upperBounds = m_bounds;
    s.cumulative.resize(m_counts.size());
    std::lock_guard lock(m_mutex);
    std::uint64_t acc = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        acc += m_counts[i];
        s.cumulative[i] = acc;
    }
    s.count = acc;
    s.sum = m_sum;
    return s;
}

struct Registry::Family
{
    std::string name;
    std::string help;
    MetricType type = MetricType::Counter;
    std::map<Labels, std::unique_ptr<Counter>> counters;
    std::map<Labels, std::unique_ptr<Gauge>> gauges;
    std::map<Labels, std::unique_ptr<Histogram>> histograms;
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family& Registry::family(std::string_view name, std::string_view help, MetricType type)
{
    auto it = m_families.find(name);
    if (it == m_families.end()) {
        auto f = std::make_unique<Family>();
        f->name = std::string(name);
        f->help = std::string(help);
        f->type = type;
        it = m_families.emplace(f->name, std::move(f)).first;
    }
    return *it->second;
}

Counter& Registry::counter(std::string_view name, std::string_view help, const Labels& labels)
{
    std::lock_guard lock(m_mutex);
    auto& f = family(name, help, MetricType::Counter);
    if (f.type != MetricType::Counter) {
        assert(!"metric registered with another type");
        return *m_detachedCounters.emplace_back(std::make_unique<Counter>());
    }
    auto& slot = f.counters[labels];
    if (!slot)
        slot = std::make_unique<Counter>();
    return *slot;
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const Labels& labels)
{
    std::lock_guard lock(m_mutex);
    auto& f = family(name, help, MetricType::Gauge);
    if (f.type != MetricType::Gauge) {
        assert(!"metric registered with another type");
        return *m_detachedGauges.emplace_back(std::make_unique<Gauge>());
    }
    auto& slot = f.gauges[labels];
    if (!slot)
        slot = std::make_unique<Gauge>();
    return *slot;
}

Histogram& Registry::histogram(
    std::string_view name, std::string_view help, const std::vector<double>& buckets, const Labels& labels)
{
    std::lock_guard lock(m_mutex);
    auto& f = family(name, help, MetricType::Histogram);
    if (f.type != MetricType::Histogram) {
        assert(!"metric registered with another type");
        return *m_detachedHistograms.emplace_back(std::make_unique<Histogram>(buckets));
    }
    auto& slot = f.histograms[labels];
    if (!slot)
        slot = std::make_unique<Histogram>(buckets);
    return *slot;
}

namespace {

const char* typeName(MetricType t)
{
    switch (t) {
    case MetricType::Counter:
        return "counter";
    case MetricType::Gauge:
        return "gauge";
    case MetricType::Histogram:
        return "histogram";
    }
    return "untyped";
}

/// `name{a="b",le="0.5"} value\n`; `extraName`/`extraValue` is appended last when given (the `le` label).
void appendSample(std::string& out, std::string_view name, const Labels& labels, double value,
    std::string_view extraName = {}, std::string_view extraValue = {})
{
    out += name;
    if (!labels.empty() || !extraName.empty()) {
        out += '{';
        bool first = true;
        for (const auto& l : labels) {
            if (l.name == "__name__")
                continue;
            if (!first)
                out += ',';
            first = false;
            out += l.name;
            out += "=\"";
            out += escapeLabelValue(l.value);
            out += '"';
        }
        if (!extraName.empty()) {
            if (!first)
                out += ',';
            out += extraName;
            out += "=\"";
            out += extraValue;
            out += '"';
        }
        out += '}';
    }
    out += ' ';
    appendValue(out, value);
    out += '\n';
}

} // namespace

std::string Registry::render() const
{
    std::string out;
    out.reserve(4096);
    std::lock_guard lock(m_mutex);
    for (const auto& [name, f] : m_families) {
        if (f->counters.empty() && f->gauges.empty() && f->histograms.empty())
            continue;
        out += "# HELP ";
        out += name;
        out += ' ';
        out += escapeHelp(f->help);
        out += "\n# TYPE ";
        out += name;
        out += ' ';
        out += typeName(f->type);
        out += '\n';
        for (const auto& [labels, c] : f->counters)
            appendSample(out, name, labels, c->value());
        for (const auto& [labels, g] : f->gauges)
            appendSample(out, name, labels, g->value());
        const std::string bucket = name + "_bucket";
        for (const auto& [labels, h] : f->histograms) {
            const auto s = h->snapshot();
            for (std::size_t i = 0; i < s.upperBounds.size(); ++i)
                appendSample(out, bucket, labels, double(s.cumulative[i]), "le", formatValue(s.upperBounds[i]));
            appendSample(out, bucket, labels, double(s.count), "le", "+Inf");
            appendSample(out, name + "_sum", labels, s.sum);
            appendSample(out, name + "_count", labels, double(s.count));
        }
    }
    return out;
}

std::vector<Registry::Sample> Registry::collect() const
{
    std::vector<Sample> out;
    std::lock_guard lock(m_mutex);
    for (const auto& [name, f] : m_families) {
        for (const auto& [labels, c] : f->counters)
            out.push_back({ labels.with("__name__", name), c->value() });
        for (const auto& [labels, g] : f->gauges)
            out.push_back({ labels.with("__name__", name), g->value() });
        for (const auto& [labels, h] : f->histograms) {
            const auto s = h->snapshot();
            const Labels bucket = labels.with("__name__", name + "_bucket");
            for (std::size_t i = 0; i < s.upperBounds.size(); ++i)
                out.push_back({ bucket.with("le", formatValue(s.upperBounds[i])), double(s.cumulative[i]) });
            out.push_back({ bucket.with("le", "+Inf"), double(s.count) });
            out.push_back({ labels.with("__name__", name + "_sum"), s.sum });
            out.push_back({ labels.with("__name__", name + "_count"), double(s.count) });
        }
    }
    return out;
}

} // namespace sg::metrics
