#include "multicast/MulticastRelay.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequestImpl.h>

#include <chrono>

#include "interlude/core/Responses.h"
#include "multicast/Sdp.h"

namespace interlude::streaming::multicast {
namespace {

// Seconds a client told "stopped" or "full" is asked to wait.
constexpr const char* kRetryAfter = "5";

std::string pointLabel(const std::string& point) {
  return "point=\"" + core::labelValue(point) + "\"";
}

std::uint64_t secondsSinceEpoch() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace

// A started relay: the joined group, its receive thread and the fan-out.
// Destroyed by stop(): the receiver first (no more chunks), then the clients.
class MulticastRelay::Running {
 public:
  Running(const std::string& point, const MulticastSettings& settings, FanOutCounters clients,
          ReceiverCounters source)
      : fanOut(point, settings.clientBacklogBytes, clients),
        receiver(point, GroupSocket(settings), source,
                 [this](Chunk chunk) { fanOut.publish(std::move(chunk)); }) {}

  FanOut fanOut;
  GroupReceiver receiver;
};

MulticastRelay::MulticastRelay(std::string point, MulticastSettings settings,
                               core::MetricsRegistry& metrics)
    : point_(std::move(point)),
      settings_(std::move(settings)),
      clientCounters_{
          metrics.counter("interlude_multicast_clients_total", "Multicast relay clients served",
                          pointLabel(point_)),
          metrics.counter("interlude_multicast_dropped_clients_total",
                          "Multicast relay clients dropped for falling too far behind the stream",
                          pointLabel(point_)),
          metrics.counter("interlude_multicast_bytes_out_total",
                          "Multicast relay bytes sent to clients", pointLabel(point_)),
          metrics.gauge("interlude_multicast_clients", "Multicast relay clients connected",
                        pointLabel(point_)),
          metrics.counter("interlude_multicast_overrun_bytes_total",
                          "Multicast bytes no client got: the fan-out thread was too far behind",
                          pointLabel(point_))},
      sourceCounters_{
          metrics.counter("interlude_multicast_datagrams_total", "Multicast datagrams received",
                          pointLabel(point_)),
          metrics.counter("interlude_multicast_bytes_in_total",
                          "Multicast MPEG-TS bytes received (RTP headers excluded)",
                          pointLabel(point_)),
          metrics.counter("interlude_multicast_lost_packets_total",
                          "RTP packets missing from the multicast sequence", pointLabel(point_)),
          metrics.counter("interlude_multicast_bad_datagrams_total",
                          "Multicast datagrams that were neither MPEG-TS nor RTP",
                          pointLabel(point_))},
      sessionId_(secondsSinceEpoch()) {}

MulticastRelay::~MulticastRelay() { stop(); }

void MulticastRelay::start() {
  std::lock_guard lock(mutex_);
  if (running_) return;
  running_ = std::make_shared<Running>(point_, settings_, clientCounters_, sourceCounters_);
  ++sessionVersion_;
  Poco::Logger::get("interlude.streaming")
      .information(point_ + ": joined " + settings_.group.toString() +
                   (settings_.interface.empty() ? "" : " on " + settings_.interface));
}

void MulticastRelay::stop() {
  std::shared_ptr<Running> stopping;
  {
    std::lock_guard lock(mutex_);
    stopping.swap(running_);
  }
  if (!stopping) return;
  stopping.reset();  // joins both threads; a serve() holding it finishes first
  Poco::Logger::get("interlude.streaming")
      .information(point_ + ": left " + settings_.group.toString());
}

bool MulticastRelay::running() const {
  std::lock_guard lock(mutex_);
  return running_ != nullptr;
}

void MulticastRelay::serve(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) {
  std::shared_ptr<Running> relay;
  {
    std::lock_guard lock(mutex_);
    relay = running_;
  }
  if (!relay || (settings_.maxClients > 0 && relay->fanOut.clients() >= settings_.maxClients)) {
    response.set("Retry-After", kRetryAfter);
    core::sendError(response, Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE,
                    relay ? "the point has its maximum of clients" : "the point is stopped");
    return;
  }
  // A live stream: no length, its end is the connection's.
  response.setContentType("video/mp2t");
  response.set("Cache-Control", "no-store");
  response.setChunkedTransferEncoding(false);
  response.setKeepAlive(false);
  if (request.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD) {
    response.send();
    return;
  }
  response.send().flush();
  auto& server = static_cast<Poco::Net::HTTPServerRequestImpl&>(request);
  relay->fanOut.add(server.detachSocket());
}

std::string MulticastRelay::sdp(const std::string& origin) const {
  const auto& address = settings_.group.host();
  std::uint64_t version = 0;
  {
    std::lock_guard lock(mutex_);
    version = sessionVersion_;
  }
  return writeSdp({point_, origin, sessionId_, version, address.toString(), settings_.group.port(),
                   address.isMulticast() ? settings_.ttl : 0, settings_.transport});
}

MulticastStats MulticastRelay::stats() const {
  std::shared_ptr<Running> relay;
  {
    std::lock_guard lock(mutex_);
    relay = running_;
  }
  MulticastStats stats;
  stats.running = relay != nullptr;
  stats.clients = relay ? relay->fanOut.clients() : 0;
  stats.clientsServed = clientCounters_.served.value();
  stats.clientsDropped = clientCounters_.dropped.value();
  stats.bytesOut = clientCounters_.bytesOut.value();
  stats.bytesOverrun = clientCounters_.overrunBytes.value();
  stats.datagrams = sourceCounters_.datagrams.value();
  stats.bytesIn = sourceCounters_.bytesIn.value();
  stats.packetsLost = sourceCounters_.packetsLost.value();
  if (const auto since = relay ? relay->receiver.sinceLastDatagram() : std::nullopt) {
    stats.secondsSinceLastDatagram = std::chrono::duration<double>(*since).count();
  }
  return stats;
}

}  // namespace interlude::streaming::multicast
