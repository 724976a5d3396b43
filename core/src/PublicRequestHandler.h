#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>

#include <atomic>

#include "RuntimeHolder.h"
#include "interlude/core/ServerMetrics.h"
#include "interlude/core/SessionStore.h"

namespace interlude::core {

// What every public request needs from the server, shared by all listeners.
struct PublicState {
  RuntimeHolder& runtime;
  ServerMetrics& metrics;
  std::atomic<bool>& draining;
  Poco::Logger& filterLog;
  Poco::Logger& errorLog;
  SessionStore& sessions;  // for /healthz
};

// One request on a public listener: filtering, site, routing, the handler, and
// the one place where exceptions become HTTP statuses; then metrics and access log.
class PublicRequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit PublicRequestHandler(const PublicState& state) : state_(state) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

 private:
  std::uint64_t dispatch(const SiteRuntime& site, Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response);
  [[noreturn]] void reject(const Poco::Net::HTTPServerRequest& request, const Rejection& why);

  const PublicState& state_;
};

// Escapes control and non-ASCII bytes and caps the length, for log lines.
std::string printable(std::string_view text, std::size_t max = 512);

}  // namespace interlude::core
