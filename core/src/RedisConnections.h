#pragma once

#include <Poco/Logger.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "RedisClient.h"
#include "interlude/core/Config.h"

namespace interlude::core {

// The connections to one Redis server, and whether it is reachable. A caller
// borrows an idle connection (or a new one: as many as callers at once, each
// kept for reuse), so a request costs no connect. A failure marks the server
// down, says so once in the log, and closes the idle connections; while it is
// down, calls fail at once instead of each waiting for a timeout, and one call
// at a time tries again, after a backoff that doubles up to a few seconds.
class RedisConnections {
 public:
  using Client = RedisClient;
  // Runs once on every new connection (e.g. loads scripts).
  using Prepare = std::function<void(Client&)>;

  RedisConnections(const SessionsConfig& config, Prepare prepare, Poco::Logger& log);
  ~RedisConnections();
  RedisConnections(const RedisConnections&) = delete;
  RedisConnections& operator=(const RedisConnections&) = delete;

  // Runs `work` on a connection. Throws StoreUnavailable when the server is
  // down or the connection fails (any Poco exception: RedisClient's for a
  // closed connection, a timeout or a malformed reply, which mark it down).
  // Other exceptions (`work`'s own, e.g. for an error reply) pass through and
  // keep the connection.
  template <class Work>
  auto with(Work&& work) {
    auto client = borrow();
    try {
      if constexpr (std::is_void_v<decltype(work(*client))>) {
        work(*client);
        giveBack(std::move(client));
      } else {
        auto result = work(*client);
        giveBack(std::move(client));
        return result;
      }
    } catch (const Poco::Exception& e) {
      failed(e.displayText());
    } catch (...) {
      giveBack(std::move(client));
      throw;
    }
  }

  // Empty while reachable, else why not. Asks the server (PING) unless it is
  // down and not yet time to try again.
  std::string problem();
  const std::string& address() const { return config_.address; }

 private:
  using Clock = std::chrono::steady_clock;

  std::unique_ptr<Client> borrow();
  std::unique_ptr<Client> connect();
  void giveBack(std::unique_ptr<Client> client);
  [[noreturn]] void failed(const std::string& why);

  const SessionsConfig config_;
  const Prepare prepare_;
  Poco::Logger& log_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Client>> idle_;
  bool down_ = false;
  std::string problem_;  // why it is down
  Clock::time_point retryAt_{};
  Clock::duration backoff_{};
};

}  // namespace interlude::core
