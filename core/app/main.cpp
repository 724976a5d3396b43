// The `interlude` binary: the CLI over core plus the built-in plugins.
#include <iostream>

#include "Cli.h"

int main(int argc, char** argv) { return interlude::app::runCli(argc, argv, std::cout, std::cerr); }
