#pragma once

// Private parts of the Go text/template engine behind `Template` (template.h): values, the parse tree, the
// function table and the helpers the lexer, parser, evaluator and function files share.

#include "template.h"

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sg::logql::tmpl {

struct Value;
using List = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;

/// A typed template value, the subset of Go's types the functions produce: Go `int` and `int64` are kept apart
/// because a function parameter of type `int` rejects an `int64`, as Go's reflection does.
struct Value
{
    enum class Kind : std::uint8_t { Nil, Bool, Int, Int64, Float, String, Time, List, Map, Labels };
    Kind kind = Kind::Nil;
    bool b = false; // Bool; Map: true for a map[string]string (the labels)
    std::int64_t i = 0; // Int, Int64; Time: seconds since the Unix epoch
    double f = 0; // Float
    std::int32_t nsec = 0; // Time: nanoseconds within the second
    std::int32_t offset = 0; // Time: zone offset east of UTC in seconds
    std::string s; // String; Time: zone abbreviation
    std::shared_ptr<const List> list;
    std::shared_ptr<const Map> map;

    static Value str(std::string v);
    static Value integer(std::int64_t v); // Go int
    static Value int64(std::int64_t v);
    static Value real(double v);
    static Value boolean(bool v);
    static Value time(std::int64_t sec, std::int32_t nsec, std::int32_t offset = 0, std::string zone = "UTC");
    bool isInt() const { return kind == Kind::Int || kind == Kind::Int64; }
};

/// Go's type name of a value as reflection prints it (`int64`, `map[string]interface {}`).
std::string typeName(const Value& v);
/// Go's template truth: false for nil, false, 0, "" and empty lists and maps.
bool truth(const Value& v);

// --- printing (template_value.cpp; Sprintf in template_fmt.cpp; times in template_time_layout.cpp) ---
/// Appends fmt's %v of `v` (`<nil>` for nil).
void appendValue(std::string& out, const Value& v);
/// fmt.Sprint / fmt.Sprintln.
std::string sprint(std::span<const Value> args, bool ln);
/// fmt.Sprintf with Go's verbs, flags, width and precision and its %!verb(type=value) errors.
std::string sprintf(std::string_view format, std::span<const Value> args);
/// strconv.Quote.
std::string goQuote(std::string_view s);
/// strconv.FormatFloat(v, 'g', -1, 64), the shortest repr Go prints for %v.
std::string formatFloatShortest(double v);
/// Go's Time.String and Time.Format (reference layout `Mon Jan 2 15:04:05 MST 2006`).
std::string formatTime(const Value& t, std::string_view layout);
std::string timeString(const Value& t);
/// time.ParseInLocation; `zone` is an IANA name, "UTC" or "Local" (the server zone, taken as UTC).
bool parseTime(std::string_view layout, std::string_view text, std::string_view zone, Value& out, std::string& err);

/// A method of time.Time (`.Unix`, `.Format "2006"`); false with `err` empty when there is none.
bool timeMethod(const Value& t, std::string_view name, std::span<const Value> args, Value& out, std::string& err);

// --- the function table (template_builtins.cpp, template_funcs.cpp, template_encode.cpp, template_math.cpp,
// template_time.cpp) ---
/// A Go parameter type: a constant argument must fit it, a computed one must have exactly that type.
enum class Param : std::uint8_t { Any, String, Int, Float, Bool, Time };

struct CallEnv
{
    std::string_view line;
    TimestampNs ts = 0;
};

struct Func
{
    std::string_view name;
    std::vector<Param> params;
    bool variadic = false; // the last parameter repeats
    /// Sets `out`, or `err` (the message after "error calling NAME: ").
    bool (*call)(std::vector<Value>& args, const CallEnv& env, Value& out, std::string& err) = nullptr;
    enum class Lazy : std::uint8_t { No, And, Or } lazy = Lazy::No;
};

std::span<const Func> builtinFuncs();
std::span<const Func> stringFuncs();
std::span<const Func> encodingFuncs();
std::span<const Func> mathFuncs();
std::span<const Func> timeFuncs();
/// The function a template may call, or nullptr.
const Func* findFunction(std::string_view name);

/// url.QueryEscape / url.QueryUnescape (`err` as Go words it).
std::string queryEscape(std::string_view s);
bool queryUnescape(std::string_view s, std::string& out, std::string& err);

// --- conversions shared by the functions ---
/// Sprig's toInt64 / toFloat64 (spf13/cast): strings parse as Go does, anything that fails is 0.
std::int64_t toInt64(const Value& v);
/// strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b/0 prefixes, underscores.
bool parseGoInt(std::string_view s, std::int64_t& out);
double toFloat64(const Value& v);

// --- the parse tree (template_parse.cpp) ---
struct Pipe;

struct Operand
{
    enum class Kind : std::uint8_t { Dot, Field, Variable, Func, Nil, Bool, Number, String, Pipe };
    Kind kind = Kind::Dot;
    std::size_t pos = 0;
    std::string name; // Variable: "$x"; Func: its name; String: the value
    std::vector<std::string> fields; // .a.b, $x.a.b, (pipe).a
    std::string text; // as written (error contexts)
    bool boolValue = false;
    bool isInt = false, isFloat = false; // Number
    std::int64_t intValue = 0;
    double floatValue = 0;
    bool floatSyntax = false; // Number written with . e or p: an untyped constant becomes float64
    const Func* func = nullptr;
    std::shared_ptr<const Pipe> pipe;
};

struct Command
{
    std::size_t pos = 0;
    std::vector<Operand> args;
};

struct Pipe
{
    std::size_t pos = 0;
    bool isAssign = false;
    std::vector<std::string> decl;
    std::vector<Command> cmds;
};

struct Node
{
    enum class Kind : std::uint8_t { Text, Action, If, With, Range, Break, Continue };
    Kind kind = Kind::Text;
    std::size_t pos = 0;
    std::string text;
    Pipe pipe;
    std::vector<Node> list, elseList;
};

struct Tree
{
    std::string name;
    std::string source;
    std::vector<Node> root;
};

/// The value a constant operand gives a parameter of type `p` (Go's evalArg on a constant); false with Go's message.
bool constantArg(const Operand& a, Param p, Value& out, std::string& err);
/// Go's validateType: whether a computed value fits a parameter of type `p` (a labels map is converted by the
/// caller); false with Go's message.
bool checkArgType(const Value& v, Param p, std::string& err);
std::string_view paramName(Param p);

/// Go's String() of a command or pipeline, for error contexts.
std::string commandString(const Command& c);
std::string pipeString(const Pipe& p);

// --- the lexer (template_lexer.cpp) ---
struct Item
{
    enum class Kind : std::uint8_t {
        Text,
        LeftDelim,
        RightDelim,
        Identifier,
        Keyword,
        Field,
        Variable,
        Dot,
        Bool,
        Nil,
        Number,
        Char,
        String,
        RawString,
        PipeBar,
        LeftParen,
        RightParen,
        Declare,
        Assign,
        Comma,
        Eof
    };
    Kind kind = Kind::Eof;
    std::size_t pos = 0;
    std::string text;
    bool spaceBefore = false;
};

/// Splits a template into items, applying `{{-`/`-}}` trimming and dropping comments. On failure `err` holds
/// Go's message and `errPos` the offset.
bool lexTemplate(std::string_view src, std::vector<Item>& items, std::string& err, std::size_t& errPos);
/// Reads a number or character literal into a Number operand (Go's parse.NumberNode); false with Go's message.
bool numberOperand(const Item& t, Operand& op, std::string& err);
/// strconv.Unquote of a "..." or '...' literal.
bool unquote(std::string_view quoted, std::string& out);

/// Decodes the UTF-8 rune at `s[i]`; returns its length (1 with U+FFFD for an invalid byte, as Go does).
std::size_t decodeRune(std::string_view s, std::size_t i, std::uint32_t& r);
/// The runes of `s` as byte offsets (one past the last rune at the end).
std::vector<std::size_t> runeOffsets(std::string_view s);

/// 1-based line of a byte offset and the 0-based column Go's error contexts print.
int lineOf(std::string_view src, std::size_t pos);
int columnOf(std::string_view src, std::size_t pos);

} // namespace sg::logql::tmpl
