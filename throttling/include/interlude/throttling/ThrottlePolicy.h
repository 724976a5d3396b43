#pragma once

#include <Poco/Net/IPAddress.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interlude/core/IpRange.h"

namespace interlude::throttling {

// One <media>, <data> or <exclude> rule: which files (extensions and MIME
// types, optionally under a path prefix) and how they are paced.
struct ThrottleRule {
  enum class Kind { Media, Data, Exclude };
  Kind kind = Kind::Media;
  std::vector<std::string> extensions;  // lower case with the dot; empty with no types: any file
  std::vector<std::string> mimeTypes;   // "video/mp4" or "video/*"
  std::string prefix;                   // empty: anywhere on the site
  double fastStartSeconds = 20;         // media
  double ratePercent = 110;             // media
  std::uint64_t fastStartBytes = 0;     // data
  std::uint64_t bytesPerSecond = 0;     // data

  bool matches(std::string_view path, std::string_view contentType) const;
};

// A site's settings: its rules first, then the top-level ones; first match wins.
struct ThrottleSettings {
  std::vector<ThrottleRule> rules;
  std::vector<core::IpRange> exempt;
  std::optional<std::uint64_t> fallbackBitrate;  // bits/s for media that cannot be sniffed
  std::optional<std::uint64_t> siteCapBytesPerSecond;
  int pacerThreads = 1;

  // The site's settings over the top-level ones.
  ThrottleSettings mergedOver(const ThrottleSettings& global) const;
  // The extensions IIS's media defaults covered, and more: used when a
  // <throttling> element names no rule.
  static std::vector<ThrottleRule> defaultRules();
};

// What the policy decided for one response body.
struct ThrottleDecision {
  bool paced = false;
  std::uint64_t burstBytes = 0;
  std::uint64_t bytesPerSecond = 0;
  std::uint64_t encodedBitrate = 0;  // bits/s; 0 for data files
  std::string why;                   // when not paced: which rule or reason
};

// A body about to be sent.
struct ThrottleRequest {
  std::string_view path;
  std::string_view contentType;
  Poco::Net::IPAddress client;
};

// Decides pacing from the settings; `bitrateOf` is asked for a media file's
// encoded bitrate (0 when it cannot be sniffed) only when a media rule matches.
class ThrottlePolicy {
 public:
  explicit ThrottlePolicy(ThrottleSettings settings) : settings_(std::move(settings)) {}

  template <class BitrateOf>
  ThrottleDecision decide(const ThrottleRequest& request, BitrateOf&& bitrateOf) const {
    if (isExempt(request.client)) return {.why = "exempt client"};
    const ThrottleRule* rule = matchingRule(request.path, request.contentType);
    if (!rule) return {.why = "no rule matches"};
    switch (rule->kind) {
      case ThrottleRule::Kind::Exclude:
        return {.why = "excluded"};
      case ThrottleRule::Kind::Data:
        return dataPace(*rule);
      case ThrottleRule::Kind::Media:
        break;
    }
    return mediaPace(*rule, bitrateOf());
  }

  const ThrottleSettings& settings() const { return settings_; }
  bool isExempt(const Poco::Net::IPAddress& client) const;
  const ThrottleRule* matchingRule(std::string_view path, std::string_view contentType) const;

 private:
  ThrottleDecision mediaPace(const ThrottleRule& rule, std::uint64_t sniffedBitrate) const;
  static ThrottleDecision dataPace(const ThrottleRule& rule);

  ThrottleSettings settings_;
};

}  // namespace interlude::throttling
