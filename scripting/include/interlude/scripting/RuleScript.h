#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "interlude/scripting/CallOutcome.h"
#include "interlude/scripting/LuaCallbacks.h"
#include "interlude/scripting/PeriodicCheck.h"
#include "interlude/scripting/ScriptLimits.h"
#include "interlude/scripting/ThreadVersions.h"

namespace interlude::scripting {

class ScriptVersion;

// One Lua rule file, ready to be called from any thread.
//
// The file is compiled once; a state runs its top level once (defining
// `on_playlist`...), then serves calls, one thread at a time, from a pool that
// opens states as threads need them; a thread gets back the state it used last
// (a state per worker thread). Every call sees a fresh global table over
// the script's own definitions and the read-only libraries, so what a call
// assigns to globals is gone for the next one; values built by the top level
// (its locals, its tables) belong to one state and must be treated as
// constants. A state whose call was aborted (instruction budget, memory cap) is
// closed, never reused.
//
// The file is checked (size, mtime, inode) at most once per `recheck`; a
// changed file is compiled (calls meanwhile run the running version) and
// replaces it; each thread moves to the new version at its next call, and the
// old one's states are closed once no thread holds it. A file that does not
// compile (or whose top level fails) is logged once as `file:line: message` on
// the "interlude" logger and the previous version keeps serving.
//
// What the sandbox holds: assert error ipairs next pairs pcall xpcall select
// tonumber tostring type rawequal rawget rawlen setmetatable getmetatable
// _VERSION, the string table math utf8 libraries (no string.dump), os.time
// os.date os.clock, and what the installers add. pcall and xpcall cannot catch
// an abort; setmetatable refuses __gc (finalizers run without the budget).
class RuleScript {
 public:
  // Throws core::InputError (`file:line:0: message`) when the file cannot be
  // read, does not compile or its top level fails.
  explicit RuleScript(std::string file, ScriptLimits limits = {},
                      std::vector<Installer> installers = {},
                      std::chrono::milliseconds recheck = std::chrono::seconds(1));
  ~RuleScript();
  RuleScript(const RuleScript&) = delete;
  RuleScript& operator=(const RuleScript&) = delete;

  const std::string& file() const { return file_; }

  // Whether the script defines the global function `hook`: when it does not,
  // call() has nothing to run (ask first, so no state is taken for nothing).
  bool defines(const std::string& hook);

  // Calls the global function `hook` with the arguments `push` leaves on the
  // stack, then hands its results to `read`, all under the limits. A hook the
  // script does not define is a success that calls neither callback. Reports
  // Lua errors and aborts in the outcome; throws only what a callback or an
  // installer threw, or std::bad_alloc.
  CallOutcome call(const std::string& hook, const PushArguments& push, const ReadResults& read);

 private:
  using Clock = std::chrono::steady_clock;

  // The version this thread runs, the file checked first when due.
  ThreadVersions<ScriptVersion>::Pin version();
  void checkFile();
  void reload();

  const std::string file_;
  const ScriptLimits limits_;
  const std::shared_ptr<const std::vector<Installer>> installers_;
  PeriodicCheck<Clock> check_;
  std::string
      stamp_;  // of the file last compiled or rejected, empty when unreadable; the checker's
  ThreadVersions<ScriptVersion> versions_;
};

}  // namespace interlude::scripting
