#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <functional>
#include <memory>
#include <string>

#include "interlude/core/BodyPacer.h"
#include "interlude/core/Config.h"
#include "interlude/core/Handler.h"
#include "interlude/core/Metrics.h"
#include "interlude/core/SessionStore.h"
#include "interlude/core/TokenSigner.h"

namespace interlude::core {

// Bumped with each release whose Plugin, PluginContext or anything they expose
// (Config, Handler, MetricsRegistry...) differs from the previous release's.
// An external plugin exports `extern "C" int interlude_plugin_abi()` returning the
// value it was built with, and a POCO manifest with its Plugin class.
inline constexpr int kPluginAbiVersion = 2;
inline constexpr const char* kPluginAbiSymbol = "interlude_plugin_abi";

using AdminRoute =
    std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

// What a plugin may register while it is configured.
class PluginContext {
 public:
  virtual ~PluginContext() = default;

  virtual const Params& params() const = 0;  // the plugin's <param>s in the config
  virtual const Config& config() const = 0;
  virtual Poco::Logger& logger() = 0;  // "interlude.<plugin name>"
  virtual MetricsRegistry& metrics() = 0;
  virtual SessionStore& sessions() = 0;     // shared by all nodes (memory or Redis)
  virtual const TokenSigner& tokens() = 0;  // signs and checks entry URLs

  // A named handler that site <handler use="NAME"/> mappings refer to.
  virtual void addHandler(const std::string& name, HandlerFactory factory) = 0;
  // Mappings every site gets unless its config maps the same extension or prefix.
  virtual void mapExtension(const std::string& extension, const std::string& handler) = 0;
  virtual void mapPrefix(const std::string& prefix, const std::string& handler) = 0;
  // Services plugins offer each other for this configuration, by name (e.g. the
  // playlists plugin offers "playlists.extensions" for ad rules to add a step).
  // Plugins are configured in order: built-ins first, then the config's list.
  virtual void provide(const std::string& name, std::shared_ptr<void> service) = 0;
  virtual std::shared_ptr<void> service(const std::string& name) = 0;  // null if none
  template <class T>
  std::shared_ptr<T> service(const std::string& name) {
    return std::static_pointer_cast<T>(service(name));
  }

  // A route on the admin listener (behind its bearer token), e.g. GET /api/hello;
  // a path ending in "/*" takes every path below it without a route of its own
  // (DELETE /api/sessions/* answers DELETE /api/sessions/ab12...).
  virtual void addAdminRoute(const std::string& method, const std::string& path,
                             AdminRoute route) = 0;

  // Config sections (Config::sections, SiteConfig::sections) in `namespaceUri`
  // are this plugin's to validate and read; a section whose namespace no plugin
  // claims is a config error.
  virtual void claimNamespace(const std::string& namespaceUri) = 0;
  // Paces file bodies of static delivery (one pacer factory per configuration).
  virtual void setBodyPacer(BodyPacerFactory factory) = 0;
  // A service that outlives configuration reloads (e.g. a thread carrying
  // downloads), made by `make` on first ask, kept until the server stops.
  virtual std::shared_ptr<void> lasting(const std::string& name,
                                        const std::function<std::shared_ptr<void>()>& make) = 0;
  template <class T>
  std::shared_ptr<T> lasting(const std::string& name,
                             const std::function<std::shared_ptr<T>()>& make) {
    return std::static_pointer_cast<T>(
        lasting(name, [&]() -> std::shared_ptr<void> { return make(); }));
  }
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual std::string name() const = 0;
  // Called once per instance; every config (re)load makes new instances. Throws to refuse.
  virtual void configure(PluginContext& context) = 0;
};

}  // namespace interlude::core
