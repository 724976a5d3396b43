#include <boost/test/unit_test.hpp>
#include <lua.hpp>
#include <memory>
#include <vector>

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

// What a freed small block comes back as: the next block of its class, at the
// same address, while it does not count as held.
BOOST_AUTO_TEST_CASE(a_freed_small_block_serves_the_next_of_its_class) {
  MemoryCap cap(1 << 20);
  void* first = MemoryCap::allocate(&cap, nullptr, LUA_TTABLE, 40);
  BOOST_REQUIRE(first);
  BOOST_TEST(cap.used() == 40u);
  MemoryCap::allocate(&cap, first, 40, 0);
  BOOST_TEST(cap.used() == 0u);
  BOOST_TEST(cap.kept() == 48u);
  void* second = MemoryCap::allocate(&cap, nullptr, LUA_TSTRING, 33);  // 33..48: the same class
  BOOST_TEST(second == first);
  BOOST_TEST(cap.kept() == 0u);
  MemoryCap::allocate(&cap, second, 33, 0);
}

// A block that grows or shrinks into another class, or past the small ones,
// keeps what it held.
BOOST_AUTO_TEST_CASE(a_resized_block_keeps_its_bytes) {
  MemoryCap cap(1 << 20);
  auto* block = static_cast<unsigned char*>(MemoryCap::allocate(&cap, nullptr, 0, 20));
  BOOST_REQUIRE(block);
  for (int i = 0; i < 20; ++i) block[i] = static_cast<unsigned char>(i);
  std::size_t size = 20;
  for (const std::size_t next : {30, 200, 4000, 100, 24}) {
    block = static_cast<unsigned char*>(MemoryCap::allocate(&cap, block, size, next));
    BOOST_REQUIRE(block);
    size = next;
    BOOST_TEST(cap.used() == size);
    for (int i = 0; i < 20; ++i) BOOST_TEST(block[i] == i);
  }
  MemoryCap::allocate(&cap, block, size, 0);
  BOOST_TEST(cap.used() == 0u);
}

BOOST_AUTO_TEST_CASE(the_kept_blocks_are_bounded) {
  MemoryCap cap(64 << 20);
  std::vector<void*> blocks;
  for (std::size_t i = 0; i < 2 * MemoryCap::kMaxKept / 64; ++i) {
    blocks.push_back(MemoryCap::allocate(&cap, nullptr, 0, 64));
  }
  for (auto* block : blocks) MemoryCap::allocate(&cap, block, 64, 0);
  BOOST_TEST(cap.used() == 0u);
  BOOST_TEST(cap.kept() <= MemoryCap::kMaxKept);
  BOOST_TEST(cap.kept() > MemoryCap::kMaxKept - 64);
}

BOOST_AUTO_TEST_SUITE_END()
