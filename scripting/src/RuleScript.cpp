#include "interlude/scripting/RuleScript.h"

#include <Poco/Logger.h>
#include <sys/stat.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "ScriptVersion.h"
#include "interlude/core/Diagnostic.h"

namespace interlude::scripting {

namespace {

// What tells a changed file; empty when it cannot be read.
std::string stampOf(const std::string& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return {};
  return std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino) + ":" +
         std::to_string(info.st_size) + ":" + std::to_string(info.st_mtim.tv_sec) + "." +
         std::to_string(info.st_mtim.tv_nsec);
}

// Throws std::system_error when the file cannot be read.
std::string readText(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::system_error(errno, std::generic_category(), file);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw std::system_error(errno, std::generic_category(), file);
  return std::move(text).str();
}

core::InputError inputError(const ScriptError& error) {
  return core::InputError({core::Diagnostic{error.file, error.line, 0, error.reason}});
}

void logRejected(const std::string& why) {
  Poco::Logger::get("interlude").error(why + " (not reloaded, the previous version stays in use)");
}

// The file compiled, or why it cannot be used (unreadable, a syntax error, a failing top level).
std::variant<std::shared_ptr<ScriptVersion>, ScriptError> compileFile(
    const std::string& file, const ScriptLimits& limits, ScriptVersion::Installers installers) {
  std::string source;
  try {
    source = readText(file);
  } catch (const std::system_error& e) {
    return ScriptError{ScriptError::Kind::Error, file, 0, e.code().message()};
  }
  return ScriptVersion::compile(file, source, limits, std::move(installers));
}

// The first version: throws core::InputError when the file cannot be used.
std::shared_ptr<ScriptVersion> firstVersion(const std::string& file, const ScriptLimits& limits,
                                            ScriptVersion::Installers installers) {
  auto compiled = compileFile(file, limits, std::move(installers));
  if (const auto* error = std::get_if<ScriptError>(&compiled)) throw inputError(*error);
  return std::get<std::shared_ptr<ScriptVersion>>(std::move(compiled));
}

}  // namespace

RuleScript::RuleScript(std::string file, ScriptLimits limits, std::vector<Installer> installers,
                       std::chrono::milliseconds recheck)
    : file_(std::move(file)),
      limits_(limits),
      installers_(std::make_shared<const std::vector<Installer>>(std::move(installers))),
      check_(Clock::now(), recheck),
      stamp_(stampOf(file_)),
      versions_(firstVersion(file_, limits_, installers_)) {}

RuleScript::~RuleScript() = default;

ThreadVersions<ScriptVersion>::Pin RuleScript::version() {
  checkFile();
  return versions_.pin();
}

bool RuleScript::defines(const std::string& hook) { return version()->defines(hook); }

// The pin keeps the version while the call runs, a call nested in it included.
CallOutcome RuleScript::call(const std::string& hook, const PushArguments& push,
                             const ReadResults& read) {
  const auto running = version();
  if (!running->defines(hook)) return CallOutcome::success();
  return running->call(hook, push, read);
}

// One thread a period stats the file: the others go on at once, with the
// version they have while a changed file compiles.
void RuleScript::checkFile() {
  check_.runIfDue(Clock::now(), [&] {
    auto stamp = stampOf(file_);
    if (stamp == stamp_) return;
    stamp_ = std::move(stamp);
    reload();
  });
}

void RuleScript::reload() {
  auto compiled = compileFile(file_, limits_, installers_);
  if (const auto* error = std::get_if<ScriptError>(&compiled)) {
    logRejected(error->str());
    return;
  }
  versions_.replace(std::get<std::shared_ptr<ScriptVersion>>(std::move(compiled)));
}

}  // namespace interlude::scripting
