#pragma once

#include <memory>
#include <string>

#include "AdServices.h"
#include "interlude/core/Handler.h"

namespace interlude::scripting {

// GET /_/ads/vast?slot=NAME[&max=N]: a VAST 4.2 pod of up to N (default 1, at
// most 10) ads picked from the site's catalog for this request (targeting, caps
// of the viewer named by the site's viewer cookie, the on_ad_request rule). A campaign with a VAST
// tag, or a slot's fallback tag when nothing is eligible, is fetched from its ad
// server. Media URLs are the creatives' own (no session: beacons only).
class VastRequestHandler : public core::Handler {
 public:
  VastRequestHandler(std::string site, std::string root, std::shared_ptr<const AdServices> services)
      : site_(std::move(site)), root_(std::move(root)), services_(std::move(services)) {}

  void handle(core::RequestContext& context, Poco::Net::HTTPServerRequest& request,
              Poco::Net::HTTPServerResponse& response) const override;

 private:
  std::string site_;
  std::string root_;
  std::shared_ptr<const AdServices> services_;
};

}  // namespace interlude::scripting
