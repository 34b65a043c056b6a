#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sg::remote {

/// Thrown by JsonCursor on malformed input; caught at the decoder's entry point.
struct JsonError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

/// A pull reader over one JSON document held once in memory: the decoders walk the answer and build frames directly,
/// without an intermediate document tree (a 1,000-series day of samples is ~150 MB of JSON).
class JsonCursor
{
public:
    explicit JsonCursor(std::string_view text)
        : m_s(text)
    {
    }

    /// The next value's first character (after whitespace); 0 at the end (and at a NUL byte: see atEnd).
    char peek();
    /// Whether only whitespace is left.
    bool atEnd();
    /// Consumes `{`; then `nextKey` until it returns false (having consumed `}`).
    void beginObject();
    bool nextKey(std::string& key);
    /// Consumes `[`; then `nextElement` until it returns false (having consumed `]`).
    void beginArray();
    bool nextElement();
    std::string readString();
    /// Reads a string into `out` (replacing its contents).
    void readString(std::string& out);
    double readNumber();
    bool readBool();
    /// A string, number, true/false or null as text (null: empty).
    std::string readScalar();
    /// Skips one value of any kind.
    void skipValue();
    /// True when the next value is `null` (consumed).
    bool readNull();
    std::size_t offset() const { return m_i; }

private:
    [[noreturn]] void fail(const char* what) const;
    void skipWs();
    void expect(char c);
    void open(char c);
    /// Past the `,` before the next member, or past `close` (then false).
    bool nextMember(char close);

    std::string_view m_s;
    std::size_t m_i = 0;
    int m_depth = 0;
    bool m_first = false; ///< the container just opened has not had an element yet
};

} // namespace sg::remote
