// The time functions of LogQL templates (__timestamp__, now, date, toDate, toDateInZone, unixEpoch*, unixToTime)
// and the methods a template may call on a time (`.Unix`, `.Format "2006"`). "Local" is the server zone, which
// Sightglass takes as UTC.
#include "template_time.h"

#include <QByteArray>
#include <QTimeZone>
#include <algorithm>
#include <charconv>
#include <chrono>

namespace sg::logql::tmpl {

namespace {

Value zeroTime()
{
    return Value::time(daysFromCivil(1, 1, 1) * 86400, 0);
}

Value nowTime()
{
    using namespace std::chrono;
    const auto ns = duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
    return Value::time(floorDiv(ns, 1'000'000'000), std::int32_t(ns - floorDiv(ns, 1'000'000'000) * 1'000'000'000));
}

Value inUtc(Value t)
{
    t.offset = 0;
    t.s = "UTC";
    return t;
}

} // namespace

bool timeMethod(const Value& t, std::string_view name, std::span<const Value> args, Value& out, std::string& err)
{
    const std::size_t want = name == "Format" ? 1 : 0;
    static const std::string_view known[] = { "Unix", "UnixMilli", "UnixMicro", "UnixNano", "Year", "Day", "Hour",
        "Minute", "Second", "Nanosecond", "YearDay", "UTC", "String", "Format" };
    if (std::find(std::begin(known), std::end(known), name) == std::end(known))
        return false;
    if (args.size() != want) {
        err = "wrong number of args for " + std::string(name) + ": want " + std::to_string(want) + " got "
            + std::to_string(args.size());
        return false;
    }
    const Civil c = civilOf(t);
    if (name == "Unix")
        out = Value::int64(t.i);
    else if (name == "UnixMilli")
        out = Value::int64(std::int64_t(std::uint64_t(t.i) * 1000u + std::uint64_t(t.nsec / 1'000'000)));
    else if (name == "UnixMicro")
        out = Value::int64(std::int64_t(std::uint64_t(t.i) * 1'000'000u + std::uint64_t(t.nsec / 1000)));
    else if (name == "UnixNano")
        out = Value::int64(std::int64_t(std::uint64_t(t.i) * 1'000'000'000u + std::uint64_t(t.nsec)));
    else if (name == "Year")
        out = Value::integer(c.year);
    else if (name == "Day")
        out = Value::integer(c.day);
    else if (name == "Hour")
        out = Value::integer(c.hour);
    else if (name == "Minute")
        out = Value::integer(c.min);
    else if (name == "Second")
        out = Value::integer(c.sec);
    else if (name == "Nanosecond")
        out = Value::integer(t.nsec);
    else if (name == "YearDay")
        out = Value::integer(c.yday);
    else if (name == "UTC")
        out = inUtc(t);
    else if (name == "String")
        out = Value::str(timeString(t));
    else if (args[0].kind != Value::Kind::String) {
        err = "wrong type for value; expected string; got " + typeName(args[0]);
        return false;
    } else {
        out = Value::str(formatTime(t, args[0].s));
    }
    return true;
}

namespace {

using Args = std::vector<Value>;

bool fnTimestamp(Args&, const CallEnv& env, Value& out, std::string&)
{
    const std::int64_t sec = floorDiv(env.ts, 1'000'000'000);
    out = Value::time(sec, std::int32_t(env.ts - sec * 1'000'000'000));
    return true;
}

bool fnNow(Args&, const CallEnv&, Value& out, std::string&)
{
    out = nowTime();
    return true;
}

bool fnDate(Args& a, const CallEnv&, Value& out, std::string&)
{
    Value t;
    if (a[1].kind == Value::Kind::Time)
        t = inUtc(a[1]);
    else if (a[1].isInt())
        t = Value::time(a[1].i, 0);
    else
        t = nowTime();
    out = Value::str(formatTime(t, a[0].s));
    return true;
}

bool fnToDate(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::string err;
    if (!parseTime(a[0].s, a[1].s, "Local", out, err))
        out = zeroTime();
    return true;
}

bool fnToDateInZone(Args& a, const CallEnv&, Value& out, std::string&)
{
    std::string zone = a[1].s;
    if (zone != "UTC" && zone != "Local" && !zone.empty() && !QTimeZone(QByteArray::fromStdString(zone)).isValid())
        zone = "UTC";
    std::string err;
    if (!parseTime(a[0].s, a[2].s, zone, out, err))
        out = zeroTime();
    return true;
}

bool fnUnixEpoch(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(std::to_string(a[0].i));
    return true;
}

bool fnUnixEpochMillis(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(
        std::to_string(std::int64_t(std::uint64_t(a[0].i) * 1000u + std::uint64_t(a[0].nsec / 1'000'000))));
    return true;
}

bool fnUnixEpochNanos(Args& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(std::to_string(std::int64_t(std::uint64_t(a[0].i) * 1'000'000'000u + std::uint64_t(a[0].nsec))));
    return true;
}

// Loki's unixToTime: the digit count tells days (5), seconds (10), ms (13), µs (16) or ns (19).
bool fnUnixToTime(Args& a, const CallEnv&, Value& out, std::string& err)
{
    const std::string& s = a[0].s;
    std::int64_t i = 0;
    std::string_view digits = s;
    if (!digits.empty() && digits[0] == '+')
        digits.remove_prefix(1);
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), i);
    if (digits.empty() || r.ptr != digits.data() + digits.size() || (digits[0] == '-' && digits.size() == 1)) {
        err = "unable to parse time '" + s + "': strconv.ParseInt: parsing " + goQuote(s)
            + (r.ec == std::errc::result_out_of_range ? ": value out of range" : ": invalid syntax");
        return false;
    }
    switch (s.size()) {
    case 5:
        out = Value::time(std::int64_t(std::uint64_t(i) * 86400u), 0);
        return true;
    case 10:
        out = Value::time(i, 0);
        return true;
    case 13:
        out = Value::time(floorDiv(i, 1000), std::int32_t((i - floorDiv(i, 1000) * 1000) * 1'000'000));
        return true;
    case 16:
        out = Value::time(floorDiv(i, 1'000'000), std::int32_t((i - floorDiv(i, 1'000'000) * 1'000'000) * 1000));
        return true;
    case 19:
        out = Value::time(floorDiv(i, 1'000'000'000), std::int32_t(i - floorDiv(i, 1'000'000'000) * 1'000'000'000));
        return true;
    default:
        err = "unable to parse time '" + s + "': %!w(<nil>)";
        return false;
    }
}

using P = Param;

const Func Times[] = {
    { "__timestamp__", {}, false, fnTimestamp },
    { "now", {}, false, fnNow },
    { "date", { P::String, P::Any }, false, fnDate },
    { "toDate", { P::String, P::String }, false, fnToDate },
    { "toDateInZone", { P::String, P::String, P::String }, false, fnToDateInZone },
    { "unixEpoch", { P::Time }, false, fnUnixEpoch },
    { "unixEpochMillis", { P::Time }, false, fnUnixEpochMillis },
    { "unixEpochNanos", { P::Time }, false, fnUnixEpochNanos },
    { "unixToTime", { P::String }, false, fnUnixToTime },
};

} // namespace

std::span<const Func> timeFuncs()
{
    return Times;
}

} // namespace sg::logql::tmpl
