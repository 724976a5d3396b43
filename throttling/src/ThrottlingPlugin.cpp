#include "interlude/throttling/ThrottlingPlugin.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <sstream>

#include "SitePacer.h"
#include "interlude/core/Responses.h"
#include "interlude/throttling/SettingsReader.h"

namespace interlude::throttling {
namespace {

// The answer of a configuration that throttles nothing (no pacer yet).
constexpr const char* kNothingThrottled =
    R"({"active":0,"downloads":[],"totals":{"started":0,"completed":0,"aborted":0,)"
    R"("bytesSent":0,"bytesSaved":0}})";

std::string downloadsJson(const Pacer& pacer) {
  Poco::JSON::Array list;
  for (const auto& d : pacer.downloads()) {
    Poco::JSON::Object row;
    row.set("client", d.client);
    row.set("path", d.path);
    row.set("bitrate", d.encodedBitrate);
    row.set("rateBitsPerSecond", d.bytesPerSecond * 8);
    row.set("bytesSent", d.bytesSent);
    row.set("length", d.length);
    row.set("elapsedSeconds", d.elapsedSeconds);
    list.add(row);
  }
  const auto& counters = pacer.counters();
  Poco::JSON::Object totals;
  totals.set("started", counters.started.value());
  totals.set("completed", counters.completed.value());
  totals.set("aborted", counters.aborted.value());
  totals.set("bytesSent", counters.bytesSent.value());
  totals.set("bytesSaved", counters.bytesSaved.value());
  Poco::JSON::Object body;
  body.set("active", list.size());
  body.set("downloads", list);
  body.set("totals", totals);
  std::ostringstream out;
  body.stringify(out);
  return out.str();
}

}  // namespace

void ThrottlingPlugin::configure(core::PluginContext& context) {
  context.claimNamespace(kThrottlingNamespace);
  const auto& config = context.config();
  const auto global = readThrottleSettings(config.sections);
  std::map<std::string, ThrottleSettings> bySite;
  for (const auto& site : config.sites) {
    auto own = readThrottleSettings(site.sections);
    if (own) {
      bySite.emplace(site.name, own->mergedOver(global.value_or(ThrottleSettings{})));
    } else if (global) {
      bySite.emplace(site.name, *global);
    }
  }
  // The pacer's threads start with the first config that throttles anything.
  std::shared_ptr<ThrottlingEngine> engine;
  if (!bySite.empty()) {
    const int threads = global ? global->pacerThreads : 1;
    auto& metrics = context.metrics();
    engine = context.lasting<ThrottlingEngine>(ThrottlingEngine::kServiceName, [&] {
      return std::make_shared<ThrottlingEngine>(threads, metrics);
    });
    auto& log = context.logger();
    context.setBodyPacer(
        [bySite, engine,
         &log](const core::SiteConfig& site) -> std::shared_ptr<const core::BodyPacer> {
          const auto it = bySite.find(site.name);
          if (it == bySite.end()) return nullptr;
          return std::make_shared<const SitePacer>(it->second, engine, log);
        });
  }
  context.addAdminRoute("GET", "/api/throttle", [engine](auto&, auto& response) {
    core::sendText(response, 200, "application/json",
                   engine ? downloadsJson(engine->pacer) : kNothingThrottled);
  });
}

}  // namespace interlude::throttling
