#pragma once

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "interlude/core/Config.h"
#include "interlude/core/OpenFileCache.h"

namespace interlude::core {

// A file body static delivery is about to send.
struct FileBody {
  const std::string& path;  // the request path, or the index file it resolved to
  const OpenFile& file;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  const Poco::Net::SocketAddress& client;
};

// How a paced body goes: `burstBytes` at full speed, the rest at `bytesPerSecond`.
struct Pace {
  std::uint64_t burstBytes = 0;
  std::uint64_t bytesPerSecond = 0;
  std::uint64_t encodedBitrate = 0;  // the media's, bits/s; 0 for a data file
};

using BodyProgress = std::function<void(std::uint64_t offset, std::uint64_t count)>;

// Sends file bodies at a pace; the throttling module registers one per site.
// Static delivery asks paceFor() before the headers go. When it answers a pace,
// the response closes the connection after its body, and deliver() takes the
// socket once the headers are written: the worker thread is free at once. The
// socket comes corked (TCP_CORK), so the headers leave with the body's first
// bytes; the pacer decides when to push.
class BodyPacer {
 public:
  virtual ~BodyPacer() = default;
  virtual std::optional<Pace> paceFor(const FileBody& body) const = 0;
  // Sends the body, then closes the socket; the file stays open until then.
  // `sent`, when set, hears of each run of bytes the kernel took, on the
  // pacer's thread, so it must own what it refers to.
  virtual void deliver(const FileBody& body, const Pace& pace, Poco::Net::StreamSocket socket,
                       std::shared_ptr<const OpenFile> file, BodyProgress sent) const = 0;
};

// Makes a site's pacer, or null when nothing on the site is paced.
using BodyPacerFactory = std::function<std::shared_ptr<const BodyPacer>(const SiteConfig&)>;

}  // namespace interlude::core
