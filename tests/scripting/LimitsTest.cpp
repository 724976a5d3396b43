#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <lua.hpp>
#include <string>
#include <vector>

#include "ScriptTesting.h"
#include "interlude/core/Diagnostic.h"
#include "interlude/scripting/RuleScript.h"

namespace fs = std::filesystem;
using interlude::core::InputError;
using interlude::scripting::CallOutcome;
using interlude::scripting::RuleScript;
using interlude::scripting::ScriptError;
using interlude::scripting::ScriptLimits;
using interlude::testing::Called;
using interlude::testing::callHook;
using interlude::testing::ScriptFile;
using Kind = ScriptError::Kind;

namespace {

// Fails the call (and says why) unless it was aborted with `kind` within 5 s.
void requireAborted(RuleScript& script, const std::string& hook, Kind kind) {
  const auto started = std::chrono::steady_clock::now();
  const auto called = callHook(script, hook);
  const auto took = std::chrono::steady_clock::now() - started;
  BOOST_TEST((took < std::chrono::seconds(5)));
  BOOST_REQUIRE(!called.outcome.ok());
  BOOST_TEST_INFO(called.outcome.error().str());
  BOOST_TEST((called.outcome.error().kind == kind));
}

const char* const loops = R"(
local calls = 0
function count() calls = calls + 1 return calls end
function spin() while true do end end
function spin_in_pcall() while true do pcall(function() while true do end end) end end
function spin_in_xpcall()
  xpcall(function() while true do end end, function() while true do end end)
  while true do end
end
function spin_in_close()
  local guard <close> = setmetatable({}, {__close = function() while true do end end})
  while true do end
end
function spin_in_nested_pcall() pcall(pcall, spin) return "swallowed" end
function steps(n) local s = 0 for i = 1, n do s = s + i end return s end
function ten_thousand() return steps(10000) end
)";

const char* const bombs = R"(
local calls = 0
function count() calls = calls + 1 return calls end
function grow() local t = {} for i = 1, 1e9 do t[i] = i end end
function grow_in_pcall()
  pcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end)
  return "swallowed"
end
function repeat_string() return #string.rep("x", 1e9) end
function repeat_string_in_pcall()
  while true do pcall(string.rep, "x", 1e9) end
end
function concat()
  local s = "x"
  while true do s = s .. s end
end
)";

const char* const patterns = R"(
local subject = string.rep("a", 1000)
function backtrack() while true do subject:find(".-.-b") end end
function backtrack_in_pcall() while true do pcall(string.find, subject, ".-.-b") end end
function one_match() return (subject:find(".-.-b")) end
)";

// Only the instruction budget stops these calls: no time limit a loaded machine could reach.
ScriptLimits budgetOnly(std::int64_t budget = 1'000'000) {
  ScriptLimits limits;
  limits.instructionBudget = budget;
  limits.timeLimit = std::chrono::minutes(10);
  return limits;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(limits)

BOOST_AUTO_TEST_CASE(an_endless_loop_is_aborted_by_the_budget) {
  ScriptFile file(loops);
  RuleScript script(file.path(), budgetOnly());
  requireAborted(script, "spin", Kind::Budget);
  const auto called = callHook(script, "spin");
  BOOST_TEST(called.outcome.error().str() ==
             file.path() + ":4: instruction budget of 1000000 exhausted");
}

BOOST_AUTO_TEST_CASE(an_endless_loop_of_pcalls_cannot_swallow_the_abort) {
  ScriptFile file(loops);
  RuleScript script(file.path(), budgetOnly());
  requireAborted(script, "spin_in_pcall", Kind::Budget);
  requireAborted(script, "spin_in_nested_pcall", Kind::Budget);
}

BOOST_AUTO_TEST_CASE(an_xpcall_handler_does_not_run_after_the_abort) {
  ScriptFile file(loops);
  RuleScript script(file.path(), budgetOnly());
  requireAborted(script, "spin_in_xpcall", Kind::Budget);
}

BOOST_AUTO_TEST_CASE(a_close_handler_does_not_run_after_the_abort) {
  ScriptFile file(loops);
  RuleScript script(file.path(), budgetOnly());
  requireAborted(script, "spin_in_close", Kind::Budget);
}

BOOST_AUTO_TEST_CASE(the_budget_is_configurable) {
  ScriptFile file(loops);
  RuleScript generous(file.path());
  const auto called = callHook(generous, "ten_thousand");
  BOOST_REQUIRE(called.outcome.ok());
  BOOST_TEST(called.results == std::vector<std::string>{"50005000"});

  RuleScript strict(file.path(), budgetOnly(5000));
  requireAborted(strict, "ten_thousand", Kind::Budget);
  BOOST_TEST(callHook(strict, "ten_thousand").outcome.error().reason ==
             "instruction budget of 5000 exhausted");
}

BOOST_AUTO_TEST_CASE(the_budget_is_per_call) {
  ScriptFile file(loops);
  ScriptLimits limits;
  limits.instructionBudget = 100000;
  RuleScript script(file.path(), limits);
  for (int i = 0; i < 20; ++i) BOOST_REQUIRE(callHook(script, "ten_thousand").outcome.ok());
}

BOOST_AUTO_TEST_CASE(an_aborted_state_is_replaced) {
  ScriptFile file(loops);
  RuleScript script(file.path(), budgetOnly());
  BOOST_TEST(callHook(script, "count").results == std::vector<std::string>{"1"});
  BOOST_TEST(callHook(script, "count").results == std::vector<std::string>{"2"});
  requireAborted(script, "spin", Kind::Budget);
  BOOST_TEST(callHook(script, "count").results == std::vector<std::string>{"1"});
}

BOOST_AUTO_TEST_CASE(a_growing_table_is_a_memory_abort_and_the_state_is_replaced) {
  ScriptFile file(bombs);
  ScriptLimits limits;
  limits.memoryCapBytes = 4 << 20;
  limits.instructionBudget = 100'000'000;
  RuleScript script(file.path(), limits);
  BOOST_TEST(callHook(script, "count").results == std::vector<std::string>{"1"});
  BOOST_TEST(callHook(script, "count").results == std::vector<std::string>{"2"});
  requireAborted(script, "grow", Kind::Memory);
  BOOST_TEST(callHook(script, "grow").outcome.error().reason == "memory cap of 4 MiB reached");
  BOOST_TEST(callHook(script, "count").results == std::vector<std::string>{"1"});
}

BOOST_AUTO_TEST_CASE(pcall_cannot_swallow_a_memory_abort) {
  ScriptFile file(bombs);
  ScriptLimits limits;
  limits.memoryCapBytes = 4 << 20;
  limits.instructionBudget = 100'000'000;
  RuleScript script(file.path(), limits);
  requireAborted(script, "grow_in_pcall", Kind::Memory);
  requireAborted(script, "repeat_string_in_pcall", Kind::Memory);
}

BOOST_AUTO_TEST_CASE(huge_strings_are_a_memory_abort) {
  ScriptFile file(bombs);
  RuleScript script(file.path());
  requireAborted(script, "repeat_string", Kind::Memory);
  requireAborted(script, "concat", Kind::Memory);
  BOOST_TEST(callHook(script, "count").outcome.ok());
}

BOOST_AUTO_TEST_CASE(deep_recursion_fails_cleanly) {
  ScriptFile file(R"(
local function down(n) return down(n + 1) + 1 end
local function through_c() return (string.gsub("x", "x", through_c)) end
local function through_pcall(n) local ok, e = pcall(through_pcall, n + 1) return e end
function lua_frames() return down(1) end
function c_frames() return through_c() end
function pcall_frames() return through_pcall(1) end
function fine() return "fine" end
)");
  RuleScript script(file.path(), budgetOnly());
  for (const char* hook : {"lua_frames", "c_frames", "pcall_frames"}) {
    BOOST_TEST_CONTEXT(hook) {
      const auto called = callHook(script, hook);
      if (!called.outcome.ok()) {
        const auto& error = called.outcome.error();
        BOOST_TEST_INFO(error.str());
        BOOST_TEST(((error.kind == Kind::Memory) ||
                    error.reason.find("stack overflow") != std::string::npos));
      }
      BOOST_TEST(callHook(script, "fine").results == std::vector<std::string>{"fine"});
    }
  }
  BOOST_TEST(!callHook(script, "lua_frames").outcome.ok());
  BOOST_TEST(!callHook(script, "c_frames").outcome.ok());
}

BOOST_AUTO_TEST_CASE(the_top_level_runs_under_the_budget) {
  ScriptFile file("while true do end\n");
  BOOST_CHECK_EXCEPTION(RuleScript(file.path(), budgetOnly()), InputError,
                        [&](const InputError& e) {
                          return std::string(e.what()) ==
                                 file.path() + ":1:0: instruction budget of 1000000 exhausted";
                        });
}

// The budget would allow minutes of these: each instruction calls a pattern
// match of ~10^6 steps, which no count hook interrupts.
BOOST_AUTO_TEST_CASE(a_spinning_pattern_is_aborted_by_the_time_limit) {
  ScriptFile file(patterns);
  ScriptLimits limits;
  limits.instructionBudget = 1'000'000'000'000;
  limits.timeLimit = std::chrono::milliseconds(50);
  RuleScript script(file.path(), limits);
  requireAborted(script, "backtrack", Kind::Time);
  BOOST_TEST(callHook(script, "backtrack").outcome.error().str() ==
             file.path() + ":3: time limit of 50 ms exceeded");
  requireAborted(script, "backtrack_in_pcall", Kind::Time);
}

BOOST_AUTO_TEST_CASE(the_time_limit_is_per_call_and_configurable) {
  ScriptFile file(patterns);
  ScriptLimits limits;
  limits.timeLimit = std::chrono::minutes(10);
  RuleScript generous(file.path(), limits);
  for (int i = 0; i < 3; ++i) BOOST_TEST(callHook(generous, "one_match").results.size() == 1);
  // Loading the script runs under the limit too: 1 ms was reached there on a loaded machine.
  limits.timeLimit = std::chrono::milliseconds(40);
  limits.instructionBudget = 1'000'000'000'000;
  RuleScript strict(file.path(), limits);
  requireAborted(strict, "backtrack", Kind::Time);
  BOOST_TEST(callHook(strict, "backtrack").outcome.error().reason == "time limit of 40 ms exceeded");
}

BOOST_AUTO_TEST_SUITE_END()
