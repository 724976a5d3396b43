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

}  // namespace

RuleScript::RuleScript(std::string file, ScriptLimits limits, std::vector<Installer> installers,
                       std::chrono::milliseconds recheck)
    : file_(std::move(file)),
      limits_(limits),
      installers_(std::make_shared<const std::vector<Installer>>(std::move(installers))),
      recheck_(recheck) {
  stamp_ = stampOf(file_);
  std::string source;
  try {
    source = readText(file_);
  } catch (const std::system_error& e) {
    throw inputError({ScriptError::Kind::Error, file_, 0, e.code().message()});
  }
  auto compiled = ScriptVersion::compile(file_, source, limits_, installers_);
  if (const auto* error = std::get_if<ScriptError>(&compiled)) throw inputError(*error);
  current_ = std::get<std::shared_ptr<ScriptVersion>>(std::move(compiled));
  nextCheck_ = Clock::now() + recheck_;
}

RuleScript::~RuleScript() = default;

bool RuleScript::defines(const std::string& hook) { return current()->defines(hook); }

CallOutcome RuleScript::call(const std::string& hook, const PushArguments& push,
                             const ReadResults& read) {
  const auto version = current();
  if (!version->defines(hook)) return CallOutcome::success();
  return version->call(hook, push, read);
}

std::shared_ptr<ScriptVersion> RuleScript::current() {
  const std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (now >= nextCheck_) {
    nextCheck_ = now + recheck_;
    auto stamp = stampOf(file_);
    if (stamp != stamp_) {
      stamp_ = std::move(stamp);
      reload();
    }
  }
  return current_;
}

// Under the mutex: callers wait for the compilation, once per change.
void RuleScript::reload() {
  std::string source;
  try {
    source = readText(file_);
  } catch (const std::system_error& e) {
    logRejected(file_ + ": " + e.code().message());
    return;
  }
  auto compiled = ScriptVersion::compile(file_, source, limits_, installers_);
  if (const auto* error = std::get_if<ScriptError>(&compiled)) {
    logRejected(error->str());
    return;
  }
  current_ = std::get<std::shared_ptr<ScriptVersion>>(std::move(compiled));
}

}  // namespace interlude::scripting
