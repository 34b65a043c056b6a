// Constant operands and argument types: number and character literals as Go's parser reads them, and the value
// a constant or a computed argument gives a function parameter (Go's evalArg / validateType and their messages).
#include "template_impl.h"

#include <cmath>
#include <cstdlib>

namespace sg::logql::tmpl {

bool numberOperand(const Item& t, Operand& op, std::string& err)
{
    auto fail = [&](std::string message) {
        err = std::move(message);
        return false;
    };
    op.kind = Operand::Kind::Number;
    if (t.kind == Item::Kind::Char) {
        std::string s;
        if (!unquote(t.text, s))
            return fail("malformed character constant: " + t.text);
        // The rune's code point.
        std::uint32_t r = 0;
        decodeRune(s, 0, r);
        op.isInt = op.isFloat = true;
        op.intValue = r;
        op.floatValue = double(r);
        return true;
    }
    const std::string& text = t.text;
    if (!text.empty() && text.back() == 'i')
        return fail("complex numbers are not supported: " + text);
    const std::size_t digits = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
    const bool hex = text.size() > digits + 1 && text[digits] == '0' && (text[digits + 1] | 0x20) == 'x';
    op.floatSyntax
        = text.find_first_of(".pP") != std::string::npos || (!hex && text.find_first_of("eE") != std::string::npos);
    if (parseGoInt(text, op.intValue)) {
        op.isInt = op.isFloat = true;
        op.floatValue = double(op.intValue);
        return true;
    }
    std::string clean;
    for (char c : text)
        if (c != '_')
            clean += c;
    char* end = nullptr;
    const double f = std::strtod(clean.c_str(), &end);
    if (end == clean.c_str() || *end != '\0' || std::isinf(f))
        return fail(std::string("illegal number syntax: ").append(goQuote(text)));
    if (!op.floatSyntax)
        return fail(std::string("integer overflow: ").append(goQuote(text)));
    op.isFloat = true;
    op.floatValue = f;
    if (std::abs(f) < 9.2e18 && double(std::int64_t(f)) == f) {
        op.isInt = true;
        op.intValue = std::int64_t(f);
    }
    return true;
}

std::string_view paramName(Param p)
{
    switch (p) {
    case Param::String:
        return "string";
    case Param::Int:
        return "int";
    case Param::Float:
        return "float64";
    case Param::Bool:
        return "bool";
    case Param::Time:
        return "time.Time";
    case Param::Any:
        break;
    }
    return "interface {}";
}

bool checkArgType(const Value& v, Param p, std::string& err)
{
    if (p == Param::Any)
        return true;
    if (v.kind == Value::Kind::Nil) {
        err = std::string("invalid value; expected ").append(paramName(p));
        return false;
    }
    const bool ok = (p == Param::String && v.kind == Value::Kind::String)
        || (p == Param::Int && v.kind == Value::Kind::Int) || (p == Param::Float && v.kind == Value::Kind::Float)
        || (p == Param::Bool && v.kind == Value::Kind::Bool) || (p == Param::Time && v.kind == Value::Kind::Time);
    if (!ok)
        err = std::string("wrong type for value; expected ").append(paramName(p)).append("; got ").append(typeName(v));
    return ok;
}

bool constantArg(const Operand& a, Param p, Value& out, std::string& err)
{
    auto shown = [&] { return a.kind == Operand::Kind::String ? goQuote(a.name) : a.text; };
    auto expected = [&](const char* what) {
        err = std::string("expected ").append(what).append("; found ").append(shown());
        return false;
    };
    auto kindWord = [](Param q) {
        return q == Param::Int ? "integer" : q == Param::Float ? "float" : paramName(q).data();
    };
    if (p == Param::Time) {
        err = std::string("can't handle ").append(shown()).append(" for arg of type time.Time");
        return false;
    }
    if (a.kind == Operand::Kind::Bool) {
        if (p != Param::Any && p != Param::Bool)
            return expected(kindWord(p));
        out = Value::boolean(a.boolValue);
        return true;
    }
    if (a.kind == Operand::Kind::String) {
        if (p != Param::Any && p != Param::String)
            return expected(kindWord(p));
        out = Value::str(a.name);
        return true;
    }
    // A number: an untyped constant is a float64 when written as one, else an int.
    switch (p) {
    case Param::Int:
        if (!a.isInt)
            return expected("integer");
        out = Value::integer(a.intValue);
        return true;
    case Param::Float:
        if (!a.isFloat)
            return expected("float");
        out = Value::real(a.floatValue);
        return true;
    case Param::String:
    case Param::Bool:
        return expected(paramName(p).data());
    default:
        break;
    }
    if (a.floatSyntax && a.isFloat) {
        out = Value::real(a.floatValue);
        return true;
    }
    if (a.isInt) {
        out = Value::integer(a.intValue);
        return true;
    }
    err = shown() + " overflows int";
    return false;
}

} // namespace sg::logql::tmpl
