#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <string>

#include "interlude/core/Handler.h"
#include "points/PointTarget.h"

namespace interlude::streaming::points {

// What a point of one kind does: an on-demand folder, an upstream proxy, a
// multicast relay. Built once per configuration; thread-safe.
class PointService {
 public:
  virtual ~PointService() = default;

  // Brings the service up as the point starts (joins a group...); a service up
  // already stays so. Throws with the reason when it cannot.
  virtual void begin() {}
  // Takes it down as the point stops; never throws.
  virtual void end() {}

  // Answers a request of the started point.
  virtual void serve(core::RequestContext& context, const PointTarget& target,
                     Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) const = 0;

  // The point's announcement (SDP) for `origin`, this server's address; only
  // multicast points have one: the others throw HttpError 404.
  virtual std::string sdp(const std::string& origin) const;

  // Adds the service's own figures (upstreams, cache, bytes in...) to the
  // point's admin API object.
  virtual void describe(Poco::JSON::Object& into) const = 0;
};

}  // namespace interlude::streaming::points
