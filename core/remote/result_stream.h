#pragma once

// A query answer split as its bytes arrive, so large answers become frames while they are still being received.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::remote {

/// Splits a Prometheus or Loki query answer (`{"status", "data": {"resultType", "result": [...]}, ...}`) as its bytes
/// arrive: each object element of `data.result` (a series or a stream) is handed to the sink as soon as its last byte
/// is in, and is not kept. Everything else — the envelope, `resultType`, warnings, a scalar or string result — is kept
/// as `rest()`, in which `result` holds only what was not handed out (`[]` for series and streams), to be decoded once
/// the answer is complete. It checks no more than it needs to find the elements: the sink and the decoding of `rest()`
/// find malformed JSON.
class ResultStreamSplitter
{
public:
    using ElementSink = std::function<void(std::string_view element)>;

    explicit ResultStreamSplitter(ElementSink sink)
        : m_sink(std::move(sink))
    {
    }

    /// The next bytes of the answer, in any pieces.
    void feed(std::string_view bytes);

    /// The answer without the elements handed out.
    const std::string& rest() const { return m_rest; }

private:
    enum class Target { Rest, Element, Drop };
    void onStructural(char c, std::size_t at, std::string_view bytes, std::size_t& runStart);
    void switchTo(Target target, std::string_view bytes, std::size_t at, std::size_t& runStart);

    ElementSink m_sink;
    std::string m_rest;
    std::string m_element;
    Target m_target = Target::Rest;
    std::vector<char> m_open;     ///< the containers open, '{' or '['
    bool m_inString = false;
    bool m_escape = false;
    bool m_expectKey = false;     ///< the next string is an object key
    bool m_inKey = false;
    std::string m_key;            ///< the key being read (only at depths 1 and 2)
    std::string m_keys[2];        ///< the last key at depths 1 and 2
    std::size_t m_resultDepth = 0; ///< depth inside `data.result` (3) while in it, else 0
    bool m_decided = false;       ///< whether the result's first element was seen (objects are streamed)
};

} // namespace sg::remote
