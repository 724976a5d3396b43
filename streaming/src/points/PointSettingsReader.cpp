#include "points/PointSettingsReader.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <libxml/tree.h>

#include <map>
#include <set>
#include <sstream>

#include "cache/CacheSettings.h"
#include "interlude/core/Text.h"
#include "interlude/core/XmlDocument.h"

namespace interlude {
extern const std::string_view kStreamingSchema;  // embedded from streaming/schema/streaming.xsd
}

namespace interlude::streaming::points {
namespace {

using core::xmlAttribute;
using core::xmlHasAttribute;

// An attribute the schema typed as a number, or its default.
unsigned long number(const xmlNode* node, const char* name, unsigned long fallback) {
  return xmlHasAttribute(node, name) ? std::stoul(xmlAttribute(node, name)) : fallback;
}

std::vector<std::string> extensions(const xmlNode* node) {
  std::istringstream words(xmlHasAttribute(node, "denyExtensions")
                               ? xmlAttribute(node, "denyExtensions")
                               : ".ismv .isma");
  std::vector<std::string> out;
  for (std::string word; words >> word;) out.push_back(core::toLower(word));
  return out;
}

class SiteReader {
 public:
  SiteReader(const core::ConfigSection& section, const Poco::Path& configDir,
             std::vector<core::Diagnostic>& problems)
      : section_(section), configDir_(configDir), problems_(problems) {}

  std::vector<PointSettings> read() {
    std::vector<PointSettings> points;
    std::map<std::string, const xmlNode*> rollovers;  // point name -> its element
    for (const xmlNode* c = section_.element->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      auto point = readPoint(c);
      if (!point.rollover.empty()) rollovers.emplace(point.name, c);
      points.push_back(std::move(point));
    }
    for (const auto& point : points) {
      if (point.rollover.empty() || point.rolloverIsUrl()) continue;
      const xmlNode* node = rollovers.at(point.name);
      if (point.rollover == point.name) {
        problem(node, "rollover: a point cannot roll over to itself", "rollover");
      } else if (!prefixes_.contains(point.rollover)) {
        problem(node,
                "rollover: \"" + point.rollover +
                    "\" is neither an http(s) URL nor a point of this site",
                "rollover");
      }
    }
    return points;
  }

 private:
  void problem(const xmlNode* node, std::string message, std::string_view attribute = {}) {
    problems_.push_back(section_.document->at(node, std::move(message), attribute));
  }

  PointSettings readPoint(const xmlNode* node) {
    PointSettings point;
    point.pos = section_.document->position(node);
    point.name = xmlAttribute(node, "name");
    point.prefix = xmlAttribute(node, "prefix");
    const auto kind = xmlAttribute(node, "kind");
    point.kind = kind == "origin"      ? PointKind::Origin
                 : kind == "multicast" ? PointKind::Multicast
                                       : PointKind::OnDemand;
    point.initialState =
        xmlAttribute(node, "state") == "stopped" ? PointState::Stopped : PointState::Started;
    point.rollover = xmlAttribute(node, "rollover");
    point.retryAfterSeconds = static_cast<unsigned>(number(node, "retryAfterSeconds", 10));
    point.denyExtensions = extensions(node);
    if (point.prefix.starts_with("/_/")) {
      problem(node, "prefix: /_/ is reserved for Interlude's own URLs", "prefix");
    }
    for (const auto& [other, otherPrefix] : prefixes_) {
      if (otherPrefix == point.prefix) {
        problem(node, "prefix: point \"" + other + "\" has it already", "prefix");
      }
    }
    prefixes_.emplace(point.name, point.prefix);
    switch (point.kind) {
      case PointKind::Origin:
        readOrigin(node, point);
        readCache(node, point);
        break;
      case PointKind::Multicast:
        readMulticast(node, point);
        break;
      case PointKind::OnDemand:
        readOnDemand(node, point);
        break;
    }
    return point;
  }

  void readOrigin(const xmlNode* node, PointSettings& point) {
    auto& upstream = point.upstream;
    upstream.policy = xmlAttribute(node, "policy") == "primary-backup"
                          ? proxy::UpstreamPolicy::PrimaryBackup
                          : proxy::UpstreamPolicy::RoundRobin;
    upstream.connectTimeout = std::chrono::milliseconds(number(node, "connectTimeoutMs", 2000));
    upstream.readTimeout = std::chrono::milliseconds(number(node, "readTimeoutMs", 10000));
    upstream.failuresBeforeDown = static_cast<unsigned>(number(node, "failAfter", 3));
    upstream.probeInterval = std::chrono::milliseconds(number(node, "probeAfterMs", 5000));
    upstream.maxBitrate = number(node, "maxBitrateKbps", 1600) * 1000;
    for (const xmlNode* c = node->children; c; c = c->next) {
      if (!core::xmlIsElement(c, "upstream")) continue;
      try {
        upstream.upstreams.emplace_back(xmlAttribute(c, "url"));
      } catch (const Poco::Exception& e) {
        problem(c, "url: " + e.message(), "url");
      }
    }
    if (upstream.upstreams.empty()) {
      problem(node, "an origin point needs at least one <upstream url=\"http://...\"/>");
    }
  }

  void readCache(const xmlNode* node, PointSettings& point) {
    for (const xmlNode* c = node->children; c; c = c->next) {
      if (!core::xmlIsElement(c, "cache")) continue;
      cache::CacheSettings settings;
      settings.folder = Poco::Path(configDir_).resolve(xmlAttribute(c, "folder")).toString();
      settings.maxBytes = number(c, "maxMiB", 1024) << 20;
      point.cache = std::move(settings);
    }
  }

  void readMulticast(const xmlNode* node, PointSettings& point) {
    if (!xmlHasAttribute(node, "group")) {
      problem(node, "a multicast point needs group=\"ADDRESS:PORT\"");
      return;
    }
    auto& settings = point.group;
    settings.group = Poco::Net::SocketAddress(xmlAttribute(node, "group"));
    settings.interface = xmlAttribute(node, "interface");
    settings.transport = xmlAttribute(node, "transport") == "rtp" ? multicast::Transport::Rtp
                                                                  : multicast::Transport::Udp;
    settings.ttl = static_cast<int>(number(node, "ttl", 16));
    settings.clientBacklogBytes = number(node, "clientBacklogKiB", 2048) * 1024;
    settings.maxClients = number(node, "maxClients", 0);
  }

  void readOnDemand(const xmlNode* node, PointSettings& point) {
    if (!xmlHasAttribute(node, "folder")) {
      problem(node, "an ondemand point needs folder=\"...\"");
      return;
    }
    point.folder = Poco::Path(configDir_).resolve(xmlAttribute(node, "folder")).toString();
    const Poco::File folder(point.folder);
    if (!folder.exists() || !folder.isDirectory()) {
      problem(node, "folder: " + point.folder + " is not a folder", "folder");
    }
  }

  const core::ConfigSection& section_;
  const Poco::Path& configDir_;
  std::vector<core::Diagnostic>& problems_;
  std::map<std::string, std::string> prefixes_;  // point name -> prefix
};

}  // namespace

std::vector<SitePoints> readPoints(const core::Config& config) {
  std::vector<core::Diagnostic> problems;
  for (const auto* section : core::Config::sectionsIn(config.sections, kStreamingNamespace)) {
    problems.push_back(section->document->at(
        section->element, "<streaming> belongs in a <site>: publishing points are per site"));
  }
  const auto configDir = Poco::Path(config.file).parent();
  std::vector<SitePoints> sites;
  std::map<std::string, std::string> siteOfPoint;
  for (const auto& site : config.sites) {
    const core::ConfigSection* section = nullptr;
    try {
      section = core::Config::soleSectionIn(site.sections, kStreamingNamespace, kStreamingSchema,
                                            "streaming");
    } catch (const core::InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      continue;
    }
    if (!section) continue;
    SitePoints own{site.name, SiteReader(*section, configDir, problems).read()};
    for (const auto& point : own.points) {
      const auto [it, fresh] = siteOfPoint.emplace(point.name, site.name);
      if (!fresh) {
        problems.push_back({point.pos.file, point.pos.line, point.pos.column,
                            "name: point \"" + point.name + "\" exists already (site \"" +
                                it->second + "\"): names are unique in the server"});
      }
    }
    sites.push_back(std::move(own));
  }
  if (!problems.empty()) throw core::InputError(std::move(problems));
  return sites;
}

}  // namespace interlude::streaming::points
