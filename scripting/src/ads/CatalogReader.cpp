#include "interlude/scripting/CatalogReader.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "interlude/core/Diagnostic.h"
#include "interlude/core/XmlDocument.h"
#include "interlude/playlists/Resolver.h"

namespace interlude {
extern const std::string_view kAdCatalogSchema;  // embedded from scripting/schema/ads.xsd
}

namespace interlude::scripting {
namespace {

using core::xmlAttribute;
using core::xmlHasAttribute;
using core::xmlIsElement;
using Clock = std::chrono::system_clock;

std::vector<const xmlNode*> children(const xmlNode* node) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) out.push_back(c);
  }
  return out;
}

// Space-separated names, each once.
std::vector<std::string> names(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string word; in >> word;) {
    if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
  }
  return out;
}

// An xs:dateTime with a time zone, as the schema has checked.
Clock::time_point instant(const std::string& text) {
  Poco::DateTime time;
  int zone = 0;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, text, time,
                                      zone)) {
    throw std::invalid_argument("\"" + text + "\" is not a date and time");
  }
  time.makeUTC(zone);
  return Clock::time_point(std::chrono::microseconds(time.timestamp().epochMicroseconds()));
}

// "30m", "1h", "7d": as the schema's pattern.
std::chrono::seconds period(const std::string& text) {
  static constexpr std::pair<char, long> kUnits[] = {
      {'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}, {'w', 7 * 86400}};
  long count = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  const auto unit = std::find_if(std::begin(kUnits), std::end(kUnits), [&](const auto& u) {
    return end + 1 == text.data() + text.size() && u.first == *end;
  });
  if (error != std::errc() || count <= 0 || unit == std::end(kUnits)) {
    throw std::invalid_argument("\"" + text + "\" is not a period (30m, 1h, 7d...)");
  }
  return std::chrono::seconds(count * unit->second);
}

// Builds the catalog of a validated document, collecting every problem.
class CatalogBuilder {
 public:
  explicit CatalogBuilder(const core::XmlDocument& doc) : doc_(doc) {}

  std::shared_ptr<const AdCatalog> build() {
    std::vector<AdCampaign> campaigns;
    std::unordered_map<std::string, std::string> slotVastUrls;
    for (const xmlNode* child : children(doc_.root())) {
      if (xmlIsElement(child, "slot")) {
        slotVastUrls[xmlAttribute(child, "name")] = xmlAttribute(child, "vast");
      } else {
        campaigns.push_back(readCampaign(child));
      }
    }
    if (!problems_.empty()) throw core::InputError(std::move(problems_));
    return std::make_shared<const AdCatalog>(std::move(campaigns), slotVastUrls);
  }

 private:
  void fail(const xmlNode* node, std::string message, std::string_view attribute = {}) {
    problems_.push_back(doc_.at(node, std::move(message), attribute));
  }

  // Runs `read`, turning its std::invalid_argument into a problem at the attribute.
  template <class Read>
  void attempt(const xmlNode* node, std::string_view attribute, Read read) {
    try {
      read();
    } catch (const std::invalid_argument& e) {
      fail(node, e.what(), attribute);
    }
  }

  template <class Number>
  Number count(const xmlNode* node, const char* attribute, Number fallback) {
    if (!xmlHasAttribute(node, attribute)) return fallback;
    const auto text = xmlAttribute(node, attribute);
    std::uint64_t n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc() || end != text.data() + text.size() ||
        n > static_cast<std::uint64_t>(std::numeric_limits<Number>::max())) {
      fail(node, std::string("@") + attribute + ": " + text + " is too large", attribute);
      return fallback;
    }
    return static_cast<Number>(n);
  }

  AdCampaign readCampaign(const xmlNode* node) {
    AdCampaign c;
    c.id = xmlAttribute(node, "id");
    // libxml2 takes decimals of up to 24 digits: std::stod cannot overflow.
    if (xmlHasAttribute(node, "weight")) c.weight = std::stod(xmlAttribute(node, "weight"));
    attempt(node, "start", [&] {
      if (xmlHasAttribute(node, "start")) c.start = instant(xmlAttribute(node, "start"));
    });
    attempt(node, "end", [&] {
      if (xmlHasAttribute(node, "end")) c.end = instant(xmlAttribute(node, "end"));
    });
    if (c.start && c.end && *c.end <= *c.start) {
      fail(node, "campaign \"" + c.id + "\" ends before it starts", "end");
    }
    c.categories = names(xmlAttribute(node, "categories"));
    c.slots = names(xmlAttribute(node, "slots"));
    c.vastUrl = xmlAttribute(node, "vast");
    for (const xmlNode* child : children(node)) {
      if (xmlIsElement(child, "dayparts")) c.dayparts = readDayparts(child);
      if (xmlIsElement(child, "target")) readTarget(child, c.targeting);
      if (xmlIsElement(child, "cap")) readCap(child, c);
      if (xmlIsElement(child, "goal")) readGoal(child, c);
      if (xmlIsElement(child, "creative")) c.creatives.push_back(readCreative(child, c.id));
    }
    if (c.creatives.empty() && c.vastUrl.empty()) {
      fail(node, "campaign \"" + c.id + "\" has neither a <creative> nor a vast URL");
    }
    return c;
  }

  AdDayparts readDayparts(const xmlNode* node) {
    int offset = 0;
    attempt(node, "offset", [&] {
      if (xmlHasAttribute(node, "offset"))
        offset = AdDayparts::parseOffset(xmlAttribute(node, "offset"));
    });
    AdDayparts dayparts(offset);
    for (const xmlNode* part : children(node)) {
      unsigned days = 0x7F;
      int from = 0;
      int to = 24 * 60;
      attempt(part, "days", [&] {
        if (xmlHasAttribute(part, "days")) days = AdDayparts::parseDays(xmlAttribute(part, "days"));
      });
      attempt(part, "from", [&] {
        if (xmlHasAttribute(part, "from"))
          from = AdDayparts::parseClock(xmlAttribute(part, "from"));
      });
      attempt(part, "to", [&] {
        if (xmlHasAttribute(part, "to")) to = AdDayparts::parseClock(xmlAttribute(part, "to"));
      });
      if (from == to) fail(part, "the day-part is empty: from and to are the same time");
      dayparts.add(days, from, to);
    }
    return dayparts;
  }

  // A condition's comparison: at most one of equals, contains, matches.
  std::optional<AdTextMatch> readMatch(const xmlNode* node, bool required) {
    static constexpr std::pair<const char*, AdTextMatch::Kind> kKinds[] = {
        {"equals", AdTextMatch::Kind::Equals},
        {"contains", AdTextMatch::Kind::Contains},
        {"matches", AdTextMatch::Kind::Matches}};
    std::optional<AdTextMatch> match;
    int given = 0;
    for (const auto& [attribute, kind] : kKinds) {
      if (!xmlHasAttribute(node, attribute)) continue;
      ++given;
      attempt(node, attribute, [&, kind = kind, attribute = attribute] {
        match = AdTextMatch(kind, xmlAttribute(node, attribute));
      });
    }
    const auto what = "<" + core::qualifiedName(node->ns, node->name) + ">";
    if (given > 1) {
      fail(node, what + " takes one of equals, contains and matches");
      return std::nullopt;
    }
    if (given == 0 && required) {
      fail(node, what + " needs one of equals, contains and matches");
      return std::nullopt;
    }
    return given == 0 ? std::optional<AdTextMatch>(AdTextMatch()) : match;
  }

  void readTarget(const xmlNode* node, AdTargeting& targeting) {
    for (const xmlNode* condition : children(node)) {
      if (xmlIsElement(condition, "ip")) {
        attempt(condition, "range", [&] {
          targeting.addRange(core::IpRange::parse(xmlAttribute(condition, "range")));
        });
        continue;
      }
      const bool userAgent = xmlIsElement(condition, "userAgent");
      auto match = readMatch(condition, userAgent);
      if (!match) continue;
      if (userAgent) {
        targeting.addUserAgent(std::move(*match));
      } else if (xmlIsElement(condition, "query")) {
        targeting.addQuery(xmlAttribute(condition, "name"), std::move(*match));
      } else {
        targeting.addHeader(xmlAttribute(condition, "name"), std::move(*match));
      }
    }
  }

  void readCap(const xmlNode* node, AdCampaign& c) {
    AdCampaign::Cap cap;
    cap.impressions = count<std::int64_t>(node, "impressions", 1);
    attempt(node, "per", [&] { cap.period = period(xmlAttribute(node, "per")); });
    c.cap = cap;
  }

  void readGoal(const xmlNode* node, AdCampaign& c) {
    AdCampaign::Goal goal;
    goal.impressions = count<std::int64_t>(node, "impressions", 1);
    goal.even = xmlAttribute(node, "pacing") != "asap";
    if (goal.even && (!c.start || !c.end)) {
      fail(node, "even pacing spreads the goal over the flight: campaign \"" + c.id +
                     "\" needs start and end, or pacing=\"asap\"");
    }
    c.goal = goal;
  }

  AdCreative readCreative(const xmlNode* node, const std::string& campaign) {
    AdCreative creative;
    creative.id = xmlAttribute(node, "id");
    creative.src = xmlAttribute(node, "src");
    creative.durationSeconds = std::stod(xmlAttribute(node, "duration"));
    creative.mimeType = xmlAttribute(node, "type");
    creative.bitrateKbps = count<unsigned>(node, "bitrate", 0);
    creative.width = count<unsigned>(node, "width", 0);
    creative.height = count<unsigned>(node, "height", 0);
    if (xmlHasAttribute(node, "delivery")) creative.delivery = xmlAttribute(node, "delivery");
    creative.clickThrough = xmlAttribute(node, "clickThrough");
    for (const xmlNode* tracking : children(node)) {
      creative.tracking.push_back({xmlAttribute(tracking, "event"), xmlAttribute(tracking, "url")});
    }
    readEntry(node, campaign, creative);
    return creative;
  }

  void readEntry(const xmlNode* node, const std::string& campaign, AdCreative& creative) {
    auto& ad = creative.entry;
    ad.entry.src = creative.src;
    ad.entry.kind = playlists::EntryKind::Ad;
    ad.entry.title = creative.id;
    ad.entry.author = campaign;
    if (creative.durationSeconds > 0) ad.entry.durationSeconds = creative.durationSeconds;
    ad.entry.permissions = {false, false, true};
    ad.entry.adId = campaign + "/" + creative.id;
    ad.entry.pos = doc_.position(node);
    ad.local = !playlists::isHttpUrl(creative.src);
    ad.target = creative.src;
    if (ad.local && !playlists::joinUrlPath("/", creative.src, ad.target)) {
      fail(node, "creative src \"" + creative.src + "\" leads outside the site root", "src");
    }
  }

  const core::XmlDocument& doc_;
  std::vector<core::Diagnostic> problems_;
};

std::shared_ptr<const AdCatalog> read(const core::XmlDocument& doc) {
  auto problems = doc.validate(kAdCatalogSchema);
  if (!problems.empty()) throw core::InputError(std::move(problems));
  return CatalogBuilder(doc).build();
}

}  // namespace

std::shared_ptr<const AdCatalog> readAdCatalog(const std::string& path) {
  return read(core::XmlDocument::parseFile(path));
}

std::shared_ptr<const AdCatalog> parseAdCatalogText(std::string text,
                                                    const std::string& displayName) {
  return read(core::XmlDocument::parseText(std::move(text), displayName));
}

}  // namespace interlude::scripting
