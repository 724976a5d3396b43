#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "AdServices.h"
#include "interlude/core/Handler.h"

namespace interlude::scripting {

// GET /_/t/<token>/<event>: a player's beacon. 204 once recorded (or recorded
// before: beacons and server-side tracking count an event once per session and
// entry), 400 for an unknown event, 403 for a forged or expired token, 404 when no
// ad was served at that entry. The token is a VAST document's beacon token or
// any entry token of a playlist session (/_/e/<token> -> /_/t/<token>/<event>).
class BeaconHandler : public core::Handler {
 public:
  BeaconHandler(std::string site, std::shared_ptr<const AdServices> services)
      : site_(std::move(site)), services_(std::move(services)) {}

  void handle(core::RequestContext& context, Poco::Net::HTTPServerRequest& request,
              Poco::Net::HTTPServerResponse& response) const override;

 private:
  std::optional<std::string> adAt(const std::string& session, std::size_t entry) const;

  std::string site_;
  std::shared_ptr<const AdServices> services_;
};

}  // namespace interlude::scripting
