#pragma once

// Private time helpers of the template engine, shared by the layout formatter, the parser and the functions.

#include "template_impl.h"

namespace sg::logql::tmpl {

constexpr std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/// Days since 1970-01-01 of a proleptic Gregorian date, and back.
std::int64_t daysFromCivil(std::int64_t y, int m, int d);
void civilFromDays(std::int64_t z, std::int64_t& y, int& m, int& d);
bool isLeap(std::int64_t y);

extern const char* const LongMonths[12];
extern const char* const LongDays[7];

/// The elements of a Go reference layout (time/format.go's std values).
enum class Std {
    None,
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    pm,
    TZ,
    ISO8601TZ,
    ISO8601SecondsTZ,
    ISO8601ShortTZ,
    ISO8601ColonTZ,
    ISO8601ColonSecondsTZ,
    NumTZ,
    NumSecondsTz,
    NumShortTZ,
    NumColonTZ,
    NumColonSecondsTZ,
    Frac0,
    Frac9
};

struct Chunk
{
    std::size_t at = 0, len = 0; // the std element's position in the layout
    Std std = Std::None;
    int digits = 0; // fractional seconds
};

/// Go's nextStdChunk: the first std element at or after `from` (Std::None at the end).
Chunk nextChunk(std::string_view layout, std::size_t from);

/// The wall clock of a time in its zone.
struct Civil
{
    std::int64_t year = 1970;
    int month = 1, day = 1, hour = 0, min = 0, sec = 0, yday = 1, wday = 4;
};

Civil civilOf(const Value& t);

} // namespace sg::logql::tmpl
