#pragma once

#include <map>
#include <memory>
#include <vector>

#include "interlude/core/StaticFileHandler.h"
#include "points/Point.h"

namespace interlude::streaming::points {

// The handler of every point prefix (and /_/points/) in one site: picks the
// point by the longest prefix, refuses denied extensions, and serves the point
// when it is started; otherwise its rollover (another point, proxied, or a
// URL, redirected) or 503 with Retry-After. Paths under a prefix of another
// site's point go to the site's static files.
class SitePointsHandler : public core::Handler {
 public:
  static constexpr std::string_view kSdpPrefix = "/_/points/";

  SitePointsHandler(std::vector<std::shared_ptr<const Point>> points,
                    std::shared_ptr<const core::Handler> fallback);

  void handle(core::RequestContext& context, Poco::Net::HTTPServerRequest& request,
              Poco::Net::HTTPServerResponse& response) const override;

 private:
  const Point* match(const std::string& path) const;
  void serveOrRollOver(const Point& point, const PointTarget& target, core::RequestContext& context,
                       Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response, std::size_t hops) const;
  void serveSdp(const core::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response) const;

  std::vector<std::shared_ptr<const Point>> points_;  // longest prefix first
  std::map<std::string, const Point*> byName_;
  std::shared_ptr<const core::Handler> fallback_;
};

}  // namespace interlude::streaming::points
