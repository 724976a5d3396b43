#include "cache/Freshness.h"

#include <algorithm>
#include <map>
#include <optional>

#include "Decimal.h"
#include "interlude/core/HttpConditions.h"
#include "interlude/core/Text.h"

namespace interlude::streaming::cache {

namespace {

// A year is plenty for an edge; it also keeps sums far from overflow.
constexpr std::int64_t kMaxLifetime = 365 * 24 * 3600;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Directive name (lower case) -> argument without quotes, over every Cache-Control field.
std::map<std::string, std::string> cacheControlOf(const HeaderList& headers) {
  std::map<std::string, std::string> directives;
  for (const auto& [name, value] : headers) {
    if (!core::equalsIgnoreCase(name, "Cache-Control")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      // A quoted argument may hold commas (private="a, b").
      std::size_t end = 0;
      bool quoted = false;
      while (end < rest.size() && (quoted || rest[end] != ',')) {
        if (rest[end] == '"') quoted = !quoted;
        ++end;
      }
      const auto item = trim(rest.substr(0, end));
      rest.remove_prefix(std::min(end + 1, rest.size()));
      if (item.empty()) continue;
      const auto equals = item.find('=');
      auto argument =
          equals == std::string_view::npos ? std::string_view{} : trim(item.substr(equals + 1));
      if (argument.size() >= 2 && argument.front() == '"' && argument.back() == '"') {
        argument = argument.substr(1, argument.size() - 2);
      }
      directives.emplace(core::toLower(trim(item.substr(0, equals))), std::string(argument));
    }
  }
  return directives;
}

// delta-seconds; an invalid one makes the response stale (RFC 9111 section 1.2.2).
std::int64_t deltaSeconds(std::string_view text) {
  // Too many digits for 64 bits is still a valid, very long delta.
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos &&
      text.size() > 18) {
    return kMaxLifetime;
  }
  const auto value = parseDecimal<std::int64_t>(text);
  return value && *value >= 0 ? std::min(*value, kMaxLifetime) : 0;
}

bool storableStatus(int status) {
  static constexpr int kStatuses[] = {200, 203, 204, 301, 404, 410};
  return std::find(std::begin(kStatuses), std::end(kStatuses), status) != std::end(kStatuses);
}

Freshness refuse(std::string reason) { return {false, 0, 0, std::move(reason)}; }

}  // namespace

Freshness freshnessOf(int status, const HeaderList& headers, std::time_t now) {
  if (!storableStatus(status)) return refuse("status " + std::to_string(status));
  const auto directives = cacheControlOf(headers);
  for (const char* directive : {"no-store", "private", "no-cache"}) {
    if (directives.contains(directive)) return refuse(directive);
  }
  for (const char* field : {"Set-Cookie", "Vary"}) {
    if (findHeader(headers, field)) return refuse(field);
  }

  const auto* dateField = findHeader(headers, "Date");
  // Without a (valid) Date, the response is as old as it says in Age.
  const std::time_t date =
      (dateField ? core::parseHttpDate(*dateField) : std::nullopt).value_or(now);
  std::int64_t lifetime = 0;
  if (const auto it = directives.find("s-maxage"); it != directives.end()) {
    lifetime = deltaSeconds(it->second);
  } else if (const auto it = directives.find("max-age"); it != directives.end()) {
    lifetime = deltaSeconds(it->second);
  } else if (const auto* expires = findHeader(headers, "Expires")) {
    // An Expires that does not parse ("0", "-1") means already expired.
    if (const auto when = core::parseHttpDate(*expires)) {
      lifetime = std::clamp<std::int64_t>(*when - date, 0, kMaxLifetime);
    }
  } else {
    return refuse("no explicit freshness");
  }

  std::int64_t age = std::max<std::int64_t>(0, now - date);
  if (const auto* ageField = findHeader(headers, "Age")) {
    age = std::max(age, deltaSeconds(trim(*ageField)));
  }
  if (lifetime <= age) return refuse("stale on arrival");
  return {true, lifetime, age, {}};
}

}  // namespace interlude::streaming::cache
