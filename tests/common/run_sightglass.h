#pragma once

// Runs the built `sightglass` binary (bin/ beside the tests' folder) as a real process, for command-line tests.

#include <QCoreApplication>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace sg::testing {

/// What a run gave: exit code (-1 when it crashed or timed out), stdout and stderr.
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QStringList outLines() const { return out.split(u'\n', Qt::SkipEmptyParts); }
    /// For failure messages.
    QByteArray dump() const
    {
        return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(exitCode).arg(out, err).toUtf8();
    }
};

inline QString sightglassBinary()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/sightglass");
}

/// Runs `sightglass ARGS...` with `input` on its standard input; killed after `timeoutMs`.
inline Run runSightglass(const QStringList& args, const QByteArray& input = {}, int timeoutMs = 120'000)
{
    QProcess p;
    p.start(sightglassBinary(), args);
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError()) };
}

} // namespace sg::testing
