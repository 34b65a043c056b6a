#pragma once

// The queries of the shared corpora, for the formatter tests: every `eval` query of Prometheus' test scripts
// (../shared/testdata/promqltest) and every `expr` of the shared Grafana dashboards, and the LogQL query lists
// (../shared/testdata/logql, one query a line, C-style escaped).

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QString>
#include <QTest>

#include <vector>

namespace sg::testing {

/// A query and where it comes from (`file:line` or `file: panel title`).
struct CorpusQuery
{
    QString origin;
    QString text;
};

inline QString sharedTestdata() { return QStringLiteral(SG_SHARED_TESTDATA); }

/// The query of every `eval`, `eval_fail`, `eval_ordered`... line of the promqltest scripts.
inline std::vector<CorpusQuery> promqltestQueries()
{
    std::vector<CorpusQuery> out;
    static const QRegularExpression eval(
        QStringLiteral(R"(^eval\S* (?:instant(?: at \S+)?|range from \S+ to \S+ step \S+) (.+)$)"));
    const QDir dir(sharedTestdata() + QStringLiteral("/promqltest"));
    for (const QString& name : dir.entryList({ QStringLiteral("*.test") }, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n');
        for (int i = 0; i < lines.size(); ++i) {
            const auto m = eval.match(lines[i]);
            if (m.hasMatch())
                out.push_back({ name + u':' + QString::number(i + 1), m.captured(1).trimmed() });
        }
    }
    return out;
}

/// Every non-empty `expr` string of the shared dashboards (panel targets, variables, annotations), both languages.
inline std::vector<CorpusQuery> dashboardExpressions()
{
    std::vector<CorpusQuery> out;
    const QDir dir(sharedTestdata() + QStringLiteral("/dashboards"));
    for (const QString& name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        int n = 0;
        auto walk = [&](const QJsonValue& v, auto&& self) -> void {
            if (v.isArray()) {
                for (const QJsonValue& item : v.toArray())
                    self(item, self);
                return;
            }
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                if (it.key() == QStringLiteral("expr") && it.value().isString()
                    && !it.value().toString().trimmed().isEmpty())
                    out.push_back({ name + QStringLiteral(": expr ") + QString::number(++n), it.value().toString() });
                else
                    self(it.value(), self);
            }
        };
        walk(QJsonDocument::fromJson(f.readAll()).object(), walk);
    }
    return out;
}

/// The queries of one of the LogQL lists (`logql-valid.txt`, ...), unescaped.
inline std::vector<CorpusQuery> logqlQueries(const QString& file)
{
    std::vector<CorpusQuery> out;
    QFile f(sharedTestdata() + QStringLiteral("/logql/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n');
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        QString q;
        for (qsizetype k = 0; k < lines[i].size(); ++k) {
            const QChar c = lines[i][k];
            if (c != u'\\' || k + 1 == lines[i].size()) {
                q += c;
                continue;
            }
            const QChar e = lines[i][++k];
            q += e == u'n' ? QChar(u'\n') : e == u't' ? QChar(u'\t') : e == u'r' ? QChar(u'\r') : e;
        }
        out.push_back({ file + u':' + QString::number(i + 1), q });
    }
    return out;
}

/// A `query` column with one row per query, named by its origin.
inline void addQueryRows(const std::vector<CorpusQuery>& queries)
{
    for (const auto& q : queries)
        QTest::addRow("%s", qPrintable(q.origin)) << q.text;
}

} // namespace sg::testing
