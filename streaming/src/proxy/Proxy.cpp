#include "proxy/Proxy.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include "cache/EdgeCache.h"
#include "interlude/core/Responses.h"
#include "manifest/ManifestAlias.h"
#include "manifest/ManifestFilter.h"
#include "proxy/ForwardedHeaders.h"
#include "proxy/ProxyMetrics.h"
#include "proxy/ResponseDelivery.h"
#include "proxy/Upstream.h"
#include "proxy/UpstreamExchange.h"

namespace interlude::streaming::proxy {
namespace {

using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

// 502/503/504 from an upstream: the next one may do better.
bool retryable(HTTPResponse::HTTPStatus status) {
  return status == HTTPResponse::HTTP_BAD_GATEWAY ||
         status == HTTPResponse::HTTP_SERVICE_UNAVAILABLE ||
         status == HTTPResponse::HTTP_GATEWAY_TIMEOUT;
}

// How a request may use the edge cache. Credentials (RFC 9111 §3.5) and
// conditionals go to the upstream. HEAD and byte ranges are answered from a
// fresh entry but never fetch one. "Range: bytes=0-" (ffmpeg sends it with
// every GET) asks for the whole body, so it may fetch and store it. Cookies
// do not bypass the cache, as in nginx: players send the site's cookies with
// every segment, and responses that set one are not stored.
enum class CacheUse { None, Find, Lookup };

CacheUse cacheUseOf(const Poco::Net::HTTPServerRequest& request) {
  for (const char* name : {"Authorization", "If-None-Match", "If-Modified-Since", "If-Match",
                           "If-Unmodified-Since", "If-Range"}) {
    if (request.has(name)) return CacheUse::None;
  }
  if (request.getMethod() == HTTPRequest::HTTP_HEAD) return CacheUse::Find;
  if (request.has("Range") && request.get("Range") != "bytes=0-") return CacheUse::Find;
  return CacheUse::Lookup;
}

}  // namespace

class Proxy::Impl {
 public:
  Impl(std::string point, UpstreamSettings settings, core::MetricsRegistry& metrics,
       Poco::Logger& logger)
      : point_(std::move(point)),
        settings_(std::move(settings)),
        metrics_(metrics, point_),
        logger_(logger) {
    for (const auto& base : settings_.upstreams) {
      upstreams_.push_back(std::make_unique<Upstream>(base, settings_, point_, metrics, logger));
      rewrite_.upstreamBases.push_back(base.toString());
    }
    rewrite_.maxBitrate = settings_.maxBitrate;
  }

  void forward(const ProxyCall& call, Poco::Net::HTTPServerRequest& request,
               Poco::Net::HTTPServerResponse& response) {
    metrics_.requests.add();
    const auto queryAt = call.upstreamTarget.find('?');
    std::string rawPath = call.upstreamTarget.substr(0, queryAt);
    std::string path;  // decoded: what the alias and manifest checks look at
    Poco::URI::decode(rawPath, path);
    if (auto alias = manifest::upstreamPathOfAlias(path)) {
      // Only the extension goes; the rest keeps the client's encoding.
      const auto suffix = path.size() - alias->size();
      if (rawPath.size() >= suffix && Poco::icompare(rawPath.substr(rawPath.size() - suffix),
                                                     path.substr(alias->size())) == 0) {
        rawPath.resize(rawPath.size() - suffix);
        path = std::move(*alias);
      }
    }
    const std::string target =
        rawPath + (queryAt == std::string::npos ? "" : call.upstreamTarget.substr(queryAt));

    std::unique_ptr<cache::CacheFill> fill;
    const auto use = settings_.cache ? cacheUseOf(request) : CacheUse::None;
    if (use != CacheUse::None) {
      const auto key = cache::EdgeCache::keyOf(point_, call.upstreamTarget);
      std::optional<cache::CacheHit> hit;
      if (use == CacheUse::Find) {
        hit = settings_.cache->find(key);
      } else {
        auto lookup = settings_.cache->lookup(key);
        hit = std::move(lookup.hit);
        fill = std::move(lookup.fill);
      }
      if (hit) {
        record(call, deliverCacheHit(*hit, request, response));
        return;
      }
      response.set("X-Cache", cache::EdgeCache::xCacheValue(false));
    }

    HTTPRequest upstreamRequest(request.getMethod(), "/", Poco::Net::HTTPMessage::HTTP_1_1);
    copyRequestHeaders(request, upstreamRequest, request.clientAddress().host().toString(),
                       static_cast<Poco::Net::HTTPServerRequestImpl&>(request).secure());
    if (use == CacheUse::Lookup) upstreamRequest.erase("Range");  // stored bodies are whole
    // Manifests are rewritten whole, as text: ask for them unencoded and
    // entire (players such as ffmpeg send "Range: bytes=0-" with every GET;
    // a 200 answers a range request just as well).
    if (manifest::isManifestResponse(path, "")) {
      for (const char* name : {"Accept-Encoding", "Range", "If-Range"}) upstreamRequest.erase(name);
    }

    const DeliveryPlan plan{
        path, target, call.publicPrefix, &rewrite_, settings_.maxManifestBytes, fill.get()};

    const auto candidates = candidatesNow();
    UpstreamError last(502, "the point has no upstream");
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      Upstream& upstream = *candidates[i];
      upstreamRequest.setURI(upstream.requestTarget(target));
      UpstreamExchange exchange;
      try {
        exchange.start(upstream, upstreamRequest);
      } catch (const UpstreamError& e) {
        upstream.failed(e.what());
        last = e;
        continue;
      }
      const auto status = exchange.response.getStatus();
      if (retryable(status)) {
        upstream.failed("answered " + std::to_string(status));
        if (i + 1 < candidates.size()) continue;
      } else {
        upstream.succeeded();
      }
      try {
        const auto delivery = deliverResponse(exchange, request, response, plan);
        record(call, delivery);
        const auto after = " after " + std::to_string(delivery.bytesOut) + " body bytes";
        if (delivery.upstreamFailed) {
          upstream.failed("the body ended early");
          logger_.warning(describe(request, call) + ": upstream " + upstream.url() + " failed" +
                          after);
        } else if (!delivery.complete) {
          // Players abort downloads all the time (seeks, bitrate switches).
          logger_.debug(describe(request, call) + ": the client went away" + after);
        }
      } catch (const UpstreamError& e) {
        fail(call, request, response, e, upstream.url());
      }
      return;
    }
    fail(call, request, response, last, candidates.empty() ? "" : candidates.back()->url());
  }

  ProxyStats stats() const {
    ProxyStats stats;
    stats.requests = metrics_.requests.value();
    stats.errors = metrics_.errors.value();
    stats.bytesIn = metrics_.bytesIn.value();
    stats.bytesOut = metrics_.bytesOut.value();
    if (settings_.cache) {
      const auto cache = settings_.cache->stats();
      stats.cacheHits = cache.hits;
      stats.cacheMisses = cache.misses;
    }
    for (const auto& upstream : upstreams_) stats.upstreams.push_back(upstream->health());
    return stats;
  }

 private:
  // The upstreams to try, in order: the policy's first choice, then the
  // others; those down are skipped unless their probe is due. When every one
  // is down and none is due, all are tried (as nginx does): better a slow
  // answer than none.
  std::vector<Upstream*> candidatesNow() {
    std::vector<Upstream*> candidates;
    const auto count = upstreams_.size();
    if (count == 0) return candidates;
    candidates.reserve(count);
    const std::size_t first =
        settings_.policy == UpstreamPolicy::RoundRobin ? next_.fetch_add(1) % count : 0;
    const auto now = Upstream::Clock::now();
    for (std::size_t i = 0; i < count; ++i) {
      Upstream* upstream = upstreams_[(first + i) % count].get();
      if (upstream->admits(now)) candidates.push_back(upstream);
    }
    if (candidates.empty()) {
      for (std::size_t i = 0; i < count; ++i)
        candidates.push_back(upstreams_[(first + i) % count].get());
    }
    return candidates;
  }

  std::string describe(const Poco::Net::HTTPServerRequest& request, const ProxyCall& call) const {
    return "point " + point_ + ": " + request.getMethod() + " " + call.upstreamTarget;
  }

  void record(const ProxyCall& call, const Delivery& delivery) {
    metrics_.bytesIn.add(delivery.bytesIn);
    metrics_.bytesOut.add(delivery.bytesOut);
    call.context.bodyBytesSent = delivery.bytesOut;
  }

  void fail(const ProxyCall& call, const Poco::Net::HTTPServerRequest& request,
            Poco::Net::HTTPServerResponse& response, const UpstreamError& error,
            const std::string& upstream) {
    metrics_.errors.add();
    logger_.warning(describe(request, call) + ": " + std::to_string(error.status()) + " " +
                    error.what() + (upstream.empty() ? "" : " (last tried " + upstream + ")"));
    core::sendError(response, error.status(), error.what());
  }

  const std::string point_;
  const UpstreamSettings settings_;
  ProxyMetrics metrics_;
  Poco::Logger& logger_;
  std::vector<std::unique_ptr<Upstream>> upstreams_;
  manifest::ManifestRewrite rewrite_;
  std::atomic<std::size_t> next_{0};
};

Proxy::Proxy(std::string pointName, UpstreamSettings settings, core::MetricsRegistry& metrics,
             Poco::Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(pointName), std::move(settings), metrics, logger)) {}

Proxy::~Proxy() = default;

void Proxy::forward(const ProxyCall& call, Poco::Net::HTTPServerRequest& request,
                    Poco::Net::HTTPServerResponse& response) const {
  impl_->forward(call, request, response);
}

ProxyStats Proxy::stats() const { return impl_->stats(); }

}  // namespace interlude::streaming::proxy
