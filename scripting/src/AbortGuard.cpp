#include "AbortGuard.h"

#include <algorithm>
#include <utility>

namespace interlude::scripting {

namespace {

int nextStep(std::int64_t remaining, int checkEvery) {
  return static_cast<int>(std::min<std::int64_t>(remaining, checkEvery));
}

}  // namespace

void AbortGuard::attach(lua_State* L) { *static_cast<AbortGuard**>(lua_getextraspace(L)) = this; }

AbortGuard& AbortGuard::of(lua_State* L) {
  return **static_cast<AbortGuard**>(lua_getextraspace(L));
}

void AbortGuard::arm(lua_State* L, std::int64_t budget, Clock::duration timeLimit, int checkEvery) {
  abort_ = Abort::None;
  line_ = 0;
  exception_ = nullptr;
  cap_.resetRefused();
  checkEvery_ = std::max(checkEvery, 1);
  deadline_ = Clock::now() + timeLimit;
  remaining_ = std::max<std::int64_t>(budget, 1);
  const int step = nextStep(remaining_, checkEvery_);
  remaining_ -= step;
  lua_sethook(L, &AbortGuard::countHook, LUA_MASKCOUNT, step);
}

void AbortGuard::disarm(lua_State* L) {
  lua_sethook(L, nullptr, 0, 0);
  callData_ = nullptr;
}

std::exception_ptr AbortGuard::takeException() { return std::exchange(exception_, nullptr); }

void AbortGuard::countHook(lua_State* L, lua_Debug* ar) {
  auto& self = of(L);
  if (self.abort_ == Abort::None) {
    const bool late = Clock::now() >= self.deadline_;
    if (self.remaining_ > 0 && !late) {
      const int step = nextStep(self.remaining_, self.checkEvery_);
      self.remaining_ -= step;
      lua_sethook(L, &AbortGuard::countHook, LUA_MASKCOUNT, step);
      return;
    }
    self.abort_ = late ? Abort::Time : Abort::Budget;
    if (lua_getinfo(L, "l", ar)) self.line_ = ar->currentline;
    // From now on every instruction raises again.
    lua_sethook(L, &AbortGuard::countHook, LUA_MASKCOUNT, 1);
  }
  raise(L);
}

void AbortGuard::checkDeadline(lua_State* L) {
  auto& self = of(L);
  if (self.abort_ != Abort::None || Clock::now() < self.deadline_) return;
  self.abort_ = Abort::Time;
  self.noteLine(L, 1);
  lua_sethook(L, &AbortGuard::countHook, LUA_MASKCOUNT, 1);
  raise(L);
}

int AbortGuard::messageHandler(lua_State* L) {
  auto& self = of(L);
  if (self.abort_ != Abort::None) return 1;
  lua_Debug ar;
  for (int level = 0; lua_getstack(L, level, &ar); ++level) {
    if (lua_getinfo(L, "l", &ar) && ar.currentline > 0) {
      self.line_ = ar.currentline;
      break;
    }
  }
  return 1;
}

void AbortGuard::propagate(lua_State* L, int status) {
  auto& self = of(L);
  if (self.abort_ == Abort::None && status != LUA_OK &&
      (status == LUA_ERRMEM || self.cap_.refused())) {
    self.abort_ = Abort::Memory;
    self.noteLine(L, 1);
  }
  if (self.abort_ != Abort::None) raise(L);
}

void AbortGuard::raise(lua_State* L) {
  // A light userdata: raising it allocates nothing, even out of memory.
  lua_pushlightuserdata(L, &of(L));
  lua_error(L);
}

void AbortGuard::noteLine(lua_State* L, int level) {
  lua_Debug ar;
  if (lua_getstack(L, level, &ar) && lua_getinfo(L, "l", &ar) && ar.currentline > 0) {
    line_ = ar.currentline;
  }
}

}  // namespace interlude::scripting
