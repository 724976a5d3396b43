#include "interlude/throttling/ThrottlePolicy.h"

#include <algorithm>

#include "interlude/core/Text.h"

namespace interlude::throttling {
namespace {

std::string_view extensionOf(std::string_view path) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  return path.substr(dot);
}

bool typeMatches(std::string_view pattern, std::string_view contentType) {
  contentType = contentType.substr(0, contentType.find(';'));
  if (pattern.ends_with("/*"))
    return contentType.starts_with(pattern.substr(0, pattern.size() - 1));
  return contentType == pattern;
}

ThrottleRule mediaRule(std::vector<std::string> extensions) {
  ThrottleRule rule;
  rule.extensions = std::move(extensions);
  return rule;
}

}  // namespace

bool ThrottleRule::matches(std::string_view path, std::string_view contentType) const {
  if (!prefix.empty() && !path.starts_with(prefix)) return false;
  if (extensions.empty() && mimeTypes.empty()) return true;
  const auto extension = core::toLower(std::string(extensionOf(path)));
  if (std::find(extensions.begin(), extensions.end(), extension) != extensions.end()) return true;
  return std::any_of(mimeTypes.begin(), mimeTypes.end(),
                     [&](const std::string& type) { return typeMatches(type, contentType); });
}

ThrottleSettings ThrottleSettings::mergedOver(const ThrottleSettings& global) const {
  ThrottleSettings merged = *this;
  merged.rules.insert(merged.rules.end(), global.rules.begin(), global.rules.end());
  merged.exempt.insert(merged.exempt.end(), global.exempt.begin(), global.exempt.end());
  if (!merged.fallbackBitrate) merged.fallbackBitrate = global.fallbackBitrate;
  if (!merged.siteCapBytesPerSecond) merged.siteCapBytesPerSecond = global.siteCapBytesPerSecond;
  merged.pacerThreads = global.pacerThreads;
  return merged;
}

std::vector<ThrottleRule> ThrottleSettings::defaultRules() {
  return {mediaRule({".mp4",  ".m4v", ".m4a", ".mov", ".3gp",  ".3g2",  ".flv", ".f4v", ".asf",
                     ".wmv",  ".wma", ".avi", ".mp3", ".rm",   ".rmvb", ".ra",  ".mkv", ".mka",
                     ".webm", ".ogg", ".oga", ".ogv", ".opus", ".wav",  ".aac", ".ts",  ".flac"})};
}

bool ThrottlePolicy::isExempt(const Poco::Net::IPAddress& client) const {
  return std::any_of(settings_.exempt.begin(), settings_.exempt.end(),
                     [&](const core::IpRange& range) { return range.contains(client); });
}

const ThrottleRule* ThrottlePolicy::matchingRule(std::string_view path,
                                                 std::string_view contentType) const {
  for (const auto& rule : settings_.rules) {
    if (rule.matches(path, contentType)) return &rule;
  }
  return nullptr;
}

ThrottleDecision ThrottlePolicy::mediaPace(const ThrottleRule& rule,
                                           std::uint64_t sniffedBitrate) const {
  const auto bitrate = sniffedBitrate > 0 ? sniffedBitrate : settings_.fallbackBitrate.value_or(0);
  if (bitrate == 0) return {.why = "bitrate unknown and no fallback rate"};
  const double bytesPerSecondOfMedia = static_cast<double>(bitrate) / 8;
  return {
      .paced = true,
      .burstBytes = static_cast<std::uint64_t>(rule.fastStartSeconds * bytesPerSecondOfMedia),
      .bytesPerSecond = static_cast<std::uint64_t>(bytesPerSecondOfMedia * rule.ratePercent / 100),
      .encodedBitrate = bitrate,
      .why = sniffedBitrate > 0 ? "media" : "media at the fallback rate"};
}

ThrottleDecision ThrottlePolicy::dataPace(const ThrottleRule& rule) {
  return {.paced = true,
          .burstBytes = rule.fastStartBytes,
          .bytesPerSecond = rule.bytesPerSecond,
          .encodedBitrate = 0,
          .why = "data"};
}

}  // namespace interlude::throttling
