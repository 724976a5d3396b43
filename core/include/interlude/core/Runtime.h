#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "interlude/core/AccessLog.h"
#include "interlude/core/Config.h"
#include "interlude/core/MimeTypes.h"
#include "interlude/core/Plugin.h"
#include "interlude/core/PluginLibraries.h"
#include "interlude/core/Router.h"

namespace interlude::core {

struct SiteRuntime {
  SiteConfig config;
  MimeTypes mime;
  Router router;
  std::shared_ptr<const BodyPacer> pacer;  // null: bodies go at full speed
};

// Everything a config turns into, immutable once built: requests read one
// snapshot from start to end, a reload swaps in a new one.
class Runtime {
 public:
  const Config& config() const { return config_; }
  const std::vector<std::unique_ptr<SiteRuntime>>& sites() const { return sites_; }
  const SiteRuntime& siteFor(std::string_view hostHeader) const;
  const std::vector<std::string>& pluginNames() const { return pluginNames_; }
  const AccessLog& accessLog() const { return *accessLog_; }
  const TokenSigner& tokens() const { return *tokens_; }

  // The admin route for method and path, or null; `allowed` lists the methods the path has.
  const AdminRoute* adminRoute(const std::string& method, const std::string& path,
                               std::vector<std::string>& allowed) const;

 private:
  friend class RuntimeBuilder;
  Config config_;
  std::vector<std::unique_ptr<Plugin>> plugins_;  // handlers may refer to their plugin
  std::vector<std::string> pluginNames_;
  std::vector<std::unique_ptr<SiteRuntime>> sites_;
  std::map<std::string, const SiteRuntime*> byHost_;
  const SiteRuntime* defaultSite_ = nullptr;
  std::map<std::string, std::map<std::string, AdminRoute>> adminRoutes_;  // path -> method
  std::unique_ptr<AccessLog> accessLog_;
  std::unique_ptr<TokenSigner> tokens_;
};

// Services plugins ask to outlive reloads, by name; cleared (in reverse order
// of creation) when the server stops.
class LastingServices {
 public:
  ~LastingServices() { clear(); }
  std::shared_ptr<void> get(const std::string& name,
                            const std::function<std::shared_ptr<void>()>& make);
  void clear();

 private:
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::shared_ptr<void>>> services_;
};

// What lives as long as the process and every Runtime shares.
struct Services {
  MetricsRegistry& metrics;
  SessionStore& sessions;
  std::string fallbackTokenSecret;  // signs entry URLs when the config names no keys
  LastingServices& lasting;
};

// Builds a Runtime: instantiates built-in and configured plugins, lets each
// register what it offers, then builds every site's handlers. Throws InputError
// (positions in the config file) when a plugin or a mapping cannot be used.
class RuntimeBuilder {
 public:
  // `openLogs` false builds for `interlude check`: nothing is created on disk.
  RuntimeBuilder(std::vector<PluginFactory> builtins, PluginLibraries& libraries,
                 Services& services, bool openLogs = true);
  std::shared_ptr<const Runtime> build(Config config) const;

 private:
  std::vector<PluginFactory> builtins_;
  PluginLibraries& libraries_;
  Services& services_;
  bool openLogs_;
};

}  // namespace interlude::core
