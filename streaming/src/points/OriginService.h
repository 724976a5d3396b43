#pragma once

#include <memory>

#include "points/PointService.h"
#include "proxy/Proxy.h"

namespace interlude::streaming::points {

// An `origin` point: requests forwarded to its upstreams by the proxy.
class OriginService : public PointService {
 public:
  OriginService(std::string prefix, std::unique_ptr<const proxy::Proxy> proxy);

  void serve(core::RequestContext& context, const PointTarget& target,
             Poco::Net::HTTPServerRequest& request,
             Poco::Net::HTTPServerResponse& response) const override;
  void describe(Poco::JSON::Object& into) const override;

 private:
  std::string prefix_;
  std::unique_ptr<const proxy::Proxy> proxy_;
};

}  // namespace interlude::streaming::points
