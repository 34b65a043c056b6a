// The explain tree as text (an indented tree, one node per line) and as JSON, for `sightglass query explain`.

#include "core/langsvc/explain.h"

#include "core/promql/ast.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace sg::langsvc {

namespace {

constexpr std::size_t TextSamples = 3;
constexpr std::size_t TextLineWidth = 120;

std::string milliseconds(double ms)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f ms", ms);
    return buffer;
}

std::string labelList(const std::vector<Labels>& sets)
{
    std::string out;
    for (const auto& l : sets)
        out += (out.empty() ? "" : ", ") + l.toString();
    return out;
}

/// `· 3 series · 0.4 ms`, `· 120 → 30 lines · adds a, b · errors JSONParserErr×4 · 1.2 ms`.
std::string evalSummary(const ExplainEval& e)
{
    std::string out;
    auto part = [&out](const std::string& s) { out += (out.empty() ? "  · " : " · ") + s; };
    if (!e.error.empty()) {
        part("error: " + e.error);
        return out;
    }
    const std::string atLeast = e.linesLimited ? "≥" : "";
    if (e.stage)
        part(std::to_string(e.stage->linesIn) + " → " + atLeast + std::to_string(e.stage->linesOut) + " lines");
    else if (e.lines)
        part(atLeast + std::to_string(*e.lines) + " lines");
    if (e.series)
        part(std::to_string(*e.series) + (e.lines ? " streams" : " series"));
    if (e.scalar)
        part("scalar " + promql::formatNumber(*e.scalar));
    if (e.stage && !e.stage->fieldsAdded.empty()) {
        std::string names;
        for (const auto& n : e.stage->fieldsAdded)
            names += (names.empty() ? "" : ", ") + n;
        part("adds " + names);
    }
    if (e.stage && !e.stage->errors.empty()) {
        std::string errors;
        for (const auto& [name, count] : e.stage->errors)
            errors += (errors.empty() ? "" : ", ") + name + "×" + std::to_string(count);
        part("errors " + errors);
    }
    part(milliseconds(e.durationMs));
    return out;
}

void printNode(const ExplainNode& node, int depth, std::string& out)
{
    const std::string indent(std::size_t(depth) * 2, ' ');
    out += indent + node.expr + "  — " + node.description;
    if (node.eval)
        out += evalSummary(*node.eval);
    out += '\n';
    if (node.eval) {
        const ExplainEval& e = *node.eval;
        if (e.match) {
            const auto& [left, right] = *e.match;
            out += indent + "    matched: left " + std::to_string(left.matched) + " of " + std::to_string(left.series)
                + ", right " + std::to_string(right.matched) + " of " + std::to_string(right.series) + '\n';
            if (!left.unmatched.empty())
                out += indent + "    unmatched left: " + labelList(left.unmatched) + '\n';
            if (!right.unmatched.empty())
                out += indent + "    unmatched right: " + labelList(right.unmatched) + '\n';
        }
        for (std::size_t i = 0; i < e.samples.size() && i < TextSamples; ++i) {
            const auto& s = e.samples[i];
            std::string line = indent + "    = " + s.labels.toString() + " "
                + (e.lines && !s.line.empty() ? s.line : promql::formatNumber(s.value));
            if (s.points > 0)
                line += " (" + std::to_string(s.points) + " points)";
            if (line.size() > TextLineWidth)
                line = line.substr(0, TextLineWidth - 3) + "...";
            out += line + '\n';
        }
        for (const auto& w : e.warnings)
            out += indent + "    warning: " + w + '\n';
    }
    for (const auto& child : node.children)
        printNode(child, depth + 1, out);
}

QJsonObject labelsJson(const Labels& labels)
{
    QJsonObject o;
    for (const auto& l : labels)
        o.insert(QString::fromStdString(l.name), QString::fromStdString(l.value));
    return o;
}

QJsonObject sideJson(const MatchSide& side)
{
    QJsonArray unmatched;
    for (const auto& l : side.unmatched)
        unmatched.append(labelsJson(l));
    return { { QStringLiteral("series"), side.series }, { QStringLiteral("matched"), side.matched },
        { QStringLiteral("unmatched"), unmatched } };
}

QJsonObject evalJson(const ExplainEval& e)
{
    QJsonObject o;
    o.insert(QStringLiteral("durationMs"), e.durationMs);
    if (!e.error.empty())
        o.insert(QStringLiteral("error"), QString::fromStdString(e.error));
    if (e.series)
        o.insert(QStringLiteral("series"), *e.series);
    if (e.lines) {
        o.insert(QStringLiteral("lines"), double(*e.lines));
        o.insert(QStringLiteral("linesLimited"), e.linesLimited);
    }
    if (e.scalar)
        o.insert(QStringLiteral("scalar"), QString::fromStdString(promql::formatNumber(*e.scalar)));
    QJsonArray samples;
    for (const auto& s : e.samples) {
        QJsonObject sample { { QStringLiteral("labels"), labelsJson(s.labels) } };
        if (!s.line.empty())
            sample.insert(QStringLiteral("line"), QString::fromStdString(s.line));
        else
            sample.insert(QStringLiteral("value"), QString::fromStdString(promql::formatNumber(s.value)));
        if (s.points > 0)
            sample.insert(QStringLiteral("points"), s.points);
        samples.append(sample);
    }
    o.insert(QStringLiteral("samples"), samples);
    QJsonArray warnings;
    for (const auto& w : e.warnings)
        warnings.append(QString::fromStdString(w));
    o.insert(QStringLiteral("warnings"), warnings);
    if (e.match)
        o.insert(QStringLiteral("match"),
            QJsonObject { { QStringLiteral("left"), sideJson(e.match->first) },
                { QStringLiteral("right"), sideJson(e.match->second) } });
    if (e.stage) {
        QJsonArray fields;
        for (const auto& f : e.stage->fieldsAdded)
            fields.append(QString::fromStdString(f));
        QJsonObject errors;
        for (const auto& [name, count] : e.stage->errors)
            errors.insert(QString::fromStdString(name), count);
        o.insert(QStringLiteral("stage"),
            QJsonObject { { QStringLiteral("linesIn"), double(e.stage->linesIn) },
                { QStringLiteral("linesOut"), double(e.stage->linesOut) }, { QStringLiteral("fieldsAdded"), fields },
                { QStringLiteral("errors"), errors } });
    }
    return o;
}

QJsonObject nodeJson(const ExplainNode& node)
{
    QJsonObject o;
    o.insert(QStringLiteral("expr"), QString::fromStdString(node.expr));
    o.insert(QStringLiteral("kind"), QString::fromUtf8(explainKindName(node.kind)));
    o.insert(QStringLiteral("description"), QString::fromStdString(node.description));
    o.insert(QStringLiteral("range"), QJsonArray { node.where.begin, node.where.end });
    if (node.eval)
        o.insert(QStringLiteral("eval"), evalJson(*node.eval));
    QJsonArray children;
    for (const auto& child : node.children)
        children.append(nodeJson(child));
    o.insert(QStringLiteral("children"), children);
    return o;
}

} // namespace

std::string explainText(const ExplainNode& root)
{
    std::string out;
    printNode(root, 0, out);
    return out;
}

std::string explainJson(const ExplainNode& root)
{
    return QJsonDocument(nodeJson(root)).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace sg::langsvc
