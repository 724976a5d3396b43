#include "interlude/scripting/ScriptingPlugin.h"

#include <stdexcept>

#include "interlude/core/Diagnostic.h"
#include "interlude/playlists/PlaylistExtensions.h"
#include "interlude/scripting/AdServing.h"
#include "interlude/scripting/AdStats.h"
#include "interlude/scripting/ScriptingSettings.h"
#include "rules/EntryRules.h"
#include "rules/RulesStep.h"

namespace interlude::scripting {

void ScriptingPlugin::configure(core::PluginContext& context) {
  context.claimNamespace(kScriptingNamespace);
  const auto& config = context.config();
  const auto shared = readScriptingSettings(config.sections, "").value_or(ScriptingSettings{});
  AdServingDeps deps;
  deps.stats = std::make_shared<AdStats>(context.sessions(), context.metrics());
  deps.tracking = {shared.trackingQueue, shared.trackingRetries, shared.trackingTimeout};
  deps.httpsTrust = shared.httpsTrust;
  rules::SiteRulesMap sites;
  std::vector<core::Diagnostic> problems;
  for (const auto& site : config.sites) {
    try {
      auto settings = readScriptingSettings(site.sections, site.root);
      if (!settings) continue;
      settings->httpsTrust = shared.httpsTrust;  // the top level's, for every site
      auto rules = std::make_shared<const rules::SiteRules>(*settings, context.sessions(),
                                                            context.logger(), deps.stats);
      deps.sites[site.name] = {rules->catalog(), settings->vastErrorUrl,
                               settings->externalVastTimeout, settings->viewerCookie};
      sites.emplace(site.name, std::move(rules));
    } catch (const core::InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw core::InputError(std::move(problems));

  const auto extensions =
      context.service<playlists::PlaylistExtensions>(playlists::PlaylistExtensions::kServiceName);
  if (!extensions) throw std::logic_error("the scripting plugin is configured before playlists");
  if (!sites.empty()) {
    extensions->addStep(std::make_shared<const rules::RulesStep>(sites));
    extensions->addEntryObserver(std::make_shared<const rules::EntryRules>(sites));
    deps.onAdRequest = [sites](const std::string& site, const playlists::PlaylistRequest& request,
                               AdPickRequest& pick) {
      if (const auto it = sites.find(site); it != sites.end()) {
        it->second->onAdRequest(request, pick);
      }
    };
  }
  registerAdServing(context, *extensions, deps);
}

}  // namespace interlude::scripting
