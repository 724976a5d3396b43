#pragma once

#include <stdlib.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <lua.hpp>
#include <optional>
#include <string>
#include <vector>

#include "interlude/scripting/RuleScript.h"

namespace interlude::testing {

// A script (rules.lua) in a folder of its own, removed with it.
class ScriptFile {
 public:
  explicit ScriptFile(const std::string& text, const std::string& subfolder = {}) {
    namespace fs = std::filesystem;
    std::string folder = (fs::temp_directory_path() / "interlude-rules-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(folder.data()));
    root_ = folder;
    fs::create_directories(root_ / subfolder);
    path_ = (root_ / subfolder / "rules.lua").string();
    write(text);
  }
  ~ScriptFile() { std::filesystem::remove_all(root_); }
  ScriptFile(const ScriptFile&) = delete;
  ScriptFile& operator=(const ScriptFile&) = delete;

  const std::string& path() const { return path_; }
  // Rewrites the file and moves its mtime on, so even a same-size edit within
  // the filesystem's timestamp granularity shows.
  void write(const std::string& text) {
    namespace fs = std::filesystem;
    const bool existed = fs::exists(path_);
    const auto before = existed ? fs::last_write_time(path_) : fs::file_time_type{};
    std::ofstream(path_, std::ios::trunc) << text;
    if (existed) fs::last_write_time(path_, before + std::chrono::seconds(1));
  }

 private:
  std::filesystem::path root_;
  std::string path_;
};

// A hook's outcome, its results as strings, and the state it ran on.
struct Called {
  scripting::CallOutcome outcome;
  std::vector<std::string> results;
  lua_State* state = nullptr;
};

// Calls `hook`, with `argument` when there is one.
inline Called callHook(scripting::RuleScript& script, const std::string& hook,
                       const std::optional<std::string>& argument = std::nullopt) {
  Called called;
  called.outcome = script.call(
      hook,
      [&](lua_State* L) {
        called.state = L;
        if (argument) lua_pushlstring(L, argument->data(), argument->size());
      },
      [&](lua_State* L, int count) {
        for (int i = count; i > 0; --i) {
          std::size_t size = 0;
          const char* text = luaL_tolstring(L, -i, &size);
          called.results.emplace_back(text, size);
          lua_pop(L, 1);
        }
      });
  return called;
}

}  // namespace interlude::testing
