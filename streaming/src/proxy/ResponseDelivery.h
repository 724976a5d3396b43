#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cache/EdgeCache.h"
#include "manifest/ManifestFilter.h"
#include "proxy/UpstreamExchange.h"

namespace interlude::streaming::proxy {

// What to do with a response besides passing it on.
struct DeliveryPlan {
  std::string_view path;                               // the upstream path (manifest sniffing)
  std::string_view target;                             // path and query below the upstream base
  std::string_view publicPrefix;                       // the point's prefix as clients address it
  const manifest::ManifestRewrite* rewrite = nullptr;  // the point's part of a manifest rewrite
  std::size_t maxManifestBytes = 4 << 20;
  cache::CacheFill* fill = nullptr;  // store the response in the edge cache
};

struct Delivery {
  std::uint64_t bytesIn = 0;    // body bytes read from the upstream
  std::uint64_t bytesOut = 0;   // body bytes the client's socket took
  bool complete = true;         // every body byte went through
  bool upstreamFailed = false;  // if not complete: the upstream's fault, else the client's
};

// Sends the response of `exchange` to the client: status and end-to-end
// headers, then the body, by the cheapest way its framing allows (spliced
// socket to socket for a fixed length, copied for chunked bodies and cache
// fills, read whole, filtered and resent for manifests). The connection goes
// back to the upstream's pool when the exchange ended cleanly. Throws
// UpstreamError before any byte was sent (a manifest too big or unreadable).
Delivery deliverResponse(UpstreamExchange& exchange, Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response, const DeliveryPlan& plan);

// Sends a stored response: Age and X-Cache: HIT added, body by sendfile; a
// single byte range of a stored 200 as 206 (416 when out of the body).
Delivery deliverCacheHit(const cache::CacheHit& hit, Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response);

}  // namespace interlude::streaming::proxy
