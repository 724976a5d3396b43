#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "interlude/core/Config.h"
#include "interlude/core/HttpGet.h"
#include "interlude/scripting/ScriptLimits.h"

namespace interlude::scripting {

inline constexpr const char* kScriptingNamespace = "urn:interlude:scripting:1";

// A <scripting> section (scripting/schema/scripting.xsd): a site's ad rules and
// catalog, or, at the top level, what every site shares (tracking).
struct ScriptingSettings {
  enum class FailMode { Open, Closed };

  std::string rules;    // absolute path of the Lua rules; empty: none
  std::string catalog;  // absolute path of the ad catalog; empty: none
  core::SourcePos rulesPos;
  core::SourcePos catalogPos;
  ScriptLimits limits;
  FailMode failMode = FailMode::Open;
  std::string viewerCookie = "viewer";

  std::string vastErrorUrl;  // empty: none
  std::chrono::milliseconds externalVastTimeout{2000};
  std::size_t trackingQueue = 1024;
  int trackingRetries = 2;
  std::chrono::milliseconds trackingTimeout{3000};
  // Top level: whom https tags and tracking URLs are checked against, the
  // system's CA store and the PEM file of caFile (absolute; empty: none).
  std::string caFile;
  std::shared_ptr<const core::HttpsTrust> httpsTrust;
};

// The section in `sections` (a site's, or the top level's when `siteRoot` is
// empty), validated; paths are relative to `siteRoot` and must stay inside it.
// Nothing when there is no section. Throws core::InputError (file:line:col).
std::optional<ScriptingSettings> readScriptingSettings(
    const std::vector<core::ConfigSection>& sections, const std::string& siteRoot);

}  // namespace interlude::scripting
