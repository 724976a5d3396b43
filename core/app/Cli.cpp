#include "Cli.h"

#include <Poco/Util/Application.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <signal.h>

#include <functional>
#include <map>

#include "BuiltinPlugins.h"
#include "interlude/core/Diagnostic.h"
#include "interlude/core/Listener.h"
#include "interlude/core/MemorySessionStore.h"
#include "interlude/core/RequestPath.h"
#include "interlude/core/Runtime.h"
#include "interlude/core/Server.h"
#include "interlude/core/Version.h"
#include "interlude/playlists/PlaylistTools.h"
#include "interlude/throttling/SniffTool.h"

namespace interlude::app {
namespace {

using core::InputError;
using Poco::Util::Option;

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct Command {
  const char* usage;
  const char* summary;
  std::function<int(const std::vector<std::string>& args)> run;
};

// POCO's application gives option parsing and help formatting; subcommands are
// the first positional argument.
class InterludeApp : public Poco::Util::Application {
 public:
  InterludeApp(std::ostream& out, std::ostream& err) : out_(out), err_(err) {
    setUnixOptions(true);
  }

  bool helpRequested = false;
  core::ServerOptions serverOptions;
  std::string renderFormat = "asx";
  std::string renderBase = "http://127.0.0.1:8080";
  bool json = false;

 protected:
  void defineOptions(Poco::Util::OptionSet& set) override {
    set.addOption(
        Option("help", "h", "show help for the subcommand")
            .callback(Poco::Util::OptionCallback<InterludeApp>(this, &InterludeApp::onHelp)));
    set.addOption(
        Option("config", "c", "config file (serve, check)")
            .argument("FILE")
            .callback(Poco::Util::OptionCallback<InterludeApp>(this, &InterludeApp::onConfig)));
    set.addOption(
        Option("listen", "l",
               "public listener ADDR:PORT, repeatable; replaces the configured ones (serve)")
            .argument("ADDR:PORT")
            .repeatable(true)
            .callback(Poco::Util::OptionCallback<InterludeApp>(this, &InterludeApp::onListen)));
    set.addOption(
        Option("admin", "a", "admin listener ADDR:PORT (serve)")
            .argument("ADDR:PORT")
            .callback(Poco::Util::OptionCallback<InterludeApp>(this, &InterludeApp::onAdmin)));
    set.addOption(
        Option("format", "f", "output format (render), default asx")
            .argument("NAME")
            .callback(Poco::Util::OptionCallback<InterludeApp>(this, &InterludeApp::onFormat)));
    set.addOption(
        Option("base", "b", "base URL of entry links (render), default http://127.0.0.1:8080")
            .argument("URL")
            .callback(Poco::Util::OptionCallback<InterludeApp>(this, &InterludeApp::onBase)));
    set.addOption(
        Option("json", "j", "print JSON (sniff)")
            .callback(Poco::Util::OptionCallback<InterludeApp>(this, &InterludeApp::onJson)));
    set.addOption(
        Option("set", "s", "override a config attribute, e.g. logging.level=debug (serve, check)")
            .argument("KEY=VALUE")
            .repeatable(true)
            .callback(Poco::Util::OptionCallback<InterludeApp>(this, &InterludeApp::onSet)));
  }

  int main(const std::vector<std::string>& args) override;

 private:
  void onHelp(const std::string&, const std::string&) { helpRequested = true; }
  void onFormat(const std::string&, const std::string& value) { renderFormat = value; }
  void onJson(const std::string&, const std::string&) { json = true; }
  void onBase(const std::string&, const std::string& value) { renderBase = value; }
  void onConfig(const std::string&, const std::string& value) { serverOptions.configPath = value; }
  void onListen(const std::string&, const std::string& value) {
    serverOptions.listen.push_back(endpoint(value));
  }
  void onAdmin(const std::string&, const std::string& value) {
    serverOptions.admin = endpoint(value);
  }
  void onSet(const std::string&, const std::string& value) {
    serverOptions.overrides.push_back(core::Override::parse(value));
  }
  static core::Endpoint endpoint(const std::string& value) {
    try {
      return core::Endpoint::parse(value);
    } catch (const std::invalid_argument& e) {
      throw Poco::InvalidArgumentException(e.what());
    }
  }

  std::ostream& out_;
  std::ostream& err_;
};

void printHelp(InterludeApp& app, std::ostream& out, const Command* command,
               const std::map<std::string, Command>& commands) {
  Poco::Util::HelpFormatter help(app.options());
  help.setUnixStyle(true);
  help.setCommand("interlude");
  if (command) {
    help.setUsage(command->usage);
    help.setHeader(command->summary);
  } else {
    std::string header = "Interlude " + std::string(core::kVersion) +
                         " — playlist and ad-insertion media server.\nCommands:";
    for (const auto& [n, c] : commands) header += "\n  " + n + "  " + c.summary;
    help.setUsage("COMMAND [OPTIONS]");
    help.setHeader(header);
    help.setFooter("`interlude COMMAND --help` shows the options of one command.");
  }
  help.format(out);
}

// Blocks the signals the main thread waits for, before any thread starts, so
// every thread inherits the mask and only sigwait() sees them.
sigset_t blockControlSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // sendfile(2) has no MSG_NOSIGNAL: a client that hangs up must not kill us.
  signal(SIGPIPE, SIG_IGN);
  return set;
}

int serve(core::ServerOptions options, std::ostream& err) {
  if (options.configPath.empty()) {
    err << "interlude serve: -c FILE is required\n";
    return kExitUsage;
  }
  const sigset_t signals = blockControlSignals();
  options.builtins = builtinPlugins();
  core::Server server(std::move(options));
  try {
    server.start();
  } catch (const InputError& e) {
    err << e.report();
    return kExitUsage;
  } catch (const core::BindError& e) {
    err << "interlude: " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    err << "interlude: cannot start: " << e.what() << "\n";
    return kExitFailure;
  }
  err << "ready" << std::endl;
  for (;;) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (signal == SIGHUP) {
      server.reload();  // the outcome is logged
      continue;
    }
    break;
  }
  server.shutdown();
  return kExitOk;
}

int check(const core::ServerOptions& base, std::vector<std::string> files, std::ostream& out,
          std::ostream& err) {
  if (!base.configPath.empty()) files.insert(files.begin(), base.configPath);  // -c FILE works too
  if (files.empty()) {
    err << "interlude check: name at least one FILE\n";
    return kExitUsage;
  }
  int status = kExitOk;
  core::PluginLibraries libraries;
  core::MetricsRegistry metrics;
  core::MemorySessionStore sessions;
  core::LastingServices lasting;
  core::Services services{metrics, sessions, core::TokenSigner::randomSecret(), lasting};
  const core::RuntimeBuilder builder(builtinPlugins(), libraries, services, false);
  for (const auto& file : files) {
    if (core::extensionOf(file) == ".isx") {
      const auto problems = playlists::checkPlaylist(file);
      for (const auto& d : problems) err << d.str() << "\n";
      if (problems.empty()) out << file << ": ok\n";
      status = problems.empty() ? status : kExitUsage;
      continue;
    }
    core::ServerOptions options = base;
    options.configPath = file;
    try {
      builder.build(core::Server::effectiveConfig(options));
      out << file << ": ok\n";
    } catch (const InputError& e) {
      err << e.report();
      status = kExitUsage;
    }
  }
  return status;
}

int render(const std::vector<std::string>& files, const std::string& format,
           const std::string& base, std::ostream& out, std::ostream& err) {
  if (files.size() != 1) {
    err << "interlude render: name one .isx FILE\n";
    return kExitUsage;
  }
  try {
    out << playlists::renderPlaylist(files.front(), format, base).body;
    return kExitOk;
  } catch (const std::out_of_range& e) {
    err << "interlude render: " << e.what() << "\n";
    return kExitUsage;
  }
}

int InterludeApp::main(const std::vector<std::string>& args) {
  const std::map<std::string, Command> commands{
      {"serve",
       {"serve -c FILE [--listen ADDR:PORT]... [--admin ADDR:PORT] [--set KEY=VALUE]...",
        "serve the sites of a config until SIGTERM (SIGHUP reloads)",
        [this](const std::vector<std::string>&) { return serve(serverOptions, err_); }}},
      {"check",
       {"check [--set KEY=VALUE]... [-c] FILE...",
        "validate configs and .isx playlists; errors as file:line:col",
        [this](const std::vector<std::string>& files) {
          return check(serverOptions, files, out_, err_);
        }}},
      {"render",
       {"render [--format NAME] [--base URL] FILE.isx",
        "print the document a client would get for a playlist",
        [this](const std::vector<std::string>& files) {
          return render(files, renderFormat, renderBase, out_, err_);
        }}},
      {"sniff",
       {"sniff [--json] FILE...",
        "print the container, duration and bitrate sniffed from media files' headers",
        [this](const std::vector<std::string>& files) {
          if (files.empty()) {
            err_ << "interlude sniff: name at least one FILE\n";
            return kExitUsage;
          }
          return throttling::printSniffs(files, json, out_);
        }}},
      {"version",
       {"version", "print the version",
        [this](const std::vector<std::string>&) {
          out_ << "interlude " << core::kVersion << "\n";
          return kExitOk;
        }}},
  };
  if (args.empty()) {
    printHelp(*this, helpRequested ? out_ : err_, nullptr, commands);
    return helpRequested ? kExitOk : kExitUsage;
  }
  const auto it = commands.find(args.front());
  if (it == commands.end()) {
    err_ << "interlude: unknown command \"" << args.front() << "\" (see interlude --help)\n";
    return kExitUsage;
  }
  if (helpRequested) {
    printHelp(*this, out_, &it->second, commands);
    return kExitOk;
  }
  try {
    return it->second.run({args.begin() + 1, args.end()});
  } catch (const InputError& e) {
    err_ << e.report();
    return kExitUsage;
  } catch (const std::exception& e) {
    err_ << "interlude: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace

int runCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  InterludeApp app(out, err);
  try {
    app.init(argc, argv);
  } catch (const InputError& e) {
    err << e.report();
    return kExitUsage;
  } catch (const Poco::Exception& e) {
    err << "interlude: " << e.displayText() << " (see interlude --help)\n";
    return kExitUsage;
  }
  return app.run();
}

}  // namespace interlude::app
