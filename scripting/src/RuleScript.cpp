#include "interlude/scripting/RuleScript.h"

#include <Poco/Logger.h>
#include <sys/stat.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "ScriptVersion.h"
#include "ThreadSlots.h"
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

struct RuleScript::ThreadViews {
  struct View {
    std::uint64_t generation = 0;
    std::shared_ptr<ScriptVersion> version;
    int calls = 0;  // running on this thread: the version is not replaced under them
  };
  ThreadSlots<View> slots;
};

RuleScript::RuleScript(std::string file, ScriptLimits limits, std::vector<Installer> installers,
                       std::chrono::milliseconds recheck)
    : file_(std::move(file)),
      limits_(limits),
      installers_(std::make_shared<const std::vector<Installer>>(std::move(installers))),
      recheck_(recheck),
      nextCheck_((Clock::now() + recheck_).time_since_epoch().count()),
      views_(std::make_unique<ThreadViews>()) {
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
}

RuleScript::~RuleScript() = default;

template <class Use>
auto RuleScript::withVersion(Use use) {
  checkFile();
  auto* view = views_->slots.mine();
  if (!view) return use(*shared());
  if (view->calls == 0 && view->generation != generation_.load(std::memory_order_acquire)) {
    const std::lock_guard lock(mutex_);
    view->version = current_;
    view->generation = generation_.load(std::memory_order_relaxed);
  }
  // The view's version stays while a call runs on it, a nested call included.
  struct Running {
    int& calls;
    explicit Running(int& count) : calls(++count) {}
    ~Running() { --calls; }
  } running(view->calls);
  return use(*view->version);
}

bool RuleScript::defines(const std::string& hook) {
  return withVersion([&](ScriptVersion& version) { return version.defines(hook); });
}

CallOutcome RuleScript::call(const std::string& hook, const PushArguments& push,
                             const ReadResults& read) {
  return withVersion([&](ScriptVersion& version) {
    if (!version.defines(hook)) return CallOutcome::success();
    return version.call(hook, push, read);
  });
}

std::shared_ptr<ScriptVersion> RuleScript::shared() {
  const std::lock_guard lock(mutex_);
  return current_;
}

// One thread a period stats the file: the others go on at once.
void RuleScript::checkFile() {
  const auto now = Clock::now().time_since_epoch().count();
  auto due = nextCheck_.load(std::memory_order_relaxed);
  if (now < due ||
      !nextCheck_.compare_exchange_strong(due, now + recheck_.count(), std::memory_order_relaxed)) {
    return;
  }
  auto stamp = stampOf(file_);
  const std::lock_guard lock(mutex_);
  if (stamp == stamp_) return;
  stamp_ = std::move(stamp);
  reload();
}

// Under the mutex: threads moving to the newest version wait for the
// compilation, once per change; the others go on with the version they use.
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
  generation_.fetch_add(1, std::memory_order_release);
}

}  // namespace interlude::scripting
