// The parser of Go's text/template (text/template/parse/parse.go): items into a tree of text, actions and
// control structures, with Go's parse-time checks (unknown functions, undefined variables, unbalanced end).
#include "template_impl.h"

#include "core/common/nesting.h"

namespace sg::logql::tmpl {

namespace {

struct ParseError
{
    std::size_t pos;
    std::string message;
};

class Parser
{
public:
    Parser(const std::vector<Item>& items)
        : m_items(items)
    {
    }

    std::vector<Node> parseRoot()
    {
        std::vector<Node> root;
        while (peek().kind != Item::Kind::Eof) {
            Node n;
            Stop stop = textOrAction(n);
            if (stop != Stop::None)
                throw ParseError { m_stopPos, stop == Stop::End ? "unexpected {{end}}" : "unexpected {{else}}" };
            root.push_back(std::move(n));
        }
        return root;
    }

private:
    enum class Stop { None, End, Else };

    const Item& peek() const { return m_items[m_i]; }
    const Item& next() { return m_items[m_i < m_items.size() - 1 ? m_i++ : m_i]; }

    [[noreturn]] void fail(std::size_t pos, std::string message) { throw ParseError { pos, std::move(message) }; }

    static std::string describe(const Item& it)
    {
        switch (it.kind) {
        case Item::Kind::Eof:
            return "EOF";
        case Item::Kind::Keyword:
            return "<" + it.text + ">";
        case Item::Kind::RightDelim:
            return "\"}}\"";
        case Item::Kind::LeftDelim:
            return "\"{{\"";
        default:
            break;
        }
        if (it.text.size() > 10)
            return goQuote(it.text.substr(0, 10)) + "...";
        return goQuote(it.text);
    }

    [[noreturn]] void unexpected(const Item& it, const std::string& context)
    {
        fail(it.pos, std::string("unexpected ").append(describe(it)).append(" in ").append(context));
    }

    const Item& expect(Item::Kind k, const std::string& context)
    {
        const Item& it = next();
        if (it.kind != k)
            unexpected(it, context);
        return it;
    }

    // One text or action; control keywords `end` and `else` stop the list they end.
    Stop textOrAction(Node& n)
    {
        const Item& it = next();
        if (it.kind == Item::Kind::Text) {
            n.kind = Node::Kind::Text;
            n.pos = it.pos;
            n.text = it.text;
            return Stop::None;
        }
        if (it.kind != Item::Kind::LeftDelim)
            unexpected(it, "input");
        return action(n);
    }

    Stop action(Node& n)
    {
        const Item& kw = peek();
        n.pos = kw.pos;
        if (kw.kind == Item::Kind::Keyword) {
            next();
            if (kw.text == "end") {
                expect(Item::Kind::RightDelim, "end");
                m_stopPos = kw.pos;
                return Stop::End;
            }
            if (kw.text == "else") {
                // `else if` / `else with` leave the keyword pending for the enclosing control.
                if (!(peek().kind == Item::Kind::Keyword && (peek().text == "if" || peek().text == "with")))
                    expect(Item::Kind::RightDelim, "else");
                m_stopPos = kw.pos;
                return Stop::Else;
            }
            if (kw.text == "if" || kw.text == "with" || kw.text == "range") {
                control(n, kw.text);
                return Stop::None;
            }
            if (kw.text == "break" || kw.text == "continue") {
                if (m_rangeDepth == 0)
                    fail(kw.pos, "{{" + kw.text + "}} outside {{range}}");
                expect(Item::Kind::RightDelim, kw.text);
                n.kind = kw.text == "break" ? Node::Kind::Break : Node::Kind::Continue;
                return Stop::None;
            }
            fail(kw.pos, "{{" + kw.text + "}} is not supported in LogQL templates");
        }
        n.kind = Node::Kind::Action;
        n.pipe = pipeline("command", Item::Kind::RightDelim);
        return Stop::None;
    }

    Stop itemList(std::vector<Node>& list)
    {
        for (;;) {
            if (peek().kind == Item::Kind::Eof)
                fail(peek().pos, "unexpected EOF");
            Node n;
            Stop s = textOrAction(n);
            if (s != Stop::None)
                return s;
            list.push_back(std::move(n));
        }
    }

    void control(Node& n, const std::string& context)
    {
        const NestingGuard guard = nest(n.pos);
        const std::size_t vars = m_vars.size();
        n.kind = context == "if" ? Node::Kind::If : context == "with" ? Node::Kind::With : Node::Kind::Range;
        n.pipe = pipeline(context, Item::Kind::RightDelim);
        if (n.kind == Node::Kind::Range)
            ++m_rangeDepth;
        Stop s = itemList(n.list);
        if (n.kind == Node::Kind::Range)
            --m_rangeDepth;
        if (s == Stop::Else) {
            if (n.kind != Node::Kind::Range && peek().kind == Item::Kind::Keyword && peek().text == context) {
                // {{if a}}x{{else if b}}y{{end}} is {{if a}}x{{else}}{{if b}}y{{end}}{{end}}.
                const Item& kw = next();
                Node inner;
                inner.pos = kw.pos;
                control(inner, context);
                n.elseList.push_back(std::move(inner));
            } else {
                if (peek().kind == Item::Kind::Keyword && (peek().text == "if" || peek().text == "with"))
                    unexpected(peek(), "input");
                if (itemList(n.elseList) != Stop::End)
                    fail(m_stopPos, "expected end; found {{else}}");
            }
        }
        m_vars.resize(vars);
    }

    NestingGuard nest(std::size_t pos)
    {
        return NestingGuard(m_depth, MaxParseNesting,
            [&] { fail(pos, "max nesting depth of " + std::to_string(MaxParseNesting) + " exceeded"); });
    }

    Pipe pipeline(const std::string& context, Item::Kind end)
    {
        const NestingGuard guard = nest(peek().pos);
        Pipe pipe;
        pipe.pos = peek().pos;
        // Declarations: $x := / $x = / range $i, $v :=
        for (;;) {
            if (peek().kind != Item::Kind::Variable)
                break;
            const Item& v = m_items[m_i];
            const Item& after = m_items[m_i + 1];
            if (after.kind == Item::Kind::Declare || after.kind == Item::Kind::Assign) {
                m_i += 2;
                pipe.isAssign = after.kind == Item::Kind::Assign;
                if (pipe.isAssign && !known(v.text))
                    fail(v.pos, "undefined variable \"" + v.text + "\"");
                pipe.decl.push_back(v.text);
                m_vars.push_back(v.text);
                break;
            }
            if (after.kind == Item::Kind::Comma) {
                m_i += 2;
                pipe.decl.push_back(v.text);
                m_vars.push_back(v.text);
                if (context == "range" && pipe.decl.size() < 2) {
                    if (peek().kind == Item::Kind::Variable)
                        continue;
                    fail(peek().pos, "range can only initialize variables");
                }
                fail(v.pos, "too many declarations in " + context);
            }
            break;
        }
        for (;;) {
            const Item& t = peek();
            if (t.kind == end) {
                next();
                if (pipe.cmds.empty())
                    fail(t.pos, "missing value for " + context);
                for (std::size_t i = 1; i < pipe.cmds.size(); ++i) {
                    Operand::Kind k = pipe.cmds[i].args.front().kind;
                    if (k == Operand::Kind::Bool || k == Operand::Kind::Dot || k == Operand::Kind::Nil
                        || k == Operand::Kind::Number || k == Operand::Kind::String)
                        fail(pipe.cmds[i].pos, "non executable command in pipeline stage " + std::to_string(i + 1));
                }
                return pipe;
            }
            switch (t.kind) {
            case Item::Kind::Bool:
            case Item::Kind::Char:
            case Item::Kind::Dot:
            case Item::Kind::Field:
            case Item::Kind::Identifier:
            case Item::Kind::Number:
            case Item::Kind::Nil:
            case Item::Kind::RawString:
            case Item::Kind::String:
            case Item::Kind::Variable:
            case Item::Kind::LeftParen:
                pipe.cmds.push_back(command());
                break;
            default:
                unexpected(t, context);
            }
        }
    }

    bool known(const std::string& var) const
    {
        if (var == "$")
            return true;
        for (const std::string& v : m_vars)
            if (v == var)
                return true;
        return false;
    }

    Command command()
    {
        Command cmd;
        cmd.pos = peek().pos;
        for (;;) {
            auto op = operand();
            if (op)
                cmd.args.push_back(std::move(*op));
            const Item& t = peek();
            if (t.kind == Item::Kind::RightDelim || t.kind == Item::Kind::RightParen)
                break;
            if (t.kind == Item::Kind::PipeBar) {
                next();
                break;
            }
            if (!op || !t.spaceBefore)
                unexpected(t, "operand");
        }
        if (cmd.args.empty())
            fail(cmd.pos, "empty command");
        return cmd;
    }

    std::optional<Operand> operand()
    {
        auto op = term();
        if (!op)
            return op;
        if (peek().kind == Item::Kind::Field && !peek().spaceBefore) {
            switch (op->kind) {
            case Operand::Kind::Bool:
            case Operand::Kind::String:
            case Operand::Kind::Number:
            case Operand::Kind::Nil:
            case Operand::Kind::Dot:
                fail(peek().pos, std::string("unexpected . after term ").append(goQuote(op->text)));
            default:
                break;
            }
            while (peek().kind == Item::Kind::Field && !peek().spaceBefore) {
                const Item& f = next();
                op->fields.push_back(f.text.substr(1));
                op->text += f.text;
            }
        }
        return op;
    }

    std::optional<Operand> term()
    {
        const Item& t = peek();
        Operand op;
        op.pos = t.pos;
        op.text = t.text;
        switch (t.kind) {
        case Item::Kind::Identifier:
            next();
            op.kind = Operand::Kind::Func;
            op.name = t.text;
            op.func = findFunction(t.text);
            if (!op.func)
                fail(t.pos, "function \"" + t.text + "\" not defined");
            return op;
        case Item::Kind::Dot:
            next();
            op.kind = Operand::Kind::Dot;
            return op;
        case Item::Kind::Nil:
            next();
            op.kind = Operand::Kind::Nil;
            return op;
        case Item::Kind::Variable:
            next();
            if (!known(t.text))
                fail(t.pos, "undefined variable \"" + t.text + "\"");
            op.kind = Operand::Kind::Variable;
            op.name = t.text;
            return op;
        case Item::Kind::Field:
            next();
            op.kind = Operand::Kind::Field;
            op.fields.push_back(t.text.substr(1));
            return op;
        case Item::Kind::Bool:
            next();
            op.kind = Operand::Kind::Bool;
            op.boolValue = t.text == "true";
            return op;
        case Item::Kind::Char:
        case Item::Kind::Number: {
            next();
            std::string err;
            if (!numberOperand(t, op, err))
                fail(t.pos, err);
            return op;
        }
        case Item::Kind::String:
        case Item::Kind::RawString:
            next();
            op.kind = Operand::Kind::String;
            if (!unquote(t.text, op.name))
                fail(t.pos, "invalid syntax");
            return op;
        case Item::Kind::LeftParen: {
            next();
            op.kind = Operand::Kind::Pipe;
            op.pipe = std::make_shared<Pipe>(pipeline("parenthesized pipeline", Item::Kind::RightParen));
            op.text = std::string("(").append(pipeString(*op.pipe)).append(")");
            return op;
        }
        default:
            return std::nullopt;
        }
    }

    const std::vector<Item>& m_items;
    std::size_t m_i = 0;
    std::vector<std::string> m_vars;
    int m_rangeDepth = 0;
    int m_depth = 0;
    std::size_t m_stopPos = 0;
};

} // namespace

std::string commandString(const Command& c)
{
    std::string out;
    for (const Operand& a : c.args) {
        if (!out.empty())
            out += ' ';
        out += a.kind == Operand::Kind::String ? goQuote(a.name) : a.text;
    }
    return out;
}

std::string pipeString(const Pipe& p)
{
    std::string out;
    for (std::size_t i = 0; i < p.decl.size(); ++i)
        out += (i ? ", " : "") + p.decl[i];
    if (!p.decl.empty())
        out += p.isAssign ? " = " : " := ";
    for (std::size_t i = 0; i < p.cmds.size(); ++i)
        out += (i ? " | " : "") + commandString(p.cmds[i]);
    return out;
}

} // namespace sg::logql::tmpl

namespace sg::logql {

Result<Template> Template::compile(std::string_view text, std::string_view name)
{
    auto tree = std::make_shared<tmpl::Tree>();
    tree->name = std::string(name);
    tree->source = std::string(text);
    std::vector<tmpl::Item> items;
    std::string err;
    std::size_t errPos = 0;
    auto failure = [&](std::size_t pos, const std::string& message) {
        return Error { ErrorCode::Execution,
            "template: " + tree->name + ":" + std::to_string(tmpl::lineOf(text, pos)) + ": " + message, {} };
    };
    if (!tmpl::lexTemplate(tree->source, items, err, errPos))
        return failure(errPos, err);
    try {
        tree->root = tmpl::Parser(items).parseRoot();
    } catch (const tmpl::ParseError& e) {
        return failure(e.pos, e.message);
    }
    Template t;
    t.m_tree = std::move(tree);
    return t;
}

} // namespace sg::logql
