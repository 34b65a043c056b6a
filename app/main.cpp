#include "cli.h"
#include "commands/commands.h"
#include "gui.h"

#include <QTextStream>

#include <cstdio>

int main(int argc, char** argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.push_back(QString::fromLocal8Bit(argv[i]));
    if (!args.isEmpty()) {
        if (const auto* command = sg::app::findSubcommand(args.front()))
            return command->run(argc, argv, args.mid(1));
    }
    const auto cl = sg::app::parseCommandLine(args);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (cl.error) {
        err << "sightglass: " << *cl.error << "\n\n" << sg::app::usageText();
        return 2;
    }
    switch (cl.command) {
    case sg::app::Command::Version:
        out << "sightglass " << SIGHTGLASS_VERSION << "\n";
        return 0;
    case sg::app::Command::Help:
        out << sg::app::usageText();
        return 0;
    case sg::app::Command::Gui:
    case sg::app::Command::Screenshot:
        return sg::app::runGui(argc, argv, cl);
    }
    return 0;
}
