#include "SitePacer.h"

namespace interlude::throttling {

SitePacer::SitePacer(ThrottleSettings settings, std::shared_ptr<ThrottlingEngine> engine,
                     Poco::Logger& log)
    : policy_(std::move(settings)), engine_(std::move(engine)), log_(log) {
  if (const auto cap = policy_.settings().siteCapBytesPerSecond) {
    siteCap_ = std::make_shared<SharedBudget>(*cap);
  }
}

std::uint64_t SitePacer::bitrateOf(const core::FileBody& body) const {
  const auto [info, fresh] = engine_->sniffs.lookup(body.file);
  if (fresh && !info->known()) {
    // Once per file (until it changes), so an operator sees what escapes throttling.
    log_.warning(
        body.path + ": bitrate unknown (" + info->container + ": " + info->reason + "); " +
        (policy_.settings().fallbackBitrate ? "throttled at the fallback rate" : "not throttled"));
  }
  return info->bitrate;
}

std::optional<core::Pace> SitePacer::paceFor(const core::FileBody& body) const {
  const ThrottleRequest request{body.path, body.file.contentType, body.client.host()};
  const auto decision = policy_.decide(request, [&] { return bitrateOf(body); });
  if (!decision.paced) return std::nullopt;
  return core::Pace{decision.burstBytes, decision.bytesPerSecond, decision.encodedBitrate};
}

void SitePacer::deliver(const core::FileBody& body, const core::Pace& pace,
                        Poco::Net::StreamSocket socket, std::shared_ptr<const core::OpenFile> file,
                        core::BodyProgress sent) const {
  engine_->pacer.start(PacedBody{std::move(socket), std::move(file), body.offset, body.length, pace,
                                 body.path, body.client.toString(), std::move(sent), siteCap_});
}

}  // namespace interlude::throttling
