// Go's text/template builtins (text/template/funcs.go) and the lookup of every function a template may call.
#include "template_impl.h"

#include <cstdio>
#include <unordered_map>

namespace sg::logql::tmpl {

namespace {

enum class BasicKind { Invalid, Bool, Int, Float, String };

BasicKind basicKind(const Value& v)
{
    switch (v.kind) {
    case Value::Kind::Bool:
        return BasicKind::Bool;
    case Value::Kind::Int:
    case Value::Kind::Int64:
        return BasicKind::Int;
    case Value::Kind::Float:
        return BasicKind::Float;
    case Value::Kind::String:
        return BasicKind::String;
    default:
        return BasicKind::Invalid;
    }
}

const char* const BadComparison = "incompatible types for comparison";
const char* const BadComparisonType = "invalid type for comparison";

// Go's eq for one pair: 1 equal, 0 not, -1 error (in err).
int equal(const Value& a, const Value& b, std::string& err)
{
    const BasicKind ka = basicKind(a), kb = basicKind(b);
    if (ka != kb) {
        if (a.kind != Value::Kind::Nil && b.kind != Value::Kind::Nil) {
            err = BadComparison;
            return -1;
        }
        return 0;
    }
    switch (ka) {
    case BasicKind::Bool:
        return a.b == b.b;
    case BasicKind::Int:
        return a.i == b.i;
    case BasicKind::Float:
        return a.f == b.f;
    case BasicKind::String:
        return a.s == b.s;
    case BasicKind::Invalid:
        break;
    }
    if (a.kind == Value::Kind::Nil || b.kind == Value::Kind::Nil)
        return a.kind == b.kind;
    if (a.kind == Value::Kind::Time && b.kind == Value::Kind::Time)
        return a.i == b.i && a.nsec == b.nsec && a.offset == b.offset;
    if (a.kind != b.kind) {
        err = BadComparison;
        return -1;
    }
    err = "non-comparable type " + typeName(a);
    return -1;
}

// Go's lt: 1, 0 or -1 (error).
int less(const Value& a, const Value& b, std::string& err)
{
    const BasicKind ka = basicKind(a), kb = basicKind(b);
    if (ka == BasicKind::Invalid || kb == BasicKind::Invalid) {
        err = BadComparisonType;
        return -1;
    }
    if (ka != kb) {
        err = BadComparison;
        return -1;
    }
    switch (ka) {
    case BasicKind::Int:
        return a.i < b.i;
    case BasicKind::Float:
        return a.f < b.f;
    case BasicKind::String:
        return a.s < b.s;
    default:
        err = BadComparisonType;
        return -1;
    }
}

bool fnEq(std::vector<Value>& a, const CallEnv&, Value& out, std::string& err)
{
    if (a.size() < 2) {
        err = "missing argument for comparison";
        return false;
    }
    for (std::size_t i = 1; i < a.size(); ++i) {
        const int r = equal(a[0], a[i], err);
        if (r < 0)
            return false;
        if (r) {
            out = Value::boolean(true);
            return true;
        }
    }
    out = Value::boolean(false);
    return true;
}

bool fnNe(std::vector<Value>& a, const CallEnv&, Value& out, std::string& err)
{
    const int r = equal(a[0], a[1], err);
    out = Value::boolean(r == 0);
    return r >= 0;
}

template <int Op> bool fnCompare(std::vector<Value>& a, const CallEnv&, Value& out, std::string& err)
{
    // Op: 0 lt, 1 le, 2 gt, 3 ge, as Go derives them from lt and eq.
    int lt = less(a[0], a[1], err);
    if (lt < 0)
        return false;
    bool le = lt == 1;
    if ((Op == 1 || Op == 2) && !le) {
        const int eq = equal(a[0], a[1], err);
        if (eq < 0)
            return false;
        le = eq == 1;
    }
    out = Value::boolean(Op == 0 ? lt == 1 : Op == 1 ? le : Op == 2 ? !le : lt != 1);
    return true;
}

bool fnNot(std::vector<Value>& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::boolean(!truth(a[0]));
    return true;
}

bool fnLen(std::vector<Value>& a, const CallEnv&, Value& out, std::string& err)
{
    const Value& v = a[0];
    switch (v.kind) {
    case Value::Kind::String:
        out = Value::integer(std::int64_t(v.s.size()));
        return true;
    case Value::Kind::List:
        out = Value::integer(std::int64_t(v.list->size()));
        return true;
    case Value::Kind::Map:
        out = Value::integer(std::int64_t(v.map->size()));
        return true;
    case Value::Kind::Nil:
        err = "len of nil pointer";
        return false;
    default:
        err = "len of type " + typeName(v);
        return false;
    }
}

bool indexArg(const Value& index, std::size_t cap, std::int64_t& x, std::string& err)
{
    if (index.kind == Value::Kind::Nil) {
        err = "cannot index slice/array with nil";
        return false;
    }
    if (!index.isInt()) {
        err = "cannot index slice/array with type " + typeName(index);
        return false;
    }
    x = index.i;
    if (x < 0 || std::uint64_t(x) > cap) {
        err = "index out of range: " + std::to_string(x);
        return false;
    }
    return true;
}

bool fnIndex(std::vector<Value>& a, const CallEnv&, Value& out, std::string& err)
{
    Value item = a[0];
    if (item.kind == Value::Kind::Nil) {
        err = "index of untyped nil";
        return false;
    }
    for (std::size_t k = 1; k < a.size(); ++k) {
        const Value& index = a[k];
        std::int64_t x = 0;
        switch (item.kind) {
        case Value::Kind::String:
        case Value::Kind::List: {
            const std::size_t len = item.kind == Value::Kind::String ? item.s.size() : item.list->size();
            if (!indexArg(index, len, x, err))
                return false;
            if (std::size_t(x) == len) {
                err = "index out of range: " + std::to_string(x);
                return false;
            }
            item = item.kind == Value::Kind::String ? Value::integer(static_cast<unsigned char>(item.s[std::size_t(x)]))
                                                    : Value((*item.list)[std::size_t(x)]);
            break;
        }
        case Value::Kind::Map: {
            if (index.kind != Value::Kind::String) {
                err = index.kind == Value::Kind::Nil ? "value is nil; should be of type string"
                                                     : "value has type " + typeName(index) + "; should be string";
                return false;
            }
            auto it = item.map->find(index.s);
            Value next = it != item.map->end() ? it->second : item.b ? Value::str({}) : Value {};
            item = std::move(next);
            break;
        }
        case Value::Kind::Nil:
            err = "index of nil pointer";
            return false;
        default:
            err = "can't index item of type " + typeName(item);
            return false;
        }
    }
    out = std::move(item);
    return true;
}

bool fnSlice(std::vector<Value>& a, const CallEnv&, Value& out, std::string& err)
{
    const Value& item = a[0];
    const std::size_t n = a.size() - 1;
    if (item.kind == Value::Kind::Nil) {
        err = "slice of untyped nil";
        return false;
    }
    if (n > 3) {
        err = "too many slice indexes: " + std::to_string(n);
        return false;
    }
    std::size_t cap = 0;
    if (item.kind == Value::Kind::String) {
        if (n == 3) {
            err = "cannot 3-index slice a string";
            return false;
        }
        cap = item.s.size();
    } else if (item.kind == Value::Kind::List) {
        cap = item.list->size();
    } else {
        err = "can't slice item of type " + typeName(item);
        return false;
    }
    std::int64_t idx[3] = { 0, std::int64_t(cap), std::int64_t(cap) };
    for (std::size_t k = 0; k < n; ++k)
        if (!indexArg(a[k + 1], cap, idx[k], err))
            return false;
    if (idx[0] > idx[1] || (n == 3 && idx[1] > idx[2])) {
        const int bad = idx[0] > idx[1] ? 0 : 1;
        err = "invalid slice index: " + std::to_string(idx[bad]) + " > " + std::to_string(idx[bad + 1]);
        return false;
    }
    if (item.kind == Value::Kind::String) {
        out = Value::str(item.s.substr(std::size_t(idx[0]), std::size_t(idx[1] - idx[0])));
    } else {
        auto list = std::make_shared<List>(item.list->begin() + idx[0], item.list->begin() + idx[1]);
        out.kind = Value::Kind::List;
        out.list = std::move(list);
    }
    return true;
}

bool fnPrint(std::vector<Value>& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(sprint(a, false));
    return true;
}

bool fnPrintln(std::vector<Value>& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(sprint(a, true));
    return true;
}

bool fnPrintf(std::vector<Value>& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(sprintf(a[0].s, std::span<const Value>(a).subspan(1)));
    return true;
}

// The text of html/js/urlquery's arguments: one string as is, else fmt.Sprint with nil as "<no value>".
std::string evalArgs(std::vector<Value>& a)
{
    if (a.size() == 1 && a[0].kind == Value::Kind::String)
        return a[0].s;
    for (Value& v : a)
        if (v.kind == Value::Kind::Nil)
            v = Value::str("<no value>");
    return sprint(a, false);
}

bool fnHtml(std::vector<Value>& a, const CallEnv&, Value& out, std::string&)
{
    std::string s;
    for (char c : evalArgs(a)) {
        switch (c) {
        case '"':
            s += "&#34;";
            break;
        case '\'':
            s += "&#39;";
            break;
        case '&':
            s += "&amp;";
            break;
        case '<':
            s += "&lt;";
            break;
        case '>':
            s += "&gt;";
            break;
        case '\0':
            s += "\xEF\xBF\xBD";
            break;
        default:
            s += c;
        }
    }
    out = Value::str(std::move(s));
    return true;
}

bool fnJs(std::vector<Value>& a, const CallEnv&, Value& out, std::string&)
{
    const std::string in = evalArgs(a);
    std::string s;
    static const char* hex = "0123456789ABCDEF";
    for (std::size_t i = 0; i < in.size();) {
        const unsigned char c = static_cast<unsigned char>(in[i]);
        if (c < 0x80) {
            switch (c) {
            case '\\':
                s += "\\\\";
                break;
            case '\'':
                s += "\\'";
                break;
            case '"':
                s += "\\\"";
                break;
            case '<':
                s += "\\u003C";
                break;
            case '>':
                s += "\\u003E";
                break;
            case '&':
                s += "\\u0026";
                break;
            case '=':
                s += "\\u003D";
                break;
            default:
                if (c < ' ') {
                    s += "\\u00";
                    s += hex[c >> 4];
                    s += hex[c & 15];
                } else {
                    s += char(c);
                }
            }
            ++i;
            continue;
        }
        std::uint32_t r;
        const std::size_t n = decodeRune(in, i, r);
        if (r == 0xFFFD && n == 1) {
            s += "\\uFFFD";
        } else if (r >= 0x80 && r < 0xA0) {
            char b[12];
            std::snprintf(b, sizeof b, "\\u%04X", unsigned(r));
            s += b;
        } else {
            s.append(in, i, n);
        }
        i += n;
    }
    out = Value::str(std::move(s));
    return true;
}

bool fnUrlquery(std::vector<Value>& a, const CallEnv&, Value& out, std::string&)
{
    out = Value::str(queryEscape(evalArgs(a)));
    return true;
}

bool fnLazy(std::vector<Value>&, const CallEnv&, Value&, std::string&)
{
    return true; // `and` / `or` are evaluated by the executor, which short-circuits
}

using P = Param;

const Func Builtins[] = {
    { "and", { P::Any, P::Any }, true, fnLazy, Func::Lazy::And },
    { "or", { P::Any, P::Any }, true, fnLazy, Func::Lazy::Or },
    { "not", { P::Any }, false, fnNot },
    { "eq", { P::Any, P::Any }, true, fnEq },
    { "ne", { P::Any, P::Any }, false, fnNe },
    { "lt", { P::Any, P::Any }, false, fnCompare<0> },
    { "le", { P::Any, P::Any }, false, fnCompare<1> },
    { "gt", { P::Any, P::Any }, false, fnCompare<2> },
    { "ge", { P::Any, P::Any }, false, fnCompare<3> },
    { "len", { P::Any }, false, fnLen },
    { "index", { P::Any, P::Any }, true, fnIndex },
    { "slice", { P::Any, P::Any }, true, fnSlice },
    { "print", { P::Any }, true, fnPrint },
    { "println", { P::Any }, true, fnPrintln },
    { "printf", { P::String, P::Any }, true, fnPrintf },
    { "html", { P::Any }, true, fnHtml },
    { "js", { P::Any }, true, fnJs },
    { "urlquery", { P::Any }, true, fnUrlquery },
};

} // namespace

std::span<const Func> builtinFuncs()
{
    return Builtins;
}

const Func* findFunction(std::string_view name)
{
    static const auto table = [] {
        std::unordered_map<std::string_view, const Func*> t;
        for (auto span : { builtinFuncs(), stringFuncs(), encodingFuncs(), mathFuncs(), timeFuncs() })
            for (const Func& f : span)
                t.emplace(f.name, &f);
        return t;
    }();
    auto it = table.find(name);
    return it == table.end() ? nullptr : it->second;
}

} // namespace sg::logql::tmpl
