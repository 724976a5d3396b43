#include <stdlib.h>

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <lua.hpp>
#include <string>
#include <vector>

#include "ScriptTesting.h"
#include "interlude/scripting/RuleScript.h"

namespace fs = std::filesystem;
using interlude::testing::Called;
using interlude::testing::callHook;
using interlude::testing::ScriptFile;
namespace bdata = boost::unit_test::data;
using interlude::scripting::CallOutcome;
using interlude::scripting::Installer;
using interlude::scripting::RuleScript;

namespace {

const char* const probeScript = R"(
function probe(path)
  local value = _ENV
  for name in string.gmatch(path, "[^.]+") do
    value = value[name]
    if value == nil then return "nil" end
  end
  return type(value)
end
)";

const std::vector<std::string> forbidden = {
    "io",         "os.execute", "os.getenv",      "os.remove",   "os.rename", "os.exit",
    "os.tmpname", "load",       "loadstring",     "loadfile",    "dofile",    "require",
    "package",    "debug",      "collectgarbage", "string.dump", "print",     "coroutine",
    "rawset",     "_G",         "os.setlocale"};

const std::vector<std::string> allowed = {
    "os.time",      "os.date",      "os.clock",   "string.format", "string.rep",
    "table.unpack", "table.concat", "math.floor", "utf8.char",     "assert",
    "error",        "ipairs",       "next",       "pairs",         "pcall",
    "xpcall",       "select",       "tonumber",   "tostring",      "type",
    "rawequal",     "rawget",       "rawlen",     "setmetatable",  "getmetatable"};

}  // namespace

BOOST_AUTO_TEST_SUITE(sandbox)

BOOST_DATA_TEST_CASE(a_forbidden_global_is_absent, bdata::make(forbidden), name) {
  ScriptFile file(probeScript);
  RuleScript script(file.path());
  const auto called = callHook(script, "probe", name);
  BOOST_REQUIRE(called.outcome.ok());
  BOOST_TEST(called.results == std::vector<std::string>{"nil"});
}

BOOST_DATA_TEST_CASE(an_allowed_function_is_present, bdata::make(allowed), name) {
  ScriptFile file(probeScript);
  RuleScript script(file.path());
  const auto called = callHook(script, "probe", name);
  BOOST_REQUIRE(called.outcome.ok());
  BOOST_TEST(called.results == std::vector<std::string>{"function"});
}

BOOST_AUTO_TEST_CASE(the_string_metatable_is_out_of_reach_and_has_no_dump) {
  ScriptFile file(R"(
function check()
  return getmetatable(""), ("").dump, ("x"):rep(3)
end
)");
  RuleScript script(file.path());
  const auto called = callHook(script, "check");
  BOOST_REQUIRE(called.outcome.ok());
  BOOST_TEST(called.results == (std::vector<std::string>{"false", "nil", "xxx"}));
}

BOOST_AUTO_TEST_CASE(library_tables_are_read_only) {
  ScriptFile file(R"(
function replace() string.format = function() return "hacked" end end
function add() math.evil = 1 end
function rebind() setmetatable(string, {}) end
function insert() table.insert(table, 1) end
function format() return string.format("%d", 7), math.evil end
)");
  RuleScript script(file.path());
  for (const char* hook : {"replace", "add", "rebind", "insert"}) {
    BOOST_TEST_CONTEXT(hook) { BOOST_TEST(!callHook(script, hook).outcome.ok()); }
  }
  const auto replaced = callHook(script, "replace");
  BOOST_TEST(replaced.outcome.error().reason == "cannot modify read-only field 'format'");
  const auto called = callHook(script, "format");
  BOOST_REQUIRE(called.outcome.ok());
  BOOST_TEST(called.results == (std::vector<std::string>{"7", "nil"}));
}

BOOST_AUTO_TEST_CASE(read_only_tables_can_still_be_read_whole) {
  ScriptFile file(R"(
function count()
  local n = 0
  for _ in pairs(math) do n = n + 1 end
  return n > 10
end
)");
  RuleScript script(file.path());
  const auto called = callHook(script, "count");
  BOOST_REQUIRE(called.outcome.ok());
  BOOST_TEST(called.results == std::vector<std::string>{"true"});
}

BOOST_AUTO_TEST_CASE(globals_set_by_a_call_do_not_reach_the_next_call_on_the_same_state) {
  ScriptFile file(R"(
limit = 3
function set() leaked = 42; limit = 99; string = nil end
function get() return leaked, limit, type(string) end
)");
  RuleScript script(file.path());
  const auto set = callHook(script, "set");
  BOOST_REQUIRE(set.outcome.ok());
  const auto get = callHook(script, "get");
  BOOST_REQUIRE(get.outcome.ok());
  BOOST_TEST(get.state == set.state);
  BOOST_TEST(get.results == (std::vector<std::string>{"nil", "3", "table"}));
}

BOOST_AUTO_TEST_CASE(hooks_see_the_functions_and_values_of_the_top_level) {
  ScriptFile file(R"(
local prefix = "ad-"
greeting = "hello"
local function name(n) return prefix .. n end
function on_entry(n) return name(n), greeting end
)");
  RuleScript script(file.path());
  const auto called = callHook(script, "on_entry", "7");
  BOOST_REQUIRE(called.outcome.ok());
  BOOST_TEST(called.results == (std::vector<std::string>{"ad-7", "hello"}));
}

BOOST_AUTO_TEST_CASE(finalizers_are_refused) {
  ScriptFile file(R"(
function finalize() setmetatable({}, {__gc = function() while true do end end}) end
)");
  RuleScript script(file.path());
  const auto called = callHook(script, "finalize");
  BOOST_REQUIRE(!called.outcome.ok());
  BOOST_TEST(called.outcome.error().reason == "__gc metamethods are not allowed");
}

BOOST_AUTO_TEST_CASE(pcall_and_xpcall_still_catch_ordinary_errors) {
  ScriptFile file(R"(
function catch()
  local ok, message = pcall(error, "plain", 0)
  local ok2, handled = xpcall(function() error("deep", 0) end, function(m) return "handled " .. m end)
  return ok, message, ok2, handled, select("#", pcall(function() return 1, 2 end))
end
)");
  RuleScript script(file.path());
  const auto called = callHook(script, "catch");
  BOOST_REQUIRE(called.outcome.ok());
  BOOST_TEST(called.results ==
             (std::vector<std::string>{"false", "plain", "false", "handled deep", "3"}));
}

BOOST_AUTO_TEST_CASE(installers_add_functions_and_read_only_tables) {
  const Installer installer = [](lua_State* L) {
    lua_createtable(L, 0, 1);
    lua_createtable(L, 3, 0);
    for (int i = 1; i <= 3; ++i) {
      lua_pushinteger(L, i * 10);
      lua_rawseti(L, -2, i);
    }
    lua_setfield(L, -2, "slots");
    lua_setfield(L, -2, "ads");
    lua_pushcfunction(L, [](lua_State* S) -> int {
      lua_pushinteger(S, 2 * luaL_checkinteger(S, 1));
      return 1;
    });
    lua_setfield(L, -2, "twice");
  };
  ScriptFile file(R"(
function read() return twice(ads.slots[2]), #ads.slots, table.concat(ads.slots, ",") end
function write() ads.slots[1] = 0 end
function add() ads.more = {} end
)");
  RuleScript script(file.path(), {}, {installer});
  const auto read = callHook(script, "read");
  BOOST_REQUIRE(read.outcome.ok());
  BOOST_TEST(read.results == (std::vector<std::string>{"40", "3", "10,20,30"}));
  BOOST_TEST(!callHook(script, "write").outcome.ok());
  BOOST_TEST(!callHook(script, "add").outcome.ok());
}

BOOST_AUTO_TEST_SUITE_END()
