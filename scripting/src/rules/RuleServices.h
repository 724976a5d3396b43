#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "RuleCall.h"
#include "interlude/core/HttpGet.h"
#include "interlude/core/SessionStore.h"
#include "interlude/scripting/AdCatalogCache.h"
#include "interlude/scripting/AdDecisioner.h"
#include "interlude/scripting/AdStats.h"

namespace interlude::scripting::rules {

// What the rules API of one site works with: the session store (counters), the
// ad catalog and its decisioner, the log. Shared by every state of the site's
// script, on any thread.
class RuleServices {
 public:
  static constexpr int kLogLinesPerSecond = 20;

  // `externalTimeout` bounds the external VAST fetches of one request, all
  // together; https tags are checked against `trust` (null: the system's CA store).
  RuleServices(core::SessionStore& store, std::shared_ptr<AdCatalogCache> catalog,
               std::string script, Poco::Logger& log, std::shared_ptr<const AdStats> stats,
               std::chrono::milliseconds externalTimeout,
               std::shared_ptr<const core::HttpsTrust> trust = nullptr);

  core::SessionStore& store() { return store_; }
  const std::shared_ptr<AdCatalogCache>& catalog() const { return catalog_; }

  // Ads for call.pick (its context and viewer are set here) as playlist
  // entries, appended to call.picked. A creative's entry is
  // the one the catalog made (AdCreative::entry). A campaign without a creative
  // plays what its VAST tag answers (adId "campaign/vast~ref"), and a pick that
  // found nothing what the slot's tag answers ("external/slot~ref"): remote
  // entries with the best MediaFile, made in call.made, whose impression and
  // start URLs `ref` keeps for call.sessionLifetime; a tag that fails leaves its
  // ad out (one log line). The fetches of one request share the external
  // timeout, and call.waited tells the time they took. Nothing without a
  // catalog. Each call is an ad opportunity of the slot for its fill rate,
  // filled when an ad came.
  void pick(RuleCall& call);

  // Competitive exclusion across picks: drops from call.incoming, about to go
  // in at `at` of *call.list, each catalog ad sharing a category with an ad
  // of the break there (the run of ads around `at`) or an earlier incoming one;
  // a dropped ad this call picked gives its frequency cap back.
  void keepExclusive(RuleCall& call, std::size_t at);
  // A call whose changes are dropped (it failed) gives back the frequency-cap
  // picks of the ads it picked.
  void giveBackCaps(RuleCall& call);
  // The categories of the catalog ads of the break around `at` of `entries`,
  // the entry at `at` itself (a placeholder) left out: what a pick filling it excludes.
  std::vector<std::string> breakCategories(RuleCall& call, const EntryList::Refs& entries,
                                           std::size_t at);

  // One line `script:line: message` (line 0: `script: message`), at most
  // kLogLinesPerSecond a second; the lines over it are counted in the next one.
  void log(int line, const std::string& message);

 private:
  // call.catalog, taken from the cache once per call (not once per pick: its
  // mutex is shared by every worker).
  const AdCatalog& catalogOf(RuleCall& call);
  // The ad of an external VAST tag as an entry; nothing when it fails or the
  // request's time for external tags is spent.
  const playlists::ResolvedEntry* external(RuleCall& call, const std::string& url,
                                           const std::string& adId, AdRandom& random);

  core::SessionStore& store_;
  std::shared_ptr<AdCatalogCache> catalog_;
  std::shared_ptr<const AdStats> stats_;  // null: not counted
  std::chrono::milliseconds externalTimeout_;
  std::shared_ptr<const core::HttpsTrust> trust_;
  AdDecisioner decisioner_;
  std::string script_;
  Poco::Logger& log_;
  const std::uint64_t seed_;             // from std::random_device, once: it costs ~10 us
  std::atomic<std::uint64_t> picks_{0};  // the threads that picked, for their seeds
  std::atomic<std::int64_t> logSecond_{0};
  std::atomic<int> logLines_{0};
  std::atomic<int> dropped_{0};
};

}  // namespace interlude::scripting::rules
