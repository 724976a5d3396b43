#pragma once

#include <memory>

#include "multicast/MulticastRelay.h"
#include "points/PointService.h"

namespace interlude::streaming::points {

// A `multicast` point: its group relayed as one HTTP stream by a relay that
// outlives reloads (clients keep their stream), joined while the point is started.
class MulticastService : public PointService {
 public:
  explicit MulticastService(std::shared_ptr<multicast::MulticastRelay> relay);

  void begin() override;
  void end() override;
  void serve(core::RequestContext& context, const PointTarget& target,
             Poco::Net::HTTPServerRequest& request,
             Poco::Net::HTTPServerResponse& response) const override;
  std::string sdp(const std::string& origin) const override;
  void describe(Poco::JSON::Object& into) const override;

 private:
  std::shared_ptr<multicast::MulticastRelay> relay_;
};

}  // namespace interlude::streaming::points
