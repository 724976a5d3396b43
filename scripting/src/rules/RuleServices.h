#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "RuleCall.h"
#include "interlude/core/SessionStore.h"
#include "interlude/scripting/AdCatalogCache.h"
#include "interlude/scripting/AdDecisioner.h"

namespace interlude::scripting::rules {

// What the rules API of one site works with: the session store (counters), the
// ad catalog and its decisioner, the log. Shared by every state of the site's
// script, on any thread.
class RuleServices {
 public:
  static constexpr int kLogLinesPerSecond = 20;

  RuleServices(core::SessionStore& store, std::shared_ptr<AdCatalogCache> catalog,
               std::string script, Poco::Logger& log);

  core::SessionStore& store() { return store_; }
  const std::shared_ptr<AdCatalogCache>& catalog() const { return catalog_; }

  // Ads for call.pick (its context and viewer are set here) as playlist
  // entries: kind ad, unskippable, unseekable, adId "campaign/creative".
  // Campaigns without a creative (VAST tags only) and creatives whose src
  // leaves the site root are left out. Nothing without a catalog.
  std::vector<playlists::ResolvedEntry> pick(RuleCall& call);

  // One line `script:line: message` (line 0: `script: message`), at most
  // kLogLinesPerSecond a second; the lines over it are counted in the next one.
  void log(int line, const std::string& message);

 private:
  core::SessionStore& store_;
  std::shared_ptr<AdCatalogCache> catalog_;
  AdDecisioner decisioner_;
  std::string script_;
  Poco::Logger& log_;
  const std::uint64_t seed_;             // from std::random_device, once: it costs ~10 us
  std::atomic<std::uint64_t> picks_{0};  // the calls that picked, for their seeds
  std::atomic<std::int64_t> logSecond_{0};
  std::atomic<int> logLines_{0};
  std::atomic<int> dropped_{0};
};

}  // namespace interlude::scripting::rules
