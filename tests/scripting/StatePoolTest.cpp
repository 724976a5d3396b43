#include <stdlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <barrier>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <lua.hpp>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ScriptTesting.h"
#include "interlude/scripting/RuleScript.h"

namespace fs = std::filesystem;
using interlude::scripting::RuleScript;
using interlude::testing::ScriptFile;

namespace {

const char* const script = R"(
function square(n)
  total = 0
  for i = 1, n do total = total + n end
  return total
end
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(state_pool)

BOOST_AUTO_TEST_CASE(calls_on_one_thread_reuse_one_state) {
  ScriptFile file(script);
  RuleScript rules(file.path());
  std::set<lua_State*> states;
  for (int i = 0; i < 5; ++i) {
    BOOST_REQUIRE(rules
                      .call(
                          "square",
                          [&](lua_State* L) {
                            states.insert(L);
                            lua_pushinteger(L, 3);
                          },
                          [](lua_State*, int) {})
                      .ok());
  }
  BOOST_TEST(states.size() == 1u);
}

BOOST_AUTO_TEST_CASE(threads_calling_at_the_same_time_get_distinct_states) {
  constexpr int threads = 4;
  ScriptFile file(script);
  RuleScript rules(file.path());
  std::barrier allInside(threads);
  std::mutex mutex;
  std::set<lua_State*> states;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      const auto outcome = rules.call(
          "square",
          [&](lua_State* L) {
            {
              const std::lock_guard lock(mutex);
              states.insert(L);
            }
            // Each thread holds its state until all hold one.
            allInside.arrive_and_wait();
            lua_pushinteger(L, 3);
          },
          [](lua_State*, int) {});
      const std::lock_guard lock(mutex);
      BOOST_TEST(outcome.ok());
    });
  }
  for (auto& worker : workers) worker.join();
  BOOST_TEST(states.size() == static_cast<std::size_t>(threads));
}

// Two threads that held two states at once each get their own back afterwards,
// whichever called last: a state stays with its thread (and its core's caches).
BOOST_AUTO_TEST_CASE(a_thread_gets_back_the_state_it_used) {
  ScriptFile file(script);
  RuleScript rules(file.path());
  const auto callOn = [&](std::function<void()> inside) {
    lua_State* used = nullptr;
    BOOST_REQUIRE(rules
                      .call(
                          "square",
                          [&](lua_State* L) {
                            used = L;
                            inside();
                            lua_pushinteger(L, 3);
                          },
                          [](lua_State*, int) {})
                      .ok());
    return used;
  };
  std::barrier bothInside(2);
  std::barrier step(2);
  std::array<std::vector<lua_State*>, 2> seen;
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < 2; ++t) {
    workers.emplace_back([&, t] {
      seen[t].push_back(callOn([&] { bothInside.arrive_and_wait(); }));
      for (int round = 0; round < 3; ++round) {  // one thread at a time, in turn
        for (std::size_t turn = 0; turn < 2; ++turn) {
          if (turn == t) seen[t].push_back(callOn([] {}));
          step.arrive_and_wait();
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  BOOST_TEST(seen[0].front() != seen[1].front());
  for (const auto& states : seen) {
    BOOST_TEST(std::count(states.begin(), states.end(), states.front()) == 4);
  }
}

BOOST_AUTO_TEST_CASE(many_calls_from_many_threads_all_get_their_own_globals) {
  constexpr int threads = 4;
  constexpr int calls = 300;
  ScriptFile file(script);
  RuleScript rules(file.path(), {}, {}, std::chrono::milliseconds(0));
  std::mutex mutex;
  int wrong = 0;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < calls; ++i) {
        const lua_Integer n = t * calls + i;
        lua_Integer result = -1;
        const auto outcome = rules.call(
            "square", [&](lua_State* L) { lua_pushinteger(L, n); },
            [&](lua_State* L, int) { result = lua_tointeger(L, -1); });
        if (!outcome.ok() || result != n * n) {
          const std::lock_guard lock(mutex);
          ++wrong;
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  BOOST_TEST(wrong == 0);
}

BOOST_AUTO_TEST_CASE(threads_keep_calling_while_the_script_is_reloaded) {
  constexpr int threads = 3;
  constexpr int versions = 20;
  ScriptFile file("function version() return 0 end\n");
  RuleScript rules(file.path(), {}, {}, std::chrono::milliseconds(0));
  std::atomic<bool> done{false};
  std::atomic<int> failed{0};
  std::atomic<lua_Integer> newest{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      while (!done) {
        lua_Integer seen = -1;
        const auto outcome = rules.call(
            "version", [](lua_State*) {}, [&](lua_State* L, int) { seen = lua_tointeger(L, -1); });
        if (!outcome.ok() || seen < 0 || seen > versions) ++failed;
        if (seen == versions) newest = seen;
      }
    });
  }
  // Each version replaces the file at once, as a deployment should.
  const std::string next = file.path() + ".next";
  for (int v = 1; v <= versions; ++v) {
    std::ofstream(next, std::ios::trunc) << "function version() return " << v << " end\n";
    fs::rename(next, file.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  while (newest != versions) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  done = true;
  for (auto& worker : workers) worker.join();
  BOOST_TEST(failed == 0);
}

BOOST_AUTO_TEST_SUITE_END()
