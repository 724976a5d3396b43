#include "interlude/core/Runtime.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <set>

#include "interlude/core/Diagnostic.h"
#include "interlude/core/StaticFileHandler.h"
#include "interlude/core/Text.h"
#include "interlude/core/XmlDocument.h"

namespace interlude::core {
namespace {

std::string hostWithoutPort(std::string_view host) {
  if (host.starts_with('[')) {
    const auto close = host.find(']');
    host = host.substr(0, close == std::string_view::npos ? host.size() : close + 1);
  } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return toLower(std::string(host));
}

Diagnostic at(const SourcePos& pos, std::string message) {
  return {pos.file, pos.line, pos.column, std::move(message)};
}

// What plugins register while being configured.
struct Registrations {
  std::map<std::string, HandlerFactory> handlers;
  std::vector<std::pair<std::string, std::string>> extensions;  // extension -> handler
  std::vector<std::pair<std::string, std::string>> prefixes;    // prefix -> handler
  std::map<std::string, std::map<std::string, AdminRoute>> adminRoutes;
  std::map<std::string, std::shared_ptr<void>> services;
  std::set<std::string> claimedNamespaces;
  BodyPacerFactory pacer;
};

class Registrar : public PluginContext {
 public:
  Registrar(const Config& config, const Params& params, const std::string& pluginName,
            Registrations& into, Services& services, const TokenSigner& tokens)
      : config_(config),
        params_(params),
        logger_(Poco::Logger::get("interlude." + pluginName)),
        into_(into),
        services_(services),
        tokens_(tokens) {}

  const Params& params() const override { return params_; }
  const Config& config() const override { return config_; }
  Poco::Logger& logger() override { return logger_; }
  MetricsRegistry& metrics() override { return services_.metrics; }
  SessionStore& sessions() override { return services_.sessions; }
  const TokenSigner& tokens() override { return tokens_; }

  void addHandler(const std::string& name, HandlerFactory factory) override {
    if (!into_.handlers.emplace(name, std::move(factory)).second) {
      throw std::runtime_error("handler \"" + name + "\" is registered twice");
    }
  }
  void mapExtension(const std::string& extension, const std::string& handler) override {
    into_.extensions.emplace_back(toLower(extension), handler);
  }
  void mapPrefix(const std::string& prefix, const std::string& handler) override {
    into_.prefixes.emplace_back(prefix, handler);
  }
  void addAdminRoute(const std::string& method, const std::string& path,
                     AdminRoute route) override {
    into_.adminRoutes[path][method] = std::move(route);
  }
  void provide(const std::string& name, std::shared_ptr<void> service) override {
    if (!into_.services.emplace(name, std::move(service)).second) {
      throw std::runtime_error("service \"" + name + "\" is provided twice");
    }
  }
  std::shared_ptr<void> service(const std::string& name) override {
    const auto it = into_.services.find(name);
    return it == into_.services.end() ? nullptr : it->second;
  }
  void claimNamespace(const std::string& namespaceUri) override {
    into_.claimedNamespaces.insert(namespaceUri);
  }
  void setBodyPacer(BodyPacerFactory factory) override {
    if (into_.pacer) throw std::runtime_error("a body pacer is already registered");
    into_.pacer = std::move(factory);
  }
  std::shared_ptr<void> lasting(const std::string& name,
                                const std::function<std::shared_ptr<void>()>& make) override {
    return services_.lasting.get(name, make);
  }

 private:
  const Config& config_;
  const Params& params_;
  Poco::Logger& logger_;
  Registrations& into_;
  Services& services_;
  const TokenSigner& tokens_;
};

// The configured keys, or one random key for this process.
std::unique_ptr<TokenSigner> makeSigner(const TokenKeysConfig& config,
                                        const std::string& fallback) {
  if (config.keys.empty()) {
    return std::make_unique<TokenSigner>(std::vector<TokenSigner::Key>{{"p", fallback}}, "p");
  }
  std::vector<TokenSigner::Key> keys;
  for (const auto& k : config.keys) keys.push_back({k.id, k.secret});
  return std::make_unique<TokenSigner>(std::move(keys), config.active);
}

// Sections in namespaces no plugin claimed, each at its position.
void checkSectionsClaimed(const std::vector<ConfigSection>& sections,
                          const std::set<std::string>& claimed, std::vector<Diagnostic>& problems) {
  for (const auto& section : sections) {
    if (claimed.contains(section.namespaceUri)) continue;
    problems.push_back(section.document->at(
        section.element,
        "<" + section.name + ">: no plugin reads the namespace \"" + section.namespaceUri + "\""));
  }
}

std::string registeredNames(const Registrations& r) {
  std::string names;
  for (const auto& [name, factory] : r.handlers) names += (names.empty() ? "" : ", ") + name;
  return names;
}

}  // namespace

std::shared_ptr<void> LastingServices::get(const std::string& name,
                                           const std::function<std::shared_ptr<void>()>& make) {
  std::lock_guard lock(mutex_);
  for (const auto& [known, service] : services_) {
    if (known == name) return service;
  }
  return services_.emplace_back(name, make()).second;
}

void LastingServices::clear() {
  std::vector<std::pair<std::string, std::shared_ptr<void>>> services;
  {
    std::lock_guard lock(mutex_);
    services.swap(services_);
  }
  while (!services.empty()) services.pop_back();
}

const SiteRuntime& Runtime::siteFor(std::string_view hostHeader) const {
  if (!byHost_.empty() && !hostHeader.empty()) {
    const auto it = byHost_.find(hostWithoutPort(hostHeader));
    if (it != byHost_.end()) return *it->second;
  }
  return *defaultSite_;
}

const AdminRoute* Runtime::adminRoute(const std::string& method, const std::string& path,
                                      std::vector<std::string>& allowed) const {
  auto it = adminRoutes_.find(path);
  // Else the route of the nearest folder registered as "<folder>/*" (e.g. /api/sessions/*).
  for (auto slash = path.rfind('/'); it == adminRoutes_.end() && slash != std::string::npos;
       slash = slash == 0 ? std::string::npos : path.rfind('/', slash - 1)) {
    it = adminRoutes_.find(path.substr(0, slash + 1) + "*");
  }
  if (it == adminRoutes_.end()) return nullptr;
  for (const auto& [m, route] : it->second) allowed.push_back(m);
  auto route = it->second.find(method);
  // HEAD is GET without the body, here as on every public handler.
  if (route == it->second.end() && method == "HEAD") route = it->second.find("GET");
  return route == it->second.end() ? nullptr : &route->second;
}

RuntimeBuilder::RuntimeBuilder(std::vector<PluginFactory> builtins, PluginLibraries& libraries,
                               Services& services, bool openLogs)
    : builtins_(std::move(builtins)),
      libraries_(libraries),
      services_(services),
      openLogs_(openLogs) {
  builtins_.insert(builtins_.begin(), [] { return std::make_unique<StaticFilesPlugin>(); });
}

std::shared_ptr<const Runtime> RuntimeBuilder::build(Config config) const {
  auto runtime = std::make_shared<Runtime>();
  runtime->tokens_ = makeSigner(config.tokens, services_.fallbackTokenSecret);
  Registrations registrations;
  std::vector<Diagnostic> problems;
  const Params noParams;

  for (const auto& factory : builtins_) {
    auto plugin = factory();
    Registrar registrar(config, noParams, plugin->name(), registrations, services_,
                        *runtime->tokens_);
    plugin->configure(registrar);
    runtime->pluginNames_.push_back(plugin->name());
    runtime->plugins_.push_back(std::move(plugin));
  }
  for (const auto& pc : config.plugins) {
    try {
      auto plugin = libraries_.load(pc.path)();
      Registrar registrar(config, pc.params, plugin->name(), registrations, services_,
                          *runtime->tokens_);
      plugin->configure(registrar);
      runtime->pluginNames_.push_back(plugin->name());
      runtime->plugins_.push_back(std::move(plugin));
    } catch (const std::exception& e) {
      problems.push_back(at(pc.pos, "plugin \"" + pc.path + "\": " + e.what()));
    }
  }
  checkSectionsClaimed(config.sections, registrations.claimedNamespaces, problems);
  for (const auto& site : config.sites) {
    checkSectionsClaimed(site.sections, registrations.claimedNamespaces, problems);
  }
  if (!problems.empty()) throw InputError(std::move(problems));

  const auto makeHandler = [&](const std::string& name, const SiteConfig& site,
                               const Params& params, const MimeTypes& mime,
                               const SourcePos& pos) -> Router::HandlerPtr {
    const auto it = registrations.handlers.find(name);
    if (it == registrations.handlers.end()) {
      problems.push_back(at(pos, "handler \"" + name +
                                     "\" is not registered by any plugin (known: " +
                                     registeredNames(registrations) + ")"));
      return nullptr;
    }
    try {
      return it->second(HandlerSetup{site, params, mime});
    } catch (const std::exception& e) {
      problems.push_back(at(pos, "handler \"" + name + "\": " + e.what()));
      return nullptr;
    }
  };

  for (const auto& siteConfig : config.sites) {
    // Handlers keep references into the site: build them once it has its final address.
    auto site = std::make_unique<SiteRuntime>(
        SiteRuntime{siteConfig, MimeTypes(siteConfig.mime), Router(), nullptr});
    site->router.setFallback(
        makeHandler(StaticFileHandler::kName, site->config, noParams, site->mime, siteConfig.pos));
    // The site's own mappings first: they override the plugins' defaults.
    for (const auto& mapping : siteConfig.handlers) {
      auto handler =
          makeHandler(mapping.use, site->config, mapping.params, site->mime, mapping.pos);
      if (!handler) continue;
      if (!mapping.extension.empty()) site->router.mapExtension(mapping.extension, handler);
      if (!mapping.prefix.empty()) site->router.mapPrefix(mapping.prefix, handler);
    }
    for (const auto& [extension, name] : registrations.extensions) {
      if (auto handler = makeHandler(name, site->config, noParams, site->mime, siteConfig.pos)) {
        site->router.mapExtension(extension, handler);
      }
    }
    for (const auto& [prefix, name] : registrations.prefixes) {
      if (auto handler = makeHandler(name, site->config, noParams, site->mime, siteConfig.pos)) {
        site->router.mapPrefix(prefix, handler);
      }
    }
    if (registrations.pacer) {
      try {
        site->pacer = registrations.pacer(site->config);
      } catch (const InputError& e) {
        problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      }
    }
    for (const auto& host : siteConfig.hosts) runtime->byHost_[host] = site.get();
    if (siteConfig.isDefault) runtime->defaultSite_ = site.get();
    runtime->sites_.push_back(std::move(site));
  }
  if (!problems.empty()) throw InputError(std::move(problems));

  runtime->adminRoutes_ = std::move(registrations.adminRoutes);
  try {
    runtime->accessLog_ = std::make_unique<AccessLog>(openLogs_ ? config.logging : LoggingConfig{});
  } catch (const std::exception& e) {
    throw InputError(
        {{config.file, 0, 0, "access log \"" + config.logging.accessLog + "\": " + e.what()}});
  }
  runtime->config_ = std::move(config);
  return runtime;
}

}  // namespace interlude::core
