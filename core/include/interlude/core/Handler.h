#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "interlude/core/Config.h"
#include "interlude/core/MimeTypes.h"
#include "interlude/core/RequestPath.h"

namespace interlude::core {

class BodyPacer;

// Per-request state the dispatcher hands to a handler.
struct RequestContext {
  const SiteConfig& site;
  const MimeTypes& mime;
  const RequestPath& target;
  std::uint64_t bodyBytesSent = 0;  // handlers that bypass the response stream report here
  // Lets a handler that wraps static delivery follow the body: `starting` sees
  // the range about to be sent (and may throw to refuse it before any byte
  // goes), `sent` each run of bytes once the kernel has taken them.
  struct BodyObserver {
    std::function<void(std::uint64_t offset, std::uint64_t length)> starting;
    std::function<void(std::uint64_t offset, std::uint64_t count)> sent;
  } body;
  const BodyPacer* pacer = nullptr;  // the site's, when the throttling module paces bodies
};

// An immutable, thread-safe request handler built once per site and mapping.
// Every handler answers GET and HEAD; HEAD bodies are dropped by the response.
class Handler {
 public:
  virtual ~Handler() = default;
  // Methods besides GET and HEAD this handler accepts (OPTIONS is always answered).
  virtual std::vector<std::string> extraMethods() const { return {}; }
  virtual void handle(RequestContext& context, Poco::Net::HTTPServerRequest& request,
                      Poco::Net::HTTPServerResponse& response) const = 0;
};

// What a handler factory gets: the site, the mapping's <param>s, the MIME table.
struct HandlerSetup {
  const SiteConfig& site;
  const Params& params;
  const MimeTypes& mime;
};

using HandlerFactory = std::function<std::shared_ptr<const Handler>(const HandlerSetup&)>;

}  // namespace interlude::core
