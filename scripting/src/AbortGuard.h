#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <lua.hpp>

#include "interlude/scripting/MemoryCap.h"

namespace interlude::scripting {

// The limits of one state's protected calls, and the aborts they cause.
//
// An abort (instruction budget spent, time limit passed, memory cap hit, a C++
// callback threw) ends the whole call: the pcall and xpcall of the sandbox raise it again
// instead of returning false, and once the budget is spent the count hook
// fires on every instruction, so whatever Lua code runs during the unwinding
// (a __close handler) is stopped too. Hooks, handlers and the pcall wrappers
// are plain lua_CFunctions with no C++ object alive when they raise.
class AbortGuard {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Abort { None, Budget, Time, Memory, Exception };

  explicit AbortGuard(MemoryCap& cap) : cap_(cap) {}
  AbortGuard(const AbortGuard&) = delete;
  AbortGuard& operator=(const AbortGuard&) = delete;

  // Makes this guard the one of `L` (kept in the state's extra space).
  void attach(lua_State* L);
  static AbortGuard& of(lua_State* L);

  // Before a protected call: a fresh budget, a deadline `timeLimit` from now
  // (checked every `checkEvery` instructions) and no abort.
  void arm(lua_State* L, std::int64_t budget, Clock::duration timeLimit, int checkEvery);
  void disarm(lua_State* L);
  // Moves the deadline on by `waited`: time an API function spent waiting on
  // something bounded by its own timeout (an external ad server) is not the script's.
  void extendDeadline(Clock::duration waited) { deadline_ += waited; }
  // Raises a Time abort when the deadline has passed: for C functions that may
  // run long between two count hooks (patterns, string.rep).
  static void checkDeadline(lua_State* L);

  // What the C functions of the running call work on (the rules' RuleCall),
  // reached without a table lookup; set from the call's push, null once it ends.
  void setCallData(void* data) { callData_ = data; }
  void* callData() const { return callData_; }
  // A number no earlier call of the state got: tells a call's objects from
  // those of an earlier call.
  std::uint64_t nextSerial() { return ++serials_; }

  Abort abort() const { return abort_; }
  // Where the error or abort was raised in the script, 0 when unknown.
  int line() const { return line_; }
  // The exception a callback threw (Abort::Exception), handed over once.
  std::exception_ptr takeException();

  // The message handler of the outer protected call: notes the script line.
  static int messageHandler(lua_State* L);
  // After a protected call inside the script returned `status`: raises the
  // call's abort again, so the script cannot swallow it.
  static void propagate(lua_State* L, int status);
  // Runs C++ `work` inside a protected call; an exception it throws becomes
  // Abort::Exception.
  template <class Work>
  static void run(lua_State* L, Work&& work) {
    try {
      work();
      return;
    } catch (...) {
      of(L).exception_ = std::current_exception();
      of(L).abort_ = Abort::Exception;
    }
    raise(L);
  }

 private:
  static void countHook(lua_State* L, lua_Debug* ar);
  static void raise(lua_State* L);
  void noteLine(lua_State* L, int level);

  MemoryCap& cap_;
  std::uint64_t serials_ = 0;
  std::int64_t remaining_ = 0;  // instructions left after the pending hook
  int checkEvery_ = 1;
  Clock::time_point deadline_;
  Abort abort_ = Abort::None;
  int line_ = 0;
  std::exception_ptr exception_;
  void* callData_ = nullptr;
};

}  // namespace interlude::scripting
