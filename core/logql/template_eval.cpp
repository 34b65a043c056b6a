// The evaluator of Go's text/template (text/template/exec.go) over the parse tree: the data is the label map,
// variables live on a stack as in Go, and errors carry Go's "executing ... at <...>" context.
#include "template_impl.h"

#include <algorithm>
#include <exception>

namespace sg::logql::tmpl {

namespace {

struct ExecError
{
    std::string message;
};

enum class Flow { Normal, Break, Continue };

class Exec
{
public:
    Exec(const Tree& tree, const Template::Lookup& labels, const Template::AllLabels& all, CallEnv env,
        const TemplateLimits& limits, std::string& out)
        : m_tree(tree)
        , m_labels(labels)
        , m_all(all)
        , m_env(env)
        , m_limits(limits)
        , m_out(out)
    {
        m_root.kind = Value::Kind::Labels;
        m_dollar = m_root;
    }

    void run()
    {
        // The dot is passed by reference down the walk, so it must not live in m_vars, which grows.
        walk(m_tree.root, m_root);
    }

private:
    [[noreturn]] void fail(const std::string& message)
    {
        std::string context = m_cmd ? commandString(*m_cmd)
            : m_op                  ? (m_op->kind == Operand::Kind::String ? goQuote(m_op->name) : m_op->text)
                                    : m_context;
        if (context.size() > 20)
            context = context.substr(0, 20) + "...";
        throw ExecError { "template: " + m_tree.name + ":" + std::to_string(lineOf(m_tree.source, m_pos)) + ":"
            + std::to_string(columnOf(m_tree.source, m_pos)) + ": executing \"" + m_tree.name + "\" at <" + context
            + ">: " + message };
    }

    void at(std::size_t pos, std::string context)
    {
        m_pos = pos;
        m_cmd = nullptr;
        m_op = nullptr;
        m_context = std::move(context);
    }

    // Errors name the node being evaluated, as Go's ErrorContext does: a command, or one argument.
    void at(const Command& cmd)
    {
        m_pos = cmd.pos;
        m_cmd = &cmd;
        m_op = nullptr;
    }

    void at(const Operand& op)
    {
        m_pos = op.pos;
        m_cmd = nullptr;
        m_op = &op;
    }

    Value materialize(const Value& v)
    {
        if (v.kind != Value::Kind::Labels)
            return v;
        if (!m_all)
            fail("the label map cannot be listed here");
        auto map = std::make_shared<Map>();
        for (auto& [name, value] : m_all())
            (*map)[name] = Value::str(value);
        Value out;
        out.kind = Value::Kind::Map;
        out.b = true;
        out.map = std::move(map);
        return out;
    }

    static bool isSimpleField(const Pipe& p)
    {
        return p.decl.empty() && p.cmds.size() == 1 && p.cmds[0].args.size() == 1
            && p.cmds[0].args[0].kind == Operand::Kind::Field && p.cmds[0].args[0].fields.size() == 1;
    }

    void checkOutput(std::size_t pos)
    {
        if (m_out.size() > m_limits.maxOutput) {
            at(pos, "output");
            const std::size_t max = m_limits.maxOutput;
            fail("template output exceeds "
                + (max % (1u << 20) == 0 ? std::to_string(max >> 20) + " MiB" : std::to_string(max) + " bytes"));
        }
    }

    Flow walk(const std::vector<Node>& list, const Value& dot)
    {
        for (const Node& n : list) {
            Flow f = walkNode(n, dot);
            if (f != Flow::Normal)
                return f;
        }
        return Flow::Normal;
    }

    Flow walkNode(const Node& n, const Value& dot)
    {
        switch (n.kind) {
        case Node::Kind::Text:
            m_out += n.text;
            checkOutput(n.pos);
            return Flow::Normal;
        case Node::Kind::Break:
            return Flow::Break;
        case Node::Kind::Continue:
            return Flow::Continue;
        case Node::Kind::Action: {
            if (dot.kind == Value::Kind::Labels && isSimpleField(n.pipe)) {
                // `{{ .name }}` on the labels, the common case: no value is built.
                if (auto v = m_labels(n.pipe.cmds[0].args[0].fields[0]))
                    m_out += *v;
                checkOutput(n.pos);
                return Flow::Normal;
            }
            Value v = evalPipe(n.pipe, dot);
            if (n.pipe.decl.empty()) {
                if (v.kind == Value::Kind::Nil)
                    m_out += "<no value>";
                else
                    appendValue(m_out, materialize(v));
                checkOutput(n.pos);
            }
            return Flow::Normal;
        }
        case Node::Kind::If:
        case Node::Kind::With: {
            const std::size_t mark = m_vars.size();
            Value v = evalPipe(n.pipe, dot);
            Flow f = Flow::Normal;
            if (truth(v))
                f = walk(n.list, n.kind == Node::Kind::With ? v : dot);
            else
                f = walk(n.elseList, dot);
            m_vars.resize(mark);
            return f;
        }
        case Node::Kind::Range:
            return walkRange(n, dot);
        }
        return Flow::Normal;
    }

    Flow walkRange(const Node& n, const Value& dot)
    {
        const std::size_t mark = m_vars.size();
        Value v = materialize(evalPipe(n.pipe, dot));
        bool ran = false;
        auto one = [&](const Value& index, const Value& elem) {
            ran = true;
            if (++m_iterations > m_limits.maxIterations) {
                at(n.pipe.pos, "range " + pipeString(n.pipe));
                fail("range exceeds " + std::to_string(m_limits.maxIterations) + " iterations");
            }
            if (!n.pipe.decl.empty()) {
                if (n.pipe.isAssign) {
                    if (n.pipe.decl.size() > 1) {
                        setVar(n.pipe.decl[0], index);
                        setVar(n.pipe.decl[1], elem);
                    } else {
                        setVar(n.pipe.decl[0], elem);
                    }
                } else {
                    m_vars[m_vars.size() - 1].second = elem;
                    if (n.pipe.decl.size() > 1)
                        m_vars[m_vars.size() - 2].second = index;
                }
            }
            const std::size_t inner = m_vars.size();
            Flow f = walk(n.list, elem);
            m_vars.resize(inner);
            return f;
        };
        switch (v.kind) {
        case Value::Kind::List:
            for (std::size_t i = 0; i < v.list->size(); ++i)
                if (one(Value::integer(std::int64_t(i)), (*v.list)[i]) == Flow::Break)
                    break;
            break;
        case Value::Kind::Map:
            for (const auto& [key, elem] : *v.map)
                if (one(Value::str(key), elem) == Flow::Break)
                    break;
            break;
        case Value::Kind::Int:
        case Value::Kind::Int64:
            if (n.pipe.decl.size() > 1) {
                at(n.pipe.pos, "range " + pipeString(n.pipe));
                fail("can't use " + std::to_string(v.i) + " to iterate over more than one variable");
            }
            for (std::int64_t i = 0; i < v.i; ++i) {
                Value iv = v;
                iv.i = i;
                if (one(iv, iv) == Flow::Break)
                    break;
            }
            break;
        case Value::Kind::Nil:
            break;
        default: {
            at(n.pipe.pos, "range " + pipeString(n.pipe));
            std::string shown;
            appendValue(shown, v);
            fail("range can't iterate over " + shown);
        }
        }
        Flow f = Flow::Normal;
        if (!ran)
            f = walk(n.elseList, dot);
        m_vars.resize(mark);
        return f == Flow::Break || f == Flow::Continue ? Flow::Normal : f;
    }

    void setVar(const std::string& name, const Value& v)
    {
        for (std::size_t i = m_vars.size(); i-- > 0;)
            if (m_vars[i].first == name) {
                m_vars[i].second = v;
                return;
            }
        if (name == "$") {
            m_dollar = v;
            return;
        }
        fail("undefined variable: " + name);
    }

    const Value& variable(const std::string& name)
    {
        for (std::size_t i = m_vars.size(); i-- > 0;)
            if (m_vars[i].first == name)
                return m_vars[i].second;
        if (name == "$")
            return m_dollar;
        fail("undefined variable: " + name);
    }

    Value evalPipe(const Pipe& pipe, const Value& dot)
    {
        Value value;
        bool first = true;
        for (const Command& cmd : pipe.cmds) {
            value = evalCommand(dot, cmd, first ? nullptr : &value);
            first = false;
        }
        for (const std::string& name : pipe.decl) {
            if (pipe.isAssign)
                setVar(name, value);
            else
                m_vars.emplace_back(name, value);
        }
        return value;
    }

    Value evalCommand(const Value& dot, const Command& cmd, const Value* final)
    {
        const Operand& head = cmd.args.front();
        at(cmd);
        switch (head.kind) {
        case Operand::Kind::Field:
            return fieldChain(dot, dot, head.fields, &cmd, final, true);
        case Operand::Kind::Variable: {
            const Value v = variable(head.name);
            if (head.fields.empty()) {
                notAFunction(cmd, final);
                return v;
            }
            return fieldChain(dot, v, head.fields, &cmd, final, true);
        }
        case Operand::Kind::Pipe: {
            Value v = evalPipe(*head.pipe, dot);
            at(cmd);
            if (head.fields.empty()) {
                notAFunction(cmd, final);
                return v;
            }
            return fieldChain(dot, v, head.fields, &cmd, final, true);
        }
        case Operand::Kind::Func:
            if (head.fields.empty())
                return callFunction(dot, head, &cmd, final);
            {
                Value v = callFunction(dot, head, nullptr, nullptr);
                at(cmd);
                return fieldChain(dot, v, head.fields, &cmd, final, false);
            }
        case Operand::Kind::Nil:
            fail("nil is not a command");
        case Operand::Kind::Dot:
            notAFunction(cmd, final);
            return dot;
        default:
            break;
        }
        notAFunction(cmd, final);
        return constant(head, Param::Any);
    }

    void notAFunction(const Command& cmd, const Value* final)
    {
        if (cmd.args.size() > 1 || final)
            fail("can't give argument to non-function " + cmd.args.front().text);
    }

    /// Evaluates `.a.b` on `recv`; the last field gets the command's remaining arguments (an error on a map).
    Value fieldChain(const Value& dot, Value recv, const std::vector<std::string>& fields, const Command* cmd,
        const Value* final, bool fromStart)
    {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const bool last = i + 1 == fields.size();
            const bool hasArgs = last && cmd && (cmd->args.size() > 1 || final);
            recv = field(dot, recv, fields[i], fromStart && i == 0, hasArgs, last ? cmd : nullptr, final);
        }
        return recv;
    }

    Value field(const Value& dot, const Value& recv, const std::string& name, bool first, bool hasArgs,
        const Command* cmd, const Value* final)
    {
        switch (recv.kind) {
        case Value::Kind::Labels: {
            if (hasArgs)
                fail(name + " is not a method but has arguments");
            auto v = m_labels(name);
            return Value::str(v ? std::move(*v) : std::string());
        }
        case Value::Kind::Map: {
            if (hasArgs)
                fail(name + " is not a method but has arguments");
            auto it = recv.map->find(name);
            if (it != recv.map->end())
                return it->second;
            return recv.b ? Value::str({}) : Value {};
        }
        case Value::Kind::Nil:
            if (first)
                return {};
            fail("nil pointer evaluating interface {}." + name);
        case Value::Kind::Time: {
            std::vector<Value> args;
            if (cmd) {
                for (std::size_t k = 1; k < cmd->args.size(); ++k)
                    args.push_back(evalArg(dot, Param::Any, cmd->args[k]));
                if (final)
                    args.push_back(*final);
            }
            Value out;
            std::string err;
            if (timeMethod(recv, name, args, out, err))
                return out;
            if (!err.empty())
                fail(err);
            break;
        }
        default:
            break;
        }
        fail("can't evaluate field " + name + " in type " + typeName(recv));
    }

    Value callFunction(const Value& dot, const Operand& fn, const Command* cmd, const Value* final)
    {
        const Func& f = *fn.func;
        at(fn);
        const std::size_t given = (cmd ? cmd->args.size() - 1 : 0) + (final ? 1 : 0);
        const std::size_t fixed = f.params.size() - (f.variadic ? 1 : 0);
        if (f.variadic ? given < fixed : given != f.params.size())
            fail("wrong number of args for " + std::string(f.name) + ": want " + (f.variadic ? "at least " : "")
                + std::to_string(fixed) + " got " + std::to_string(given));
        auto paramAt = [&](std::size_t i) { return i < f.params.size() ? f.params[i] : f.params.back(); };
        if (f.lazy != Func::Lazy::No) {
            Value v;
            for (std::size_t i = 1; cmd && i < cmd->args.size(); ++i) {
                v = evalArg(dot, Param::Any, cmd->args[i]);
                if (truth(v) == (f.lazy == Func::Lazy::Or))
                    return v;
            }
            if (final)
                v = *final;
            return v;
        }
        std::vector<Value> args;
        args.reserve(given);
        for (std::size_t i = 1; cmd && i < cmd->args.size(); ++i)
            args.push_back(evalArg(dot, paramAt(i - 1), cmd->args[i]));
        if (final)
            args.push_back(validate(*final, paramAt(given - 1)));
        if (cmd)
            at(*cmd);
        Value out;
        std::string err;
        if (!f.call(args, m_env, out, err))
            fail("error calling " + std::string(f.name) + ": " + err);
        return out;
    }

    Value validate(Value v, Param p)
    {
        if (v.kind == Value::Kind::Labels && p == Param::Any)
            return materialize(v);
        std::string err;
        if (!checkArgType(v, p, err))
            fail(err);
        return v;
    }

    Value evalArg(const Value& dot, Param p, const Operand& a)
    {
        at(a);
        switch (a.kind) {
        case Operand::Kind::Dot:
            return validate(dot, p);
        case Operand::Kind::Field:
            return validate(fieldChain(dot, dot, a.fields, nullptr, nullptr, true), p);
        case Operand::Kind::Variable:
            return validate(fieldChain(dot, variable(a.name), a.fields, nullptr, nullptr, true), p);
        case Operand::Kind::Pipe: {
            Value v = evalPipe(*a.pipe, dot);
            at(a);
            return validate(fieldChain(dot, v, a.fields, nullptr, nullptr, true), p);
        }
        case Operand::Kind::Func: {
            Value v = callFunction(dot, a, nullptr, nullptr);
            at(a);
            return validate(fieldChain(dot, v, a.fields, nullptr, nullptr, false), p);
        }
        case Operand::Kind::Nil:
            if (p != Param::Any)
                fail(std::string("cannot assign nil to ").append(paramName(p)));
            return {};
        default:
            return constant(a, p);
        }
    }

    Value constant(const Operand& a, Param p)
    {
        Value out;
        std::string err;
        if (!constantArg(a, p, out, err))
            fail(err);
        return out;
    }

    const Tree& m_tree;
    const Template::Lookup& m_labels;
    const Template::AllLabels& m_all;
    CallEnv m_env;
    const TemplateLimits& m_limits;
    std::string& m_out;
    Value m_root; // the dot at the top: the labels
    Value m_dollar; // `$`
    std::vector<std::pair<std::string, Value>> m_vars;
    std::size_t m_pos = 0;
    std::size_t m_iterations = 0;
    const Command* m_cmd = nullptr;
    const Operand* m_op = nullptr;
    std::string m_context;
};

} // namespace

} // namespace sg::logql::tmpl

namespace sg::logql {

Result<std::string> Template::render(const Lookup& labels, std::string_view line, TimestampNs ts, const AllLabels& all,
    const TemplateLimits& limits) const
{
    std::string out;
    try {
        tmpl::Exec(*m_tree, labels, all, tmpl::CallEnv { line, ts }, limits, out).run();
    } catch (const tmpl::ExecError& e) {
        return Error { ErrorCode::Execution, e.message, {} };
    } catch (const std::exception& e) {
        // Allocation failures (a huge alignLeft or indent) end this render, not the query.
        return Error { ErrorCode::Execution, "template: " + m_tree->name + ": " + e.what(), {} };
    }
    return out;
}

} // namespace sg::logql
