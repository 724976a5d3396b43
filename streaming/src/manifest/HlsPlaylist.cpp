#include "manifest/HlsPlaylist.h"

#include <vector>

#include "Decimal.h"
#include "manifest/AttributeList.h"

namespace interlude::streaming::manifest {

namespace {

constexpr std::string_view kStreamInf = "#EXT-X-STREAM-INF:";
constexpr std::string_view kIFrameStreamInf = "#EXT-X-I-FRAME-STREAM-INF:";
constexpr std::size_t kNone = static_cast<std::size_t>(-1);

struct Line {
  std::string_view text;  // without its line ending
  std::string_view end;   // "\n", "\r\n" or "" for the last line
};

struct Variant {
  std::size_t tagLine = kNone;
  std::size_t uriLine = kNone;  // the tag line itself for an I-frame stream
  std::uint64_t bandwidth = 0;
  bool iFrame = false;
  bool dropped = false;
};

std::vector<Line> splitLines(std::string_view body) {
  std::vector<Line> lines;
  while (!body.empty()) {
    const auto newline = body.find('\n');
    auto text = body.substr(0, newline);
    auto end = newline == std::string_view::npos ? std::string_view{} : body.substr(newline, 1);
    if (!text.empty() && text.back() == '\r') {
      text.remove_suffix(1);
      end = body.substr(text.size(), end.size() + 1);
    }
    lines.push_back({text, end});
    body.remove_prefix(text.size() + end.size());
  }
  return lines;
}

std::string_view tagName(std::string_view line) { return line.substr(0, line.find(':')); }

std::vector<Attribute> attributesOf(std::string_view line, std::size_t index) {
  auto attributes = parseAttributeList(line.substr(line.find(':') + 1));
  if (!attributes) {
    throw ManifestError(static_cast<int>(index + 1), std::string(tagName(line).substr(1)),
                        "malformed attribute list");
  }
  return *attributes;
}

std::uint64_t bandwidthOf(std::string_view line, std::size_t index) {
  const auto list = line.substr(line.find(':') + 1);
  for (const auto& attribute : attributesOf(line, index)) {
    if (attribute.name != "BANDWIDTH" || attribute.quoted) continue;
    const auto value = list.substr(attribute.valueBegin, attribute.valueEnd - attribute.valueBegin);
    if (const auto bandwidth = parseDecimal<std::uint64_t>(value)) return *bandwidth;
    break;
  }
  throw ManifestError(static_cast<int>(index + 1), "BANDWIDTH",
                      std::string(tagName(line).substr(1)) + " without a decimal BANDWIDTH");
}

std::vector<Variant> variantsOf(const std::vector<Line>& lines) {
  std::vector<Variant> variants;
  std::size_t pending = kNone;  // index in variants of an EXT-X-STREAM-INF awaiting its URI
  const auto noUri = [&] {
    throw ManifestError(static_cast<int>(variants[pending].tagLine + 1), "EXT-X-STREAM-INF",
                        "no URI line after the variant");
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto text = lines[i].text;
    if (text.starts_with(kStreamInf)) {
      if (pending != kNone) noUri();
      pending = variants.size();
      variants.push_back({i, kNone, bandwidthOf(text, i), false});
    } else if (text.starts_with(kIFrameStreamInf)) {
      variants.push_back({i, i, bandwidthOf(text, i), true});
    } else if (!text.empty() && text.front() != '#' && pending != kNone) {
      variants[pending].uriLine = i;
      pending = kNone;
    }
  }
  if (pending != kNone) noUri();
  return variants;
}

// Drops what exceeds the bitrate, keeping the lowest EXT-X-STREAM-INF when every one does.
void dropAbove(std::vector<Variant>& variants, std::uint64_t maxBitrate) {
  if (maxBitrate == 0) return;
  Variant* lowest = nullptr;
  bool anyKept = false;
  for (auto& variant : variants) {
    variant.dropped = variant.bandwidth > maxBitrate;
    if (variant.iFrame) continue;
    anyKept = anyKept || !variant.dropped;
    if (!lowest || variant.bandwidth < lowest->bandwidth) lowest = &variant;
  }
  if (!anyKept && lowest) lowest->dropped = false;
}

std::string rewriteUriAttribute(std::string_view line, std::size_t index, const UriRewriter& uris) {
  if (!line.starts_with("#EXT-X-") || line.find("URI=\"") == std::string_view::npos) {
    return std::string(line);
  }
  const auto listStart = line.find(':') + 1;
  for (const auto& attribute : attributesOf(line, index)) {
    if (attribute.name != "URI" || !attribute.quoted) continue;
    const auto begin = listStart + attribute.valueBegin;
    const auto end = listStart + attribute.valueEnd;
    return std::string(line.substr(0, begin)) + uris.rewrite(line.substr(begin, end - begin)) +
           std::string(line.substr(end));
  }
  return std::string(line);
}

}  // namespace

std::string filterHlsPlaylist(std::string_view body, const UriRewriter& uris,
                              std::uint64_t maxBitrate) {
  const auto lines = splitLines(body);
  auto variants = variantsOf(lines);
  dropAbove(variants, maxBitrate);
  std::vector<bool> droppedLine(lines.size(), false);
  for (const auto& variant : variants) {
    if (!variant.dropped) continue;
    droppedLine[variant.tagLine] = true;
    droppedLine[variant.uriLine] = true;
  }

  std::string out;
  out.reserve(body.size() + body.size() / 4);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (droppedLine[i]) continue;
    const auto text = lines[i].text;
    if (!text.empty()) {
      out += text.front() == '#' ? rewriteUriAttribute(text, i, uris) : uris.rewrite(text);
    }
    out += lines[i].end;
  }
  return out;
}

}  // namespace interlude::streaming::manifest
