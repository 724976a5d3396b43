#include "interlude/core/Server.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <sys/resource.h>

#include <iostream>
#include <sstream>
#include <thread>

#include "AdminRequestHandler.h"
#include "HttpService.h"
#include "PublicRequestHandler.h"
#include "RuntimeHolder.h"
#include "interlude/core/Diagnostic.h"
#include "interlude/core/Listener.h"
#include "interlude/core/Logging.h"
#include "interlude/core/Runtime.h"
#include "interlude/core/ServerMetrics.h"
#include "interlude/core/SessionStoreFactory.h"
#include "interlude/core/Version.h"

namespace interlude::core {
namespace {

// Each connection is a descriptor, and a throttled download holds a file too:
// like nginx's worker_rlimit_nofile, take all the descriptors the system allows.
void raiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    Poco::Logger::get("interlude").warning("cannot raise the open file limit");
  }
}

constexpr int kAdminThreads = 4;

Poco::Net::HTTPServerParams::Ptr serverParams(const ServerConfig& config) {
  Poco::Net::HTTPServerParams::Ptr params(new Poco::Net::HTTPServerParams);
  params->setKeepAlive(config.keepAliveSeconds > 0);
  params->setKeepAliveTimeout(Poco::Timespan(config.keepAliveSeconds, 0));
  params->setTimeout(Poco::Timespan(config.timeoutSeconds, 0));
  params->setSoftwareVersion(std::string("Interlude/") + kVersion);
  return params;
}

std::string describeListeners(const std::vector<ListenConfig>& listeners) {
  std::string out;
  for (const auto& l : listeners) out += l.endpoint.str() + (l.reusePort ? "+reuse " : " ");
  return out;
}

// Settings a reload cannot apply to sockets and threads that already exist.
std::vector<std::string> needRestart(const Config& running, const Config& next) {
  std::vector<std::string> out;
  const auto& a = running.server;
  const auto& b = next.server;
  if (describeListeners(a.listeners) != describeListeners(b.listeners)) out.push_back("listeners");
  if (running.admin.endpoint.str() != next.admin.endpoint.str()) out.push_back("admin address");
  if (a.workers != b.workers) out.push_back("workers");
  if (a.queue != b.queue) out.push_back("queue");
  if (a.keepAliveSeconds != b.keepAliveSeconds) out.push_back("keepAliveSeconds");
  if (a.timeoutSeconds != b.timeoutSeconds) out.push_back("timeoutSeconds");
  const auto& s = running.sessions;
  const auto& t = next.sessions;
  if (s.store != t.store || s.address != t.address || s.prefix != t.prefix ||
      s.fallback != t.fallback || s.password != t.password ||
      s.connectTimeoutMilliseconds != t.connectTimeoutMilliseconds ||
      s.timeoutMilliseconds != t.timeoutMilliseconds) {
    out.push_back("sessions");
  }
  return out;
}

// The error log is part of the config: a path that cannot be opened is a config error.
void applyErrorLog(const Config& config) {
  try {
    configureErrorLog(config.logging);
  } catch (const std::exception& e) {
    throw InputError(std::vector<Diagnostic>{
        {config.file, 0, 0, "errorLog \"" + config.logging.errorLog + "\": " + e.what()}});
  }
}

}  // namespace

// Everything that lives from start() to shutdown().
struct Server::Listeners {
  Listeners(MetricsRegistry& metrics, std::atomic<bool>& draining, const ServerConfig& server,
            AdminApi& api, SessionStore& sessions)
      : serverMetrics(metrics),
        state{runtime,
              serverMetrics,
              draining,
              Poco::Logger::get("interlude.filter"),
              Poco::Logger::get("interlude"),
              sessions},
        publicService(
            serverParams(server), [this] { return std::make_unique<PublicRequestHandler>(state); },
            server.workers),
        adminService(
            serverParams(server),
            [this, &api] {
              return std::make_unique<AdminRequestHandler>(runtime, api,
                                                           Poco::Logger::get("interlude.admin"));
            },
            kAdminThreads) {}

  RuntimeHolder runtime;
  ServerMetrics serverMetrics;
  PublicState state;
  HttpService publicService;
  HttpService adminService;  // its own threads: the API answers while the site is busy
  std::vector<Poco::Net::ServerSocket> publicSockets;
  Config started;  // what the sockets and threads were made from
  std::vector<std::string> urls;
  std::string adminUrl;
};

Server::Server(ServerOptions options) : options_(std::move(options)) {}

Server::~Server() { shutdown(); }

Config Server::effectiveConfig(const ServerOptions& options) {
  Config config = loadConfig(options.configPath, options.overrides);
  if (!options.listen.empty()) {
    config.server.listeners.clear();
    for (const auto& e : options.listen) config.server.listeners.push_back({e, false});
  }
  if (options.admin) config.admin.endpoint = *options.admin;
  return config;
}

void Server::start() {
  raiseOpenFileLimit();
  Config config = effectiveConfig(options_);
  applyErrorLog(config);
  auto& log = Poco::Logger::get("interlude");
  sessions_ = makeSessionStore(config.sessions, Poco::Logger::get("interlude.sessions"));
  services_.emplace(Services{metrics_, *sessions_, TokenSigner::randomSecret(), lasting_});
  const RuntimeBuilder builder(options_.builtins, libraries_, *services_);
  auto runtime = builder.build(config);

  const auto& server = config.server;
  auto listeners = std::make_unique<Listeners>(metrics_, draining_, server, *this, *sessions_);
  listeners->runtime.replace(runtime);
  // Bind everything first: a failure leaves nothing half-started.
  for (const auto& listen : server.listeners) {
    listeners->publicSockets.push_back(bindListener(listen, server.queue));
  }
  const auto adminSocket = bindListener({config.admin.endpoint, false}, 64);

  for (const auto& socket : listeners->publicSockets) {
    listeners->publicService.addListener(socket);
    listeners->urls.push_back(listenerUrl(socket));
  }
  listeners->adminService.addListener(adminSocket);
  listeners->adminUrl = listenerUrl(adminSocket);
  listeners->publicService.start();
  listeners->adminService.start();
  startedAt_ = std::chrono::steady_clock::now();
  for (const auto& url : listeners->urls) std::cerr << "listening on " << url << std::endl;
  std::cerr << "admin on " << listeners->adminUrl << std::endl;
  if (config.admin.token.empty()) {
    log.warning("admin API disabled: no token configured (admin/@token or admin/@tokenEnv)");
  }
  log.information("interlude " + std::string(kVersion) + " serving " + config.file);
  listeners->started = std::move(config);
  listeners_ = std::move(listeners);
}

AdminApi::ReloadResult Server::reload() {
  std::lock_guard lock(reloadMutex_);
  auto& log = Poco::Logger::get("interlude");
  if (!listeners_) return {false, "the server is not running\n"};
  try {
    Config config = effectiveConfig(options_);
    const RuntimeBuilder builder(options_.builtins, libraries_, *services_);
    auto runtime = builder.build(config);
    applyErrorLog(config);
    std::string summary = "reloaded " + config.file + "\n";
    if (const auto fields = needRestart(listeners_->started, config); !fields.empty()) {
      std::string list;
      for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
      summary += "note: changes to " + list + " take effect after a restart\n";
      log.warning("reload: changes to " + list + " take effect after a restart");
    }
    listeners_->runtime.replace(std::move(runtime));
    ++reloads_;
    log.information("reloaded " + config.file);
    return {true, summary};
  } catch (const InputError& e) {
    ++failedReloads_;
    for (const auto& d : e.diagnostics()) log.error("reload refused: " + d.str());
    return {false, e.report()};
  } catch (const std::exception& e) {
    ++failedReloads_;
    log.error(std::string("reload refused: ") + e.what());
    return {false, std::string(e.what()) + "\n"};
  }
}

void Server::shutdown() {
  if (!listeners_) return;
  auto& log = Poco::Logger::get("interlude");
  const auto runtime = listeners_->runtime.current();
  const auto grace = std::chrono::seconds(runtime->config().server.shutdownGraceSeconds);
  draining_ = true;
  // Close the listening sockets, so new connections are refused, and the idle
  // keep-alive connections; requests being answered go on.
  listeners_->publicService.stopAccepting();
  listeners_->adminService.stopAccepting();
  const auto deadline = std::chrono::steady_clock::now() + grace;
  auto& inFlight = listeners_->serverMetrics.inFlight;
  while (inFlight.value() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (inFlight.value() > 0) {
    log.warning("shutdown: closing " + std::to_string(inFlight.value()) +
                " request(s) still running after the grace period");
  }
  // Cut what outlived the grace period, then stop the threads.
  listeners_->publicService.abortActive();
  listeners_->adminService.abortActive();
  listeners_->publicService.stop();
  listeners_->adminService.stop();
  listeners_.reset();
  lasting_.clear();  // e.g. the pacer closes the downloads it still carries
  log.information("stopped");
}

std::string Server::degradation() { return sessions_ ? sessions_->degradation() : std::string(); }

std::string Server::statusJson() const {
  Poco::JSON::Object status;
  status.set("version", std::string(kVersion));
  status.set("uptimeSeconds", std::chrono::duration_cast<std::chrono::seconds>(
                                  std::chrono::steady_clock::now() - startedAt_)
                                  .count());
  if (listeners_) {
    const auto runtime = listeners_->runtime.current();
    status.set("config", runtime->config().file);
    Poco::JSON::Array listeners;
    for (const auto& url : listeners_->urls) listeners.add(url);
    status.set("listeners", listeners);
    status.set("admin", listeners_->adminUrl);
    Poco::JSON::Array sites;
    for (const auto& site : runtime->sites()) {
      Poco::JSON::Object s;
      s.set("name", site->config.name);
      s.set("root", site->config.root);
      s.set("default", site->config.isDefault);
      Poco::JSON::Array hosts;
      for (const auto& h : site->config.hosts) hosts.add(h);
      s.set("hosts", hosts);
      sites.add(s);
    }
    status.set("sites", sites);
    Poco::JSON::Array plugins;
    for (const auto& p : runtime->pluginNames()) plugins.add(p);
    status.set("plugins", plugins);
  }
  Poco::JSON::Object counters;
  for (const auto& [name, value] : metrics_.snapshot()) counters.set(name, value);
  status.set("counters", counters);
  Poco::JSON::Object reloads;
  reloads.set("applied", reloads_.load());
  reloads.set("refused", failedReloads_.load());
  status.set("reloads", reloads);
  std::ostringstream out;
  status.stringify(out, 2);
  return out.str();
}

}  // namespace interlude::core
