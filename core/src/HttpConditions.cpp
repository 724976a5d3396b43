#include "interlude/core/HttpConditions.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <charconv>
#include <cstdio>

namespace interlude::core {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view opaqueTag(std::string_view tag) {
  tag = trim(tag);
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

// True when a comma-separated entity-tag list holds `etag`. Weak comparison (the
// W/ prefix is ignored) serves If-None-Match; strong comparison serves If-Match.
bool listMatches(std::string_view list, std::string_view etag, bool strong) {
  if (trim(list) == "*") return true;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    const auto item = trim(list.substr(start, comma - start));
    if (!item.empty() && (strong ? item == etag : opaqueTag(item) == opaqueTag(etag))) return true;
    start = comma + 1;
  }
  return false;
}

bool parseNumber(std::string_view text, std::uint64_t& value) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

// Whether the If-Range condition lets the Range header apply.
bool ifRangeHolds(std::string_view ifRange, const Validators& current) {
  ifRange = trim(ifRange);
  if (ifRange.empty()) return true;
  if (ifRange.front() == '"') return ifRange == current.etag;  // strong comparison only
  const auto date = parseHttpDate(ifRange);
  return date && *date == current.lastModified;
}

}  // namespace

Precondition evaluatePreconditions(const RequestConditions& request, const Validators& current) {
  if (!request.ifMatch.empty()) {
    if (!listMatches(request.ifMatch, current.etag, true)) return Precondition::Failed;
  } else if (!request.ifUnmodifiedSince.empty()) {
    const auto date = parseHttpDate(request.ifUnmodifiedSince);
    if (date && current.lastModified > *date) return Precondition::Failed;
  }
  if (!request.ifNoneMatch.empty()) {
    if (listMatches(request.ifNoneMatch, current.etag, false)) return Precondition::NotModified;
  } else if (!request.ifModifiedSince.empty()) {
    const auto date = parseHttpDate(request.ifModifiedSince);
    if (date && current.lastModified <= *date) return Precondition::NotModified;
  }
  return Precondition::Proceed;
}

RangeDecision decideRange(const RequestConditions& request, const Validators& current,
                          std::uint64_t size) {
  std::string_view spec = trim(request.range);
  if (spec.empty() || !ifRangeHolds(request.ifRange, current)) return {};
  if (!spec.starts_with("bytes=")) return {};
  spec.remove_prefix(6);
  if (spec.find(',') != std::string_view::npos) return {};
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  const auto firstText = trim(spec.substr(0, dash));
  const auto lastText = trim(spec.substr(dash + 1));
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  if (firstText.empty()) {  // suffix range: the last N bytes
    std::uint64_t suffix = 0;
    if (!parseNumber(lastText, suffix)) return {};
    if (suffix == 0 || size == 0) return {RangeOutcome::Unsatisfiable, {}};
    first = suffix >= size ? 0 : size - suffix;
    return {RangeOutcome::Partial, {first, size - 1}};
  }
  if (!parseNumber(firstText, first)) return {};
  if (lastText.empty()) {
    last = size ? size - 1 : 0;
  } else if (!parseNumber(lastText, last) || last < first) {
    return {};
  }
  if (first >= size) return {RangeOutcome::Unsatisfiable, {}};
  return {RangeOutcome::Partial, {first, std::min(last, size - 1)}};
}

std::string makeStrongEtag(std::uint64_t inode, std::uint64_t size, std::int64_t mtimeNanos) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "\"%llx-%llx-%llx\"",
                static_cast<unsigned long long>(mtimeNanos), static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(inode));
  return buffer;
}

std::string httpDate(std::time_t time) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(time),
                                         Poco::DateTimeFormat::HTTP_FORMAT);
}

std::optional<std::time_t> parseHttpDate(std::string_view text) {
  const std::string input(text);
  // RFC 9110 accepts IMF-fixdate and two obsolete forms. POCO's parser is lenient,
  // so a date counts only if formatting it back gives the same text.
  for (const auto* format :
       {&Poco::DateTimeFormat::HTTP_FORMAT, &Poco::DateTimeFormat::RFC850_FORMAT,
        &Poco::DateTimeFormat::ASCTIME_FORMAT}) {
    Poco::DateTime parsed;
    int tzd = 0;
    if (!Poco::DateTimeParser::tryParse(*format, input, parsed, tzd)) continue;
    const int zone = tzd == 0 ? Poco::DateTimeFormatter::UTC : tzd;
    const bool rfc850 =
        format == &Poco::DateTimeFormat::RFC850_FORMAT;  // day not zero-padded by POCO
    if (rfc850 ? !input.ends_with(" GMT") || input.find('-') == std::string::npos
               : Poco::DateTimeFormatter::format(parsed, *format, zone) != input) {
      continue;
    }
    if (parsed.year() < 100) {  // RFC 850's two-digit years
      parsed.assign(parsed.year() + (parsed.year() < 70 ? 2000 : 1900), parsed.month(),
                    parsed.day(), parsed.hour(), parsed.minute(), parsed.second());
    }
    parsed.makeUTC(tzd);
    return parsed.timestamp().epochTime();
  }
  return std::nullopt;
}

}  // namespace interlude::core
