#pragma once

#include <Poco/Logger.h>

#include <memory>

#include "ThrottlingEngine.h"
#include "interlude/core/BodyPacer.h"
#include "interlude/throttling/ThrottlePolicy.h"

namespace interlude::throttling {

// A site's pacer: the policy decides from the path, the MIME type, the client
// and the bitrate sniffed from the file; the engine's pacer carries the body.
class SitePacer : public core::BodyPacer {
 public:
  SitePacer(ThrottleSettings settings, std::shared_ptr<ThrottlingEngine> engine, Poco::Logger& log);

  std::optional<core::Pace> paceFor(const core::FileBody& body) const override;
  void deliver(const core::FileBody& body, const core::Pace& pace, Poco::Net::StreamSocket socket,
               std::shared_ptr<const core::OpenFile> file, core::BodyProgress sent) const override;

 private:
  std::uint64_t bitrateOf(const core::FileBody& body) const;

  ThrottlePolicy policy_;
  std::shared_ptr<ThrottlingEngine> engine_;
  std::shared_ptr<SharedBudget> siteCap_;  // null: no cap
  Poco::Logger& log_;
};

}  // namespace interlude::throttling
