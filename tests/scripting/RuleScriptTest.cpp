#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <lua.hpp>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "ScriptTesting.h"
#include "interlude/core/Diagnostic.h"
#include "interlude/scripting/RuleScript.h"
#include "interlude/testing/CapturedLog.h"

namespace fs = std::filesystem;
using interlude::core::InputError;
using interlude::scripting::CallOutcome;
using interlude::scripting::RuleScript;
using interlude::scripting::ScriptError;
using interlude::testing::Called;
using interlude::testing::callHook;
using interlude::testing::CapturedLog;
using interlude::testing::ScriptFile;

namespace {

constexpr std::chrono::milliseconds everyCall{0};

std::vector<std::string> resultsOf(RuleScript& script, const std::string& hook) {
  const auto called = callHook(script, hook);
  BOOST_TEST_INFO((called.outcome.ok() ? "" : called.outcome.error().str()));
  BOOST_TEST(called.outcome.ok());
  return called.results;
}

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rule_script)

BOOST_AUTO_TEST_CASE(a_runtime_error_names_the_file_and_the_line) {
  ScriptFile file(R"(
function on_playlist()
  error("no ads today")
end
function on_entry()
  local missing
  return missing.field
end
function on_ad_request() error({}) end
)");
  RuleScript script(file.path());
  const auto raised = callHook(script, "on_playlist");
  BOOST_REQUIRE(!raised.outcome.ok());
  const auto& error = raised.outcome.error();
  BOOST_TEST((error.kind == ScriptError::Kind::Error));
  BOOST_TEST(error.file == file.path());
  BOOST_TEST(error.line == 3);
  BOOST_TEST(error.reason == "no ads today");
  BOOST_TEST(error.str() == file.path() + ":3: no ads today");

  const auto indexed = callHook(script, "on_entry");
  BOOST_REQUIRE(!indexed.outcome.ok());
  BOOST_TEST(indexed.outcome.error().line == 7);
  BOOST_TEST(indexed.outcome.error().reason == "attempt to index a nil value (local 'missing')");

  const auto table = callHook(script, "on_ad_request");
  BOOST_REQUIRE(!table.outcome.ok());
  BOOST_TEST(table.outcome.error().line == 9);
  BOOST_TEST(table.outcome.error().reason == "(error object is a table value)");
}

BOOST_AUTO_TEST_CASE(a_long_path_is_still_split_into_line_and_reason) {
  ScriptFile file("function f()\n  error('far away')\nend\n", std::string(80, 'd'));
  RuleScript script(file.path());
  const auto called = callHook(script, "f");
  BOOST_REQUIRE(!called.outcome.ok());
  BOOST_TEST(called.outcome.error().line == 2);
  BOOST_TEST(called.outcome.error().reason == "far away");
}

BOOST_AUTO_TEST_CASE(a_script_that_does_not_compile_is_refused_with_its_line) {
  ScriptFile file("function f()\n  return 1 +\nend\n");
  BOOST_CHECK_EXCEPTION(RuleScript{file.path()}, InputError, [&](const InputError& e) {
    return startsWith(e.what(), file.path() + ":3:0: unexpected symbol near 'end'");
  });
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_refused) {
  BOOST_CHECK_THROW(RuleScript{"/nonexistent/rules.lua"}, InputError);
}

BOOST_AUTO_TEST_CASE(a_binary_chunk_is_refused) {
  ScriptFile file("\x1bLua\x54");
  BOOST_CHECK_THROW(RuleScript{file.path()}, InputError);
}

BOOST_AUTO_TEST_CASE(a_changed_file_is_picked_up_and_old_states_are_retired) {
  ScriptFile file("function version() return 1 end\n");
  RuleScript script(file.path(), {}, {}, everyCall);
  BOOST_TEST(resultsOf(script, "version") == std::vector<std::string>{"1"});
  file.write("function version() return 2 end\n");
  BOOST_TEST(resultsOf(script, "version") == std::vector<std::string>{"2"});
}

BOOST_AUTO_TEST_CASE(the_file_is_checked_at_most_once_per_recheck_interval) {
  ScriptFile file("function version() return 1 end\n");
  RuleScript script(file.path(), {}, {}, std::chrono::hours(1));
  file.write("function version() return 2 end\n");
  BOOST_TEST(resultsOf(script, "version") == std::vector<std::string>{"1"});
}

BOOST_AUTO_TEST_CASE(a_reload_that_does_not_compile_keeps_the_old_version_and_logs_once) {
  ScriptFile file("function version() return 1 end\n");
  RuleScript script(file.path(), {}, {}, everyCall);
  const CapturedLog log("interlude");
  file.write("function version()\n  return 2 +\nend\n");
  BOOST_TEST(resultsOf(script, "version") == std::vector<std::string>{"1"});
  BOOST_TEST(resultsOf(script, "version") == std::vector<std::string>{"1"});
  const auto messages = log.messages();
  BOOST_REQUIRE(messages.size() == 1u);
  BOOST_TEST(startsWith(messages[0], file.path() + ":3: unexpected symbol near 'end'"));

  file.write("function version() return 3 end\n");
  BOOST_TEST(resultsOf(script, "version") == std::vector<std::string>{"3"});
}

BOOST_AUTO_TEST_CASE(a_reload_whose_top_level_fails_keeps_the_old_version) {
  ScriptFile file("function version() return 1 end\n");
  RuleScript script(file.path(), {}, {}, everyCall);
  const CapturedLog log("interlude");
  file.write("function version() return 2 end\nlocal x = nil + 1\n");
  BOOST_TEST(resultsOf(script, "version") == std::vector<std::string>{"1"});
  BOOST_REQUIRE(log.messages().size() == 1u);
  BOOST_TEST(startsWith(log.messages()[0], file.path() + ":2: attempt to perform arithmetic"));
}

BOOST_AUTO_TEST_CASE(defines_names_the_global_functions_of_the_script) {
  ScriptFile file(R"(
local function helper() end
function on_playlist() helper() end
on_entry = "not a function"
)");
  RuleScript script(file.path(), {}, {}, everyCall);
  BOOST_TEST(script.defines("on_playlist"));
  BOOST_TEST(!script.defines("on_entry"));
  BOOST_TEST(!script.defines("helper"));
  BOOST_TEST(!script.defines("on_ad_request"));
  file.write("function on_ad_request() end\n");
  BOOST_TEST(script.defines("on_ad_request"));
  BOOST_TEST(!script.defines("on_playlist"));
}

BOOST_AUTO_TEST_CASE(calling_a_hook_the_script_lacks_does_nothing) {
  ScriptFile file("function on_playlist() end\n");
  RuleScript script(file.path());
  bool invoked = false;
  const auto outcome = script.call(
      "on_entry", [&](lua_State*) { invoked = true; }, [&](lua_State*, int) { invoked = true; });
  BOOST_TEST(outcome.ok());
  BOOST_TEST(!invoked);
}

BOOST_AUTO_TEST_CASE(arguments_and_results_pass_through_the_callbacks) {
  ScriptFile file("function add(a, b) return a + b, 'sum' end\n");
  RuleScript script(file.path());
  lua_Integer sum = 0;
  std::string label;
  const auto outcome = script.call(
      "add",
      [](lua_State* L) {
        lua_pushinteger(L, 40);
        lua_pushinteger(L, 2);
      },
      [&](lua_State* L, int count) {
        BOOST_REQUIRE(count == 2);
        sum = luaL_checkinteger(L, -2);
        label = luaL_checkstring(L, -1);
      });
  BOOST_REQUIRE(outcome.ok());
  BOOST_TEST(sum == 42);
  BOOST_TEST(label == "sum");
}

BOOST_AUTO_TEST_CASE(a_lua_error_in_a_callback_fails_the_call) {
  ScriptFile file("function name() return {} end\n");
  RuleScript script(file.path());
  const auto outcome = script.call(
      "name", [](lua_State*) {}, [](lua_State* L, int) { luaL_checkstring(L, -1); });
  BOOST_REQUIRE(!outcome.ok());
  BOOST_TEST(outcome.error().reason.find("string expected, got table") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_exception_from_a_callback_is_rethrown_and_the_script_goes_on) {
  ScriptFile file("function name() return 'x' end\n");
  RuleScript script(file.path());
  BOOST_CHECK_THROW(script.call(
                        "name", [](lua_State*) {},
                        [](lua_State*, int) { throw std::runtime_error("reader failed"); }),
                    std::runtime_error);
  BOOST_TEST(resultsOf(script, "name") == std::vector<std::string>{"x"});
}

BOOST_AUTO_TEST_CASE(an_exception_from_an_installer_is_rethrown) {
  ScriptFile file("function f() end\n");
  BOOST_CHECK_THROW(RuleScript(file.path(), {},
                               {[](lua_State*) { throw std::runtime_error("installer failed"); }}),
                    std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
