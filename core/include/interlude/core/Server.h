#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "interlude/core/AdminApi.h"
#include "interlude/core/ConfigLoader.h"
#include "interlude/core/PluginLibraries.h"
#include "interlude/core/Runtime.h"

namespace interlude::core {

struct ServerOptions {
  std::string configPath;
  std::vector<Override> overrides;      // --set
  std::vector<Endpoint> listen;         // --listen: replaces the configured listeners
  std::optional<Endpoint> admin;        // --admin: replaces the admin address
  std::vector<PluginFactory> builtins;  // plugins compiled into the binary
};

// The running server: public listeners sharing one worker pool, the admin
// listener, and the current Runtime.
class Server : public AdminApi {
 public:
  explicit Server(ServerOptions options);
  ~Server() override;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the config and binds every listener before starting any: on failure
  // nothing is left running. Throws InputError (config) or BindError.
  void start();
  // Stops accepting, lets in-flight requests finish within the grace period,
  // then closes what is left.
  void shutdown();

  // Config that loadConfig + the command-line options produce (also for `check`).
  static Config effectiveConfig(const ServerOptions& options);

  std::string statusJson() const override;
  ReloadResult reload() override;
  const MetricsRegistry& metrics() const override { return metrics_; }
  std::string degradation() override;

 private:
  struct Listeners;

  ServerOptions options_;
  MetricsRegistry metrics_;
  std::unique_ptr<SessionStore> sessions_;  // made by start(), from the config
  LastingServices lasting_;                 // before services_, which refers to it
  std::optional<Services> services_;
  PluginLibraries libraries_;
  std::unique_ptr<Listeners> listeners_;
  std::atomic<bool> draining_{false};
  std::mutex reloadMutex_;
  std::chrono::steady_clock::time_point startedAt_;
  std::atomic<std::uint64_t> reloads_{0};
  std::atomic<std::uint64_t> failedReloads_{0};
};

}  // namespace interlude::core
