#pragma once

#include <ostream>

namespace interlude::app {

// Parses the command line and runs one subcommand (serve, check, version).
// Exit status: 0 success, 1 runtime failure (e.g. bind), 2 bad input or usage.
int runCli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace interlude::app
