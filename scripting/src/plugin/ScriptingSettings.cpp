#include "interlude/scripting/ScriptingSettings.h"

#include <Poco/Exception.h>
#include <Poco/Path.h>
#include <libxml/tree.h>

#include "interlude/core/ConfinedOpen.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/XmlDocument.h"

namespace interlude {
extern const std::string_view kScriptingSchema;  // embedded from scripting/schema/scripting.xsd
}

namespace interlude::scripting {
namespace {

using core::xmlAttribute;
using core::xmlHasAttribute;

// The schema has checked the syntax of every number.
long long number(const xmlNode* node, const char* name, long long fallback) {
  return xmlHasAttribute(node, name) ? std::stoll(xmlAttribute(node, name)) : fallback;
}

// A file under the site root, as an absolute path; a problem at the attribute when
// it leads outside the root or cannot be opened.
std::string sitePath(const core::ConfigSection& section, const char* name,
                     const std::string& siteRoot, std::vector<core::Diagnostic>& problems) {
  const auto value = xmlAttribute(section.element, name);
  const auto fail = [&](const std::string& why) {
    problems.push_back(section.document->at(
        section.element, std::string("scripting/@") + name + " \"" + value + "\": " + why, name));
    return std::string();
  };
  if (value.starts_with('/') || value.find('\\') != std::string::npos) {
    return fail("must be a path relative to the site root");
  }
  try {
    core::ConfinedRoot(siteRoot).open(value);
  } catch (const core::HttpError& e) {
    return fail(e.status() == 404 ? "no such file under the site root"
                                  : std::string("not usable: ") + e.what());
  } catch (const std::system_error& e) {
    return fail(std::string("the site root cannot be opened: ") + e.what());
  }
  return siteRoot + (siteRoot.ends_with('/') ? "" : "/") + value;
}

// caFile, relative to the config file, loaded with the system's CA store (top
// level only: the trust of every site's fetches).
void readTrust(const core::ConfigSection& section, const std::string& siteRoot,
               ScriptingSettings& settings, std::vector<core::Diagnostic>& problems) {
  const auto* root = section.element;
  if (!xmlHasAttribute(root, "caFile")) return;
  if (!siteRoot.empty()) {
    problems.push_back(section.document->at(
        root, "scripting/@caFile belongs in the top-level <scripting>", "caFile"));
    return;
  }
  settings.caFile = Poco::Path(Poco::Path(section.document->file()).parent())
                        .resolve(Poco::Path(xmlAttribute(root, "caFile")))
                        .toString();
  try {
    settings.httpsTrust = std::make_shared<const core::HttpsTrust>(settings.caFile);
  } catch (const Poco::Exception& e) {
    problems.push_back(section.document->at(
        root, "scripting/@caFile \"" + settings.caFile + "\": " + e.displayText(), "caFile"));
  }
}

ScriptingSettings readSection(const core::ConfigSection& section, const std::string& siteRoot,
                              std::vector<core::Diagnostic>& problems) {
  const auto* root = section.element;
  ScriptingSettings settings;
  for (const char* site : {"rules", "catalog"}) {
    if (!xmlHasAttribute(root, site)) continue;
    if (siteRoot.empty()) {
      problems.push_back(section.document->at(
          root, std::string("scripting/@") + site + " belongs in a site's <scripting>", site));
      continue;
    }
    auto& path = std::string_view(site) == "rules" ? settings.rules : settings.catalog;
    auto& pos = std::string_view(site) == "rules" ? settings.rulesPos : settings.catalogPos;
    path = sitePath(section, site, siteRoot, problems);
    pos = section.document->position(root, site);
  }
  settings.limits.instructionBudget = number(root, "instructionBudget", 1'000'000);
  settings.limits.timeLimit = std::chrono::milliseconds(number(root, "timeLimitMs", 50));
  settings.limits.memoryCapBytes = static_cast<std::size_t>(number(root, "memoryCapMiB", 32)) << 20;
  if (xmlAttribute(root, "failMode") == "closed") {
    settings.failMode = ScriptingSettings::FailMode::Closed;
  }
  if (xmlHasAttribute(root, "viewerCookie")) {
    settings.viewerCookie = xmlAttribute(root, "viewerCookie");
  }
  settings.vastErrorUrl = xmlAttribute(root, "vastErrorUrl");
  settings.externalVastTimeout =
      std::chrono::milliseconds(number(root, "externalVastTimeoutMs", 2000));
  settings.trackingQueue = static_cast<std::size_t>(number(root, "trackingQueue", 1024));
  settings.trackingRetries = static_cast<int>(number(root, "trackingRetries", 2));
  settings.trackingTimeout = std::chrono::milliseconds(number(root, "trackingTimeoutMs", 3000));
  readTrust(section, siteRoot, settings, problems);
  return settings;
}

}  // namespace

std::optional<ScriptingSettings> readScriptingSettings(
    const std::vector<core::ConfigSection>& sections, const std::string& siteRoot) {
  const auto* section =
      core::Config::soleSectionIn(sections, kScriptingNamespace, kScriptingSchema, "scripting");
  if (!section) return std::nullopt;
  std::vector<core::Diagnostic> problems;
  auto settings = readSection(*section, siteRoot, problems);
  if (!problems.empty()) throw core::InputError(std::move(problems));
  return settings;
}

}  // namespace interlude::scripting
