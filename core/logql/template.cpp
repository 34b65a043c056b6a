#include "template.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <re2/re2.h>

namespace sg::logql {

namespace {

struct Operand
{
    enum class Kind { Field, Literal, Function, Line, Timestamp } kind = Kind::Literal;
    std::string text;
};

struct Command
{
    std::vector<Operand> operands;
};

} // namespace

struct Template::Node
{
    bool isText = true;
    std::string text;
    std::vector<Command> pipeline;
};

namespace {

Error templateError(const std::string& message)
{
    return Error { ErrorCode::Execution, "template: " + message, {} };
}

bool parseAction(std::string_view body, std::vector<Command>& pipeline, std::string& err)
{
    Command cmd;
    std::size_t i = 0;
    while (i < body.size()) {
        char c = body[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (c == '|') {
            if (cmd.operands.empty()) {
                err = "missing command before |";
                return false;
            }
            pipeline.push_back(std::move(cmd));
            cmd = {};
            ++i;
            continue;
        }
        Operand op;
        if (c == '"' || c == '`') {
            std::size_t j = i + 1;
            std::string s;
            while (j < body.size() && body[j] != c) {
                if (c == '"' && body[j] == '\\' && j + 1 < body.size()) {
                    char e = body[++j];
                    s += e == 'n' ? '\n' : e == 't' ? '\t' : e;
                } else {
                    s += body[j];
                }
                ++j;
            }
            if (j >= body.size()) {
                err = "unterminated quoted string";
                return false;
            }
            op.kind = Operand::Kind::Literal;
            op.text = std::move(s);
            i = j + 1;
        } else {
            std::size_t j = i;
            while (j < body.size() && !std::isspace(static_cast<unsigned char>(body[j])) && body[j] != '|')
                ++j;
            std::string word(body.substr(i, j - i));
            i = j;
            if (word.size() > 1 && word[0] == '.') {
                op.kind = Operand::Kind::Field;
                op.text = word.substr(1);
            } else if (word == "__line__") {
                op.kind = Operand::Kind::Line;
            } else if (word == "__timestamp__") {
                op.kind = Operand::Kind::Timestamp;
            } else if (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-') {
                op.kind = Operand::Kind::Literal;
                op.text = word;
            } else if (std::isalpha(static_cast<unsigned char>(word[0]))) {
                static const char* control[] = { "if", "else", "end", "range", "with", "define", "block", "template" };
                for (const char* k : control)
                    if (word == k) {
                        err = "unsupported action \"" + word + "\"";
                        return false;
                    }
                op.kind = Operand::Kind::Function;
                op.text = word;
            } else {
                err = "unexpected \"" + word + "\" in command";
                return false;
            }
        }
        cmd.operands.push_back(std::move(op));
    }
    if (cmd.operands.empty()) {
        err = "missing value for command";
        return false;
    }
    pipeline.push_back(std::move(cmd));
    return true;
}

std::string lower(std::string s)
{
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string upper(std::string s)
{
    for (char& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string trimSet(std::string s, std::string_view set, bool left, bool right)
{
    std::size_t b = 0, e = s.size();
    while (left && b < e && set.find(s[b]) != std::string_view::npos)
        ++b;
    while (right && e > b && set.find(s[e - 1]) != std::string_view::npos)
        --e;
    return s.substr(b, e - b);
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to)
{
    if (from.empty())
        return s;
    std::string out;
    std::size_t pos = 0;
    for (std::size_t f; (f = s.find(from, pos)) != std::string::npos; pos = f + from.size())
        out += s.substr(pos, f - pos) + to;
    return out + s.substr(pos);
}

/// Calls a template function; `args` already includes a piped value as the last argument.
bool callFunction(const std::string& name, const std::vector<std::string>& args, std::string& out, std::string& err)
{
    auto need = [&](std::size_t n) {
        if (args.size() == n)
            return true;
        err = "wrong number of args for " + name + ": want " + std::to_string(n) + " got " + std::to_string(args.size());
        return false;
    };
    const std::string ws = " \t\n\r\v\f";
    if (name == "ToUpper" || name == "upper") {
        if (!need(1)) return false;
        out = upper(args[0]);
    } else if (name == "ToLower" || name == "lower") {
        if (!need(1)) return false;
        out = lower(args[0]);
    } else if (name == "TrimSpace") {
        if (!need(1)) return false;
        out = trimSet(args[0], ws, true, true);
    } else if (name == "trim") {
        if (!need(1)) return false;
        out = trimSet(args[0], ws, true, true);
    } else if (name == "Trim" || name == "TrimLeft" || name == "TrimRight") {
        if (!need(2)) return false;
        out = trimSet(args[0], args[1], name != "TrimRight", name != "TrimLeft");
    } else if (name == "TrimPrefix" || name == "trimPrefix") {
        if (!need(2)) return false;
        // Loki's TrimPrefix takes (s, prefix); sprig's trimPrefix takes (prefix, s).
        const std::string& s = name == "TrimPrefix" ? args[0] : args[1];
        const std::string& p = name == "TrimPrefix" ? args[1] : args[0];
        out = s.rfind(p, 0) == 0 ? s.substr(p.size()) : s;
    } else if (name == "TrimSuffix" || name == "trimSuffix") {
        if (!need(2)) return false;
        const std::string& s = name == "TrimSuffix" ? args[0] : args[1];
        const std::string& p = name == "TrimSuffix" ? args[1] : args[0];
        out = s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0 ? s.substr(0, s.size() - p.size())
                                                                                      : s;
    } else if (name == "Replace") {
        if (!need(4)) return false;
        out = replaceAll(args[0], args[1], args[2]);  // the count argument: all occurrences when negative
    } else if (name == "replace") {
        if (!need(3)) return false;
        out = replaceAll(args[2], args[0], args[1]);
    } else if (name == "regexReplaceAll" || name == "regexReplaceAllLiteral") {
        if (!need(3)) return false;
        RE2 re(args[0]);
        if (!re.ok()) {
            err = re.error();
            return false;
        }
        out = args[1];
        std::string repl = args[2];
        if (name == "regexReplaceAll")
            repl = replaceAll(replaceAll(repl, "\\", "\\\\"), "$", "\\");
        else
            repl = replaceAll(repl, "\\", "\\\\");
        RE2::GlobalReplace(&out, re, repl);
    } else if (name == "default") {
        if (!need(2)) return false;
        out = args[1].empty() ? args[0] : args[1];
    } else if (name == "contains") {
        if (!need(2)) return false;
        out = args[1].find(args[0]) != std::string::npos ? "true" : "false";
    } else if (name == "count") {
        if (!need(2)) return false;
        RE2 re(args[0]);
        re2::StringPiece in(args[1]);
        int n = 0;
        while (RE2::FindAndConsume(&in, re) && ++n < 1'000'000) {
        }
        out = std::to_string(n);
    } else if (name == "repeat") {
        if (!need(2)) return false;
        out.clear();
        for (int i = 0; i < std::atoi(args[0].c_str()); ++i)
            out += args[1];
    } else if (name == "printf") {
        if (args.empty()) {
            err = "printf needs a format";
            return false;
        }
        out = args[0];
        for (std::size_t i = 1; i < args.size(); ++i) {
            std::size_t p = out.find("%s");
            if (p == std::string::npos)
                p = out.find("%v");
            if (p == std::string::npos)
                break;
            out.replace(p, 2, args[i]);
        }
    } else {
        err = "function \"" + name + "\" not defined";
        return false;
    }
    return true;
}

} // namespace

Result<Template> Template::compile(std::string_view text)
{
    auto nodes = std::make_shared<std::vector<Node>>();
    std::size_t i = 0;
    bool trimNextText = false;
    while (i <= text.size()) {
        std::size_t open = text.find("{{", i);
        std::string chunk(text.substr(i, open == std::string_view::npos ? std::string_view::npos : open - i));
        if (trimNextText)
            chunk = trimSet(chunk, " \t\n\r", true, false);
        trimNextText = false;
        if (open == std::string_view::npos) {
            if (!chunk.empty())
                nodes->push_back(Node { true, chunk, {} });
            break;
        }
        std::size_t close = text.find("}}", open + 2);
        if (close == std::string_view::npos)
            return templateError("unclosed action");
        std::string_view body = text.substr(open + 2, close - open - 2);
        if (body.size() >= 2 && body[0] == '-' && std::isspace(static_cast<unsigned char>(body[1]))) {
            chunk = trimSet(chunk, " \t\n\r", false, true);
            body.remove_prefix(1);
        }
        if (body.size() >= 2 && body.back() == '-' && std::isspace(static_cast<unsigned char>(body[body.size() - 2]))) {
            trimNextText = true;
            body.remove_suffix(1);
        }
        if (!chunk.empty())
            nodes->push_back(Node { true, chunk, {} });
        std::string_view trimmed = body;
        while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
            trimmed.remove_prefix(1);
        if (trimmed.rfind("/*", 0) != 0) {
            Node n;
            n.isText = false;
            std::string err;
            if (!parseAction(body, n.pipeline, err))
                return templateError(err);
            nodes->push_back(std::move(n));
        }
        i = close + 2;
    }
    Template t;
    t.m_nodes = std::move(nodes);
    return t;
}

Result<std::string> Template::render(const Lookup& labels, std::string_view line, TimestampNs ts) const
{
    std::string out;
    for (const Node& n : *m_nodes) {
        if (n.isText) {
            out += n.text;
            continue;
        }
        std::optional<std::string> piped;
        for (const Command& cmd : n.pipeline) {
            auto valueOf = [&](const Operand& o) -> std::string {
                switch (o.kind) {
                case Operand::Kind::Field: return labels(o.text).value_or(std::string());
                case Operand::Kind::Line: return std::string(line);
                case Operand::Kind::Timestamp: {
                    return std::to_string(ts);
                }
                default: return o.text;
                }
            };
            const Operand& head = cmd.operands.front();
            std::string result;
            if (head.kind == Operand::Kind::Function) {
                std::vector<std::string> args;
                for (std::size_t i = 1; i < cmd.operands.size(); ++i)
                    args.push_back(valueOf(cmd.operands[i]));
                if (piped)
                    args.push_back(*piped);
                std::string err;
                if (!callFunction(head.text, args, result, err))
                    return templateError(err);
            } else {
                if (cmd.operands.size() > 1 || piped)
                    return templateError("can't give argument to non-function");
                result = valueOf(head);
            }
            piped = std::move(result);
        }
        out += piped.value_or(std::string());
    }
    return out;
}

} // namespace sg::logql
