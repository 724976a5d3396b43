#include <boost/test/unit_test.hpp>
#include <lua.hpp>
#include <memory>

#include "interlude/scripting/MemoryCap.h"

using interlude::scripting::MemoryCap;

namespace {

struct StateCloser {
  void operator()(lua_State* L) const { lua_close(L); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(memory_cap)

BOOST_AUTO_TEST_CASE(counts_what_the_state_holds_and_returns_to_zero_when_closed) {
  MemoryCap cap(1 << 20);
  {
    std::unique_ptr<lua_State, StateCloser> L(lua_newstate(&MemoryCap::allocate, &cap));
    BOOST_REQUIRE(L);
    BOOST_TEST(cap.used() > 0u);
  }
  BOOST_TEST(cap.used() == 0u);
}

BOOST_AUTO_TEST_CASE(a_growing_table_hits_the_cap_as_a_memory_error) {
  MemoryCap cap(512 * 1024);
  std::unique_ptr<lua_State, StateCloser> L(lua_newstate(&MemoryCap::allocate, &cap));
  BOOST_REQUIRE(L);
  luaL_openlibs(L.get());
  BOOST_REQUIRE(luaL_loadstring(L.get(), "local t = {} for i = 1, 1e9 do t[i] = i end") == LUA_OK);
  const int status = lua_pcall(L.get(), 0, 0, 0);
  BOOST_TEST(status == LUA_ERRMEM);
  BOOST_TEST(cap.refused());
  BOOST_TEST(cap.used() <= cap.cap());
}

BOOST_AUTO_TEST_SUITE_END()
