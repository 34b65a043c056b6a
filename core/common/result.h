#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sg {

/// A half-open byte range [begin, end) in text the user typed (a query, a config file line).
struct SourceRange
{
    int begin = 0;
    int end = 0;
};

/// What kind of failure an Error describes; maps onto HTTP API error types later.
enum class ErrorCode {
    Parse,      ///< the text does not parse; `where` points at the offending part
    Execution,  ///< evaluation failed (type mismatch, invalid argument)
    BadData,    ///< input data (a scrape, a push) is malformed
    Limit,      ///< a configured limit was exceeded
    Canceled,   ///< the request was cancelled
    Timeout,    ///< the request ran out of time
    Io,         ///< a file or network operation failed
    Internal,   ///< a bug: an exception escaped an operation
};

/// An error as a value; crosses threads and task boundaries instead of exceptions.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    SourceRange where;

    /// Text for display. Parse messages already name their position in the language's own style.
    std::string toString() const { return message; }
};

inline Error parseError(std::string message, int begin, int end)
{
    return Error { ErrorCode::Parse, std::move(message), SourceRange { begin, end } };
}

/// Holds either a T or an Error.
template<class T>
class Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::move(error))
    {
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() &
    {
        assert(ok());
        return std::get<0>(m_data);
    }
    const T& value() const&
    {
        assert(ok());
        return std::get<0>(m_data);
    }
    T&& value() &&
    {
        assert(ok());
        return std::get<0>(std::move(m_data));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    const Error& error() const
    {
        assert(!ok());
        return std::get<1>(m_data);
    }

private:
    std::variant<T, Error> m_data;
};

} // namespace sg
