#include "drain.h"

#include "core/common/saturating.h"

#include <algorithm>
#include <unordered_map>

namespace sg::patterns {

/// A tree node: children by token (at most maxChildren, the `<_>` branch included) and, at a leaf, the clusters
/// whose first tokens lead there.
struct DrainMiner::Node
{
    std::vector<std::pair<std::string_view, Node*>> children; ///< keys view cluster texts, which live as long
    Node* param = nullptr;                                    ///< the `<_>` branch
    std::vector<Cluster*> clusters;

    std::size_t childCount() const { return children.size() + (param ? 1 : 0); }
    Node* child(std::string_view key) const
    {
        for (const auto& c : children)
            if (c.first == key)
                return c.second;
        return nullptr;
    }
};

/// One cluster: the template (tokens viewing `text`, a copy of its first line, or ParamToken) and its counts.
struct DrainMiner::Cluster
{
    std::string text;
    std::vector<std::string_view> tokens;
    std::vector<std::uint8_t> spacesAfter;
    std::uint8_t leadingSpaces = 0;
    std::vector<WindowStats> windows;
};

void WindowStats::merge(const WindowStats& other, std::size_t maxSamples)
{
    count += other.count;
    firstSeen = std::min(firstSeen, other.firstSeen);
    lastSeen = std::max(lastSeen, other.lastSeen);
    for (std::size_t i = 0; i < other.samples.size() && samples.size() < maxSamples; ++i)
        samples.push_back(other.samples[i]);
    if (buckets.size() < other.buckets.size())
        buckets.resize(other.buckets.size());
    for (std::size_t i = 0; i < other.buckets.size(); ++i)
        buckets[i] += other.buckets[i];
}

std::uint64_t MinedPattern::total() const
{
    std::uint64_t n = 0;
    for (const auto& w : windows)
        n += w.count;
    return n;
}

DrainMiner::DrainMiner(std::vector<MiningWindow> windows, DrainOptions options)
    : m_windows(std::move(windows))
    , m_options(options)
{
    if (m_windows.empty())
        m_windows.emplace_back();
    m_options.depth = std::max(m_options.depth, 3);
    m_maxNodeDepth = std::size_t(m_options.depth - 2);
    m_options.maxChildren = std::max<std::size_t>(m_options.maxChildren, 2);
    m_byTokenCount.assign(MaxTokens + 1, nullptr);
}

DrainMiner::~DrainMiner() = default;

DrainMiner::Node* DrainMiner::newNode()
{
    m_nodes.emplace_back();
    return &m_nodes.back();
}

bool DrainMiner::add(std::string_view line, TimestampNs ts, std::size_t window)
{
    if (window >= m_windows.size() || line.size() > m_options.maxLineBytes) {
        ++m_skipped;
        return false;
    }
    tokenizeLine(line, m_line);
    if (m_line.tokens.empty()) {
        ++m_skipped;
        return false;
    }
    Cluster* cluster = search(m_line.tokens);
    if (!cluster) {
        if (m_clusters.size() >= m_options.maxClusters) {
            ++m_skipped;
            return false;
        }
        cluster = createCluster(line);
        addToTree(cluster);
    } else {
        auto& tmpl = cluster->tokens;
        for (std::size_t i = 0; i < tmpl.size(); ++i)
            if (!isParam(tmpl[i]) && (isParam(m_line.tokens[i]) || tmpl[i] != m_line.tokens[i]))
                tmpl[i] = ParamToken;
    }
    count(*cluster, line, ts, window);
    ++m_added;
    return true;
}

DrainMiner::Cluster* DrainMiner::search(const std::vector<std::string_view>& tokens) const
{
    const std::size_t n = tokens.size();
    const Node* node = m_byTokenCount[n];
    if (!node)
        return nullptr;
    std::size_t depth = 1;
    for (const auto& token : tokens) {
        if (depth >= m_maxNodeDepth || depth == n)
            break;
        const Node* next = isParam(token) ? node->param : node->child(token);
        if (!next)
            next = node->param;
        if (!next)
            return nullptr;
        node = next;
        ++depth;
    }
    return bestMatch(*node, tokens);
}

DrainMiner::Cluster* DrainMiner::bestMatch(const Node& leaf, const std::vector<std::string_view>& tokens) const
{
    Cluster* best = nullptr;
    double bestSim = -1;
    long bestParams = -1;
    const std::size_t n = tokens.size();
    for (Cluster* c : leaf.clusters) {
        std::size_t same = 0;
        long params = 0;
        const std::string_view* t = c->tokens.data();
        for (std::size_t i = 0; i < n; ++i) {
            if (isParam(t[i]))
                ++params;
            else if (!isParam(tokens[i]) && t[i] == tokens[i])
                ++same;
        }
        const double sim = double(same) / double(n);
        if (sim > bestSim || (sim == bestSim && params > bestParams)) {
            bestSim = sim;
            bestParams = params;
            best = c;
        }
    }
    return bestSim >= m_options.similarity ? best : nullptr;
}

DrainMiner::Cluster* DrainMiner::createCluster(std::string_view line)
{
    auto c = std::make_unique<Cluster>();
    c->text.assign(line);
    c->tokens.reserve(m_line.tokens.size());
    for (const auto& t : m_line.tokens)
        c->tokens.push_back(isParam(t) ? t : std::string_view(c->text).substr(std::size_t(t.data() - line.data()), t.size()));
    c->spacesAfter = m_line.spacesAfter;
    c->leadingSpaces = m_line.leadingSpaces;
    c->windows.resize(m_windows.size());
    m_clusters.push_back(std::move(c));
    return m_clusters.back().get();
}

void DrainMiner::addToTree(Cluster* cluster)
{
    const std::size_t n = cluster->tokens.size();
    Node*& first = m_byTokenCount[n];
    if (!first)
        first = newNode();
    Node* node = first;
    const std::size_t maxChildren = m_options.maxChildren;
    std::size_t depth = 1;
    for (const auto& token : cluster->tokens) {
        if (depth >= m_maxNodeDepth || depth >= n) {
            node->clusters.push_back(cluster);
            return;
        }
        Node* existing = isParam(token) ? node->param : node->child(token);
        auto paramBranch = [&] {
            if (!node->param)
                node->param = newNode();
            return node->param;
        };
        auto tokenBranch = [&] {
            Node* child = newNode();
            node->children.emplace_back(token, child);
            return child;
        };
        if (existing) {
            node = existing;
        } else if (isParam(token) || hasDigit(token)) {
            // Tokens with digits are likely values: they share the `<_>` branch.
            node = paramBranch();
        } else if (node->param) {
            node = node->childCount() < maxChildren ? tokenBranch() : node->param;
        } else {
            // Keep the last free child for the `<_>` branch.
            node = node->childCount() + 1 < maxChildren ? tokenBranch() : paramBranch();
        }
        ++depth;
    }
    node->clusters.push_back(cluster);
}

void DrainMiner::count(Cluster& cluster, std::string_view line, TimestampNs ts, std::size_t window)
{
    WindowStats& w = cluster.windows[window];
    ++w.count;
    w.firstSeen = std::min(w.firstSeen, ts);
    w.lastSeen = std::max(w.lastSeen, ts);
    if (w.samples.size() < m_options.samples)
        w.samples.emplace_back(line);
    const MiningWindow& mw = m_windows[window];
    if (mw.bucket > 0 && ts >= mw.start && ts < mw.end) {
        // a window may span all of int64 nanoseconds, wider than int64 holds
        const auto bucket = std::uint64_t(mw.bucket);
        const auto index = std::size_t(unsignedSpan(mw.start, ts) / bucket);
        if (w.buckets.empty())
            w.buckets.resize(std::size_t(ceilDiv(unsignedSpan(mw.start, mw.end), bucket)));
        ++w.buckets[index];
    }
}

std::vector<MinedPattern> DrainMiner::patterns() const
{
    std::vector<MinedPattern> out;
    std::unordered_map<std::string, std::size_t> index;
    for (const auto& c : m_clusters) {
        std::string text = renderPattern(c->tokens, c->spacesAfter, c->leadingSpaces);
        auto [it, inserted] = index.try_emplace(text, out.size());
        if (inserted) {
            out.push_back(MinedPattern { std::move(text), {}, c->windows });
            continue;
        }
        auto& target = out[it->second].windows;
        for (std::size_t w = 0; w < target.size(); ++w)
            target[w].merge(c->windows[w], m_options.samples);
    }
    std::sort(out.begin(), out.end(), [](const MinedPattern& a, const MinedPattern& b) {
        const auto ta = a.total(), tb = b.total();
        return ta != tb ? ta > tb : a.pattern < b.pattern;
    });
    return out;
}

std::string renderPattern(const std::vector<std::string_view>& tokens, const std::vector<std::uint8_t>& spacesAfter,
    std::uint8_t leadingSpaces)
{
    std::string out(leadingSpaces, ' ');
    bool afterParam = false; // the last thing written is a `<_>` with nothing after it
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (isParam(tokens[i])) {
            if (!afterParam)
                out += ParamToken;
            afterParam = true;
        } else {
            out += tokens[i];
            afterParam = false;
        }
        if (i < spacesAfter.size() && spacesAfter[i] > 0) {
            out.append(spacesAfter[i], ' ');
            afterParam = false;
        }
    }
    return out;
}

} // namespace sg::patterns
