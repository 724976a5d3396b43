#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>

#include "RuntimeHolder.h"
#include "interlude/core/AdminApi.h"

namespace interlude::core {

// The admin listener: bearer token, then /api/status, /api/reload, /metrics and
// the routes plugins registered.
class AdminRequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  AdminRequestHandler(RuntimeHolder& runtime, AdminApi& api, Poco::Logger& log)
      : runtime_(runtime), api_(api), log_(log) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

 private:
  void route(const Runtime& runtime, Poco::Net::HTTPServerRequest& request,
             Poco::Net::HTTPServerResponse& response, const std::string& path);

  RuntimeHolder& runtime_;
  AdminApi& api_;
  Poco::Logger& log_;
};

// Compares without an early exit, so response timing does not leak the token.
bool tokenMatches(const std::string& presented, const std::string& expected);

}  // namespace interlude::core
