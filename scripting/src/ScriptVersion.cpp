#include "ScriptVersion.h"

#include <utility>

namespace interlude::scripting {

ScriptVersion::ScriptVersion(std::string file, const ScriptLimits& limits, Installers installers)
    : file_(std::move(file)), limits_(limits), installers_(std::move(installers)) {}

std::variant<std::shared_ptr<ScriptVersion>, ScriptError> ScriptVersion::compile(
    const std::string& file, std::string_view source, const ScriptLimits& limits,
    Installers installers) {
  auto version = std::make_shared<ScriptVersion>(file, limits, std::move(installers));
  auto state = std::make_unique<LuaState>(limits);
  const auto loaded = state->load(file, source, LuaState::Code::Source, *version->installers_);
  if (!loaded.ok()) return loaded.error();
  version->bytecode_ = state->bytecode();
  version->functions_ = state->functions();
  if (state->reusable()) version->pool_.share(std::move(state));
  return version;
}

CallOutcome ScriptVersion::call(const std::string& function, const PushArguments& push,
                                const ReadResults& read) {
  auto state = pool_.take();
  if (!state) {
    state = std::make_unique<LuaState>(limits_);
    const auto loaded = state->load(file_, bytecode_, LuaState::Code::Bytecode, *installers_);
    if (!loaded.ok()) return loaded;
  }
  auto outcome = state->call(function, push, read);
  if (state->reusable()) pool_.give(std::move(state));
  return outcome;
}

}  // namespace interlude::scripting
