#include "points/SitePointsHandler.h"

#include <algorithm>

#include "interlude/core/HttpError.h"
#include "interlude/core/Responses.h"

namespace interlude::streaming::points {
namespace {

// Counts a request as a client of the point while it is answered.
class ClientScope {
 public:
  explicit ClientScope(core::Gauge& clients) : clients_(clients) { clients_.add(1); }
  ~ClientScope() { clients_.add(-1); }
  ClientScope(const ClientScope&) = delete;
  ClientScope& operator=(const ClientScope&) = delete;

 private:
  core::Gauge& clients_;
};

std::string redirectTarget(std::string base, const PointTarget& target) {
  if (base.ends_with('/')) base.pop_back();
  return base + target.raw;
}

}  // namespace

SitePointsHandler::SitePointsHandler(std::vector<std::shared_ptr<const Point>> points,
                                     std::shared_ptr<const core::Handler> fallback)
    : points_(std::move(points)), fallback_(std::move(fallback)) {
  std::stable_sort(points_.begin(), points_.end(), [](const auto& a, const auto& b) {
    return a->settings().prefix.size() > b->settings().prefix.size();
  });
  for (const auto& point : points_) byName_.emplace(point->settings().name, point.get());
}

const Point* SitePointsHandler::match(const std::string& path) const {
  for (const auto& point : points_) {
    if (path.starts_with(point->settings().prefix)) return point.get();
  }
  return nullptr;
}

void SitePointsHandler::handle(core::RequestContext& context, Poco::Net::HTTPServerRequest& request,
                               Poco::Net::HTTPServerResponse& response) const {
  const auto& path = context.target.path;
  if (path.starts_with(kSdpPrefix)) {
    serveSdp(context, request, response);
    return;
  }
  const Point* point = match(path);
  if (!point) {
    fallback_->handle(context, request, response);
    return;
  }
  const auto& settings = point->settings();
  point->counters().requests.add();
  const auto extension = core::extensionOf(path);
  if (std::find(settings.denyExtensions.begin(), settings.denyExtensions.end(), extension) !=
      settings.denyExtensions.end()) {
    point->counters().denied.add();
    throw core::HttpError(
        403, "point " + settings.name + ": direct download of " + extension + " files is denied");
  }
  serveOrRollOver(*point, pointTarget(settings.prefix, context.target, request.getURI()), context,
                  request, response, 0);
}

void SitePointsHandler::serveOrRollOver(const Point& point, const PointTarget& target,
                                        core::RequestContext& context,
                                        Poco::Net::HTTPServerRequest& request,
                                        Poco::Net::HTTPServerResponse& response,
                                        std::size_t hops) const {
  auto& counters = point.counters();
  const auto state = point.state();
  if (state == PointState::Started) {
    const ClientScope client(counters.clients);
    point.service().serve(context, target, request, response);
    counters.bytesOut.add(context.bodyBytesSent);
    return;
  }
  const auto& settings = point.settings();
  // Rollovers of points that roll over in a circle end when every point was tried.
  if (settings.rollover.empty() || hops >= points_.size()) {
    counters.unavailable.add();
    response.set("Retry-After", std::to_string(settings.retryAfterSeconds));
    throw core::HttpError(503, "point " + settings.name + " is " + stateName(state));
  }
  counters.rollovers.add();
  if (settings.rolloverIsUrl()) {
    response.set("Location", redirectTarget(settings.rollover, target));
    response.set("Cache-Control", "no-store");
    throw core::HttpError(302, "point " + settings.name + " is " + stateName(state) +
                                   ": rolled over to " + settings.rollover);
  }
  serveOrRollOver(*byName_.at(settings.rollover), target, context, request, response, hops + 1);
}

void SitePointsHandler::serveSdp(const core::RequestContext& context,
                                 Poco::Net::HTTPServerRequest& request,
                                 Poco::Net::HTTPServerResponse& response) const {
  const auto& path = context.target.path;
  constexpr std::string_view kSuffix = ".sdp";
  const auto name = path.substr(kSdpPrefix.size());
  const auto it = path.ends_with(kSuffix)
                      ? byName_.find(name.substr(0, name.size() - kSuffix.size()))
                      : byName_.end();
  if (it == byName_.end()) throw core::HttpError(404, "no point " + path + " in this site");
  const auto origin = request.serverAddress().host().toString();
  core::sendText(request, response, 200, "application/sdp", it->second->service().sdp(origin));
}

}  // namespace interlude::streaming::points
