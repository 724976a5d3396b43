#include "points/OriginService.h"

#include <Poco/JSON/Array.h>

namespace interlude::streaming::points {

OriginService::OriginService(std::string prefix, std::unique_ptr<const proxy::Proxy> proxy)
    : prefix_(std::move(prefix)), proxy_(std::move(proxy)) {}

void OriginService::serve(core::RequestContext& context, const PointTarget& target,
                          Poco::Net::HTTPServerRequest& request,
                          Poco::Net::HTTPServerResponse& response) const {
  proxy_->forward({context, target.raw, prefix_}, request, response);
}

void OriginService::describe(Poco::JSON::Object& into) const {
  const auto stats = proxy_->stats();
  into.set("bytesIn", stats.bytesIn);
  into.set("upstreamRequests", stats.requests);
  into.set("upstreamErrors", stats.errors);
  Poco::JSON::Array upstreams;
  for (const auto& u : stats.upstreams) {
    Poco::JSON::Object row;
    row.set("url", u.url);
    row.set("up", u.up);
    row.set("consecutiveFailures", u.consecutiveFailures);
    row.set("requests", u.requests);
    row.set("failures", u.failures);
    upstreams.add(row);
  }
  into.set("upstreams", upstreams);
  Poco::JSON::Object cache;
  const auto lookups = stats.cacheHits + stats.cacheMisses;
  cache.set("hits", stats.cacheHits);
  cache.set("misses", stats.cacheMisses);
  cache.set("hitRatio", lookups ? static_cast<double>(stats.cacheHits) / lookups : 0.0);
  into.set("cache", cache);
}

}  // namespace interlude::streaming::points
