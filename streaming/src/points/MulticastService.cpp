#include "points/MulticastService.h"

namespace interlude::streaming::points {

MulticastService::MulticastService(std::shared_ptr<multicast::MulticastRelay> relay)
    : relay_(std::move(relay)) {}

void MulticastService::begin() {
  if (!relay_->running()) relay_->start();
}

void MulticastService::end() { relay_->stop(); }

void MulticastService::serve(core::RequestContext&, const PointTarget&,
                             Poco::Net::HTTPServerRequest& request,
                             Poco::Net::HTTPServerResponse& response) const {
  relay_->serve(request, response);
}

std::string MulticastService::sdp(const std::string& origin) const { return relay_->sdp(origin); }

void MulticastService::describe(Poco::JSON::Object& into) const {
  const auto stats = relay_->stats();
  into.set("clients", stats.clients);
  into.set("clientsServed", stats.clientsServed);
  into.set("clientsDropped", stats.clientsDropped);
  into.set("bytesIn", stats.bytesIn);
  into.set("bytesOut", stats.bytesOut);
  into.set("bytesOverrun", stats.bytesOverrun);
  into.set("datagrams", stats.datagrams);
  into.set("packetsLost", stats.packetsLost);
  into.set("secondsSinceLastDatagram", stats.secondsSinceLastDatagram);
  into.set("group", relay_->settings().group.toString());
}

}  // namespace interlude::streaming::points
