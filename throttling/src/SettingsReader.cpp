#include "interlude/throttling/SettingsReader.h"

#include <libxml/tree.h>

#include <sstream>

#include "interlude/core/Text.h"
#include "interlude/core/XmlDocument.h"

namespace interlude {
extern const std::string_view kThrottlingSchema;  // embedded from throttling/schema/throttling.xsd
}

namespace interlude::throttling {
namespace {

using core::xmlAttribute;
using core::xmlHasAttribute;

double number(const xmlNode* node, const char* name, double fallback) {
  return xmlHasAttribute(node, name) ? std::stod(xmlAttribute(node, name)) : fallback;
}

void readScope(const xmlNode* node, ThrottleRule& rule) {
  std::istringstream words(xmlAttribute(node, "match"));
  for (std::string word; words >> word;) {
    word = core::toLower(word);
    (word.starts_with('.') ? rule.extensions : rule.mimeTypes).push_back(word);
  }
  rule.prefix = xmlAttribute(node, "prefix");
}

ThrottleRule readRule(const xmlNode* node) {
  ThrottleRule rule;
  readScope(node, rule);
  if (core::xmlIsElement(node, "media")) {
    rule.kind = ThrottleRule::Kind::Media;
    rule.fastStartSeconds = number(node, "fastStartSeconds", 20);
    rule.ratePercent = number(node, "ratePercent", 110);
  } else if (core::xmlIsElement(node, "data")) {
    rule.kind = ThrottleRule::Kind::Data;
    rule.fastStartBytes = static_cast<std::uint64_t>(number(node, "fastStartKiB", 0) * 1024);
    rule.bytesPerSecond = static_cast<std::uint64_t>(number(node, "rateKbps", 0) * 1000 / 8);
  } else {
    rule.kind = ThrottleRule::Kind::Exclude;
  }
  return rule;
}

ThrottleSettings readSection(const core::ConfigSection& section,
                             std::vector<core::Diagnostic>& problems) {
  const auto* root = section.element;
  ThrottleSettings settings;
  if (xmlHasAttribute(root, "fallbackKbps")) {
    settings.fallbackBitrate = static_cast<std::uint64_t>(number(root, "fallbackKbps", 0) * 1000);
  }
  if (xmlHasAttribute(root, "siteCapMbps")) {
    settings.siteCapBytesPerSecond =
        static_cast<std::uint64_t>(number(root, "siteCapMbps", 0) * 1000000 / 8);
  }
  settings.pacerThreads = static_cast<int>(number(root, "pacerThreads", 1));
  for (const xmlNode* c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!core::xmlIsElement(c, "exempt")) {
      settings.rules.push_back(readRule(c));
      continue;
    }
    try {
      settings.exempt.push_back(core::IpRange::parse(xmlAttribute(c, "address")));
    } catch (const std::invalid_argument& e) {
      problems.push_back(
          section.document->at(c, std::string("exempt/@address: ") + e.what(), "address"));
    }
  }
  if (settings.rules.empty()) settings.rules = ThrottleSettings::defaultRules();
  return settings;
}

}  // namespace

std::optional<ThrottleSettings> readThrottleSettings(
    const std::vector<core::ConfigSection>& sections) {
  const auto* section =
      core::Config::soleSectionIn(sections, kThrottlingNamespace, kThrottlingSchema, "throttling");
  if (!section) return std::nullopt;
  std::vector<core::Diagnostic> problems;
  auto settings = readSection(*section, problems);
  if (!problems.empty()) throw core::InputError(std::move(problems));
  return settings;
}

}  // namespace interlude::throttling
