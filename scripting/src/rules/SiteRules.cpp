#include "SiteRules.h"

#include "ContextTable.h"
#include "EntryTables.h"
#include "PickTables.h"
#include "PlaylistObject.h"
#include "RulesApi.h"
#include "interlude/core/Diagnostic.h"
#include "interlude/core/HttpError.h"

namespace interlude::scripting::rules {
namespace {

// The catalog, or nothing; its problems join `problems`.
std::shared_ptr<AdCatalogCache> catalogOf(const ScriptingSettings& settings,
                                          std::vector<core::Diagnostic>& problems) {
  if (settings.catalog.empty()) return nullptr;
  try {
    return std::make_shared<AdCatalogCache>(settings.catalog);
  } catch (const core::InputError& e) {
    problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    return nullptr;
  }
}

}  // namespace

// The catalog's problems and the script's are reported together.
SiteRules::SiteRules(const ScriptingSettings& settings, core::SessionStore& store,
                     Poco::Logger& log, std::shared_ptr<const AdStats> stats)
    : settings_(settings), log_(log) {
  std::vector<core::Diagnostic> problems;
  services_ = std::make_shared<RuleServices>(store, catalogOf(settings_, problems), settings_.rules,
                                             log, std::move(stats), settings_.externalVastTimeout,
                                             settings_.httpsTrust);
  if (!settings_.rules.empty()) {
    try {
      script_ =
          std::make_unique<RuleScript>(settings_.rules, settings_.limits,
                                       std::vector<Installer>{RulesApi::installer(services_)});
    } catch (const core::InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw core::InputError(std::move(problems));
}

// A rule's exception (a C++ failure under the API, not the script's fault) is a
// failure like a script error.
CallOutcome SiteRules::run(const std::string& hook, const PushArguments& push,
                           const ReadResults& read) const {
  try {
    return script_->call(hook, push, read);
  } catch (const std::exception& e) {
    return CallOutcome::failure({ScriptError::Kind::Error, settings_.rules, 0, e.what()});
  }
}

void SiteRules::onPlaylist(playlists::Resolution& resolution,
                           const playlists::PlaylistRequest& request) const {
  RuleCall call(request, settings_.viewerCookie);
  call.sessionLifetime = std::chrono::minutes(resolution.head().timeToLiveMinutes);
  if (script_) {  // a script without on_playlist is a call that succeeds and changes nothing
    EntryList list(resolution.entries);
    call.list = &list;
    const auto outcome = run("on_playlist", [&](lua_State* L) {
      call.enter(L);
      pushContext(L);
      PlaylistObject::push(L, call);
    });
    call.list = nullptr;
    if (outcome.ok()) {
      resolution.adopt(call.made);  // before the list that may point to them
      list.commit();
    } else {  // the playlist stays as it was
      const auto& error = outcome.error();
      log_.error(error.str() + " (on_playlist for " + request.path + ")");
      services_->giveBackCaps(call);
      if (settings_.failMode == ScriptingSettings::FailMode::Closed) {
        throw core::HttpError(503, "the ad rules failed: " + error.reason);
      }
    }
  }
  fillPlaceholders(resolution, call);
  if (call.catalog) resolution.keep(call.catalog.shared());
}

void SiteRules::fillPlaceholders(playlists::Resolution& resolution, RuleCall& call) const {
  auto& entries = resolution.entries;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& placeholder = entries[i]->entry;
    if (!placeholder.isPlaceholder()) continue;
    call.pick.slot = placeholder.adSlot;
    call.pick.max = 1;
    call.pick.categories.clear();
    const auto first = call.picked.size();
    try {
      call.pick.breakCategories = services_->breakCategories(call, entries, i);
      services_->pick(call);
    } catch (const std::exception& e) {
      call.picked.resize(first);
      const auto& pos = placeholder.pos;
      log_.error(core::Diagnostic{pos.file, pos.line, pos.column,
                                  "ad slot " + call.pick.slot + " left empty: " + e.what()}
                     .str());
    }
    const auto ads = call.picked.size() - first;
    if (ads == 0) continue;       // the session drops the placeholder
    resolution.adopt(call.made);  // before the entries that may point to them
    const auto from = call.picked.begin() + static_cast<std::ptrdiff_t>(first);
    entries[i] = *from;
    entries.insert(entries.begin() + static_cast<std::ptrdiff_t>(i) + 1, from + 1,
                   call.picked.end());
    i += ads - 1;
  }
}

void SiteRules::onEntry(const playlists::Session& session, std::size_t entry,
                        const playlists::PlaylistRequest& request) const {
  if (!script_ || !script_->defines("on_entry")) return;
  RuleCall call(request, settings_.viewerCookie);
  call.session = session.id;
  const auto outcome = run("on_entry", [&](lua_State* L) {
    call.enter(L);
    pushContext(L);
    pushSessionEntry(L, session.entries[entry], entry);
  });
  if (!outcome.ok()) {
    log_.error(outcome.error().str() + " (on_entry, session " + session.id + ")");
  }
}

void SiteRules::onAdRequest(const playlists::PlaylistRequest& request, AdPickRequest& pick) const {
  if (!script_ || !script_->defines("on_ad_request")) return;
  RuleCall call(request, settings_.viewerCookie);
  call.pick.slot = pick.slot;
  call.pick.max = pick.max;
  call.pick.categories = pick.categories;
  const auto outcome = run(
      "on_ad_request",
      [&](lua_State* L) {
        call.enter(L);
        pushContext(L);
        pushPickRequest(L, call);
      },
      [&](lua_State* L, int) { readPickRequest(L, call); });
  if (!outcome.ok()) {
    log_.error(outcome.error().str() + " (on_ad_request for " + request.path + ")");
    return;
  }
  pick.slot = std::move(call.pick.slot);
  pick.max = call.pick.max;
  pick.categories = std::move(call.pick.categories);
}

}  // namespace interlude::scripting::rules
